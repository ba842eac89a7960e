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
from itertools import repeat
from operator import itemgetter

from recommender.alternatives import Decision
from recommender.index import CENTS, GraphIndex
from recommender.models import AlternativeChoice, PlanStep, trusted_step
from recommender.ordering import Ordering

__all__ = ["Context", "build_steps", "REFRESHER_SHARE"]

#: A known skill rated "beginner" gets a refresher at this share of its effort.
REFRESHER_SHARE = 0.25
_LISTED = 3
_UNPLACED = 1 << 62  # sorts after every plan position


@dataclass(frozen=True)
class Context:
    """What the explanations need to know about the request and the solution."""

    index: GraphIndex
    #: the steps in order, with who serves whom (see :func:`~recommender.ordering.order_steps`)
    ordering: Ordering
    targets: tuple[int, ...]
    known: frozenset[int]
    refreshers: frozenset[int]
    preferred: frozenset[int]
    avoided: frozenset[int]
    decisions: Sequence[Decision]
    choices: Sequence[AlternativeChoice]
    priced: int  # decisions[:priced] were priced

    @property
    def order(self) -> list[int]:
        return self.ordering.order


def build_steps(ctx: Context, spans: Sequence[tuple[int, int]], cents: Sequence[int]) -> list[PlanStep]:
    """One :class:`PlanStep` per ordered node, with weeks ``spans`` and efforts ``cents``.

    Steps are built field by field: each field is a column in plan order,
    and the columns are zipped into steps at the end.  On a 90k-step plan a
    pass per field, mostly C-level ``map``, costs less than one Python
    iteration handling every field.  ``needed_by`` and ``unlocks`` are read
    off lists by position (the ordering's ``served`` and :func:`_unlocked`),
    already in plan order, rather than by filtering and sorting each step's
    dependents in the curriculum.
    """
    index, order, position = ctx.index, ctx.order, ctx.ordering.position
    served_by, unlocked_by = ctx.ordering.served, _unlocked(ctx)
    step_ids = list(map(index.ids.__getitem__, order))
    step_names = list(map(index.names.__getitem__, order))
    step_id = step_ids.__getitem__
    beaten = _beaten(ctx)
    avoided = ctx.avoided - ctx.refreshers  # a refresher revisits a known node: never an avoided step
    return list(map(
        trusted_step,
        range(1, len(order) + 1),
        step_ids,
        step_names,
        map(index.kinds.__getitem__, order),
        map(index.stages.__getitem__, order),
        [c / CENTS for c in cents],
        map(itemgetter(0), spans),
        map(itemgetter(1), spans),
        _reasons(ctx, position, served_by, step_names, avoided),
        [tuple(map(step_id, qs)) for qs in served_by],
        [tuple(map(step_id, qs)) if qs else () for qs in unlocked_by],
        map(beaten.get, order, repeat(())),
        map(ctx.refreshers.__contains__, order),
        map(avoided.__contains__, order),
    ))


def _reasons(ctx: Context, position: dict[int, int], served_by: list[list[int]], step_names: list[str], avoided: frozenset[int]) -> list[str]:
    """Per step, in plan order, why it is there (see the module docstring); ``step_names`` are in plan order too."""
    index, order, refreshers = ctx.index, ctx.order, ctx.refreshers

    def needed(v: int) -> list[int]:
        """The steps whose clauses ``v`` meets, in plan order."""
        return [order[q] for q in served_by[position[v]]]

    multi_target = len(ctx.targets) > 1
    needed_by = {v: needed(v) for v in order} if multi_target else {}
    serves = _targets_served(ctx, needed_by)
    decided = {d.chosen for d in ctx.decisions}
    why = _choice_reasons(ctx, needed_by if multi_target else {c: needed(c) for c in decided})
    targets = frozenset(ctx.targets)
    only = ctx.targets[0] if not multi_target else None
    tails: dict[tuple[int, ...], str] = {}

    def listing(qs: list[int]) -> str:  # the names of the steps at positions ``qs``, as _names gives them
        k = len(qs)
        if k == 1:
            return step_names[qs[0]]
        if k == 2:
            return f"{step_names[qs[0]]} and {step_names[qs[1]]}"
        if k == 3:
            return f"{step_names[qs[0]]}, {step_names[qs[1]]}, {step_names[qs[2]]}"
        if k == 0:
            return ""
        return f"{step_names[qs[0]]}, {step_names[qs[1]]}, {step_names[qs[2]]} and {k - _LISTED} more"

    only_tail = f", for the target {index.names[only]}" if only is not None else None
    only_step = [position[only]] if only is not None else None
    target_steps = frozenset(position[t] for t in ctx.targets)

    def tail(v: int) -> str:  # ", for the target(s) ...", cached per target list
        if only_tail is not None:
            return only_tail
        key = tuple(serves(v))
        text = tails.get(key)
        if text is None:
            text = tails[key] = f", for the {'target' if len(key) == 1 else 'targets'} {_names(index, key)}"
        return text

    reasons = []
    append = reasons.append
    for v, nb in zip(order, served_by):
        if v in refreshers:
            reason = f"refresher at {REFRESHER_SHARE:.0%} of the hours, since you rated yourself a beginner; needed by {listing(nb)}{tail(v)}"
        elif v in targets:
            reason = "target" + (f"; also needed by {listing(nb)}" if nb else "")
        elif nb and (nb == only_step if only_step is not None else target_steps.issuperset(nb)):
            reason = f"needed by the {'target' if len(nb) == 1 else 'targets'} {listing(nb)}"
        else:
            reason = f"needed by {listing(nb)}{only_tail if only_tail is not None else tail(v)}"
        if v in why:
            reason += why[v]
        if v in avoided:
            reason += "; on your avoid list, but no plan does with fewer avoided nodes"
        append(reason)
    return reasons


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


def _unlocked(ctx: Context) -> list[list[int]]:
    """Per plan position, the positions of the steps it unlocks, ascending.

    A step *unlocks* a later one when it meets the last of that one's
    clauses to be met (:func:`_last_met`); refreshers, and steps whose every
    clause a confidently known node meets, are unlocked by none.  (What a
    step serves, ``needed_by``, is ``ctx.ordering.served``: the steps listing
    it among their serving children, so a refresher serves the clauses it
    stands in for, and no step serves a clause a confidently known node
    meets.)
    """
    index, order, refreshers = ctx.index, ctx.order, ctx.refreshers
    position = ctx.ordering.position
    # a step no known node is a prerequisite of, with one alternative per clause, has every
    # prerequisite among its children: it is ready when the last of them is done; the others
    # are worked out clause by clause
    last_met = list(ctx.ordering.last_child)
    requires, all_single = index.requires, index.all_single
    touched = index.touched(ctx.known) if ctx.known else ()
    confident = ctx.known - refreshers
    for q in [q for q, w in enumerate(order) if not all_single[w] or w in touched]:
        last_met[q] = _last_met(requires[order[q]], confident, position)
    for r in refreshers:
        if r in position:
            last_met[position[r]] = -1
    unlocked: list[list[int]] = [[] for _ in order]
    for q, p in enumerate(last_met):
        if p >= 0:
            unlocked[p].append(q)
    return unlocked


def _last_met(clauses, confident: frozenset[int], position: dict[int, int]) -> int:
    """The position of the step meeting the last of ``clauses`` to be met, or -1 if known nodes meet them all."""
    last = -1
    get = position.get
    for clause in clauses:
        if confident and not confident.isdisjoint(clause):
            continue
        if len(clause) == 1:
            met = get(clause[0], -1)
        else:
            met = min(map(get, clause, repeat(_UNPLACED)))
        if _UNPLACED > met > last:
            last = met
    return last


def _names(index: GraphIndex, nodes: Sequence[int]) -> str:
    names = [index.name(v) for v in nodes[:_LISTED]]
    if len(nodes) > _LISTED:
        return ", ".join(names) + f" and {len(nodes) - _LISTED} more"
    return " and ".join(names) if len(names) == 2 else ", ".join(names)


def _choice_reasons(ctx: Context, needed_by: dict[int, list[int]]) -> dict[int, str]:
    """"; chosen over X: why" for every step that won a decided clause.

    A step that won several clauses (PyTorch over TensorFlow for four
    different nodes) gets one sentence naming them all, not one per clause:
    that one choice serving every clause is precisely why it won.
    """
    index = ctx.index
    won: dict[int, list[int]] = {}
    for d, decision in enumerate(ctx.decisions):
        won.setdefault(decision.chosen, []).append(d)
    reasons: dict[int, str] = {}
    for c, ds in won.items():
        if len(ds) == 1:
            d = ds[0]
            decision = ctx.decisions[d]
            reasons[c] = f"; chosen over {_names(index, decision.others)}: {_why(ctx, d, decision, ctx.choices[d], needed_by)}"
            continue
        others = sorted({o for d in ds for o in ctx.decisions[d].others}, key=index.rank.__getitem__)
        served = list(dict.fromkeys(ctx.decisions[d].for_node for d in ds))
        text = f"; chosen over {_names(index, others)} for {_names(index, served)}: one choice serves them all"
        elsewhere = [w for w in needed_by.get(c, []) if w not in served]
        if elsewhere:
            text += f", and {index.name(c)} is also needed by {_names(index, elsewhere)}"
        reasons[c] = text
    return reasons


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
        return "same total effort; ties go to fewer steps, then to the plan whose choices are listed earlier in their clauses"
    return "the least total effort by the plan's weighing"


def _beaten(ctx: Context) -> dict[int, tuple[str, ...]]:
    """Per winning step, the alternatives it beat in any decided clause, by stage then id."""
    beaten: dict[int, set[int]] = {}
    for decision in ctx.decisions:
        beaten.setdefault(decision.chosen, set()).update(decision.others)
    return {v: tuple(ctx.index.ids[o] for o in sorted(others, key=ctx.index.rank.__getitem__)) for v, others in beaten.items()}
