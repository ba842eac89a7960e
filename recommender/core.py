"""The planning pipeline on node positions: one request in, one frozen :class:`Solution` out.

Each step has its own module: :mod:`~recommender.reduction` and
:mod:`~recommender.selection` choose the nodes, :mod:`~recommender.ordering`
orders them, :mod:`~recommender.schedule` cuts them into weeks and
:mod:`~recommender.pricing` prices the OR-choices.  Nothing here knows an id
or a name; :mod:`recommender.render` turns a solution into the
:class:`~recommender.models.Plan` the learner reads.

The time limit is one budget for the whole plan.  Selection may use up to
:data:`SELECTION_SHARE` of it; pricing is held by counts of solver work (see
:mod:`~recommender.pricing`), and stops at :data:`PRICING_END` of the limit
whatever is left of them, so the plan is ready inside the limit with time
left for rendering.  That deadline is the only clock a proven plan's bytes
can depend on.  A selection that is not proven by then is returned with its
bound rather than not at all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from recommender.index import GraphIndex
from recommender.ordering import Ordering, order_steps, serving_children
from recommender.pricing import Decision, Price, decided_clauses, price
from recommender.schedule import weeks_of
from recommender.selection import Selection, Selector

__all__ = ["Request", "Solution", "solve", "REFRESHER_SHARE", "SELECTION_SHARE", "PRICING_END"]

#: A known skill rated "beginner" gets a refresher at this share of its effort.
REFRESHER_SHARE = 0.25
SELECTION_SHARE = 0.8
PRICING_END = 0.9


@dataclass(frozen=True)
class Request:
    """A plan request on positions, already checked (see :func:`recommender.planner.plan`)."""

    #: deduplicated, in the order the learner gave them
    targets: tuple[int, ...]
    known: frozenset[int]
    preferred: frozenset[int] = frozenset()
    avoided: frozenset[int] = frozenset()
    beginners: frozenset[int] = frozenset()
    #: an earlier plan's steps, in its order
    keep: tuple[int, ...] = ()
    hours_per_week: float = 10.0
    time_limit: float = 10.0


@dataclass(frozen=True)
class Solution:
    """Everything a plan says, on positions.  Steps are ``ordering.order``."""

    request: Request
    #: what the request's known nodes imply is known
    known: frozenset[int]
    #: the targets still to reach, in request order
    open_targets: tuple[int, ...]
    #: per open target, the step reaching it: the target itself, or a course teaching it
    goal_steps: tuple[int, ...]
    #: the chosen nodes (refreshers revisit known nodes and are not among them)
    selection: Selection | None
    refreshers: frozenset[int]
    ordering: Ordering
    #: per step, its effort in cents (a refresher's share of its node's) and its weeks
    cents: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    decisions: tuple[Decision, ...]
    #: per decision, its price
    prices: tuple[Price, ...]

    @property
    def order(self) -> list[int]:
        return self.ordering.order

    @property
    def unused_beginners(self) -> list[int]:
        """Beginner-rated known nodes the plan does not build on (they get no refresher)."""
        return sorted(self.request.beginners - self.refreshers)

    @property
    def avoided_used(self) -> list[int]:
        """Avoided nodes among the steps, in plan order."""
        avoided, refreshers = self.request.avoided, self.refreshers
        return [v for v in self.order if v in avoided and v not in refreshers] if avoided else []


def solve(index: GraphIndex, request: Request) -> Solution:
    """The plan for ``request``: chosen, ordered, scheduled and priced.

    Raises :class:`~graph.errors.InfeasiblePlanError` when no plan reaches a
    target.  Never raises for lack of time: an unproven selection comes back
    with its standing (``solution.selection.proven`` and ``bound``).
    """
    start = time.monotonic()
    known = index.known_closure(request.known)
    open_targets = tuple(t for t in request.targets if t not in known)
    if not open_targets:
        empty = Ordering([], {}, [], [])
        return Solution(request, known, (), (), None, frozenset(), empty, (), (), (), ())
    limit = request.time_limit
    selector = Selector(index, tuple(index.goal(t) for t in open_targets), known, request.preferred,
                        request.avoided, frozenset(request.keep))
    selection = selector.best(start + SELECTION_SHARE * limit)
    nodes = selection.nodes
    goal_steps = tuple(t if t in nodes else min(nodes.intersection(index.goal(t)), key=index.rank.__getitem__)
                       for t in open_targets)
    refreshers = _refreshers(index, nodes, known, request.beginners)
    children = serving_children(index, nodes | refreshers if refreshers else nodes, known, refreshers)
    ordering = order_steps(children, goal_steps, request.keep)
    order, position = ordering.order, ordering.position
    cents = list(map(index.cents.__getitem__, order))
    for v in refreshers:
        cents[position[v]] = round(index.cents[v] * REFRESHER_SHARE)
    decisions = decided_clauses(index, nodes, known, order)
    prices = price(index, decisions, selector, selection, start + PRICING_END * limit)
    spans = weeks_of(cents, request.hours_per_week)
    return Solution(request, known, open_targets, goal_steps, selection, refreshers, ordering, tuple(cents),
                    tuple(spans), tuple(decisions), tuple(prices))


def _refreshers(index: GraphIndex, nodes: frozenset[int], known: frozenset[int], beginners: frozenset[int]) -> frozenset[int]:
    """Beginner-rated known nodes that some plan step builds on.

    A step builds on a known node when it meets one of the step's clauses and
    no plan step or confidently known node meets that clause as well.
    """
    if not beginners:
        return frozenset()
    confident = known - beginners
    used = set()
    for v in nodes:
        for clause in index.clauses[v]:
            if any(a in confident or a in nodes for a in clause):
                continue
            used.update(a for a in clause if a in beginners)
    return frozenset(used)
