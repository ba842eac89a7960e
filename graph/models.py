"""The one definition of a curriculum node and of a curriculum.

Every other layer (seed files, the interchange JSON, Neo4j, the planner, the
API) speaks these models; nothing re-declares their fields.

``requires`` keeps the shape a curriculum designer edits: a list of
*clauses*, all of which must hold; each clause is a list of alternative node
ids, any one of which satisfies it.  ``[["python"], ["pytorch", "tensorflow"]]``
reads "Python, and PyTorch or TensorFlow".
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "Clause",
    "Curriculum",
    "Kind",
    "Level",
    "AlternativeOffer",
    "Node",
    "NodeDetail",
    "NodeId",
    "Stage",
    "STAGE_ORDER",
    "FrozenModel",
    "MAX_EFFORT_HOURS",
]

#: More than five years of full-time study is a data-entry error, not an estimate.
MAX_EFFORT_HOURS = 10_000

#: A stable, URL-safe slug: lower-case words joined by single hyphens.
NodeId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]

#: One requirement clause: any one of these node ids satisfies it.
Clause = tuple[NodeId, ...]


class FrozenModel(BaseModel):
    """Project base: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(str, Enum):
    """What sort of thing a node is; Neo4j gets one label per kind."""

    TOPIC = "topic"  # a body of knowledge: linear algebra, CNNs, model drift
    SKILL = "skill"  # a practice one gets good at: clean code, communication
    TOOL = "tool"  # a library, framework, IDE or program: PyTorch, Git, Docker
    PLATFORM = "platform"  # a hosted service or learning site: AWS, Kaggle, Coursera
    CERTIFICATION = "certification"
    PROJECT = "project"  # a portfolio project
    ACTIVITY = "activity"  # a career activity: competitions, blogging, meetups
    EDUCATION = "education"  # formal degrees
    MILESTONE = "milestone"  # one per numbered step of the roadmap
    ROLE = "role"


class Level(str, Enum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Stage(str, Enum):
    """Where a node sits in the roadmap, in the roadmap's own order."""

    FOUNDATIONS = "foundations"  # step 1 and the educational foundation
    ML_CONCEPTS = "ml-concepts"  # step 2
    HANDS_ON = "hands-on"  # step 3
    FRAMEWORKS = "frameworks"  # step 4 and the tools chapter
    MLOPS = "mlops"  # step 5, cloud and big data
    PORTFOLIO = "portfolio"  # step 6
    NETWORK = "network"  # step 7
    CAREER = "career"  # certifications and the role itself


#: Position of each stage, used to group and sort plans deterministically.
STAGE_ORDER: dict[Stage, int] = {stage: i for i, stage in enumerate(Stage)}


class Node(FrozenModel):
    """One thing a learner can know, hold or have done."""

    id: NodeId
    name: Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
    kind: Kind
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    aliases: tuple[Annotated[str, StringConstraints(min_length=1, max_length=80)], ...] = ()
    stage: Stage
    level: Level = Level.BEGINNER
    effort_hours: Annotated[float, Field(ge=0, le=MAX_EFFORT_HOURS, allow_inf_nan=False)]
    resources: tuple[NodeId, ...] = Field(
        default=(),
        description="Ids of platform nodes the roadmap recommends for learning this node.",
    )
    source: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    requires: tuple[Clause, ...] = Field(
        default=(),
        description="AND of clauses; each clause is an OR of alternative node ids.",
    )


class Curriculum(FrozenModel):
    """The whole graph as one document: the interchange JSON's root."""

    nodes: tuple[Node, ...]


class AlternativeOffer(FrozenModel):
    """A clause of ``for_node`` in which a node is one of several alternatives."""

    for_node: NodeId
    clause: int
    alternatives: tuple[NodeId, ...]


class NodeDetail(FrozenModel):
    """A node with its neighbourhood: what ``mlpath show`` and ``GET /v1/nodes/{id}`` give."""

    node: Node
    unlocks: tuple[NodeId, ...] = Field(description="Nodes that list this one in a requirement clause.")
    alternative_in: tuple[AlternativeOffer, ...] = Field(description="Clauses where this node is one of several options.")


#: Names of the JSON formats ``graph.seed`` reads, for messages.
SourceFormat = Literal["seed-dir", "json"]
