"""Every error the API answers, as an RFC 9457 ``application/problem+json``.

:data:`PROBLEMS` is the only place that maps an exception class to an HTTP
status, a problem ``type`` URI and a title; the handlers below look a raised
exception up by its class hierarchy (most specific class first), add the
extension members the class carries (``suggestions``, ``blocking``,
``errors``) and the request id, and never include a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from api.limits import CypherBusy, RateLimited, TooManyCypherQueries
from api.middleware import REQUEST_ID_HEADER, BodyTooLarge, current_request_id
from api.schemas import Problem
from graph.neo4j.guard import CostlyQueryError, QueryTimeoutError
from graph.errors import (
    GraphLoadError,
    InfeasiblePlanError,
    InvalidRequestError,
    LearnerExistsError,
    LearnerNotFoundError,
    LearnerStateError,
    LearnerStoreUnavailableError,
    MlpathError,
    Neo4jUnavailableError,
    PlanTimeoutError,
    StaleVersionError,
    UnknownNodeError,
    UnknownStageError,
    UnsafeQueryError,
)

__all__ = [
    "ApiKeyRequired",
    "ForeignLearnerToken",
    "IfMatchRequired",
    "IfMatchUnusable",
    "LearnerTokenRequired",
    "TooManyCreations",
    "NodeNotFoundError",
    "PROBLEMS",
    "ProblemKind",
    "ProblemResponse",
    "install_error_handlers",
    "problem_for",
    "problem_responses",
    "send_body_too_large",
]

logger = logging.getLogger("mlpath.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "urn:mlpath:problem:"


class NodeNotFoundError(UnknownNodeError):
    """An id in the URL path names no node: the resource does not exist (404),
    unlike an unknown skill inside a request body (422)."""


class ApiKeyRequired(Exception):
    """No ``Authorization: Bearer`` key, or not one of the configured keys."""


class LearnerTokenRequired(Exception):
    """A learner route without a bearer token, or with one that belongs to nobody."""


class ForeignLearnerToken(Exception):
    """A valid learner token on another learner's route: authenticated, and not allowed."""


class IfMatchRequired(Exception):
    """A write that would replace or erase a profile came without ``If-Match``."""


class IfMatchUnusable(Exception):
    """``If-Match`` holds something no version can match (a weak tag, a list, garbage)."""


class TooManyCreations(Exception):
    """This client address created too many learners lately; ``retry_after`` says when to retry."""

    def __init__(self, message: str, *, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)


#: Problems that challenge the client to authenticate (``WWW-Authenticate: Bearer``).
_CHALLENGES = (ApiKeyRequired, LearnerTokenRequired)
#: Problems about the API's own rules rather than the domain's, handled like domain errors.
_API_PROBLEMS = (ApiKeyRequired, LearnerTokenRequired, ForeignLearnerToken, IfMatchRequired, IfMatchUnusable,
                 TooManyCreations, RateLimited)


@dataclass(frozen=True)
class ProblemKind:
    status: int
    type: str
    title: str


def _kind(status: int, slug: str, title: str) -> ProblemKind:
    return ProblemKind(status, _TYPE_BASE + slug, title)


#: Exception class -> (status, type, title).  Order does not matter: lookup
#: follows each exception's MRO, so subclasses win over their bases.
PROBLEMS: dict[type[BaseException], ProblemKind] = {
    NodeNotFoundError: _kind(404, "node-not-found", "No such node"),
    UnknownNodeError: _kind(422, "unknown-skill", "Unknown skill or node"),
    UnknownStageError: _kind(422, "unknown-stage", "Unknown stage"),
    InvalidRequestError: _kind(422, "invalid-request", "Invalid request"),
    RequestValidationError: _kind(422, "validation-error", "The request does not match the schema"),
    InfeasiblePlanError: _kind(422, "infeasible-plan", "No plan reaches the targets"),
    ApiKeyRequired: _kind(401, "api-key-required", "A valid API key is required"),
    LearnerTokenRequired: _kind(401, "learner-token-required", "A valid learner token is required"),
    UnsafeQueryError: _kind(403, "unsafe-query", "The query was refused"),
    ForeignLearnerToken: _kind(403, "learner-forbidden", "This token belongs to another learner"),
    LearnerNotFoundError: _kind(404, "learner-not-found", "No such learner"),
    LearnerExistsError: _kind(409, "learner-exists", "The learner already exists"),
    LearnerStateError: _kind(409, "learner-state", "The learner's saved state does not allow this"),
    StaleVersionError: _kind(412, "stale-version", "The profile changed since it was read"),
    IfMatchUnusable: _kind(412, "if-match-unusable", "If-Match matches no version"),
    IfMatchRequired: _kind(428, "if-match-required", "Send If-Match with the profile's ETag"),
    TooManyCreations: _kind(429, "too-many-creations", "Too many learners created from this address"),
    # The guard's timeout is an UnsafeQueryError too, but the query was not
    # refused: it was too expensive, which the caller can fix.
    QueryTimeoutError: _kind(422, "query-timeout", "The query ran too long"),
    CostlyQueryError: _kind(422, "query-too-costly", "The query could cost more than the server allows"),
    BodyTooLarge: _kind(413, "body-too-large", "The request body is too large"),
    TooManyCypherQueries: _kind(429, "too-many-queries", "Too many Cypher queries for this key"),
    CypherBusy: _kind(503, "cypher-busy", "Too many Cypher queries at once"),
    PlanTimeoutError: _kind(503, "plan-timeout", "The planner ran out of time"),
    Neo4jUnavailableError: _kind(503, "neo4j-unavailable", "Neo4j is unavailable"),
    LearnerStoreUnavailableError: _kind(503, "learner-store-unavailable", "The learner store is unavailable"),
    GraphLoadError: _kind(500, "graph-load-failed", "The curriculum could not be loaded"),
    MlpathError: _kind(500, "internal-error", "Internal server error"),
    Exception: _kind(500, "internal-error", "Internal server error"),
}


def problem_kind(exc: BaseException) -> ProblemKind | None:
    """The table entry of the most specific class of ``exc``, if any."""
    for cls in type(exc).__mro__:
        if cls in PROBLEMS:
            return PROBLEMS[cls]
    return None


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem_for(
    kind: ProblemKind,
    *,
    detail: str | None,
    instance: str | None,
    request_id: str | None,
    extensions: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> ProblemResponse:
    """Build the response; ``extensions`` become top-level members."""
    problem = Problem(type=kind.type, title=kind.title, status=kind.status, detail=detail,
                      instance=instance, request_id=request_id, **(extensions or {}))
    headers = dict(headers or {})
    if request_id:
        headers[REQUEST_ID_HEADER] = request_id
    return ProblemResponse(problem.model_dump(mode="json", exclude_none=True), status_code=kind.status, headers=headers)


def _request_id(request: Request) -> str | None:
    return current_request_id() or request.scope.get("state", {}).get("request_id")


def _extensions(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, UnknownNodeError):
        return {"query": exc.query, "suggestions": list(exc.suggestions)}
    if isinstance(exc, InfeasiblePlanError):
        return {"blocking": list(exc.blocking)}
    if isinstance(exc, RateLimited):
        return {"retry_after": exc.retry_after}
    if isinstance(exc, StaleVersionError):
        return {"current_version": exc.current}
    return {}


#: Server errors that are conditions of the moment, not bugs: answered with their message, not logged as errors.
_OPERATIONAL = (PlanTimeoutError, Neo4jUnavailableError, LearnerStoreUnavailableError, CypherBusy)


def _headers(exc: BaseException) -> dict[str, str] | None:
    """``WWW-Authenticate`` on authentication problems, ``Retry-After`` where the wait is known."""
    headers = {}
    if isinstance(exc, _CHALLENGES):
        headers["WWW-Authenticate"] = "Bearer"
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(int(retry_after))
    return headers or None


async def _domain_error(request: Request, exc: Exception) -> ProblemResponse:
    kind = problem_kind(exc)
    if kind.status >= 500 and not isinstance(exc, _OPERATIONAL):
        logger.error("%s while handling %s", type(exc).__name__, request.url.path, exc_info=exc,
                     extra={"request_id": _request_id(request)})
        detail = None
    else:
        detail = str(exc)
    return problem_for(kind, detail=detail, instance=request.url.path, request_id=_request_id(request),
                       extensions=_extensions(exc), headers=_headers(exc))


def _location(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


async def _validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    detail = f"{_location(tuple(first['loc']))}: {first['msg']}{more}"
    return problem_for(PROBLEMS[RequestValidationError], detail=detail, instance=request.url.path,
                       request_id=_request_id(request), extensions={"errors": errors})


async def _http_error(request: Request, exc: StarletteHTTPException) -> ProblemResponse:
    kind = problem_kind(exc)
    if kind is None or kind is PROBLEMS[Exception]:
        # Plain HTTP errors (404 no route, 405, ...) carry no mlpath meaning:
        # RFC 9457 says their type is about:blank and their title the phrase.
        kind = ProblemKind(exc.status_code, "about:blank", HTTPStatus(exc.status_code).phrase)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != kind.title else None
    if exc.status_code == 404 and detail in (None, "Not Found"):
        detail = f"no resource at {request.url.path}"
    return problem_for(kind, detail=detail, instance=request.url.path, request_id=_request_id(request),
                       headers=getattr(exc, "headers", None))


async def _unhandled_error(request: Request, exc: Exception) -> ProblemResponse:
    logger.error("unhandled %s while handling %s %s", type(exc).__name__, request.method, request.url.path,
                 exc_info=exc, extra={"request_id": _request_id(request)})
    return problem_for(PROBLEMS[Exception], detail="an unexpected error occurred; quote the request id when reporting it",
                       instance=request.url.path, request_id=_request_id(request))


async def send_body_too_large(scope: Scope, receive: Receive, send: Send, *, limit: int) -> None:
    """The 413 the body-limit middleware sends before any route runs."""
    request = Request(scope, receive)
    response = await _http_error(request, BodyTooLarge(limit))
    await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Register one handler per family; the table decides the details."""
    app.add_exception_handler(MlpathError, _domain_error)
    for problem in _API_PROBLEMS:
        app.add_exception_handler(problem, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled_error)


#: What each declared error status means across the API, for the OpenAPI document.
_DESCRIPTIONS = {
    401: "No valid API key or learner token (`Authorization: Bearer ...`)",
    403: "Refused: a Cypher query that does more than read, or another learner's token",
    404: "No such resource",
    409: "Conflicts with the learner's saved state, or the learner exists already",
    412: "If-Match names an older version of the profile: re-read it and retry",
    413: "The request body is larger than MLPATH_MAX_BODY_BYTES",
    422: "Invalid request: schema, unknown skill, infeasible plan, or a query rejected, too costly or too long (see `type`)",
    428: "This write needs If-Match with the profile's ETag",
    429: "Over a limit (an API key's Cypher limits, or learners created from this address): wait Retry-After seconds",
    500: "Internal server error",
    503: "Neo4j or the learner store unavailable, the planner out of time, or too many Cypher queries at once (see Retry-After)",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries declaring problem documents.

    ``create_app`` files every error response under ``application/problem+json``
    when it builds the OpenAPI document.
    """
    return {status: {"model": Problem, "description": _DESCRIPTIONS.get(status, HTTPStatus(status).phrase)}
            for status in statuses}
