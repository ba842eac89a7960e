"""Reading curricula from disk: a ``seed_data``-style directory or one JSON file.

This module owns file I/O and per-node schema validation.  It never stops at
the first problem: every unreadable file and every invalid node becomes a
:class:`~graph.errors.Fault` naming the file, the node and the fault, so a
curriculum designer fixes everything in one pass.

Seed directories hold TOML files (``tomllib`` is in the standard library and
TOML is pleasant to edit by hand); each file holds ``[[nodes]]`` tables, and
the curriculum's stages are ``[[stages]]`` tables (``stages.toml`` in the
bundled curriculum).  An interchange JSON file is one document: version 2
(``"format": "mlpath-curriculum/2"``) carries its stages; a version 1
document (no ``format`` key) used the original roadmap's stages, which the
reader supplies.
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from graph.errors import Fault
from graph.models import FORMAT, FORMAT_V1, LEGACY_STAGES, Node, Stage

__all__ = ["RawCurriculum", "read_curriculum", "default_graph_path"]


@dataclass(frozen=True)
class RawCurriculum:
    """Nodes and stages that passed the schema, where each came from, and what failed."""

    nodes: tuple[Node, ...]
    origin: dict[str, str]  # node id -> file it was read from (first occurrence)
    faults: tuple[Fault, ...]
    #: every (file, id) pair seen, duplicates included, for the duplicate check
    occurrences: tuple[tuple[str, str], ...]
    stages: tuple[Stage, ...] = ()
    #: every (file, stage id) pair seen, duplicates included
    stage_occurrences: tuple[tuple[str, str], ...] = ()


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
        documents = [_read_toml(f) for f in files]
        if not any(d.stages for d in documents):
            documents[0].faults.append(Fault(str(path), "", "no [[stages]] tables in any seed file: define the stages (e.g. in stages.toml)", code="unknown-stage"))
    elif path.is_file():
        documents = [_read_json(path)]
    else:
        return _only_fault(str(path), "no such file or directory")

    nodes: list[Node] = []
    origin: dict[str, str] = {}
    faults: list[Fault] = []
    occurrences: list[tuple[str, str]] = []
    stages: list[Stage] = []
    stage_occurrences: list[tuple[str, str]] = []
    for document in documents:
        faults.extend(document.faults)
        for index, entry in enumerate(document.nodes):
            node = _validated(Node, document.file, entry, index, faults, occurrences)
            if node is not None:
                nodes.append(node)
                origin.setdefault(node.id, document.file)
        for index, entry in enumerate(document.stages):
            stage = _validated(Stage, document.file, entry, index, faults, stage_occurrences, what="stage")
            if stage is not None:
                stages.append(stage)
    return RawCurriculum(tuple(nodes), origin, tuple(faults), tuple(occurrences), tuple(stages), tuple(stage_occurrences))


@dataclass(frozen=True)
class _Document:
    """The raw tables of one file, before any schema check."""

    file: str
    nodes: list
    stages: list
    faults: list[Fault]


def _validated(model, file: str, entry: object, index: int, faults: list[Fault],
               occurrences: list[tuple[str, str]], *, what: str = "node"):
    """``entry`` as a ``model``, or ``None`` with its schema faults appended."""
    label = _label(entry, index, what)
    try:
        item = model.model_validate(entry)
    except ValidationError as exc:
        faults.extend(_schema_faults(file, label, exc))
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            occurrences.append((file, entry["id"]))
        return None
    occurrences.append((file, item.id))
    return item


def _only_fault(file: str, message: str) -> RawCurriculum:
    return RawCurriculum((), {}, (Fault(file, "", message, code="unreadable"),), ())


def _read_toml(file: Path) -> _Document:
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        return _Document(str(file), [], [], [Fault(str(file), "", f"cannot parse TOML: {exc}", code="unreadable")])
    faults = _unknown_keys(str(file), document, {"nodes", "stages"})
    nodes, stages = document.get("nodes", []), document.get("stages", [])
    if not isinstance(nodes, list) or not isinstance(stages, list) or not (nodes or stages):
        faults.append(Fault(str(file), "", "expected [[nodes]] or [[stages]] tables at the top level", code="unreadable"))
        return _Document(str(file), [], [], faults)
    return _Document(str(file), nodes, stages, faults)


def _read_json(file: Path) -> _Document:
    name = str(file)
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
        return _Document(name, [], [], [Fault(name, "", f"cannot parse JSON: {exc}", code="unreadable")])
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        return _Document(name, [], [], [Fault(name, "", 'expected a "nodes" list at the top level', code="unreadable")])
    version = document.get("format", FORMAT_V1)
    if version == FORMAT_V1:
        faults = _unknown_keys(name, document, {"nodes", "format"})
        stages = [stage.model_dump(mode="json") for stage in LEGACY_STAGES]
    elif version == FORMAT:
        faults = _unknown_keys(name, document, {"nodes", "stages", "format"})
        stages = document.get("stages")
        if not isinstance(stages, list):
            faults.append(Fault(name, "", f'a {FORMAT} document needs a "stages" list', code="unreadable"))
            stages = []
    else:
        known = f"{FORMAT} or {FORMAT_V1}"
        return _Document(name, [], [], [Fault(name, "", f"unknown format {version!r}: this mlpath reads {known}", code="unreadable")])
    return _Document(name, document["nodes"], stages, faults)


def _unknown_keys(file: str, document: dict, allowed: set[str]) -> list[Fault]:
    extra = sorted(set(document) - allowed)
    if not extra:
        return []
    return [Fault(file, "", f"unknown top-level key(s): {', '.join(extra)}", code="unknown-field")]


def _label(entry: object, index: int, what: str = "node") -> str:
    """Name a node (or stage) for messages even when its id is missing or malformed."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return entry["id"] if what == "node" else f"stage {entry['id']}"
    return f"{what} #{index + 1}"


def _schema_faults(file: str, label: str, exc: ValidationError) -> list[Fault]:
    faults = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "(table)"
        if error["type"] == "extra_forbidden":
            message, code = f"unknown field {field!r}", "unknown-field"
        else:
            message, code = f"{field}: {error['msg']}", "schema"
        faults.append(Fault(file, label, message, code=code))
    return faults
