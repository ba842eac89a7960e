"""The one definition of a plan request, a skill match and a plan.

The CLI prints these (``--json`` is ``model_dump_json``), the API returns
them as its response models, and the visualisation draws them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator
from pydantic.dataclasses import dataclass

from graph.learners import HoursPerWeek
from graph.models import FrozenModel, Kind, Level, NodeId

__all__ = [
    "AlternativeChoice",
    "MatchMethod",
    "MatchStatus",
    "NextSteps",
    "Optimality",
    "Plan",
    "PlanRequest",
    "PlanStep",
    "PriceStatus",
    "ReadyNode",
    "SkillMatch",
    "Suggestion",
    "SuggestionBasis",
    "trusted_step",
    "MAX_ITEMS",
    "MAX_TEXT",
]

#: Bounds shared by the CLI and the API so one request means the same everywhere.
MAX_ITEMS = 200
MAX_TEXT = 5_000

RequestItem = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
MatchMethod = Literal["id", "name", "alias", "typo", "paraphrase", "none"]
MatchStatus = Literal["matched", "not-in-curriculum"]
SuggestionBasis = Literal["related", "contains", "similar"]
PriceStatus = Literal["exact", "bound", "impossible", "unpriced"]


class Suggestion(FrozenModel):
    """A node offered to a learner whose text matched nothing: a suggestion, never a match."""

    id: NodeId
    name: str
    score: float = Field(description="How close, 0 to 1: 1 for a related node, else textual similarity.")
    basis: SuggestionBasis = Field(
        default="similar",
        description="related: the text names a known thing outside the curriculum that this node is related to; "
                    "contains: the text contains this node's label as part of another name; "
                    "similar: the wording resembles this node's.")


class SkillMatch(FrozenModel):
    """How one piece of user text resolved to a node, or why it did not.

    ``status`` separates the two answers a caller presents differently:
    ``matched`` (``id`` is the node, ``confidence`` how sure) and
    ``not-in-curriculum`` (no node; ``known_as`` names what the text is when
    the matcher recognises it, and ``suggestions`` are only suggestions).
    ``start``/``end`` locate the words in the text that was matched, and
    ``level`` is the level the text states for the skill ("familiar with":
    beginner), for a caller to propose and a learner to confirm.
    """

    query: str
    id: NodeId | None = None
    name: str | None = None
    confidence: float = Field(default=0.0, description="Calibrated: of matches at 0.8 or more, about 95 % or more are right.")
    method: MatchMethod = "none"
    status: MatchStatus = "not-in-curriculum"
    start: int | None = Field(default=None, description="Character offset of the matched words in the text.")
    end: int | None = None
    level: Level | None = Field(default=None, description="The level the text states for this skill, if any.")
    known_as: str | None = Field(default=None, description="What the text names, when it is known to be outside the curriculum.")
    suggestions: tuple[Suggestion, ...] = ()

    @model_validator(mode="after")
    def _status_follows_id(self):
        if (self.id is not None) != (self.status == "matched"):
            raise ValueError("a match has an id and status 'matched'; anything else has neither")
        return self


class PlanRequest(FrozenModel):
    """What a learner asks for.  Items are node ids or free text."""

    known: tuple[RequestItem, ...] = Field(default=(), max_length=MAX_ITEMS)
    targets: tuple[RequestItem, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    hours_per_week: HoursPerWeek = 10.0
    prefer: tuple[RequestItem, ...] = Field(default=(), max_length=MAX_ITEMS, description="Node ids or kinds to favour among alternatives.")
    avoid: tuple[RequestItem, ...] = Field(default=(), max_length=MAX_ITEMS, description="Node ids or kinds to use only if nothing else works.")
    proficiency: dict[RequestItem, Level] = Field(default_factory=dict, max_length=MAX_ITEMS, description="Self-rated level per known skill; 'beginner' may add a refresher step.")


class AlternativeChoice(FrozenModel):
    """An OR-clause the plan had to decide, and what the other way would cost."""

    for_node: NodeId = Field(description="The node whose requirement clause offered the choice.")
    clause: int
    chosen: NodeId
    runner_up: NodeId | None = Field(default=None, description="The alternative a plan without the chosen one uses for this clause (None: that plan no longer needs the clause's node, or there is no such plan).")
    extra_hours: float | None = Field(default=None, description="Extra total hours of the best plan without the chosen alternative for this clause: exactly this many when `price` is 'exact', at least this many when 'bound'.")
    price: PriceStatus = Field(default="exact", description="'exact'; 'bound' when the re-solve stopped at the time budget, so `extra_hours` is a proven lower bound; 'impossible' when no plan does without the choice; 'unpriced' past the pricing limits.")


class Optimality(FrozenModel):
    """How the plan stands against the least possible effort.

    Effort is weighed as the plan was chosen: a preferred node at 80 % of
    its hours, so with ``prefer`` the figures are weighted hours.
    """

    proven: bool = Field(default=True, description="The plan's effort is proven to be the least possible.")
    lower_bound_hours: float | None = Field(default=None, description="A proven lower bound on the least effort; the plan's own effort when proven; None when no bound is known (an unsettled choice of avoided nodes).")
    gap_hours: float | None = Field(default=0.0, description="The most hours the plan can be above the least effort: 0 when proven, None when unknown.")
    ties_settled: bool = Field(default=True, description="Among plans of equal effort, the documented tie-breaks picked this one (false when the time limit stopped them).")
    time_limit: float | None = Field(default=None, description="The seconds the proof had, when it stopped at them.")
    summary: str = Field(default="the least effort, proven", description="The standing in words.")


# A slotted pydantic dataclass rather than a ``BaseModel``: a 100k-node
# curriculum gives plans of 90k steps, and each ``BaseModel`` instance carries
# a ``__dict__`` and a fields-set, three objects for the cycle collector to
# trace instead of one.  Fields, validation, JSON and the OpenAPI schema are
# those of a model.  The planner builds its steps with :func:`trusted_step`.
@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class PlanStep:
    """One node to learn: where it falls in the plan and why it is there."""

    position: int
    id: NodeId
    name: str
    kind: Kind
    stage: NodeId
    hours: float
    start_week: int
    end_week: int
    reason: str
    needed_by: tuple[NodeId, ...] = ()
    unlocks: tuple[NodeId, ...] = ()
    chosen_over: tuple[NodeId, ...] = ()
    refresher: bool = False
    avoided: bool = False


def _trusted_step_constructor():
    """A positional :class:`PlanStep` constructor that skips validation.

    The planner builds every step from a validated curriculum, with ids,
    kinds and stages taken from it and counts it computed, so validating
    them again only costs time: on a 90k-step plan, validation took about
    a fifth of the whole plan.  This is :meth:`BaseModel.model_construct` for
    a dataclass, which pydantic does not provide: a bare instance whose slots
    are filled through their descriptors (a frozen class forbids only
    ``setattr``).  Anything from outside (request bodies, saved ``--json``
    plans) still goes through ``PlanStep(...)`` or a ``TypeAdapter`` and is
    validated; a test checks that validating what this builds gives it back.
    """
    new = object.__new__
    (set_position, set_id, set_name, set_kind, set_stage, set_hours, set_start_week, set_end_week, set_reason,
     set_needed_by, set_unlocks, set_chosen_over, set_refresher, set_avoided) = (
        getattr(PlanStep, name).__set__ for name in PlanStep.__dataclass_fields__)

    def trusted_step(position: int, id: str, name: str, kind: Kind, stage: str, hours: float,
                     start_week: int, end_week: int, reason: str, needed_by: tuple[str, ...],
                     unlocks: tuple[str, ...], chosen_over: tuple[str, ...], refresher: bool, avoided: bool) -> PlanStep:
        step = new(PlanStep)
        set_position(step, position)
        set_id(step, id)
        set_name(step, name)
        set_kind(step, kind)
        set_stage(step, stage)
        set_hours(step, hours)
        set_start_week(step, start_week)
        set_end_week(step, end_week)
        set_reason(step, reason)
        set_needed_by(step, needed_by)
        set_unlocks(step, unlocks)
        set_chosen_over(step, chosen_over)
        set_refresher(step, refresher)
        set_avoided(step, avoided)
        return step

    return trusted_step


#: Build a :class:`PlanStep` from trusted values, every field given in declaration order.
trusted_step = _trusted_step_constructor()


class Plan(FrozenModel):
    targets: tuple[NodeId, ...]
    known: tuple[NodeId, ...] = Field(description="What the learner said they know, as node ids (rated skills included), sorted.")
    known_implied: tuple[NodeId, ...] = Field(
        default=(),
        description="Also known, because a known whole consists of them or a finished course taught them "
                    "(transitively), sorted; none of them is a step.")
    steps: tuple[PlanStep, ...]
    total_hours: float
    weeks: int
    hours_per_week: float
    matches: tuple[SkillMatch, ...] = ()
    unmatched: tuple[SkillMatch, ...] = ()
    alternatives: tuple[AlternativeChoice, ...] = ()
    avoided_used: tuple[NodeId, ...] = ()
    notes: tuple[str, ...] = ()
    optimality: Optimality = Field(default_factory=Optimality)
    in_progress: tuple[NodeId, ...] = Field(default=(), description="Steps a saved learner marked as being learned (empty for a plan without a profile).")


class ReadyNode(FrozenModel):
    id: NodeId
    name: str
    kind: Kind
    hours: float
    on_plan: bool = False


class NextSteps(FrozenModel):
    """The outer fringe: everything learnable now given what is known."""

    known: tuple[NodeId, ...]
    ready: tuple[ReadyNode, ...]
    matches: tuple[SkillMatch, ...] = ()
    unmatched: tuple[SkillMatch, ...] = ()
