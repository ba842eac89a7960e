"""Why each step is in the plan, in words and as ids.

* ``needed_by``: the plan steps whose clauses this step meets.
* ``unlocks``: the plan steps that become learnable the moment this step is
  done (it meets the last of their clauses to be met, in plan order).
* ``reason``: "needed by Deep Learning, for the target Machine Learning
  Engineer", plus, for a chosen alternative, why it won: "chosen over
  TensorFlow: 12 h less", "...: PyTorch is also needed by Computer Vision",
  "...: preferred", "...: TensorFlow is avoided".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recommender.alternatives import Decision
from recommender.index import CENTS, GraphIndex
from recommender.models import AlternativeChoice, PlanStep

__all__ = ["Context", "build_steps", "REFRESHER_SHARE"]

#: A known skill rated "beginner" gets a refresher at this share of its effort.
REFRESHER_SHARE = 0.25
_LISTED = 3


@dataclass(frozen=True)
class Context:
    """What the explanations need to know about the request and the solution."""

    index: GraphIndex
    order: Sequence[int]
    #: per step, the steps meeting its clauses (see :func:`~recommender.ordering.serving_children`)
    children: dict[int, list[int]]
    targets: tuple[int, ...]
    known: frozenset[int]
    refreshers: frozenset[int]
    preferred: frozenset[int]
    avoided: frozenset[int]
    decisions: Sequence[Decision]
    choices: Sequence[AlternativeChoice]
    priced: int  # decisions[:priced] were priced


def build_steps(ctx: Context, spans: Sequence[tuple[int, int]], cents: Sequence[int]) -> list[PlanStep]:
    """One :class:`PlanStep` per ordered node, with weeks ``spans`` and efforts ``cents``."""
    index = ctx.index
    ids = index.ids
    needed_by: dict[int, list[int]] = {v: [] for v in ctx.order}
    for v in ctx.order:
        for child in ctx.children[v]:
            needed_by[child].append(v)
    serves = _targets_served(ctx, needed_by)
    unlocks = _unlocks(ctx)
    why = _choice_reasons(ctx, needed_by)
    beaten = _beaten(ctx)
    nodes = index.graph.nodes
    phrases: dict = {"targets": frozenset(ctx.targets)}
    result = []
    for p, v in enumerate(ctx.order):
        refresher = v in ctx.refreshers
        avoided = v in ctx.avoided and not refresher
        reason = _reason(ctx, v, needed_by[v], serves(v), refresher, phrases) + why.get(v, "")
        if avoided:
            reason += "; on your avoid list, but no plan does with fewer avoided nodes"
        node = nodes[ids[v]]
        result.append(PlanStep(
            position=p + 1,
            id=node.id,
            name=node.name,
            kind=node.kind,
            stage=node.stage,
            hours=cents[p] / CENTS,
            start_week=spans[p][0],
            end_week=spans[p][1],
            reason=reason,
            needed_by=tuple(ids[w] for w in needed_by[v]),
            unlocks=tuple(ids[w] for w in unlocks.get(v, ())),
            chosen_over=beaten.get(v, ()),
            refresher=refresher,
            avoided=avoided,
        ))
    return result


def _targets_served(ctx: Context, needed_by: dict[int, list[int]]):
    """A function giving, per step, the targets it leads to, in request order."""
    if len(ctx.targets) == 1:
        # a minimal plan holds nothing the single target does not need
        only = list(ctx.targets)
        return lambda v: only
    bit = {t: 1 << i for i, t in enumerate(ctx.targets)}
    mask: dict[int, int] = {}
    for v in reversed(ctx.order):  # dependents come later in the order
        m = bit.get(v, 0)
        for w in needed_by[v]:
            m |= mask[w]
        mask[v] = m
    return lambda v: [t for t in ctx.targets if mask[v] & bit[t]]


def _unlocks(ctx: Context) -> dict[int, list[int]]:
    """Map each step to the steps whose last clause to be met it meets."""
    index = ctx.index
    position = {v: p for p, v in enumerate(ctx.order)}
    confident = ctx.known - ctx.refreshers
    unlocks: dict[int, list[int]] = {}
    for w in ctx.order:
        if w in ctx.refreshers:
            continue
        ready = -1
        for clause in index.requires[w]:
            if not confident.isdisjoint(clause):
                continue
            if len(clause) == 1:
                met = position.get(clause[0], -1)
            else:
                met = min((position[a] for a in clause if a in position), default=-1)
            if met > ready:
                ready = met
        if ready >= 0:
            unlocks.setdefault(ctx.order[ready], []).append(w)
    return unlocks


def _names(index: GraphIndex, nodes: Sequence[int]) -> str:
    names = [index.name(v) for v in nodes[:_LISTED]]
    if len(nodes) > _LISTED:
        return ", ".join(names) + f" and {len(nodes) - _LISTED} more"
    return " and ".join(names) if len(names) == 2 else ", ".join(names)


def _reason(ctx: Context, v: int, needed_by: list[int], serves: list[int], refresher: bool, phrases: dict) -> str:
    """The words of a step's reason; ``phrases`` caches ", for the target(s) ..." per target list."""
    index = ctx.index
    key = tuple(serves)
    tail = phrases.get(key)
    if tail is None:
        tail = phrases[key] = f", for the {'target' if len(serves) == 1 else 'targets'} {_names(index, serves)}"
    if refresher:
        return f"refresher at {REFRESHER_SHARE:.0%} of the hours, since you rated yourself a beginner; needed by {_names(index, needed_by)}{tail}"
    if v in phrases["targets"]:
        return "target" + (f"; also needed by {_names(index, needed_by)}" if needed_by else "")
    if needed_by and phrases["targets"].issuperset(needed_by):
        return f"needed by the {'target' if len(needed_by) == 1 else 'targets'} {_names(index, needed_by)}"
    return f"needed by {_names(index, needed_by)}{tail}"


def _choice_reasons(ctx: Context, needed_by: dict[int, list[int]]) -> dict[int, str]:
    """"; chosen over X: why" for every step that won a decided clause."""
    index = ctx.index
    reasons: dict[int, list[str]] = {}
    for d, (decision, choice) in enumerate(zip(ctx.decisions, ctx.choices)):
        c = decision.chosen
        others = _names(index, decision.others)
        text = f"chosen over {others}: {_why(ctx, d, decision, choice, needed_by)}"
        if text not in reasons.setdefault(c, []):
            reasons[c].append(text)
    return {v: "".join(f"; {text}" for text in texts) for v, texts in reasons.items()}


def _why(ctx: Context, d: int, decision: Decision, choice: AlternativeChoice, needed_by: dict[int, list[int]]) -> str:
    index = ctx.index
    c = decision.chosen
    elsewhere = [w for w in needed_by.get(c, []) if w != decision.for_node]
    runner_up = index.position[choice.runner_up] if choice.runner_up else None
    if c in ctx.targets:
        return f"{index.name(c)} is a target"
    if elsewhere:
        return f"{index.name(c)} is also needed by {_names(index, elsewhere)}"
    if all(o in ctx.avoided for o in decision.others) and c not in ctx.avoided:
        return f"{_names(index, decision.others)} {'is' if len(decision.others) == 1 else 'are'} avoided"
    if c in ctx.preferred and not any(o in ctx.preferred for o in decision.others):
        return "preferred"
    if d >= ctx.priced:
        return "the least total effort"
    if choice.extra_hours is None:
        return "no plan works without it"
    if choice.extra_hours > 0:
        route = "" if runner_up is not None else " (the other way avoids this requirement altogether)"
        return f"{choice.extra_hours:g} h less{route}"
    if choice.extra_hours == 0:
        return "same total effort; ties go to fewer steps, then earlier ids"
    return "the least total effort by the plan's weighing"


def _beaten(ctx: Context) -> dict[int, tuple[str, ...]]:
    """Per winning step, the alternatives it beat in any decided clause, by stage then id."""
    beaten: dict[int, set[int]] = {}
    for decision in ctx.decisions:
        beaten.setdefault(decision.chosen, set()).update(decision.others)
    return {v: tuple(ctx.index.ids[o] for o in sorted(others, key=ctx.index.rank.__getitem__)) for v, others in beaten.items()}
