"""The order a plan's steps are learned in.

A depth-first post-order from the targets (in the order the learner gave
them): each step is preceded by whatever it still needs, learned just before
it, so the learner follows one thread instead of sweeping a whole layer of
prerequisites first.  Prerequisites are visited by roadmap stage, then id, so
earlier stages come first wherever dependencies allow, and the same plan is
always printed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from recommender.index import GraphIndex

__all__ = ["order_steps", "serving_children"]


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
    prerequisites, all_single = index.prerequisites, index.all_single
    # only the dependents of known nodes have a clause a known node meets
    touched = index.touched(known) if known else ()
    children: dict[int, tuple[int, ...]] = {}
    for v in steps:
        if v in refreshers:
            children[v] = ()
        elif v not in touched:
            # no known node in any clause: every prerequisite that is a step serves, and
            # with one alternative per clause, every prerequisite is a step (the plan is closed)
            children[v] = prerequisites[v] if all_single[v] else tuple([a for a in prerequisites[v] if a in steps])
        else:
            found: set[int] = set()
            for clause in index.requires[v]:
                if not confident.isdisjoint(clause):
                    continue
                if refreshers and not refreshers.isdisjoint(clause):
                    found.update(refreshers.intersection(clause))
                else:
                    found.update(steps.intersection(clause))
            children[v] = tuple(sorted(found, key=rank))
    return children


def order_steps(children: dict[int, tuple[int, ...]], targets: Iterable[int]) -> list[int]:
    """The steps (the keys of ``children``) in learning order."""
    order: list[int] = []
    entered: set[int] = set()
    for target in targets:
        if target in entered or target not in children:
            continue
        entered.add(target)
        stack = [(target, iter(children[target]))]
        while stack:
            v, pending = stack[-1]
            for child in pending:
                if child not in entered:
                    entered.add(child)
                    stack.append((child, iter(children[child])))
                    break
            else:
                stack.pop()
                order.append(v)
    return order
