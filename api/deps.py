"""Dependencies as ``Annotated`` aliases, so a route's signature says what it uses.

Everything comes from the :class:`~api.state.AppState` the lifespan put on
``app.state``; nothing here reads the environment or opens connections.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiKeyRequired
from api.limits import CypherLimits
from api.settings import Settings
from api.state import AppState, Snapshot
from graph.curriculum import CurriculumGraph
from graph.errors import Neo4jUnavailableError

if TYPE_CHECKING:
    from neo4j import Driver
else:  # FastAPI evaluates the alias at import; neo4j is imported only when configured
    Driver = Any

__all__ = ["ApiKeyDep", "AppStateDep", "CypherLimitsDep", "DriverDep", "GraphDep", "SettingsDep", "SnapshotDep"]

NOT_CONFIGURED = (
    "Neo4j is not configured on this server: set NEO4J_URI (for example bolt://127.0.0.1:7687), "
    "and NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE if needed, then restart `mlpath serve`."
)

_bearer = HTTPBearer(auto_error=False, description="A key from MLPATH_API_KEYS.")


def get_app_state(request: Request) -> AppState:
    return request.app.state.mlpath


AppStateDep = Annotated[AppState, Depends(get_app_state)]


def get_settings_dep(state: AppStateDep) -> Settings:
    return state.settings


def get_snapshot(state: AppStateDep) -> Snapshot:
    return state.snapshot


def get_graph(state: AppStateDep) -> CurriculumGraph:
    return state.snapshot.graph


def get_driver(state: AppStateDep) -> Driver:
    """The application's driver; 503 with instructions when there is none."""
    if state.driver is None:
        raise Neo4jUnavailableError(NOT_CONFIGURED)
    return state.driver


def get_cypher_limits(state: AppStateDep) -> CypherLimits:
    return state.cypher


def require_api_key(
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


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
GraphDep = Annotated[CurriculumGraph, Depends(get_graph)]
DriverDep = Annotated[Driver, Depends(get_driver)]
ApiKeyDep = Annotated[str, Depends(require_api_key)]
CypherLimitsDep = Annotated[CypherLimits, Depends(get_cypher_limits)]
