"""``mlpath viz``: draw the curriculum, or a learner's path, into one HTML file.

The page embeds plotly.js inline, so it opens offline in any browser.  With
``--target`` it shows the plan over the graph and its schedule; without, the
whole-curriculum explorer.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from api.commands._common import add_graph_option, add_learner_options, load_graph_for, plan_request_from, split_items

__all__ = ["register", "run_viz"]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "viz",
        help="write an interactive HTML page: your path and schedule, or the whole curriculum",
        description="Write a standalone, offline HTML page. With --target: the least-effort path over the "
        "graph and a week-by-week schedule. Without: the curriculum explorer.",
    )
    add_graph_option(p)
    add_learner_options(p, target_required=False, hours_type=_hours)  # without --target: the whole curriculum
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    p.set_defaults(run="api.commands.viz:run_viz")


def run_viz(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from viz.pages import standalone_page

    graph = load_graph_for(args)
    plan = None
    if split_items(args.target):
        from recommender.service import recommend

        plan = recommend(graph, plan_request_from(args))
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
    from graph.learners import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not MIN_HOURS_PER_WEEK <= value <= MAX_HOURS_PER_WEEK:
        raise argparse.ArgumentTypeError(f"must be from {MIN_HOURS_PER_WEEK:g} to {MAX_HOURS_PER_WEEK:g} hours a week")
    return value
