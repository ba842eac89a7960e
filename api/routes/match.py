"""Free text to curriculum nodes, with confidences and suggestions."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import GraphDep
from api.errors import problem_responses
from api.schemas import MatchRequest, MatchResponse
from recommender import service

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["match"])


@router.post("/match", response_model=MatchResponse, summary="Resolve free-text skills to node ids",
             responses=problem_responses(413, 422))
def match_skills(body: MatchRequest, graph: GraphDep) -> MatchResponse:
    """Every curriculum node the text names (``status: matched``, with a calibrated confidence, the
    words' offsets and any level the text states), and what it names outside the curriculum
    (``status: not-in-curriculum``, with ``known_as`` when recognised and suggestions marked by
    their ``basis``: related, contains or similar; suggestions are never matches).

    Sync on purpose: matching is CPU work and runs in the thread pool.
    """
    return MatchResponse(matches=tuple(service.match(graph, body.text)))
