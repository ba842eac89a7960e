"""``plan(graph, targets, ...)``: the least-effort learning plan, on node ids.

This module only checks the arguments and turns ids into positions;
:func:`recommender.core.solve` plans on positions and
:func:`recommender.render.render_plan` writes the plan.  Free text is the
business of :mod:`recommender.service`; here every item is an id (or, for
``prefer`` and ``avoid``, a node kind).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext

from graph.curriculum import CurriculumGraph
from graph.errors import InfeasiblePlanError, InvalidRequestError
from graph.models import Kind, Level
from recommender.collector import collector_paused
from recommender.core import Request, solve
from recommender.index import GraphIndex, index_for
from recommender.models import Plan
from recommender.render import render_plan

__all__ = ["plan", "positions"]

_KINDS = {kind.value: kind for kind in Kind}
#: Curricula from this many nodes pause the cycle collector while planning
#: (see :mod:`recommender.collector`); smaller plans allocate too little for
#: it to matter, and a server on the bundled curriculum never pauses it.
LARGE_CURRICULUM = 10_000


def plan(
    graph: CurriculumGraph,
    targets: str | Iterable[str],
    *,
    known: Iterable[str] = (),
    prefer: Iterable[str] = (),
    avoid: Iterable[str] = (),
    proficiency: Mapping[str, Level | str] | None = None,
    keep: Sequence[str] = (),
    hours_per_week: float = 10.0,
    time_limit: float = 10.0,
) -> Plan:
    """The least-effort plan that reaches every target, ordered and scheduled.

    Parameters
    ----------
    graph : the curriculum.
    targets : node ids to reach (one id may be given as a plain string).
    known : ids the learner knows; they and everything only they need drop out.
    prefer : ids or kinds that compete at 80 % of their hours among alternatives.
    avoid : ids or kinds used only if no plan does with fewer of them; a
        target named here by id is a contradiction (InfeasiblePlanError),
        a target merely of an avoided kind is exempt.
    proficiency : level per known id; ids listed here count as known, and a
        "beginner" one the plan builds on gets a refresher step (the parts
        of a beginner's whole, and what a beginner's course teaches, are at
        beginner level too).
    keep : the step ids of an earlier plan, in its order.  Among plans of
        equal effort and steps, the one keeping more of them wins, and kept
        steps keep their order wherever prerequisites allow, so ticking a
        step off does not reshuffle the rest.  Ids no longer in the
        curriculum are ignored.
    hours_per_week : the learner's weekly budget (0 < h <= 168).
    time_limit : seconds the whole plan may take.  When the proof of the
        least effort does not finish in time, the plan is the best one
        found and ``plan.optimality`` says how far from the least effort it
        may be.

    Raises
    ------
    UnknownNodeError : an id (or kind) is not in the curriculum.
    InvalidRequestError : a malformed argument (the message names it).
    InfeasiblePlanError : no plan reaches a target; ``blocking`` names why.

    Examples
    --------
    >>> from graph.curriculum import build_graph
    >>> from graph.models import Curriculum, LEGACY_STAGES, Node
    >>> def node(id, hours, requires=()):
    ...     return Node(id=id, name=id.title(), kind="topic", stage="foundations",
    ...                 effort_hours=hours, source="doctest", requires=requires)
    >>> g = build_graph(Curriculum(stages=LEGACY_STAGES, nodes=(node("a", 5), node("b", 3), node("c", 1, [["a", "b"]]))))
    >>> [step.id for step in plan(g, ["c"]).steps]
    ['b', 'c']
    >>> plan(g, ["c"], known=["a"]).total_hours
    1.0
    >>> plan(g, ["c"]).optimality.summary
    'the least effort, proven'
    """
    request = _plan_iv(graph, targets, known, prefer, avoid, proficiency, keep, hours_per_week, time_limit)
    index = index_for(graph)
    with collector_paused() if len(index.ids) >= LARGE_CURRICULUM else nullcontext():
        return render_plan(index, solve(index, request))


def _plan_iv(graph, targets, known, prefer, avoid, proficiency, keep, hours_per_week, time_limit) -> Request:
    """Check and normalise ``plan``'s arguments; errors name the argument."""
    if not isinstance(graph, CurriculumGraph):
        raise InvalidRequestError(f"`graph` must be a CurriculumGraph, not {type(graph).__name__}")
    index = index_for(graph)
    target_ids = positions(graph, index, "targets", [targets] if isinstance(targets, str) else targets)
    if not target_ids:
        raise InvalidRequestError("`targets` must name at least one node")
    levels = _levels(graph, index, proficiency)
    known_ids = frozenset(positions(graph, index, "known", known)) | frozenset(levels)
    preferred, preferred_kinds = _ids_or_kinds(graph, index, "prefer", prefer)
    avoided, avoided_kinds = _ids_or_kinds(graph, index, "avoid", avoid)
    both = sorted(index.ids[v] for v in preferred & avoided) + sorted(preferred_kinds & avoided_kinds)
    if both:
        raise InvalidRequestError(f"`prefer` and `avoid` both name {', '.join(both)}")
    named_targets = [t for t in target_ids if t in avoided and t not in known_ids]
    if named_targets:
        names = [index.ids[t] for t in named_targets]
        raise InfeasiblePlanError(f"the target(s) {', '.join(names)} are on the avoid list", names)
    target_set = frozenset(target_ids)
    return Request(
        targets=tuple(dict.fromkeys(target_ids)),
        known=known_ids,
        preferred=frozenset(preferred | _of_kinds(index, preferred_kinds)),
        avoided=frozenset((avoided | _of_kinds(index, avoided_kinds)) - target_set - known_ids),
        beginners=_beginners(index, known_ids, levels),
        keep=_kept(index, keep),
        hours_per_week=_positive("hours_per_week", hours_per_week, upper=168.0),
        time_limit=_positive("time_limit", time_limit),
    )


def positions(graph: CurriculumGraph, index: GraphIndex, name: str, items) -> list[int]:
    """The positions of ``items``, node ids given as the argument ``name``, in order.

    Raises :class:`InvalidRequestError` naming the argument for anything but
    a collection of strings, and :class:`UnknownNodeError` with close ids
    for an id not in the curriculum.
    """
    if isinstance(items, str):
        raise InvalidRequestError(f"`{name}` must be a collection of ids, not a string")
    result = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidRequestError(f"`{name}` must hold id strings, not {type(item).__name__}")
        graph.node(item)  # UnknownNodeError with suggestions
        result.append(index.position[item])
    return result


def _ids_or_kinds(graph: CurriculumGraph, index: GraphIndex, name: str, items) -> tuple[set[int], set[str]]:
    if isinstance(items, str):
        raise InvalidRequestError(f"`{name}` must be a collection of ids or kinds, not a string")
    ids: set[int] = set()
    kinds: set[str] = set()
    for item in items:
        if isinstance(item, str) and item in _KINDS and item not in index.position:
            kinds.add(item)
        else:
            ids.update(positions(graph, index, name, [item]))
    return ids, kinds


def _of_kinds(index: GraphIndex, kinds: set[str]) -> set[int]:
    if not kinds:
        return set()
    return {i for i, kind in enumerate(index.kinds) if kind.value in kinds}


def _beginners(index: GraphIndex, known: frozenset[int], levels: dict[int, Level]) -> frozenset[int]:
    """Known nodes at beginner level: those rated so, and what knowing them implies (a whole's parts, what a
    course teaches), unless also implied by something known with confidence."""
    rated = frozenset(k for k, level in levels.items() if level is Level.BEGINNER)
    if not rated:
        return rated
    return index.known_closure(rated) - index.known_closure(known - rated)


def _kept(index: GraphIndex, keep) -> tuple[int, ...]:
    """An earlier plan's step ids as positions, in order; ids no longer in the curriculum are skipped."""
    if isinstance(keep, str):
        raise InvalidRequestError("`keep` must be a sequence of step ids, not a string")
    kept = []
    for item in keep:
        if not isinstance(item, str):
            raise InvalidRequestError(f"`keep` must hold id strings, not {type(item).__name__}")
        if item in index.position:
            kept.append(index.position[item])
    return tuple(dict.fromkeys(kept))


def _levels(graph: CurriculumGraph, index: GraphIndex, proficiency) -> dict[int, Level]:
    if proficiency is None:
        return {}
    if not isinstance(proficiency, Mapping):
        raise InvalidRequestError("`proficiency` must map known ids to levels")
    levels = {}
    for node_id, level in proficiency.items():
        [i] = positions(graph, index, "proficiency", [node_id])
        try:
            levels[i] = Level(level)
        except ValueError:
            allowed = ", ".join(l.value for l in Level)
            raise InvalidRequestError(f"`proficiency` level {level!r} for {node_id!r} is not one of {allowed}") from None
    return levels


def _positive(name: str, value, *, upper: float = math.inf) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidRequestError(f"`{name}` must be a number, not {value!r}") from None
    if not (math.isfinite(number) and 0 < number <= upper):
        bound = f" and at most {upper:g}" if math.isfinite(upper) else ""
        raise InvalidRequestError(f"`{name}` must be finite, greater than 0{bound}; got {value!r}")
    return number
