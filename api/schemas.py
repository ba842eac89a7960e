"""Shapes that exist only because of HTTP.

Plans, requests, matches and nodes are the domain models of
``recommender.models`` and ``graph.models``; this module adds only the
envelopes around them (a match request, a page of nodes, a Cypher request,
the readiness report) and the RFC 9457 problem document.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from graph.learners import LearnerView
from graph.models import FrozenModel, Node
from recommender.models import MAX_ITEMS, MAX_TEXT, RequestItem, SkillMatch

__all__ = [
    "CypherRequest",
    "Health",
    "LearnerCreated",
    "MatchRequest",
    "MatchResponse",
    "NextStepsQuery",
    "NodePage",
    "Problem",
    "ReadyStatus",
    "MAX_CYPHER_TEXT",
    "MAX_PAGE",
]

#: One Cypher query is a few lines; a megabyte of it is an attack, not a question.
MAX_CYPHER_TEXT = 10_000
#: A page holds the whole seed curriculum, never an unbounded synthetic one.
MAX_PAGE = 500


class MatchRequest(FrozenModel):
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)] = Field(
        description="Skills in free text, separated by commas or newlines.",
        examples=["python, numpy, some statistics"],
    )


class MatchResponse(FrozenModel):
    matches: tuple[SkillMatch, ...]


class NextStepsQuery(FrozenModel):
    """The query of ``GET /v1/next-steps`` after splitting commas, bounded like a plan request."""

    known: tuple[RequestItem, ...] = Field(default=(), max_length=MAX_ITEMS)
    targets: tuple[RequestItem, ...] = Field(default=(), max_length=MAX_ITEMS)


class NodePage(FrozenModel):
    total: int = Field(description="Nodes matching the filters, before paging.")
    limit: int
    offset: int
    items: tuple[Node, ...]


class CypherRequest(FrozenModel):
    query: Annotated[str, StringConstraints(min_length=1, max_length=MAX_CYPHER_TEXT)] = Field(
        examples=["MATCH (n:Node {id: $id}) RETURN n.name AS name"],
    )
    parameters: dict[Annotated[str, StringConstraints(max_length=100)], Any] = Field(
        default_factory=dict, max_length=MAX_ITEMS, examples=[{"id": "python"}],
    )


class LearnerCreated(FrozenModel):
    """A learner just created or imported, with its secret: the only time the token is shown."""

    token: str = Field(description="Send as `Authorization: Bearer <token>` on this learner's routes; "
                                   "only its hash is stored, so keep it: it cannot be shown again.")
    learner: LearnerView


class Health(FrozenModel):
    status: Literal["ok"] = "ok"


class ReadyStatus(FrozenModel):
    status: Literal["ready", "degraded"] = Field(description="'degraded' when Neo4j is configured but unreachable; plans are still served.")
    nodes: int = Field(description="Nodes in the in-memory snapshot plans are computed on.")
    source: str = Field(description="Where the snapshot came from: 'neo4j', or the seed path it was read from.")
    loaded_at: str = Field(description="When the snapshot was loaded (UTC, ISO 8601).")
    neo4j: Literal["not configured", "up", "down"]
    detail: str | None = None


class Problem(FrozenModel):
    """An RFC 9457 problem document; unknown members are extensions."""

    model_config = FrozenModel.model_config | {"extra": "allow"}

    type: str = Field(description="A URI naming the kind of problem; see docs/api.md.")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = Field(default=None, description="The request path that failed.")
    request_id: str | None = None
