"""Browsing the curriculum: filtered pages of nodes, and one node in detail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import GraphDep
from api.errors import NodeNotFoundError, problem_responses
from api.schemas import MAX_PAGE, NodePage
from graph.errors import UnknownNodeError
from graph.models import Kind, NodeDetail, NodeId

__all__ = ["router"]

router = APIRouter(prefix="/v1/nodes", tags=["nodes"])


@router.get("", response_model=NodePage, summary="List nodes, filtered and paged", responses=problem_responses(422))
async def list_nodes(
    graph: GraphDep,
    kind: Kind | None = None,
    stage: Annotated[NodeId | None, Query(description="A stage id of the curriculum (see GET /v1/graph).")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Case-insensitive substring of the id, name or an alias.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> NodePage:
    """Nodes in id order, so pages are stable across requests."""
    if stage is not None:
        graph.stage(stage)  # an unknown one is a 422 unknown-stage problem with close stage ids
    selected = graph.select(kind=kind, stage=stage, text=q or "")
    return NodePage(total=len(selected), limit=limit, offset=offset, items=tuple(selected[offset:offset + limit]))


@router.get("/{node_id}", response_model=NodeDetail, summary="One node: what it requires, unlocks and can replace",
            responses=problem_responses(404, 422))
async def get_node(graph: GraphDep, node_id: Annotated[str, Path(max_length=200)]) -> NodeDetail:
    try:
        return graph.detail(node_id)
    except UnknownNodeError as exc:
        raise NodeNotFoundError(exc.query, exc.suggestions) from None
