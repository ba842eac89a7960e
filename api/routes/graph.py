"""The whole curriculum as the interchange JSON document."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import SnapshotDep
from api.errors import problem_responses

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["graph"])


@router.get(
    "/graph",
    summary="The curriculum as one interchange JSON document",
    response_class=Response,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}},
                     "description": "Exactly `graph.curriculum.to_interchange_json(graph)`."},
               **problem_responses(500)},
)
async def interchange(snapshot: SnapshotDep) -> Response:
    """The bytes were encoded once when the snapshot loaded; same graph, same bytes."""
    return Response(content=snapshot.interchange, media_type="application/json")
