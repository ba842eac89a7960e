"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AppStateDep
from api.schemas import Health, ReadyStatus
from api.state import neo4j_status

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness: the process answers")
async def health() -> Health:
    return Health()


@router.get("/ready", response_model=ReadyStatus, summary="Readiness: the snapshot, and whether Neo4j answers")
def ready(state: AppStateDep) -> ReadyStatus:
    """Checks Neo4j now (bounded by ``MLPATH_NEO4J_CHECK_TIMEOUT``); plans never do.

    A sync route on purpose: the driver call blocks, so it runs in the
    thread pool instead of stalling the event loop.
    """
    snapshot = state.snapshot
    neo4j, problem = neo4j_status(state.driver, state.settings)
    notes = [text for text in (snapshot.fallback_reason, problem) if text]
    degraded = neo4j == "down" or snapshot.fallback_reason is not None
    return ReadyStatus(
        status="degraded" if degraded else "ready",
        nodes=len(snapshot.graph),
        source=snapshot.source,
        loaded_at=snapshot.loaded_at,
        neo4j=neo4j,
        detail="; ".join(notes) or None,
    )
