"""The one definition of a learner: who they are to mlpath, what they know, what they aim at.

A learner is a knowledge state (one :class:`Mark` per node they said
something about) plus what they want (targets, weekly hours, preferences)
and a version number that every change increments.  The stores
(:mod:`graph.learner_store`, :mod:`graph.neo4j.learner_store`) keep it, the
API and the CLI show it, and :mod:`recommender.learner_plan` turns it into
planner input; none of them re-declares its fields.

Marks are kept by node id whatever the curriculum does.  :func:`fit` reads
them against one curriculum: a mark on an id the curriculum retired counts
for the node that ``replaces`` it, and a mark on an id that vanished without
a replacement is kept and reported as orphaned, never dropped.

The functions here are pure: they take a learner and return a new one, and
the stores only persist what they return, so both stores apply exactly the
same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from graph.curriculum import CurriculumGraph
from graph.errors import InvalidRequestError
from graph.models import FrozenModel, Kind, Level, NodeId

__all__ = [
    "Carried",
    "Fit",
    "HoursPerWeek",
    "KnownNode",
    "Learner",
    "LearnerChanges",
    "LearnerDraft",
    "LearnerExport",
    "LearnerId",
    "LearnerView",
    "Mark",
    "MarkChange",
    "Progress",
    "Source",
    "Status",
    "MAX_HOURS_PER_WEEK",
    "MAX_ITEMS",
    "MAX_MARKS",
    "MIN_HOURS_PER_WEEK",
    "Edit",
    "check_new_items",
    "edit",
    "export_document",
    "fit",
    "imported_learner",
    "new_learner",
    "view",
]

#: Items per list in one request body, as in a plan request.
MAX_ITEMS = 200
#: Marks one learner may hold: more than any curriculum a person works through,
#: small enough that one profile stays one small document.
MAX_MARKS = 20_000

#: 128 random bits, hex: unguessable, URL-safe, and a fixed shape a route can check.
LearnerId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

#: Weekly study time.  Half an hour is the least that makes a schedule of
#: weeks meaningful; 80 hours is two full-time jobs.  Outside that, weeks
#: become nonsense (1e-300 hours a week gave week numbers of 10^17).
MIN_HOURS_PER_WEEK = 0.5
MAX_HOURS_PER_WEEK = 80.0
HoursPerWeek = Annotated[float, Field(ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK, allow_inf_nan=False,
                                      description="Weekly study time, from 0.5 to 80 hours.")]

#: A node id or a node kind ("certification"), as ``prefer`` and ``avoid`` take them.
Preference = NodeId

_KINDS = frozenset(kind.value for kind in Kind)


class Status(str, Enum):
    """What a learner says about one node."""

    KNOWN = "known"  # knew it before: never on their plan
    LEARNING = "learning"  # working on it now: stays on the plan, marked in progress
    DONE = "done"  # finished it (usually as a plan step): counts as known
    SKIPPED = "skipped"  # does not want it: the plan goes round it where the curriculum allows


class Source(str, Enum):
    """Where a mark came from."""

    SELF_REPORTED = "self-reported"
    PLAN_STEP = "plan-step"
    IMPORTED = "imported"


class Mark(FrozenModel):
    """One node's status for one learner, when it last changed and who said so."""

    node: NodeId
    status: Status
    level: Level | None = Field(default=None, description="Self-rated level; none when not given.")
    at: AwareDatetime = Field(description="When this mark last changed (UTC).")
    source: Source

    @field_validator("at")
    @classmethod
    def _utc(cls, at: datetime) -> datetime:
        return at.astimezone(timezone.utc)


class MarkChange(FrozenModel):
    """One mark as a client sends it; ``status: null`` removes the node's mark.

    A change without ``level`` keeps the level the node already had.
    ``imported`` is not a source a client can claim: only an import sets it.
    """

    node: NodeId
    status: Status | None
    level: Level | None = None
    source: Literal[Source.SELF_REPORTED, Source.PLAN_STEP] = Source.SELF_REPORTED


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _once_each(nodes: Iterable[str]) -> None:
    """A batch names each node once: two marks for one node would make the outcome depend on order."""
    seen: set[str] = set()
    twice: set[str] = set()
    for node in nodes:
        (twice if node in seen else seen).add(node)
    if twice:
        raise ValueError(f"each node may appear once; {', '.join(sorted(twice))} appear more than once")


def _disjoint(prefer: Iterable[str], avoid: Iterable[str]) -> None:
    both = sorted(set(prefer) & set(avoid))
    if both:
        raise ValueError(f"`prefer` and `avoid` both name {', '.join(both)}")


class Progress(FrozenModel):
    """A batch of marks: written all together or not at all."""

    marks: tuple[MarkChange, ...] = Field(min_length=1, max_length=MAX_ITEMS)

    @field_validator("marks")
    @classmethod
    def _one_per_node(cls, marks: tuple[MarkChange, ...]) -> tuple[MarkChange, ...]:
        _once_each(m.node for m in marks)
        return marks


class KnownNode(FrozenModel):
    node: NodeId
    level: Level | None = None


class LearnerDraft(FrozenModel):
    """What creating a learner takes: ids (free text is resolved by ``/v1/match`` first)."""

    targets: tuple[NodeId, ...] = Field(min_length=1, max_length=MAX_ITEMS, description="Node ids to reach.")
    hours_per_week: HoursPerWeek = 10.0
    prefer: tuple[Preference, ...] = Field(default=(), max_length=MAX_ITEMS, description="Node ids or kinds to favour among alternatives.")
    avoid: tuple[Preference, ...] = Field(default=(), max_length=MAX_ITEMS, description="Node ids or kinds to use only if nothing else works.")
    known: tuple[KnownNode, ...] = Field(default=(), max_length=MAX_ITEMS, description="Nodes already known, with an optional level.")

    @field_validator("targets", "prefer", "avoid")
    @classmethod
    def _no_repeats(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(items)

    @field_validator("known")
    @classmethod
    def _known_once(cls, known: tuple[KnownNode, ...]) -> tuple[KnownNode, ...]:
        _once_each(k.node for k in known)
        return known

    @model_validator(mode="after")
    def _consistent(self) -> LearnerDraft:
        _disjoint(self.prefer, self.avoid)
        return self


class LearnerChanges(FrozenModel):
    """A partial update: every field given replaces the stored one; absent fields stay."""

    targets: tuple[NodeId, ...] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS)
    hours_per_week: HoursPerWeek | None = None
    prefer: tuple[Preference, ...] | None = Field(default=None, max_length=MAX_ITEMS)
    avoid: tuple[Preference, ...] | None = Field(default=None, max_length=MAX_ITEMS)

    @field_validator("targets", "prefer", "avoid")
    @classmethod
    def _no_repeats(cls, items: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if items is None else _unique(items)


class Learner(FrozenModel):
    """A learner as stored: the same document in both stores, the API and the CLI."""

    id: LearnerId
    version: int = Field(ge=1, description="Incremented by every change; the ETag of the profile.")
    created_at: AwareDatetime
    updated_at: AwareDatetime
    targets: tuple[NodeId, ...] = Field(default=(), description="Node ids to reach; empty until the learner chooses.")
    hours_per_week: HoursPerWeek = 10.0
    prefer: tuple[Preference, ...] = ()
    avoid: tuple[Preference, ...] = ()
    marks: tuple[Mark, ...] = Field(default=(), max_length=MAX_MARKS, description="One mark per node, sorted by node id.")

    @field_validator("marks")
    @classmethod
    def _sorted_and_unique(cls, marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
        ordered = tuple(sorted(marks, key=lambda m: m.node))
        if len({m.node for m in ordered}) != len(ordered):
            raise ValueError("a learner holds at most one mark per node")
        return ordered

    @model_validator(mode="after")
    def _consistent(self) -> Learner:
        if len(set(self.targets)) != len(self.targets):
            raise ValueError("`targets` repeats an id")
        _disjoint(self.prefer, self.avoid)
        return self

    def mark(self, node_id: str) -> Mark | None:
        """This learner's mark on ``node_id``, if any."""
        for m in self.marks:
            if m.node == node_id:
                return m
        return None


class LearnerExport(FrozenModel):
    """A whole profile as one JSON document: what ``export`` writes and ``import`` reads.

    The token never travels: an import is given a new one.
    """

    format: Literal["mlpath-learner"] = "mlpath-learner"
    format_version: Literal[1] = 1
    exported_at: AwareDatetime
    learner: Learner
    plan_order: tuple[NodeId, ...] = Field(default=(), max_length=MAX_MARKS,
                                           description="Step ids of the last plan shown, in order; keeps the next plan stable.")


class Carried(FrozenModel):
    """A stored id the curriculum retired, and the node that now stands for it."""

    retired: NodeId
    replacement: NodeId


class LearnerView(Learner):
    """A learner as a curriculum sees it: what ``GET /v1/learners/{id}`` and ``mlpath learner show`` give."""

    carried: tuple[Carried, ...] = Field(description="Retired ids among the learner's marks, targets and preferences, and their replacements.")
    orphaned: tuple[NodeId, ...] = Field(description="Ids the learner holds that the curriculum neither lists nor replaces; kept, and ignored by plans.")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def new_learner(learner_id: str, draft: LearnerDraft | None, *, now: datetime) -> Learner:
    """Version 1 of a learner from a creation request; known nodes are self-reported marks.

    Without a draft: a profile with no targets and no marks yet, as the
    command line makes when the first mark comes before ``learner new``.
    """
    if draft is None:
        return Learner(id=learner_id, version=1, created_at=now, updated_at=now)
    marks = tuple(Mark(node=k.node, status=Status.KNOWN, level=k.level, at=now, source=Source.SELF_REPORTED)
                  for k in draft.known)
    return Learner(id=learner_id, version=1, created_at=now, updated_at=now, targets=draft.targets,
                   hours_per_week=draft.hours_per_week, prefer=draft.prefer, avoid=draft.avoid, marks=marks)


def imported_learner(document: LearnerExport, *, learner_id: str, now: datetime) -> Learner:
    """The learner of an export document as a new profile: version 1, every mark now ``imported``.

    Each mark keeps the time it last changed; only its source records the move.
    """
    learner = document.learner
    marks = tuple(m.model_copy(update={"source": Source.IMPORTED}) for m in learner.marks)
    return learner.model_copy(update={"id": learner_id, "version": 1, "updated_at": now, "marks": marks})


def export_document(learner: Learner, plan_order: Sequence[str], *, now: datetime) -> LearnerExport:
    return LearnerExport(exported_at=now, learner=learner, plan_order=tuple(plan_order))


@dataclass(frozen=True)
class Edit:
    """One write, as a store must persist it: the learner after it, and what differs.

    ``marks`` are upserted, ``removed`` are node ids whose marks go, and
    ``profile`` says whether targets, hours or preferences changed.  The
    version and ``updated_at`` come from ``learner``.
    """

    learner: Learner
    marks: tuple[Mark, ...] = ()
    removed: tuple[str, ...] = ()
    profile: bool = False


def edit(learner: Learner, *, changes: LearnerChanges | None = None, marks: Sequence[MarkChange] = (),
         now: datetime) -> Edit | None:
    """The learner after replacing profile fields and applying a batch of marks, as one change.

    ``None`` when nothing differs: a mark that stays as it was (same status
    and level) keeps its time, and fields equal to the stored ones are no
    change, so retrying a write is harmless and does not bump the version.
    A mark without a level keeps the node's level.
    """
    profile = _changed_fields(learner, changes) if changes is not None else {}
    current = {m.node: m for m in learner.marks}
    upserted: list[Mark] = []
    removed: list[str] = []
    for change in marks:
        before = current.get(change.node)
        if change.status is None:
            if before is not None:
                removed.append(change.node)
                del current[change.node]
            continue
        level = change.level if change.level is not None else (before.level if before else None)
        if before is not None and before.status is change.status and before.level is level:
            continue
        mark = Mark(node=change.node, status=change.status, level=level, at=now, source=change.source)
        current[change.node] = mark
        upserted.append(mark)
    if not (profile or upserted or removed):
        return None
    if len(current) > MAX_MARKS:
        raise InvalidRequestError(f"a learner holds at most {MAX_MARKS} marks; this batch would make {len(current)}")
    after = learner.model_copy(update={**profile, "marks": tuple(sorted(current.values(), key=lambda m: m.node)),
                                       "version": learner.version + 1, "updated_at": now})
    return Edit(after, tuple(upserted), tuple(removed), profile=bool(profile))


def _changed_fields(learner: Learner, changes: LearnerChanges) -> dict[str, object]:
    """The fields ``changes`` gives that differ from the learner's, checked together."""
    update = {name: value for name in LearnerChanges.model_fields
              if (value := getattr(changes, name)) is not None and value != getattr(learner, name)}
    try:
        _disjoint(update.get("prefer", learner.prefer), update.get("avoid", learner.avoid))
    except ValueError as exc:
        raise InvalidRequestError(str(exc)) from None
    return update


def check_new_items(graph: CurriculumGraph, *, nodes: Iterable[str] = (), preferences: Iterable[str] = ()) -> None:
    """Refuse ids a client wants to add that the curriculum does not list.

    ``preferences`` may also be node kinds.  Raises
    :class:`~graph.errors.UnknownNodeError` with close ids for the first
    unknown one.  Stored ids are never checked again: only new input is.
    """
    for node_id in nodes:
        graph.node(node_id)
    for item in preferences:
        if item not in _KINDS:
            graph.node(item)


@dataclass(frozen=True)
class Fit:
    """A learner read against one curriculum, every id translated to a node it lists.

    ``marks`` maps node ids to marks: a node's own mark wins over one carried
    from an id it replaces.  Targets and preferences keep their order,
    without repeats.
    """

    marks: Mapping[str, Mark]
    targets: tuple[str, ...]
    prefer: tuple[str, ...]
    avoid: tuple[str, ...]
    carried: tuple[Carried, ...]
    orphaned: tuple[str, ...]
    orphaned_marks: tuple[Mark, ...]


def fit(learner: Learner, graph: CurriculumGraph) -> Fit:
    """Translate the learner's stored ids to ``graph``: carry retired ones, set aside vanished ones."""
    replacement_of = graph.replaced_by
    carried: dict[str, str] = {}
    orphaned: dict[str, None] = {}

    def resolve(item: str, *, kinds_allowed: bool = False) -> str | None:
        if item in graph.nodes or (kinds_allowed and item in _KINDS):
            return item
        if item in replacement_of:
            carried[item] = replacement_of[item]
            return replacement_of[item]
        orphaned[item] = None
        return None

    own = {m.node: m for m in learner.marks if m.node in graph.nodes}
    marks = dict(own)
    orphaned_marks = []
    for m in learner.marks:
        if m.node in own:
            continue
        target = resolve(m.node)
        if target is None:
            orphaned_marks.append(m)
        elif target not in own:
            marks[target] = m.model_copy(update={"node": target})

    def translated(items: Iterable[str], *, kinds_allowed: bool = False) -> tuple[str, ...]:
        return _unique([t for t in (resolve(i, kinds_allowed=kinds_allowed) for i in items) if t is not None])

    return Fit(
        marks=dict(sorted(marks.items())),
        targets=translated(learner.targets),
        prefer=translated(learner.prefer, kinds_allowed=True),
        avoid=translated(learner.avoid, kinds_allowed=True),
        carried=tuple(Carried(retired=old, replacement=new) for old, new in sorted(carried.items())),
        orphaned=tuple(sorted(orphaned)),
        orphaned_marks=tuple(orphaned_marks),
    )


def view(learner: Learner, graph: CurriculumGraph) -> LearnerView:
    fitted = fit(learner, graph)
    return LearnerView(**dict(learner), carried=fitted.carried, orphaned=fitted.orphaned)
