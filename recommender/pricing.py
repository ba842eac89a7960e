"""The OR-clauses a plan decided, and what the other way would cost, inside a time budget.

A clause is *decided* when it belongs to a plan step, has two or more
alternatives, no known node meets it, and exactly one of its alternatives is
in the plan (a clause met twice over decided nothing), one the clause names
itself.  A clause met by a course because the course teaches one of its
alternatives decided nothing of its own: taking the course did, and the
course's step says what it teaches.  Its *price* is what
the best plan in which the chosen alternative may not meet that clause (it
may still be in the plan for other reasons) costs more than this plan:

* ``exact`` when that re-solve, and the plan itself, are proven optimal;
* ``bound`` when a re-solve stopped at the budget (or was never reached):
  then the figure is a proven lower bound ("at least 12 h more"), from the
  bound the re-solve proved, or failing that from the plan's own bound
  (every plan without the choice is a plan, so it costs at least the least
  effort);
* ``impossible`` when no plan does without the choice;
* ``unpriced`` past the count and size limits below, or when a re-solve
  stopped early on a request that avoids nodes (a plan without the choice
  may then use more avoided nodes and less effort, so no bound holds).

``runner_up`` is the alternative the re-solved plan uses for the clause, or
``None`` when it no longer needs the clause's node at all (or when there is
no such plan).

Re-solves go through :meth:`~recommender.selection.Selector.without`, which
redoes only the group of choices the ban touches.  Both solvers are held by
counts, not seconds.  Small groups are solved by the branch and bound, which
counts expansions: pricing may spend :data:`PRICE_EXPANSIONS` of them plus
:data:`PRICE_EXPANSION_SHARE` times what the plan's own selection took, one
re-solve at most what the selection took (or :data:`PRICE_EXPANSIONS`), so
one hard re-solve cannot starve the rest.  HiGHS re-solves count *HiGHS
work*, branch-and-bound nodes times the group's variables, in the same way:
:data:`PRICE_HIGHS_WORK` plus :data:`PRICE_HIGHS_SHARE` times the selection's,
one re-solve at most the selection's (or :data:`PRICE_HIGHS_WORK`), given to
HiGHS as a node limit.  A HiGHS re-solve is started only while pricing has
at least the work the plan's own solve of that group took (a re-solve works
on the same linear programs) and one root node fits, and never for a group
the plan's solve could not prove in its time.  A remembered answer is charged what its solve took, so prices
depend neither on the machine's load nor on what earlier requests left in
the graph's cache (on the seed role, 22 of 23 prices are exact).  The one
clock left is the plan's: a re-solve still running at the pricing deadline
(:data:`recommender.core.PRICING_END` of the time limit) stops there, and it
and those after it are bounds.  Prices are exact in plan order for as long
as the budgets last, then bounds.  Only the first :data:`MAX_PRICED` decided
clauses are priced, and none when the plan has more than
:data:`PRICE_MAX_STEPS` steps.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple

from recommender.index import GraphIndex
from recommender.selection import NORMAL_FACTOR, SHARED_GROUPS, UNSOLVED, Reselection, Selection, Selector

__all__ = ["Decision", "Price", "PriceStatus", "decided_clauses", "price", "MAX_PRICED", "PRICE_MAX_STEPS"]

MAX_PRICED = 30
PRICE_MAX_STEPS = 2000
#: Branch and bound expansions pricing may spend: this many, plus this multiple of what the plan's selection
#: took; one re-solve may spend at most this many or what the selection took, whichever is more.
PRICE_EXPANSIONS = 250
PRICE_EXPANSION_SHARE = 3.0
#: The same for HiGHS work (branch-and-bound nodes times the group's variables): two root solves of a group
#: the search could have taken, plus half the selection's (the share of its time pricing had when it was seconds).
PRICE_HIGHS_WORK = 300
PRICE_HIGHS_SHARE = 0.5

PriceStatus = Literal["exact", "bound", "impossible", "unpriced"]


class Decision(NamedTuple):
    for_node: int
    clause: int
    chosen: int
    others: tuple[int, ...]  # alternatives left out of the plan, by stage then id


class Price(NamedTuple):
    status: PriceStatus
    #: exact extra cents, or a lower bound on them, by ``status``; ``None`` when neither is known
    extra_cents: int | None = None
    runner_up: int | None = None


UNPRICED = Price("unpriced")


def decided_clauses(index: GraphIndex, nodes: frozenset[int], known: frozenset[int], order: list[int]) -> list[Decision]:
    """Decided clauses, in plan ``order`` of their node, then clause index."""
    decisions = []
    clauses, multi, named, rank = index.clauses, index.multi, index.named, index.rank.__getitem__
    for v in order:
        if not multi[v] or v not in nodes:
            continue
        for c in multi[v]:
            clause = clauses[v][c]
            if known and not known.isdisjoint(clause):
                continue
            inside = nodes.intersection(clause)  # Speed: set intersection, not a scan of the clause
            if len(inside) != 1:
                continue  # met twice over: the plan needs both for other reasons, nothing was decided
            (chosen,) = inside
            if clause.index(chosen) >= named[v][c]:
                continue  # a course teaching an alternative meets it: taking the course decided that
            others = tuple([a for a in clause if a != chosen])  # a clause names each alternative once (validated)
            if len(others) > 1:
                others = tuple(sorted(others, key=rank))
            decisions.append(Decision(v, c, chosen, others))
    return decisions


def price(index: GraphIndex, decisions: list[Decision], selector: Selector, plan: Selection,
          deadline: float) -> list[Price]:
    """One :class:`Price` per decision, in order; a HiGHS re-solve still running at ``deadline`` stops there."""
    limit = min(len(decisions), MAX_PRICED if len(plan.nodes) <= PRICE_MAX_STEPS else 0)
    plan_cents = sum(map(index.cents.__getitem__, plan.nodes))
    selector.price_expansions = PRICE_EXPANSIONS + round(PRICE_EXPANSION_SHARE * selector.expansions)
    selector.price_cap = max(PRICE_EXPANSIONS, selector.expansions)
    selector.price_highs = PRICE_HIGHS_WORK + round(PRICE_HIGHS_SHARE * selector.highs_work)
    selector.price_highs_cap = max(PRICE_HIGHS_WORK, selector.highs_work)
    # Speed: prices that no clock touched are a function of the request, so a repeated request
    # reuses them instead of walking twenty-odd cached re-solves again (a third of a warm seed plan)
    key = ("prices", selector.request_key, selector.price_expansions, selector.price_highs, tuple(decisions[:limit]))
    cache = index.solved
    with index.solved_lock:
        prices = cache.get(key)
        if prices is not None:
            cache.move_to_end(key)
    if prices is None:
        prices = [_reprice(index, decision, selector, plan, plan_cents, deadline) for decision in decisions[:limit]]
        if plan.settled and not selector.price_timed:
            with index.solved_lock:
                cache[key] = prices
                if len(cache) > SHARED_GROUPS:
                    cache.popitem(last=False)
    return prices + [UNPRICED] * (len(decisions) - limit)


def _reprice(index: GraphIndex, decision: Decision, selector: Selector, plan: Selection, plan_cents: int,
             deadline: float) -> Price:
    other = selector.without((decision.for_node, decision.clause, decision.chosen), deadline)
    if other is None:
        return Price("impossible")
    if other is UNSOLVED:  # what the plan's own bound says
        return _bound(selector, None, plan, plan_cents)
    cents = index.cents
    extra = sum([cents[v] for v in other.added]) - sum([cents[v] for v in other.dropped])
    runner_up = _runner_up(index, decision, plan, other)
    if other.proven and plan.proven:
        return Price("exact", extra, runner_up)
    return _bound(selector, other, plan, plan_cents, runner_up)


def _bound(selector: Selector, other: Reselection | None, plan: Selection, plan_cents: int,
           runner_up: int | None = None) -> Price:
    """A proven lower bound on the extra cents, from the re-solve's bound or the plan's.

    With avoided nodes there is none: a plan without the choice may use more
    avoided nodes and so less effort.
    """
    if selector.avoided:
        return UNPRICED
    bounds = [b for b in (other.bound if other else None, plan.bound) if b is not None]
    if not bounds:
        return UNPRICED
    # weights are at most NORMAL_FACTOR per cent, so real cents are at least weighted / NORMAL_FACTOR
    least = math.ceil(max(bounds) / NORMAL_FACTOR)
    return Price("bound", least - plan_cents, runner_up)


def _runner_up(index: GraphIndex, decision: Decision, plan: Selection, other: Reselection) -> int | None:
    def in_other(v: int) -> bool:
        return v in other.added or (v in plan.nodes and v not in other.dropped)

    if not in_other(decision.for_node):
        return None
    clause = index.clauses[decision.for_node][decision.clause]
    used = sorted((a for a in clause if a != decision.chosen and in_other(a)), key=index.rank.__getitem__)
    return used[0] if used else None
