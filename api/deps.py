"""Dependencies as ``Annotated`` aliases, so a route's signature says what it uses.

Everything comes from the :class:`~api.state.AppState` the lifespan put on
``app.state``; nothing here reads the environment or opens connections.
The dependencies that only look things up are ``async``: FastAPI runs a
plain ``def`` dependency in its thread pool, and those hand-offs were a
visible share of a small request's CPU.  :func:`current_learner` reads the
store, so it stays a plain function and runs in the pool.  The learner
routes clients call most (the profile, progress, the plan, next steps)
instead take only the token (:data:`LearnerTokenDep` or
:data:`OptionalLearnerTokenDep`) and :func:`app_state` of the request, and
check the token with :func:`learner_for` in the one worker-thread call that
does their work.  Every dependency FastAPI solves is a recursive pass over
the request's path, query, headers and cookies on every request: the
bearer token is one dependency (an ``HTTPBearer`` of its own, so OpenAPI
still lists the ``LearnerToken`` scheme), not a function over another.
"""

from __future__ import annotations

import hmac
import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Header, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from api.errors import ApiKeyRequired, ForeignLearnerToken, IfMatchRequired, IfMatchUnusable, LearnerTokenRequired
from api.limits import CypherLimits
from api.settings import Settings
from api.state import AppState, Snapshot
from graph.curriculum import CurriculumGraph
from graph.errors import Neo4jUnavailableError
from graph.learner_store import LearnerStore, Stored, authenticate

if TYPE_CHECKING:
    from neo4j import Driver
else:  # FastAPI evaluates the alias at import; neo4j is imported only when configured
    Driver = Any

__all__ = [
    "ApiKeyDep",
    "AppStateDep",
    "CypherLimitsDep",
    "DriverDep",
    "GraphDep",
    "IfMatchHeader",
    "LearnerDep",
    "LearnerIdPath",
    "LearnerTokenDep",
    "LearnerStoreDep",
    "OptionalLearnerTokenDep",
    "RequiredVersionDep",
    "SettingsDep",
    "SnapshotDep",
    "app_state",
    "expected_from",
    "learner_for",
]

NOT_CONFIGURED = (
    "Neo4j is not configured on this server: set NEO4J_URI (for example bolt://127.0.0.1:7687), "
    "and NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE if needed, then restart `mlpath serve`."
)

_bearer = HTTPBearer(auto_error=False, description="A key from MLPATH_API_KEYS.")
_LEARNER_TOKEN_SCHEME = "LearnerToken"
_LEARNER_TOKEN_DESCRIPTION = "The token POST /v1/learners (or the import) returned for this learner."
_NO_LEARNER_TOKEN = "send `Authorization: Bearer <token>` with the token issued for this learner"


class _LearnerBearer(HTTPBearer):
    """The learner's bearer token as sent, or ``None``; whose it is, :func:`learner_for` says.

    ``HTTPBearer``'s own test of the header, returning the token itself: one
    dependency where a function over ``HTTPBearer`` made two.
    """

    def __init__(self) -> None:
        super().__init__(scheme_name=_LEARNER_TOKEN_SCHEME, auto_error=False, description=_LEARNER_TOKEN_DESCRIPTION)

    async def __call__(self, request: Request) -> str | None:  # type: ignore[override]
        authorization = request.headers.get("Authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        if not (authorization and scheme and credentials) or scheme.lower() != "bearer":
            return None
        return credentials


class _RequiredLearnerBearer(_LearnerBearer):
    """:class:`_LearnerBearer`, and 401 when there is no token: raised while the dependencies are
    solved, so before the request's body or headers are validated (a route that checks the token
    itself in a worker thread still refuses a tokenless request first)."""

    async def __call__(self, request: Request) -> str:  # type: ignore[override]
        token = await super().__call__(request)
        if token is None:
            raise LearnerTokenRequired(_NO_LEARNER_TOKEN)
        return token


_learner_bearer = _LearnerBearer()
_required_learner_bearer = _RequiredLearnerBearer()


def app_state(request: Request) -> AppState:
    """The :class:`~api.state.AppState` the lifespan made, for routes that take the request
    rather than one more dependency."""
    return request.app.state.mlpath


async def get_app_state(request: Request) -> AppState:
    return request.app.state.mlpath


AppStateDep = Annotated[AppState, Depends(get_app_state)]


async def get_settings_dep(state: AppStateDep) -> Settings:
    return state.settings


async def get_snapshot(state: AppStateDep) -> Snapshot:
    return state.snapshot


async def get_graph(state: AppStateDep) -> CurriculumGraph:
    return state.snapshot.graph


async def get_driver(state: AppStateDep) -> Driver:
    """The application's driver; 503 with instructions when there is none."""
    if state.driver is None:
        raise Neo4jUnavailableError(NOT_CONFIGURED)
    return state.driver


async def get_cypher_limits(state: AppStateDep) -> CypherLimits:
    return state.cypher


async def require_api_key(
    state: AppStateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The caller's key if it equals one configured key, compared in constant time."""
    offered = credentials.credentials.encode() if credentials else b""
    # Compare against every key (no early exit) so timing reveals nothing.
    matches = [hmac.compare_digest(offered, key.encode()) for key in state.settings.api_keys]
    if not offered or not any(matches):
        raise ApiKeyRequired("send `Authorization: Bearer <key>` with a key listed in MLPATH_API_KEYS")
    return offered.decode()


async def get_learner_store(state: AppStateDep) -> LearnerStore:
    return state.learners


LearnerStoreDep = Annotated[LearnerStore, Depends(get_learner_store)]


LearnerIdPath = Annotated[str, Path(description="The learner's id: 32 hex digits.", max_length=64)]


def learner_for(store: LearnerStore, token: str | None, learner_id: str) -> Stored:
    """The learner in the path, as stored, if ``token`` is that learner's.

    A caller without the right token learns nothing (not even whether the
    learner exists): no token or a token of nobody is 401, another learner's
    token is 403, the same for an id that exists and one that does not.  The
    check reads the learner, and routes use that read.
    """
    stored = authenticate(store, token) if token else None
    if stored is None:
        raise LearnerTokenRequired(_NO_LEARNER_TOKEN)
    if not hmac.compare_digest(stored.learner.id, learner_id):
        raise ForeignLearnerToken("this token belongs to another learner")
    return stored


OptionalLearnerTokenDep = Annotated[str | None, Depends(_learner_bearer)]
#: The token, 401 without one; for the progress route, which checks it in the same worker-thread
#: call as its write (one hand-off instead of two) and must refuse a tokenless request before
#: validating its body.
LearnerTokenDep = Annotated[str, Depends(_required_learner_bearer)]


def current_learner(learner_id: LearnerIdPath, token: OptionalLearnerTokenDep, request: Request) -> Stored:
    """:func:`learner_for` the bearer token, checked before anything else about the request.

    A plain function, so FastAPI runs it in its thread pool: it reads the store.
    """
    return learner_for(app_state(request).learners, token, learner_id)


LearnerDep = Annotated[Stored, Depends(current_learner)]

_ENTITY_TAG = re.compile(r'^"(\d{1,18})"$')
IfMatchHeader = Annotated[str | None, Header(alias="If-Match", max_length=200,
                                             description="The profile's ETag as last read, or `*`.")]


def etag(version: int) -> str:
    """The profile's version as a strong entity tag."""
    return f'"{version}"'


def expected_from(if_match: str | None) -> int | None:
    """The version ``If-Match`` expects; ``None`` when there is none or it is ``*``."""
    return None if if_match is None else _expected(if_match)


def _expected(if_match: str) -> int | None:
    """The version ``If-Match`` expects; ``None`` for ``*`` (any version).

    One strong tag is understood.  A weak tag, a list or garbage can never
    match under the strong comparison ``If-Match`` uses: 412.
    """
    value = if_match.strip()
    if value == "*":
        return None
    found = _ENTITY_TAG.match(value)
    if found is None:
        raise IfMatchUnusable(f"If-Match must be one ETag exactly as the ETag header gave it (like \"3\"), or *; not {value[:40]!r}")
    return int(found.group(1))


async def required_version(_learner: LearnerDep, if_match: IfMatchHeader = None) -> int | None:
    """The version a write may apply to (after authentication); the client must say (428
    otherwise): for writes that replace or erase what the client last read."""
    if if_match is None:
        raise IfMatchRequired("send If-Match with the ETag of the profile as you last read it (or * to overwrite whatever is there)")
    return _expected(if_match)


RequiredVersionDep = Annotated[int | None, Depends(required_version)]


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
GraphDep = Annotated[CurriculumGraph, Depends(get_graph)]
DriverDep = Annotated[Driver, Depends(get_driver)]
ApiKeyDep = Annotated[str, Depends(require_api_key)]
CypherLimitsDep = Annotated[CypherLimits, Depends(get_cypher_limits)]
