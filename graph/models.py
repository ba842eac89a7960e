"""The one definition of a curriculum node and of a curriculum.

Every other layer (seed files, the interchange JSON, Neo4j, the planner, the
API) speaks these models; nothing re-declares their fields.

``requires`` keeps the shape a curriculum designer edits: a list of
*clauses*, all of which must hold; each clause is a list of alternative node
ids, any one of which satisfies it.  ``[["python"], ["pytorch", "tensorflow"]]``
reads "Python, and PyTorch or TensorFlow".

Three more relations say what a node *is* rather than what it needs:

* ``parts``: a whole consists of its parts (AND only).  Knowing the whole
  means knowing every part; learning it means learning the parts and then the
  whole's own ``effort_hours`` (putting them together).
* ``covers``: a course, or a course-based certification, teaches these nodes;
  completing it makes them known at the course's level, and any clause naming
  one of them is also met by the course.  Its ``requires`` are its entry
  prerequisites only.
* ``replaces``: ids this node retired; progress recorded on them carries over.

Stages are data: a curriculum lists its own :class:`Stage` definitions and
every node names one of them.
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
    "FORMAT",
    "FORMAT_V1",
    "LEGACY_STAGES",
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

#: The interchange format this version writes; ``FORMAT_V1`` documents (no
#: ``format`` key, stages from the original roadmap) are still read.
FORMAT = "mlpath-curriculum/2"
FORMAT_V1 = "mlpath-curriculum/1"


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
    COURSE = "course"  # a course that teaches (``covers``) other nodes
    EDUCATION = "education"  # formal degrees
    MILESTONE = "milestone"  # one per numbered step of the roadmap
    ROLE = "role"


class Level(str, Enum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Stage(FrozenModel):
    """A phase of a curriculum, in the curriculum's own order.

    Figures colour and sort by ``order``; plans group their steps by stage.
    """

    id: NodeId
    name: Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
    order: int = Field(ge=0, le=10_000, description="Position of the stage; smaller comes first.")
    description: Annotated[str, StringConstraints(max_length=2000)] = ""


#: The stages of the original ML-engineer roadmap.  Version 1 interchange
#: documents carried no stage definitions: their ``stage`` values were these ids.
LEGACY_STAGES: tuple[Stage, ...] = tuple(
    Stage(id=stage_id, name=name, order=order)
    for order, (stage_id, name) in enumerate((
        ("foundations", "Foundations"),
        ("ml-concepts", "ML concepts"),
        ("hands-on", "Hands-on practice"),
        ("frameworks", "Frameworks and tools"),
        ("mlops", "MLOps, cloud and big data"),
        ("portfolio", "Portfolio"),
        ("network", "Network"),
        ("career", "Career"),
    ))
)


class Node(FrozenModel):
    """One thing a learner can know, hold or have done."""

    id: NodeId
    name: Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
    kind: Kind
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    aliases: tuple[Annotated[str, StringConstraints(min_length=1, max_length=80)], ...] = ()
    stage: NodeId = Field(description="Id of one of the curriculum's stages.")
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
    parts: tuple[NodeId, ...] = Field(
        default=(),
        description="Nodes this whole consists of: knowing the whole means knowing each part.",
    )
    covers: tuple[NodeId, ...] = Field(
        default=(),
        description="Nodes a course teaches: completing it makes them known (courses and certifications only).",
    )
    replaces: tuple[NodeId, ...] = Field(
        default=(),
        description="Retired ids whose recorded progress now belongs to this node.",
    )


class Curriculum(FrozenModel):
    """The whole graph as one document: the interchange JSON's root."""

    format: Literal["mlpath-curriculum/2"] = FORMAT
    stages: tuple[Stage, ...] = Field(description="The curriculum's stages; every node names one.")
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
    part_of: tuple[NodeId, ...] = Field(default=(), description="Wholes that list this node among their parts.")
    covered_by: tuple[NodeId, ...] = Field(default=(), description="Courses that teach this node.")
    alternative_in: tuple[AlternativeOffer, ...] = Field(description="Clauses where this node is one of several options.")


#: Names of the JSON formats ``graph.seed`` reads, for messages.
SourceFormat = Literal["seed-dir", "json"]
