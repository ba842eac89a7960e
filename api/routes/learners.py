"""Saved learners: a profile, progress marks, and the plan and next steps from them.

Every route but creation and import takes ``Authorization: Bearer <token>``
(the token creation returned) and checks it before anything else.  Profile
responses carry ``ETag: "<version>"``; ``PATCH`` and ``DELETE`` need
``If-Match`` (428 without it, 412 when stale), progress takes it when given.
Everything a learner route answers is personal, so nothing is cacheable
(``Cache-Control: no-store``).  The store is ``api.state.AppState.learners``;
the rules live in ``graph.learners``, ``graph.learner_store`` and
``recommender.learner_plan``, and this module only translates HTTP.
"""

from __future__ import annotations

import functools
import logging

import anyio
from fastapi import APIRouter, Request, Response

from api.deps import (
    AppStateDep,
    GraphDep,
    IfMatchHeader,
    LearnerDep,
    LearnerIdPath,
    LearnerStoreDep,
    LearnerTokenDep,
    OptionalLearnerTokenDep,
    RequiredVersionDep,
    app_state,
    etag,
    expected_from,
    learner_for,
)
from api.errors import IfMatchUnusable, TooManyCreations, problem_responses
from api.schemas import LearnerCreated
from api.state import AppState
from graph.curriculum import CurriculumGraph
from graph.errors import LearnerStateError, LearnerStoreUnavailableError, UnknownNodeError
from graph.learner_store import Issued, LearnerStore, Stored
from graph.learners import (
    Learner,
    LearnerChanges,
    LearnerDraft,
    LearnerExport,
    LearnerView,
    Progress,
    check_new_items,
    export_document,
    view,
)
from recommender.learner_plan import LearnerRequest, learner_next, learner_request, plan_for
from recommender.models import NextSteps, Plan

__all__ = ["router", "saved_plan"]

logger = logging.getLogger("mlpath.api")
router = APIRouter(prefix="/v1/learners", tags=["learners"])

NO_STORE = {"Cache-Control": "no-store"}
#: Every route behind a learner token can answer these.
_GUARDED = (401, 403, 404, 503)


def _profile(learner: Learner, graph: CurriculumGraph, response: Response) -> LearnerView:
    response.headers.update({**NO_STORE, "ETag": etag(learner.version)})
    return view(learner, graph)


def _created(issued: Issued, graph: CurriculumGraph, response: Response) -> LearnerCreated:
    response.headers["Location"] = f"{router.prefix}/{issued.learner.id}"
    return LearnerCreated(token=issued.token, learner=_profile(issued.learner, graph, response))


def _allow_creation(state: AppState, request: Request) -> None:
    address = request.client.host if request.client else "unknown"
    wait = state.creations.acquire(address)
    if wait is not None:
        raise TooManyCreations(f"this address created {state.creations.limit} learners in the last "
                               f"{state.creations.window:g} s; retry in {wait} s", retry_after=wait)


@router.post("", status_code=201, response_model=LearnerCreated, summary="Create a learner; the token is shown once",
             responses=problem_responses(413, 422, 429, 503))
def create_learner(body: LearnerDraft, request: Request, response: Response, state: AppStateDep,
                   store: LearnerStoreDep, graph: GraphDep) -> LearnerCreated:
    """Targets, known nodes and preferences are node ids (resolve free text
    with ``POST /v1/match`` first); an unknown one is 422 with suggestions.
    Limited per client address (429 with ``Retry-After``)."""
    check_new_items(graph, nodes=[*body.targets, *(k.node for k in body.known)], preferences=[*body.prefer, *body.avoid])
    _allow_creation(state, request)
    return _created(store.create(body), graph, response)


@router.post("/import", status_code=201, response_model=LearnerCreated, summary="Create a learner from an exported profile",
             responses=problem_responses(409, 413, 422, 429, 503))
def import_learner(body: LearnerExport, request: Request, response: Response, state: AppStateDep,
                   store: LearnerStoreDep, graph: GraphDep) -> LearnerCreated:
    """The profile keeps its id (409 if a learner has it already) and gets a
    new token; every mark's source becomes ``imported``.  Ids this
    curriculum does not list are kept and reported in ``orphaned``."""
    _allow_creation(state, request)
    return _created(store.import_learner(body), graph, response)


@router.get("/{learner_id}", response_model=LearnerView, summary="The learner's profile and knowledge state",
            responses=problem_responses(*_GUARDED))
async def get_learner(learner_id: LearnerIdPath, token: OptionalLearnerTokenDep, request: Request) -> Response:
    # The token check, the view and its encoding in one worker-thread call (as :func:`_recorded`).
    state = app_state(request)
    version, content = await anyio.to_thread.run_sync(_viewed, state.learners, state.snapshot.graph, learner_id, token)
    return Response(content=content, media_type="application/json", headers={**NO_STORE, "ETag": etag(version)})


def _viewed(store: LearnerStore, graph: CurriculumGraph, learner_id: str, token: str | None) -> tuple[int, bytes]:
    learner = learner_for(store, token, learner_id).learner
    return learner.version, view(learner, graph).model_dump_json().encode("utf-8")


@router.patch("/{learner_id}", response_model=LearnerView, summary="Change targets, weekly hours or preferences",
              responses=problem_responses(*_GUARDED, 412, 413, 422, 428))
def update_learner(stored: LearnerDep, version: RequiredVersionDep, body: LearnerChanges, response: Response,
                   store: LearnerStoreDep, graph: GraphDep) -> LearnerView:
    """Fields given replace the stored ones.  Needs ``If-Match``."""
    check_new_items(graph, nodes=body.targets or (), preferences=[*(body.prefer or ()), *(body.avoid or ())])
    return _profile(store.update(stored.learner.id, body, expected_version=version, current=stored.learner), graph, response)


@router.delete("/{learner_id}", status_code=204, summary="Erase the learner and everything about them",
               responses=problem_responses(*_GUARDED, 412, 428))
def delete_learner(stored: LearnerDep, version: RequiredVersionDep, store: LearnerStoreDep) -> Response:
    """Marks, targets, the remembered plan and the token go with it.  Needs ``If-Match``."""
    store.delete(stored.learner.id, expected_version=version)
    return Response(status_code=204, headers=NO_STORE)


@router.post("/{learner_id}/progress", response_model=LearnerView, summary="Record a batch of marks, all or nothing",
             responses=problem_responses(*_GUARDED, 412, 413, 422))
async def record_progress(learner_id: LearnerIdPath, token: LearnerTokenDep, body: Progress, request: Request,
                          if_match: IfMatchHeader = None) -> Response:
    """Each mark sets one node's status (``null`` removes it) and optionally
    its level.  With ``If-Match``, a stale version is 412 and nothing is
    written; without it the marks apply to whatever version is stored, which
    is safe because each mark only touches its own node."""
    state = app_state(request)
    write = functools.partial(_recorded, state.learners, state.snapshot.graph, learner_id, token, body, if_match)
    learner, content = await anyio.to_thread.run_sync(write)
    return Response(content=content, media_type="application/json", headers={**NO_STORE, "ETag": etag(learner.version)})


def _recorded(store: LearnerStore, graph: CurriculumGraph, learner_id: str, token: str, body: Progress,
              if_match: str | None) -> tuple[Learner, bytes]:
    """The token check, the write and the encoding of its answer in one worker-thread call: the
    progress route is the one clients call in bursts, and each hand-off between the event loop and
    a worker thread costs CPU and waits for a CPU on a busy machine (the token check as a
    dependency and a sync route with a response model made three).

    A write that this process can compute from the learner as it last saw it, and that the store
    commits only if the learner still has that version and that token hash, needs no read
    (:meth:`~graph.learner_store.LearnerStore.record_as_seen`).  Otherwise, and for every
    refusal, the token is checked first against a fresh read, as on every learner route, then
    If-Match and the nodes."""
    learner = _recorded_as_seen(store, graph, learner_id, token, body, if_match)
    if learner is None:
        stored = learner_for(store, token, learner_id)
        version = expected_from(if_match)
        check_new_items(graph, nodes=[m.node for m in body.marks if m.status is not None])
        learner = store.record(stored.learner.id, body.marks, expected_version=version, current=stored.learner,
                               token_hash=stored.token_hash)
    return learner, view(learner, graph).model_dump_json().encode("utf-8")


def _recorded_as_seen(store: LearnerStore, graph: CurriculumGraph, learner_id: str, token: str, body: Progress,
                      if_match: str | None) -> Learner | None:
    """The learner after the write, if it could be made from what this process saw; ``None``
    (nothing written) for anything else, a request that would be refused included: refusals are
    answered only after the token check's read."""
    try:
        version = expected_from(if_match)
        check_new_items(graph, nodes=[m.node for m in body.marks if m.status is not None])
    except (IfMatchUnusable, UnknownNodeError):
        return None
    return store.record_as_seen(token, learner_id, body.marks, expected_version=version)


@router.get("/{learner_id}/export", response_model=LearnerExport, summary="The whole profile as one JSON document",
            responses=problem_responses(*_GUARDED))
def export_learner(stored: LearnerDep, response: Response, store: LearnerStoreDep) -> LearnerExport:
    learner = stored.learner
    response.headers.update({**NO_STORE, "Content-Disposition": f'attachment; filename="mlpath-learner-{learner.id}.json"'})
    return export_document(learner, stored.plan_order, now=store.clock())


@router.get("/{learner_id}/plan", response_model=Plan, summary="The plan from the saved state and targets",
            responses=problem_responses(*_GUARDED, 409, 422))
async def learner_plan(learner_id: LearnerIdPath, token: OptionalLearnerTokenDep, request: Request) -> Response:
    """The same ``Plan`` as ``POST /v1/paths``, plus ``in_progress``.  The
    order of the plan last shown is kept wherever the optimum allows, so
    marking a step done does not reshuffle the rest.  409 when the learner
    has no target in this curriculum."""
    # The token check and the plan cache's look-up are one worker-thread call.
    state = app_state(request)
    stored, looked_up = await anyio.to_thread.run_sync(_authorised_plan, state, learner_id, token)
    content, _ = await saved_plan(state, stored, looked_up)
    return Response(content=content, media_type="application/json", headers=NO_STORE)


@router.get("/{learner_id}/next", response_model=NextSteps, summary="What the learner can learn now",
            responses=problem_responses(*_GUARDED, 422))
async def learner_next_steps(learner_id: LearnerIdPath, token: OptionalLearnerTokenDep, request: Request) -> Response:
    """The outer fringe of the saved state; ``on_plan`` marks the ready nodes
    on the learner's plan (none while the learner has no target)."""
    state = app_state(request)
    stored, looked_up = await anyio.to_thread.run_sync(_authorised_plan, state, learner_id, token)
    try:
        _, order = await saved_plan(state, stored, looked_up)
    except LearnerStateError:
        order = ()
    steps = learner_next(state.snapshot.graph, stored.learner, order)
    return Response(content=steps.model_dump_json().encode("utf-8"), media_type="application/json", headers=NO_STORE)


#: What :func:`_plan_lookup` found: the planner's input, its cache key and the cached plan, if any.
_LookedUp = tuple[LearnerRequest, str, "tuple[bytes, tuple[str, ...]] | None"]


def _authorised_plan(state: AppState, learner_id: str, token: str | None) -> tuple[Stored, _LookedUp | None]:
    """The token check and :func:`_plan_lookup` in one worker-thread call; no look-up for a learner
    who can have no plan (:func:`saved_plan` then raises that where its caller expects it)."""
    stored = learner_for(state.learners, token, learner_id)
    try:
        return stored, _plan_lookup(state, stored)
    except LearnerStateError:
        return stored, None


def _plan_lookup(state: AppState, stored: Stored) -> _LookedUp:
    request = learner_request(stored.learner, state.snapshot.graph)
    key = request.cache_key(stored.plan_order)
    return request, key, state.learner_plans.get(key)


async def saved_plan(state: AppState, stored: Stored, looked_up: _LookedUp | None = None) -> tuple[bytes, tuple[str, ...]]:
    """The encoded plan and its step ids; remembers the order if it is new.

    Plans are cached by planner input and earlier order, like ``/v1/paths``;
    solving runs in a worker thread under the same concurrency limit.
    ``looked_up`` is :func:`_plan_lookup` of ``stored`` if the caller made it already.
    """
    graph = state.snapshot.graph
    keep = stored.plan_order
    request, key, cached = looked_up or _plan_lookup(state, stored)
    if cached is None:
        solve = functools.partial(_solve, graph, request, keep, state.settings.plan_time_limit)
        cached = await anyio.to_thread.run_sync(solve, limiter=state.solver)
        state.learner_plans.put(key, cached)
    content, order = cached
    if order != keep:
        await anyio.to_thread.run_sync(_remember, state.learners, stored.learner.id, order)
    return content, order


def _solve(graph: CurriculumGraph, request: LearnerRequest, keep: tuple[str, ...], time_limit: float) -> tuple[bytes, tuple[str, ...]]:
    result = plan_for(graph, request, keep=keep, time_limit=time_limit)
    return result.model_dump_json().encode("utf-8"), tuple(step.id for step in result.steps)


def _remember(store: LearnerStore, learner_id: str, order: tuple[str, ...]) -> None:
    """Keep the order for next time; a store that fails now only costs stability, not this answer."""
    try:
        store.remember_plan(learner_id, order)
    except LearnerStoreUnavailableError as exc:
        logger.warning("could not remember the plan order of a learner: %s", exc)

