"""Reading curricula from disk: a ``seed_data``-style directory or one JSON file.

This module owns file I/O and per-node schema validation.  It never stops at
the first problem: every unreadable file and every invalid node becomes a
:class:`~graph.errors.Fault` naming the file, the node and the fault, so a
curriculum designer fixes everything in one pass.

Seed directories hold TOML files (``tomllib`` is in the standard library and
TOML is pleasant to edit by hand); each file is a list of ``[[nodes]]`` tables.
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from graph.errors import Fault
from graph.models import Node

__all__ = ["RawCurriculum", "read_curriculum", "default_graph_path"]


@dataclass(frozen=True)
class RawCurriculum:
    """Nodes that passed the schema, where each came from, and what failed."""

    nodes: tuple[Node, ...]
    origin: dict[str, str]  # node id -> file it was read from (first occurrence)
    faults: tuple[Fault, ...]
    #: every (file, id) pair seen, duplicates included, for the duplicate check
    occurrences: tuple[tuple[str, str], ...]


def default_graph_path() -> Path:
    """The curriculum shipped with mlpath.

    In a checkout (and an editable install) that is ``seed_data/`` beside the
    packages; a regular install puts a copy under ``<prefix>/share/mlpath``.
    """
    beside = Path(__file__).resolve().parent.parent / "seed_data"
    installed = Path(sys.prefix) / "share" / "mlpath" / "seed_data"
    return beside if beside.is_dir() or not installed.is_dir() else installed


def read_curriculum(path: str | Path) -> RawCurriculum:
    """Read a seed directory or an interchange JSON file, collecting every fault."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.toml"))
        if not files:
            return _only_fault(str(path), "no *.toml seed files in this directory")
        documents = [(str(f), *_read_toml(f)) for f in files]
    elif path.is_file():
        documents = [(str(path), *_read_json(path))]
    else:
        return _only_fault(str(path), "no such file or directory")

    nodes: list[Node] = []
    origin: dict[str, str] = {}
    faults: list[Fault] = []
    occurrences: list[tuple[str, str]] = []
    for file, entries, file_faults in documents:
        faults.extend(file_faults)
        for index, entry in enumerate(entries):
            label = _label(entry, index)
            try:
                node = Node.model_validate(entry)
            except ValidationError as exc:
                faults.extend(_schema_faults(file, label, exc))
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    occurrences.append((file, entry["id"]))
                continue
            nodes.append(node)
            occurrences.append((file, node.id))
            origin.setdefault(node.id, file)
    return RawCurriculum(tuple(nodes), origin, tuple(faults), tuple(occurrences))


def _only_fault(file: str, message: str) -> RawCurriculum:
    return RawCurriculum((), {}, (Fault(file, "", message, code="unreadable"),), ())


def _read_toml(file: Path) -> tuple[list, list[Fault]]:
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        return [], [Fault(str(file), "", f"cannot parse TOML: {exc}", code="unreadable")]
    return _entries(str(file), document, "[[nodes]] tables")


def _read_json(file: Path) -> tuple[list, list[Fault]]:
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
        return [], [Fault(str(file), "", f"cannot parse JSON: {exc}", code="unreadable")]
    return _entries(str(file), document, 'a "nodes" list')


def _entries(file: str, document: object, expected: str) -> tuple[list, list[Fault]]:
    faults = []
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        return [], [Fault(file, "", f"expected {expected} at the top level", code="unreadable")]
    extra = sorted(set(document) - {"nodes"})
    if extra:
        faults.append(Fault(file, "", f"unknown top-level key(s): {', '.join(extra)}", code="unknown-field"))
    return document["nodes"], faults


def _label(entry: object, index: int) -> str:
    """Name a node for messages even when its id is missing or malformed."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return entry["id"]
    return f"node #{index + 1}"


def _schema_faults(file: str, label: str, exc: ValidationError) -> list[Fault]:
    faults = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "(node)"
        if error["type"] == "extra_forbidden":
            message, code = f"unknown field {field!r}", "unknown-field"
        else:
            message, code = f"{field}: {error['msg']}", "schema"
        faults.append(Fault(file, label, message, code=code))
    return faults
