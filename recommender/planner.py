"""``plan(graph, targets, ...)``: the least-effort learning plan, on node ids.

The steps, each in its own module: :mod:`~recommender.reduction` and
:mod:`~recommender.selection` choose the nodes exactly,
:mod:`~recommender.ordering` orders them, :mod:`~recommender.schedule` cuts
them into weeks, :mod:`~recommender.alternatives` prices the OR-choices and
:mod:`~recommender.explain` says why.  Free text is the business of
:mod:`recommender.service`; here every item is an id (or, for ``prefer`` and
``avoid``, a node kind).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass

from graph.curriculum import CurriculumGraph
from graph.errors import InfeasiblePlanError, InvalidRequestError
from graph.models import Kind, Level
from recommender.alternatives import decided_clauses, price
from recommender.collector import collector_paused
from recommender.explain import REFRESHER_SHARE, Context, build_steps
from recommender.index import CENTS, GraphIndex, index_for
from recommender.models import Plan
from recommender.ordering import order_steps, serving_children
from recommender.schedule import total_weeks, weeks_of
from recommender.selection import Selector

__all__ = ["plan"]

_KINDS = {kind.value: kind for kind in Kind}
#: Curricula from this many nodes pause the cycle collector while planning
#: (see :mod:`recommender.collector`); smaller plans allocate too little for
#: it to matter, and a server on the bundled curriculum never pauses it.
LARGE_CURRICULUM = 10_000


@dataclass(frozen=True)
class _Request:
    targets: tuple[int, ...]
    known: frozenset[int]
    preferred: frozenset[int]
    avoided: frozenset[int]
    beginners: frozenset[int]
    hours_per_week: float
    time_limit: float


def plan(
    graph: CurriculumGraph,
    targets: str | Iterable[str],
    *,
    known: Iterable[str] = (),
    prefer: Iterable[str] = (),
    avoid: Iterable[str] = (),
    proficiency: Mapping[str, Level | str] | None = None,
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
        "beginner" one the plan builds on gets a refresher step.
    hours_per_week : the learner's weekly budget (0 < h <= 168).
    time_limit : seconds the exact solver may spend.

    Raises
    ------
    UnknownNodeError : an id (or kind) is not in the curriculum.
    InvalidRequestError : a malformed argument (the message names it).
    InfeasiblePlanError : no plan reaches a target; ``blocking`` names why.
    PlanTimeoutError : the solver did not prove a plan optimal in time.

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
    """
    request = _plan_iv(graph, targets, known, prefer, avoid, proficiency, hours_per_week, time_limit)
    index = index_for(graph)
    requested = tuple(index.ids[t] for t in request.targets)
    known_ids = tuple(sorted(index.ids[k] for k in request.known))
    open_targets = tuple(t for t in request.targets if t not in request.known)
    notes = [f"{index.name(t)} is already known: nothing to learn for it" for t in request.targets if t in request.known]
    if not open_targets:
        return Plan(targets=requested, known=known_ids, steps=(), total_hours=0.0, weeks=0,
                    hours_per_week=request.hours_per_week, notes=tuple(notes))
    with collector_paused() if len(index.ids) >= LARGE_CURRICULUM else nullcontext():
        return _solve(index, request, open_targets, requested, known_ids, notes)


def _solve(index: GraphIndex, request: _Request, targets: tuple[int, ...], requested, known_ids, notes: list[str]) -> Plan:
    selector = Selector(index, targets, request.known, request.preferred, request.avoided, request.time_limit)
    nodes = selector.best().nodes
    refreshers = _refreshers(index, nodes, request)
    children = serving_children(index, nodes | refreshers if refreshers else nodes, request.known, refreshers)
    ordering = order_steps(children, targets)
    order, position = ordering.order, ordering.position
    cents = list(map(index.cents.__getitem__, order))
    for v in refreshers:
        if v in position:
            cents[position[v]] = _refresher_cents(index, v)
    decisions = decided_clauses(index, nodes, request.known, order)
    choices, priced, price_notes = price(index, decisions, selector, nodes)
    ctx = Context(index, ordering, targets, request.known, refreshers, request.preferred, request.avoided,
                  decisions, choices, priced)
    steps = build_steps(ctx, weeks_of(cents, request.hours_per_week), cents)
    avoided = request.avoided
    avoided_used = tuple(index.ids[v] for v in order if v in avoided and v not in refreshers) if avoided else ()
    notes += _notes(index, request, nodes, refreshers, avoided_used) + price_notes
    total = sum(cents)
    return Plan.model_validate({
        "targets": requested,
        "known": known_ids,
        "steps": tuple(steps),
        "total_hours": total / CENTS,
        "weeks": total_weeks(total, request.hours_per_week, steps=len(steps)),
        "hours_per_week": request.hours_per_week,
        "matches": (),
        "unmatched": (),
        "alternatives": tuple(choices),
        "avoided_used": avoided_used,
        "notes": tuple(notes),
    })


def _refresher_cents(index: GraphIndex, v: int) -> int:
    return round(index.cents[v] * REFRESHER_SHARE)


def _refreshers(index: GraphIndex, nodes: frozenset[int], request: _Request) -> frozenset[int]:
    """Beginner-rated known nodes that some plan step builds on.

    A step builds on a known node when it meets one of the step's clauses and
    no plan step or confidently known node meets that clause as well.
    """
    if not request.beginners:
        return frozenset()
    confident = request.known - request.beginners
    used = set()
    for v in nodes:
        for clause in index.requires[v]:
            if any(a in confident or a in nodes for a in clause):
                continue
            used.update(a for a in clause if a in request.beginners)
    return frozenset(used)


def _notes(index: GraphIndex, request: _Request, nodes, refreshers, avoided_used) -> list[str]:
    notes = []
    for b in sorted(request.beginners - refreshers, key=index.rank.__getitem__):
        notes.append(f"no refresher for {index.name(b)}: the plan does not build on it")
    if avoided_used:
        names = ", ".join(index.name(index.position[a]) for a in avoided_used)
        notes.append(f"uses {len(avoided_used)} avoided node(s) because no plan does with fewer: {names}")
    return notes


def _plan_iv(graph, targets, known, prefer, avoid, proficiency, hours_per_week, time_limit) -> _Request:
    """Check and normalise ``plan``'s arguments; errors name the argument."""
    if not isinstance(graph, CurriculumGraph):
        raise InvalidRequestError(f"`graph` must be a CurriculumGraph, not {type(graph).__name__}")
    index = index_for(graph)
    target_ids = _ids(graph, index, "targets", [targets] if isinstance(targets, str) else targets)
    if not target_ids:
        raise InvalidRequestError("`targets` must name at least one node")
    levels = _levels(graph, index, proficiency)
    known_ids = frozenset(_ids(graph, index, "known", known)) | frozenset(levels)
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
    return _Request(
        targets=tuple(dict.fromkeys(target_ids)),
        known=known_ids,
        preferred=frozenset(preferred | _of_kinds(index, preferred_kinds)),
        avoided=frozenset((avoided | _of_kinds(index, avoided_kinds)) - target_set - known_ids),
        beginners=frozenset(k for k, level in levels.items() if level is Level.BEGINNER),
        hours_per_week=_positive("hours_per_week", hours_per_week, upper=168.0),
        time_limit=_positive("time_limit", time_limit),
    )


def _ids(graph: CurriculumGraph, index: GraphIndex, name: str, items) -> list[int]:
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
            ids.update(_ids(graph, index, name, [item]))
    return ids, kinds


def _of_kinds(index: GraphIndex, kinds: set[str]) -> set[int]:
    if not kinds:
        return set()
    return {i for i, kind in enumerate(index.kind) if kind in kinds}


def _levels(graph: CurriculumGraph, index: GraphIndex, proficiency) -> dict[int, Level]:
    if proficiency is None:
        return {}
    if not isinstance(proficiency, Mapping):
        raise InvalidRequestError("`proficiency` must map known ids to levels")
    levels = {}
    for node_id, level in proficiency.items():
        [i] = _ids(graph, index, "proficiency", [node_id])
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
