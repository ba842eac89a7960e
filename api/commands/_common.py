"""Options and output helpers shared by every command group."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any, TextIO

__all__ = ["add_graph_option", "add_json_option", "add_learner_options", "load_graph_for", "plan_request_from", "validated",
           "write_json", "split_items"]

GRAPH_HELP = "a seed_data-style directory or an interchange JSON file (default: $MLPATH_GRAPH or the bundled seed_data/)"


def add_graph_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", metavar="PATH", default=None, help=GRAPH_HELP)


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


ITEMS_HELP = "comma-separated; repeatable; ids, names, aliases or free text"


def add_learner_options(parser: argparse.ArgumentParser, *, target_required: bool, hours_type=float) -> None:
    """The options that describe a learner, shared by ``recommend`` and ``viz``.

    ``hours_type`` lets a command reject impossible weekly hours at parse time
    (a usage error) instead of leaving it to the plan request's validation.
    """
    parser.add_argument("--known", action="append", metavar="SKILLS", help=f"what you already know ({ITEMS_HELP})")
    parser.add_argument("--target", action="append", required=target_required, metavar="GOALS",
                        help=f"roles, certifications or skills to reach ({ITEMS_HELP})")
    parser.add_argument("--hours-per-week", type=hours_type, default=10.0, metavar="H", help="your weekly study time (default 10)")
    parser.add_argument("--prefer", action="append", metavar="ITEMS", help="ids, skills or kinds to favour among alternatives (they count at 80%% of their hours)")
    parser.add_argument("--avoid", action="append", metavar="ITEMS", help="ids, skills or kinds to use only if no plan does without them")
    parser.add_argument("--beginner", action="append", metavar="SKILLS", help="known skills you are only a beginner at: the plan adds a refresher")


def plan_request_from(args: argparse.Namespace):
    """The ``PlanRequest`` the learner options describe; schema faults become one readable error."""
    from recommender.models import PlanRequest

    return validated(
        PlanRequest,
        known=tuple(split_items(args.known)),
        targets=tuple(split_items(args.target)),
        hours_per_week=args.hours_per_week,
        prefer=tuple(split_items(args.prefer)),
        avoid=tuple(split_items(args.avoid)),
        proficiency={item: "beginner" for item in split_items(args.beginner)},
    )


def validated(model, **fields):
    """``model(**fields)``, its schema faults turned into one readable ``InvalidRequestError``."""
    from pydantic import ValidationError

    from graph.errors import InvalidRequestError

    try:
        return model(**fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'request'}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InvalidRequestError(f"invalid request: {problems}") from None


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
