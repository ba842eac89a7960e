"""A :class:`~recommender.core.Solution` in words and ids: the :class:`~recommender.models.Plan`.

The only module that turns positions back into ids and names.  Per step:

* ``needed_by``: the plan steps whose clauses this step meets.
* ``unlocks``: the plan steps that become learnable the moment this step is
  done (it meets the last of their clauses to be met, in plan order).
* ``reason``: "needed by Deep Learning, for the target Machine Learning
  Engineer", plus, for a chosen alternative, why it won: "chosen over
  TensorFlow: 12 h less", "...: at least 12 h less", "...: PyTorch is also
  needed by Computer Vision", "...: preferred", "...: TensorFlow is avoided".

Speed: a plan on a 100k-node curriculum has 90k steps, so every per-step
pass here is written as columns (one C-level ``map`` per field, zipped into
steps at the end) and links are read off the ordering's position lists
rather than worked out per step; see :func:`build_steps`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter

from recommender.core import REFRESHER_SHARE, Solution
from recommender.index import CENTS, GraphIndex
from recommender.models import AlternativeChoice, NextSteps, Optimality, Plan, PlanStep, ReadyNode, trusted_step
from recommender.pricing import MAX_PRICED, PRICE_MAX_STEPS, Decision, Price
from recommender.schedule import total_weeks
from recommender.selection import NORMAL_FACTOR

__all__ = ["render_plan", "render_next_steps", "build_steps"]

_LISTED = 3
_UNPLACED = 1 << 62  # sorts after every plan position
#: Weighted cents per hour: the selection weighs a normal hour at NORMAL_FACTOR per cent.
_WEIGHTED_HOUR = CENTS * NORMAL_FACTOR


def render_plan(index: GraphIndex, solution: Solution) -> Plan:
    """The plan the learner reads."""
    request = solution.request
    ids, names = index.ids, index.names
    steps = build_steps(index, solution)
    choices = _choices(index, solution)
    avoided_used = tuple(ids[v] for v in solution.avoided_used)
    total = sum(solution.cents)
    return Plan.model_validate({
        "targets": tuple(ids[t] for t in request.targets),
        "known": tuple(sorted(ids[k] for k in request.known)),
        "known_implied": tuple(sorted(ids[k] for k in solution.known - request.known)),
        "steps": tuple(steps),
        "total_hours": total / CENTS,
        "weeks": total_weeks(total, request.hours_per_week, steps=len(steps)),
        "hours_per_week": request.hours_per_week,
        "matches": (),
        "unmatched": (),
        "alternatives": tuple(choices),
        "avoided_used": avoided_used,
        "notes": tuple(_notes(index, solution, names, avoided_used)),
        "optimality": _optimality(solution),
    })


def build_steps(index: GraphIndex, solution: Solution) -> list[PlanStep]:
    """One :class:`PlanStep` per ordered node.

    Speed: steps are built field by field: each field is a column in plan
    order, and the columns are zipped into steps at the end.  On a 90k-step
    plan a pass per field, mostly C-level ``map``, costs less than one Python
    iteration handling every field.  ``needed_by`` and ``unlocks`` are read
    off lists by position (the ordering's ``served`` and :func:`_unlocked`),
    already in plan order, rather than by filtering and sorting each step's
    dependents in the curriculum.  Steps are built with ``trusted_step``,
    without validation: every value comes from the validated curriculum.
    """
    order, ordering = solution.order, solution.ordering
    served_by, unlocked_by = ordering.served, _unlocked(index, solution)
    step_ids = list(map(index.ids.__getitem__, order))
    step_names = list(map(index.names.__getitem__, order))
    step_id = step_ids.__getitem__
    beaten = _beaten(index, solution.decisions)
    refreshers = solution.refreshers
    avoided = solution.request.avoided - refreshers  # a refresher revisits a known node: never an avoided step
    spans = solution.spans
    return list(map(
        trusted_step,
        range(1, len(order) + 1),
        step_ids,
        step_names,
        map(index.kinds.__getitem__, order),
        map(index.stages.__getitem__, order),
        [c / CENTS for c in solution.cents],
        map(itemgetter(0), spans),
        map(itemgetter(1), spans),
        _reasons(index, solution, step_names, avoided),
        [tuple(map(step_id, qs)) for qs in served_by],
        [tuple(map(step_id, qs)) if qs else () for qs in unlocked_by],
        map(beaten.get, order, repeat(())),
        map(refreshers.__contains__, order),
        map(avoided.__contains__, order),
    ))


# -- reasons ---------------------------------------------------------------------------


def _reasons(index: GraphIndex, solution: Solution, step_names: list[str], avoided: frozenset[int]) -> list[str]:
    """Per step, in plan order, why it is there (see the module docstring); ``step_names`` are in plan order too."""
    order, refreshers, position = solution.order, solution.refreshers, solution.ordering.position
    served_by = solution.ordering.served
    targets_open = solution.open_targets
    if not order:
        return []

    def needed(v: int) -> list[int]:
        """The steps whose clauses ``v`` meets, in plan order."""
        return [order[q] for q in served_by[position[v]]]

    multi_target = len(targets_open) > 1
    needed_by = {v: needed(v) for v in order} if multi_target else {}
    serves = _targets_served(solution, needed_by)
    decided = {d.chosen for d in solution.decisions}
    why = _choice_reasons(index, solution, needed_by if multi_target else {c: needed(c) for c in decided})
    targets = frozenset(targets_open) & position.keys()  # targets learned as steps of their own
    reaches: dict[int, list[int]] = {}  # a step meeting targets' goals: the target itself, or a course teaching it
    for target, step in zip(targets_open, solution.goal_steps):
        reaches.setdefault(step, []).append(target)
    only = targets_open[0] if not multi_target else None
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
    only_step = [position[only]] if only in targets else None
    target_steps = frozenset(position[t] for t in targets)

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
        elif v in reaches:
            covered = [t for t in reaches[v] if t != v]
            reason = "target" if v in targets else ""
            if covered:
                kind = "target" if len(covered) == 1 else "targets"
                reason += ("; it also " if reason else "") + f"covers the {kind} {_names(index, covered)}"
            reason += f"; also needed by {listing(nb)}" if nb else ""
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


def _targets_served(solution: Solution, needed_by: dict[int, list[int]]):
    """A function giving, per step, the targets it leads to, in request order."""
    targets = solution.open_targets
    if len(targets) == 1:
        # a minimal plan holds nothing the single target does not need
        only = list(targets)
        return lambda v: only
    bit = {t: 1 << i for i, t in enumerate(targets)}
    reached: dict[int, int] = {}  # per step meeting a goal, the bits of the targets it reaches
    for target, step in zip(targets, solution.goal_steps):
        reached[step] = reached.get(step, 0) | bit[target]
    mask: dict[int, int] = {}
    for v in reversed(solution.order):  # dependents come later in the order
        m = reached.get(v, 0)
        for w in needed_by[v]:
            m |= mask[w]
        mask[v] = m
    return lambda v: [t for t in targets if mask[v] & bit[t]]


def _unlocked(index: GraphIndex, solution: Solution) -> list[list[int]]:
    """Per plan position, the positions of the steps it unlocks, ascending.

    A step *unlocks* a later one when it meets the last of that one's
    clauses to be met (:func:`_last_met`); refreshers, and steps whose every
    clause a confidently known node meets, are unlocked by none.  (What a
    step serves, ``needed_by``, is the ordering's ``served``: the steps
    listing it among their serving children, so a refresher serves the
    clauses it stands in for, and no step serves a clause a confidently
    known node meets.)
    """
    order, refreshers, ordering = solution.order, solution.refreshers, solution.ordering
    position = ordering.position
    # Speed: a step no known node is a prerequisite of, with one alternative per clause, has
    # every prerequisite among its children: it is ready when the last of them is done; the
    # others are worked out clause by clause
    last_met = list(ordering.last_child)
    clauses, all_single = index.clauses, index.all_single
    touched = index.touched(solution.known) if solution.known else ()
    confident = solution.known - refreshers
    for q in [q for q, w in enumerate(order) if not all_single[w] or w in touched]:
        last_met[q] = _last_met(clauses[order[q]], confident, position)
    for r in refreshers:
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
    names = [index.names[v] for v in nodes[:_LISTED]]
    if len(nodes) > _LISTED:
        return ", ".join(names) + f" and {len(nodes) - _LISTED} more"
    return " and ".join(names) if len(names) == 2 else ", ".join(names)


def _choice_reasons(index: GraphIndex, solution: Solution, needed_by: dict[int, list[int]]) -> dict[int, str]:
    """"; chosen over X: why" for every step that won a decided clause.

    A step that won several clauses (PyTorch over TensorFlow for four
    different nodes) gets one sentence naming them all, not one per clause:
    that one choice serving every clause is precisely why it won.
    """
    decisions = solution.decisions
    won: dict[int, list[int]] = {}
    for d, decision in enumerate(decisions):
        won.setdefault(decision.chosen, []).append(d)
    reasons: dict[int, str] = {}
    for c, ds in won.items():
        if len(ds) == 1:
            d = ds[0]
            decision = decisions[d]
            reasons[c] = f"; chosen over {_names(index, decision.others)}: {_why(index, solution, decision, solution.prices[d], needed_by)}"
            continue
        others = sorted({o for d in ds for o in decisions[d].others}, key=index.rank.__getitem__)
        served = list(dict.fromkeys(decisions[d].for_node for d in ds))
        text = f"; chosen over {_names(index, others)} for {_names(index, served)}: one choice serves them all"
        elsewhere = [w for w in needed_by.get(c, []) if w not in served]
        if elsewhere:
            text += f", and {index.names[c]} is also needed by {_names(index, elsewhere)}"
        reasons[c] = text
    return reasons


def _why(index: GraphIndex, solution: Solution, decision: Decision, price: Price, needed_by: dict[int, list[int]]) -> str:
    request = solution.request
    c = decision.chosen
    elsewhere = [w for w in needed_by.get(c, []) if w != decision.for_node]
    if c in solution.open_targets:
        return f"{index.names[c]} is a target"
    if c in solution.goal_steps:
        return f"{index.names[c]} also covers a target"
    if elsewhere:
        return f"{index.names[c]} is also needed by {_names(index, elsewhere)}"
    if all(o in request.avoided for o in decision.others) and c not in request.avoided:
        return f"{_names(index, decision.others)} {'is' if len(decision.others) == 1 else 'are'} avoided"
    if c in request.preferred and not any(o in request.preferred for o in decision.others):
        return "preferred"
    if price.status == "impossible":
        return "no plan works without it"
    if price.status == "unpriced":
        return "the least total effort"
    extra = price.extra_cents / CENTS
    if price.status == "bound":
        if extra > 0:
            return f"at least {extra:g} h less"
        return "no other way costs less" if extra == 0 else "the least total effort found in the time allowed"
    if extra > 0:
        route = "" if price.runner_up is not None else " (the other way avoids this requirement altogether)"
        return f"{extra:g} h less{route}"
    if extra == 0:
        return "same total effort; ties go to fewer steps, then to the plan whose choices are listed earlier in their clauses"
    return "the least total effort by the plan's weighing"


def _beaten(index: GraphIndex, decisions: Sequence[Decision]) -> dict[int, tuple[str, ...]]:
    """Per winning step, the alternatives it beat in any decided clause, by stage then id."""
    beaten: dict[int, set[int]] = {}
    for decision in decisions:
        beaten.setdefault(decision.chosen, set()).update(decision.others)
    return {v: tuple(index.ids[o] for o in sorted(others, key=index.rank.__getitem__)) for v, others in beaten.items()}


# -- alternatives, notes, standing ------------------------------------------------------


def _choices(index: GraphIndex, solution: Solution) -> list[AlternativeChoice]:
    ids = index.ids
    return [
        AlternativeChoice(
            for_node=ids[decision.for_node],
            clause=decision.clause,
            chosen=ids[decision.chosen],
            runner_up=None if price.runner_up is None else ids[price.runner_up],
            extra_hours=None if price.extra_cents is None else price.extra_cents / CENTS,
            price=price.status,
        )
        for decision, price in zip(solution.decisions, solution.prices)
    ]


def _notes(index: GraphIndex, solution: Solution, names: tuple[str, ...], avoided_used: tuple[str, ...]) -> list[str]:
    notes = [f"{names[t]} is already known: nothing to learn for it" for t in solution.request.targets if t in solution.known]
    for b in sorted(solution.unused_beginners, key=index.rank.__getitem__):
        notes.append(f"no refresher for {names[b]}: the plan does not build on it")
    if avoided_used:
        listed = ", ".join(names[v] for v in solution.avoided_used)
        notes.append(f"uses {len(avoided_used)} avoided node(s) because no plan does with fewer: {listed}")
    statuses = [p.status for p in solution.prices]
    unpriced = statuses.count("unpriced")
    if unpriced and len(solution.order) > PRICE_MAX_STEPS:
        notes.append(f"{unpriced} of {len(statuses)} decided alternatives were not priced: the plan has more than {PRICE_MAX_STEPS} steps")
    elif unpriced and len(statuses) > MAX_PRICED:
        notes.append(f"{unpriced} of {len(statuses)} decided alternatives were not priced: only the first {MAX_PRICED} are priced")
    bounded = statuses.count("bound")
    if bounded:
        notes.append(f"{bounded} of {len(statuses)} decided alternatives are priced by a bound: their re-solves ran out of time")
    return notes


def _optimality(solution: Solution) -> Optimality:
    selection = solution.selection
    if selection is None:  # nothing to learn
        return Optimality(proven=True, lower_bound_hours=0.0, gap_hours=0.0)
    weighted = selection.weighted / _WEIGHTED_HOUR
    limit = solution.request.time_limit
    if selection.proven:
        summary = "the least effort, proven"
        if not selection.settled:
            summary += f"; the tie-breaks between equally good plans stopped at the {limit:g} s limit"
        return Optimality(proven=True, lower_bound_hours=weighted, gap_hours=0.0, ties_settled=selection.settled,
                          time_limit=None if selection.settled else limit, summary=summary)
    if selection.bound is None:
        return Optimality(proven=False, lower_bound_hours=None, gap_hours=None, ties_settled=False, time_limit=limit,
                          summary=f"not proven to be the least effort: the proof stopped at {limit:g} s")
    bound = selection.bound / _WEIGHTED_HOUR
    gap = (selection.weighted - selection.bound) / _WEIGHTED_HOUR
    within = f"within {math.ceil(100 * gap / bound)} % ({gap:g} h)" if bound > 0 else f"within {gap:g} h"
    return Optimality(proven=False, lower_bound_hours=bound, gap_hours=gap, ties_settled=False, time_limit=limit,
                      summary=f"{within} of the least effort; the proof stopped at {limit:g} s")


def render_next_steps(index: GraphIndex, known: frozenset[int], ready: Sequence[int], on_plan: frozenset[int]) -> NextSteps:
    """The outer fringe the learner reads: ``ready`` positions in order, marked when ``on_plan``."""
    return NextSteps(
        known=tuple(sorted(index.ids[k] for k in known)),
        ready=tuple(
            ReadyNode(id=index.ids[v], name=index.names[v], kind=index.kinds[v], hours=index.hours(v), on_plan=v in on_plan)
            for v in ready
        ),
    )
