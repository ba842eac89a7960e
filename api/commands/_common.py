"""Options and output helpers shared by every command group."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any, TextIO

__all__ = ["add_graph_option", "add_json_option", "load_graph_for", "write_json", "split_items"]

GRAPH_HELP = "a seed_data-style directory or an interchange JSON file (default: $MLPATH_GRAPH or the bundled seed_data/)"


def add_graph_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", metavar="PATH", default=None, help=GRAPH_HELP)


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def load_graph_for(args: argparse.Namespace):
    """The curriculum named by ``--graph`` (or the environment, or the default)."""
    from graph.curriculum import load_graph

    return load_graph(args.graph or os.environ.get("MLPATH_GRAPH") or None)


def write_json(value: Any, out: TextIO) -> None:
    """Pydantic models and plain data alike, indented, keys in model order."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    elif isinstance(value, (list, tuple)) and value and hasattr(value[0], "model_dump"):
        value = [v.model_dump(mode="json") for v in value]
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def split_items(values: list[str] | None) -> list[str]:
    """``--known "a, b" --known c`` -> ``["a", "b", "c"]`` (order kept, blanks dropped)."""
    items: list[str] = []
    for value in values or []:
        items.extend(part.strip() for part in value.split(",") if part.strip())
    return items
