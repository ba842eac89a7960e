"""The order a plan's steps are learned in.

A depth-first post-order from the targets (in the order the learner gave
them): each step is preceded by whatever it still needs, learned just before
it, so the learner follows one thread instead of sweeping a whole layer of
prerequisites first.  Prerequisites are visited by roadmap stage, then id, so
earlier stages come first wherever dependencies allow, and the same plan is
always printed the same way.

A re-plan may *keep* an earlier plan's steps: the walk then starts from the
kept steps, in their earlier order, before the targets.  Each kept step is
preceded only by what it needs and is not placed yet, so kept steps keep
their relative order wherever prerequisites allow, and a new step comes just
before the first kept step that needs it.  Re-planning an unchanged plan
with its own steps kept gives the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from recommender.index import GraphIndex

__all__ = ["Ordering", "order_steps", "serving_children"]


def serving_children(
    index: GraphIndex, steps: frozenset[int], known: frozenset[int], refreshers: frozenset[int]
) -> dict[int, tuple[int, ...]]:
    """Per step, the steps that meet its clauses, sorted by stage then id.

    A clause met by a known node needs no step, unless that known node gets a
    refresher, in which case the refresher serves it.  A refresher itself
    has no children: what is behind a known node is known too.
    """
    confident = known - refreshers
    rank = index.rank.__getitem__
    clauses, prerequisites, all_single = index.clauses, index.prerequisites, index.all_single
    # only the dependents of known nodes have a clause a known node meets
    touched = index.touched(known) if known else ()
    children: dict[int, tuple[int, ...]] = {}
    for v in steps:
        if v in refreshers:
            children[v] = ()
        elif v not in touched:
            # Speed: no known node in any clause, so every prerequisite that is a step serves,
            # and with one alternative per clause every prerequisite is a step (the plan is closed)
            children[v] = prerequisites[v] if all_single[v] else tuple([a for a in prerequisites[v] if a in steps])
        else:
            found: set[int] = set()
            for clause in clauses[v]:
                if not confident.isdisjoint(clause):
                    continue
                if refreshers and not refreshers.isdisjoint(clause):
                    found.update(refreshers.intersection(clause))
                else:
                    found.update(steps.intersection(clause))
            children[v] = tuple(sorted(found, key=rank))
    return children


@dataclass(frozen=True)
class Ordering:
    """The steps in learning order, and who serves whom, by plan position."""

    order: list[int]
    #: step -> its index in ``order``
    position: dict[int, int]
    #: per position, the positions of the steps listing it among their serving children, ascending
    served: list[list[int]]
    #: per position, the position of its latest serving child, or -1 if it has none
    last_child: list[int]


def order_steps(children: dict[int, tuple[int, ...]], targets: Iterable[int], keep: Sequence[int] = ()) -> Ordering:
    """The steps (the keys of ``children``) in learning order, with their links by position.

    The walk starts from the steps of ``keep`` (an earlier plan's order),
    then from the targets.  Speed: in a post-order every child is placed
    before its parent, so a step's links are complete the moment it is
    placed; recording them then saves a second pass over every step and
    child of a large plan.
    """
    order: list[int] = []
    position: dict[int, int] = {}
    served: list[list[int]] = []
    last_child: list[int] = []
    entered: set[int] = set()
    for start in chain(keep, targets):
        if start in entered or start not in children:
            continue
        entered.add(start)
        stack = [(start, iter(children[start]))]
        while stack:
            v, pending = stack[-1]
            for child in pending:
                if child not in entered:
                    entered.add(child)
                    stack.append((child, iter(children[child])))
                    break
            else:
                stack.pop()
                q = len(order)
                position[v] = q
                order.append(v)
                served.append([])
                last = -1
                for p in map(position.__getitem__, children[v]):
                    served[p].append(q)
                    if p > last:
                        last = p
                last_child.append(last)
    return Ordering(order, position, served, last_child)
