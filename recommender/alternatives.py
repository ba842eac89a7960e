"""The OR-clauses a plan decided, and what the other way would have cost.

A clause is *decided* when it belongs to a plan step, has two or more
alternatives, no known node meets it, and exactly one of its alternatives is
in the plan (a clause met twice over decided nothing).  Its price is
exact: the best plan in which the chosen alternative may not meet that clause
(it may still be in the plan for other reasons), solved like the plan itself.
``extra_hours`` is that plan's effort minus this plan's; ``runner_up`` is the
alternative it uses for the clause, or ``None`` when it no longer needs the
clause's node at all (then ``extra_hours`` still prices that other route) or
when no such plan exists (then ``extra_hours`` is ``None`` too).

Pricing costs one re-solve per clause (of the changed group of choices only,
see :class:`~recommender.selection.Selector`).  To keep large plans fast, only the first
:data:`MAX_PRICED` decided clauses are priced, and none when the plan has more
than :data:`PRICE_MAX_STEPS` steps; the plan's notes say so.
"""

from __future__ import annotations

from typing import NamedTuple

from graph.errors import InfeasiblePlanError, PlanTimeoutError
from recommender.index import CENTS, GraphIndex
from recommender.models import AlternativeChoice
from recommender.selection import Selector

__all__ = ["Decision", "decided_clauses", "price", "MAX_PRICED", "PRICE_MAX_STEPS"]

MAX_PRICED = 30
PRICE_MAX_STEPS = 2000


class Decision(NamedTuple):
    for_node: int
    clause: int
    chosen: int
    others: tuple[int, ...]  # alternatives left out of the plan, by stage then id


def decided_clauses(index: GraphIndex, nodes: frozenset[int], known: frozenset[int], order: list[int]) -> list[Decision]:
    """Decided clauses, in plan ``order`` of their node, then clause index."""
    decisions = []
    requires, multi, rank = index.requires, index.multi, index.rank.__getitem__
    for v in order:
        if not multi[v] or v not in nodes:
            continue
        for c in multi[v]:
            clause = requires[v][c]
            if known and not known.isdisjoint(clause):
                continue
            inside = nodes.intersection(clause)
            if len(inside) != 1:
                continue  # met twice over: the plan needs both for other reasons, nothing was decided
            (chosen,) = inside
            others = tuple([a for a in clause if a != chosen])  # a clause names each alternative once (validated)
            if len(others) > 1:
                others = tuple(sorted(others, key=rank))
            decisions.append(Decision(v, c, chosen, others))
    return decisions


def price(index: GraphIndex, decisions: list[Decision], selector: Selector, nodes: frozenset[int]) -> tuple[list[AlternativeChoice], int, list[str]]:
    """One :class:`AlternativeChoice` per decision, how many were priced, and notes on the rest.

    ``selector`` is the one that chose ``nodes``; its memo makes each re-solve
    redo only the group of choices the banned clause belongs to.  Pricing
    stops early, with a note, if the request's time limit runs out.
    """
    budget = min(len(decisions), MAX_PRICED if len(nodes) <= PRICE_MAX_STEPS else 0)
    priced: dict[int, tuple[int | None, float | None]] = {}
    notes = []
    for d in range(budget):
        try:
            priced[d] = _reprice(index, decisions[d], selector, nodes)
        except PlanTimeoutError:
            notes.append(f"pricing alternatives stopped at the time limit after {d} of {len(decisions)}")
            break
    else:
        if budget < len(decisions):
            why = f"the plan has more than {PRICE_MAX_STEPS} steps" if budget == 0 else f"only the first {MAX_PRICED} are priced"
            notes.append(f"{len(decisions) - budget} of {len(decisions)} decided alternatives were not priced: {why}")
    choices = []
    for d, decision in enumerate(decisions):
        runner_up, extra = priced.get(d, (None, None))
        choices.append(AlternativeChoice(
            for_node=index.ids[decision.for_node],
            clause=decision.clause,
            chosen=index.ids[decision.chosen],
            runner_up=None if runner_up is None else index.ids[runner_up],
            extra_hours=extra,
        ))
    return choices, len(priced), notes


def _reprice(index: GraphIndex, decision: Decision, selector: Selector, nodes: frozenset[int]) -> tuple[int | None, float | None]:
    try:
        other = selector.best((decision.for_node, decision.clause, decision.chosen))
    except InfeasiblePlanError:
        return None, None
    cents = index.cents
    # the plans share most nodes: add what the other plan has more, take off what it has less
    gained = sum([cents[v] for v in other.nodes - nodes])
    lost = sum([cents[v] for v in nodes - other.nodes])
    extra = (gained - lost) / CENTS
    if decision.for_node not in other.nodes:
        return None, extra
    clause = index.requires[decision.for_node][decision.clause]
    used = sorted((a for a in clause if a in other.nodes and a != decision.chosen), key=index.rank.__getitem__)
    return (used[0] if used else None), extra
