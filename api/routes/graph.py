"""The whole curriculum as the interchange JSON document, and that format's JSON Schema."""

from __future__ import annotations

from fastapi import APIRouter, Response

from graph.curriculum import curriculum_json_schema

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


#: The schema depends only on the code: encoded once per process.
_SCHEMA = curriculum_json_schema().encode()


@router.get(
    "/schema/curriculum",
    summary="The JSON Schema of the interchange format (mlpath-curriculum/2)",
    response_class=Response,
    responses={200: {"content": {"application/schema+json": {"schema": {"type": "object"}}},
                     "description": "Generated from the pydantic models; the same as docs/curriculum.schema.json."}},
)
async def curriculum_schema() -> Response:
    return Response(content=_SCHEMA, media_type="application/schema+json")
