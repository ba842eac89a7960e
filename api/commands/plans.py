"""Commands that plan: ``recommend``, ``match`` and ``next``.

Only argparse is imported here; the recommender (and with it scipy and
scikit-learn) loads inside the command that runs.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from api.commands.learners import add_learner_option
from api.commands.plan_files import add_plan_file_options
from api.commands._common import (
    ITEMS_HELP,
    add_graph_option,
    add_json_option,
    add_learner_options,
    load_graph_for,
    plan_request_from,
    split_items,
    write_json,
)

__all__ = ["register"]

def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("recommend", help="the least-effort learning plan from what you know to your targets")
    add_graph_option(p)
    add_json_option(p)
    add_learner_options(p, target_required=True)
    p.add_argument("--time-limit", type=float, default=10.0, metavar="S",
                   help="seconds the plan may take (default 10); past them, the best plan found and how close it is")
    add_plan_file_options(p)
    p.set_defaults(run="api.commands.plans:run_recommend")

    p = subparsers.add_parser("match", help="show which curriculum nodes a piece of text names")
    add_graph_option(p)
    add_json_option(p)
    p.add_argument("text", help="a skill, a sentence or a job posting")
    p.set_defaults(run="api.commands.plans:run_match")

    p = subparsers.add_parser("next", help="what you can learn right now (from your saved profile unless --known)")
    add_graph_option(p)
    add_json_option(p)
    add_learner_option(p)
    p.add_argument("--known", action="append", metavar="SKILLS", help=f"what you already know ({ITEMS_HELP}); without it, the saved profile's marks")
    p.add_argument("--target", action="append", metavar="GOALS", help="mark the ready nodes on the plan to these targets (default: the profile's)")
    p.set_defaults(run="api.commands.plans:run_next")


def run_recommend(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from api.commands.plan_files import write_plan_files
    from recommender.service import recommend

    graph = load_graph_for(args)
    request = plan_request_from(args)
    result = recommend(graph, request, time_limit=args.time_limit)
    if args.json:
        write_json(result, out)
    else:
        print_plan(result, graph, out)
    write_plan_files(args, graph, result, err)
    return 0


def run_match(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from recommender.service import match

    found = match(load_graph_for(args), args.text)
    if args.json:
        write_json([m.model_dump(mode="json") for m in found], out)
    else:
        for m in found:
            print(_describe_match(m), file=out)
    return 0 if any(m.id for m in found) else 1


def run_next(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """With ``--known``, or without any saved profile, from what is given; else from the profile."""
    from api.commands.learners import profile_next, saved_profile_wanted
    from recommender.service import next_steps

    graph = load_graph_for(args)
    targets = split_items(args.target) or None
    if args.known is None and saved_profile_wanted(args):
        result = profile_next(args, graph, targets)
    else:
        result = next_steps(graph, split_items(args.known), targets=targets)
    if args.json:
        write_json(result, out)
        return 0
    for m in result.matches:
        print(_describe_match(m), file=err)
    for m in result.unmatched:
        print(_describe_match(m), file=err)
    for r in result.ready:
        marker = "*" if r.on_plan else " "
        print(f"{marker} {r.id:<40} {r.kind.value:<13} {r.hours:>6g} h  {r.name}", file=out)
    tail = "; * = on the plan to your targets" if any(r.on_plan for r in result.ready) or targets else ""
    print(f"{len(result.ready)} node(s) ready to learn{tail}", file=err)
    return 0


def _describe_match(m) -> str:
    """One line per match: the node and how sure, or "not in the curriculum" with suggestions marked as such."""
    if m.id is None:
        what = f": {m.known_as}" if m.known_as else ""
        line = f"{m.query!r}: not in the curriculum{what}"
        for basis, label in _SUGGESTION_LABELS:
            offered = [f"{s.name} [{s.id}]" for s in m.suggestions if s.basis == basis]
            if offered:
                line += f"; {label}: {', '.join(offered)}"
        return line
    level = f", stated level {m.level.value}" if m.level else ""
    return f"{m.query!r} -> {m.name} [{m.id}] ({m.method}, confidence {m.confidence:.2f}{level})"


#: How each kind of suggestion is introduced: none of them is a match.
_SUGGESTION_LABELS = (("related", "related in the curriculum"), ("contains", "contains a label of"),
                      ("similar", "did you mean"))


def _price(choice) -> str:
    """What the other way costs more: exactly, at least (a bound cut short), or why there is no figure."""
    if choice.price == "exact":
        return f"{choice.extra_hours:+g} h"
    if choice.price == "bound":
        return f"at least {choice.extra_hours:+g} h" if choice.extra_hours >= 0 else "not priced in time"
    return "no plan without it" if choice.price == "impossible" else "not priced"


def print_plan(plan, graph, out: TextIO) -> None:
    names = ", ".join(graph.nodes[t].name for t in plan.targets)
    print(f"Plan to {names}: {plan.total_hours:g} h in {plan.weeks} week(s) at {plan.hours_per_week:g} h/week", file=out)
    if not (plan.optimality.proven and plan.optimality.ties_settled):
        print(f"Effort: {plan.optimality.summary}", file=out)
    if plan.known:
        print(f"Known: {', '.join(graph.nodes[k].name for k in plan.known)}", file=out)
    if plan.known_implied:
        print(f"Also known (parts of a whole you know, or taught by a course you finished): "
              f"{', '.join(graph.nodes[k].name for k in plan.known_implied)}", file=out)
    print(file=out)
    in_progress = set(plan.in_progress)

    def label(s) -> str:
        return s.name + (" (refresh)" if s.refresher else "") + (" (in progress)" if s.id in in_progress else "")

    width = max((len(label(s)) for s in plan.steps), default=0)
    for s in plan.steps:
        weeks = f"week {s.start_week}" if s.start_week == s.end_week else f"weeks {s.start_week}-{s.end_week}"
        print(f"{s.position:>3}. {label(s):<{width}}  {s.hours:>6g} h  {weeks:<12}  {s.reason}", file=out)
    if plan.alternatives:
        print("\nChoices:", file=out)
        for a in plan.alternatives:
            if a.runner_up:
                other = graph.nodes[a.runner_up].name
            elif a.price == "exact":
                other = "a route without it"
            else:
                other = "no other way" if a.price == "impossible" else "the other alternatives"
            print(f"  {graph.nodes[a.for_node].name}: {graph.nodes[a.chosen].name} rather than {other} ({_price(a)})", file=out)
    if plan.matches or plan.unmatched:
        print("\nUnderstood:", file=out)
        for m in (*plan.matches, *plan.unmatched):
            print(f"  {_describe_match(m)}", file=out)
    if plan.avoided_used:
        print(f"\nAvoided but used: {', '.join(graph.nodes[a].name for a in plan.avoided_used)}", file=out)
    for note in plan.notes:
        print(f"Note: {note}", file=out)
