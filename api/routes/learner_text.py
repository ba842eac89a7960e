"""Onboarding from pasted text: ``POST /v1/learners/{id}/import-text``.

It proposes and never applies: the answer lists what a CV or a posting
names, with levels, confidences and what is selected, and carries the
request bodies that would apply the selection through the learner's own
routes (``POST .../progress``, ``PATCH ...``).  The rules are
``recommender.onboarding``'s; this module only translates HTTP.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import GraphDep, LearnerDep
from api.errors import problem_responses
from api.routes.learners import NO_STORE
from recommender.onboarding import TextImport, TextImportRequest, propose

__all__ = ["router"]

router = APIRouter(prefix="/v1/learners", tags=["learners"])


@router.post("/{learner_id}/import-text", response_model=TextImport,
             summary="Proposals from a pasted CV (known skills) or job posting (targets); nothing is applied",
             responses=problem_responses(401, 403, 404, 413, 422, 503))
def import_text(stored: LearnerDep, body: TextImportRequest, graph: GraphDep, response: Response) -> TextImport:
    """Every curriculum node the text names, proposed as ``known`` (``kind: cv``)
    or as a ``target`` (``kind: posting``), with its level (stated, or the
    default), confidence and the words it came from; what the text names
    outside the curriculum, with suggestions.  The stored learner does not
    change: send ``apply.progress`` to ``POST .../progress`` and
    ``apply.changes`` to ``PATCH ...`` once the learner confirms (and after
    deselecting what they do not want).  Text is at most 20,000 characters
    (``MAX_IMPORT_TEXT``; 422 beyond), the body at most
    ``MLPATH_MAX_BODY_BYTES`` (413).

    Sync on purpose: matching is CPU work and runs in the thread pool.
    """
    response.headers.update(NO_STORE)
    return propose(graph, body.text, body.kind, stored.learner)
