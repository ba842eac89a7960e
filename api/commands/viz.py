"""``mlpath viz``: draw the curriculum, or a learner's path, into one HTML file.

The page embeds plotly.js inline, so it opens offline in any browser.  With
``--target`` it shows the plan over the graph and its schedule; without, the
whole-curriculum explorer.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from api.commands._common import add_graph_option, load_graph_for, split_items

__all__ = ["register", "run_viz"]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "viz",
        help="write an interactive HTML page: your path and schedule, or the whole curriculum",
        description="Write a standalone, offline HTML page. With --target: the least-effort path over the "
        "graph and a week-by-week schedule. Without: the curriculum explorer.",
    )
    add_graph_option(p)
    p.add_argument("--known", action="append", metavar="ITEMS", help="what you already know: node ids or free text, comma-separated or repeated")
    p.add_argument("--target", action="append", metavar="ITEMS", help="where you want to get (e.g. machine-learning-engineer); omit to draw the whole curriculum")
    p.add_argument("--hours-per-week", type=_hours, default=10.0, metavar="N", help="study hours per week for the schedule (default 10)")
    p.add_argument("--prefer", action="append", metavar="ITEMS", help="node ids or kinds to favour among alternatives")
    p.add_argument("--avoid", action="append", metavar="ITEMS", help="node ids or kinds to use only if nothing else works")
    p.add_argument("--beginner", action="append", metavar="SKILLS", help="known skills you are only a beginner at: the plan adds a refresher")
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    p.set_defaults(run="api.commands.viz:run_viz")


def run_viz(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from viz.pages import standalone_page

    graph = load_graph_for(args)
    targets = split_items(args.target)
    plan = None
    if targets:
        from recommender.models import PlanRequest
        from recommender.service import recommend

        request = PlanRequest(
            known=tuple(split_items(args.known)),
            targets=tuple(targets),
            hours_per_week=args.hours_per_week,
            prefer=tuple(split_items(args.prefer)),
            avoid=tuple(split_items(args.avoid)),
            proficiency={skill: "beginner" for skill in split_items(args.beginner)},
        )
        plan = recommend(graph, request)
    elif args.known:
        print("note: --known has no effect without --target; drawing the whole curriculum", file=err)
    page = standalone_page(graph, plan, title="mlpath: your path" if plan else "mlpath: the curriculum")
    Path(args.out).write_text(page, encoding="utf-8")
    if plan is None:
        print(f"wrote {args.out}: the curriculum explorer ({len(graph)} nodes)", file=out)
    else:
        print(f"wrote {args.out}: {len(plan.steps)} steps, {plan.total_hours:g} h, about {plan.weeks} weeks", file=out)
    return 0


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 168:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 168 (hours in a week)")
    return value
