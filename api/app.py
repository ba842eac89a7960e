"""The FastAPI application: ``create_app(settings)`` builds one.

Run it with ``mlpath serve`` or ``uvicorn api.app:create_app --factory``.
The lifespan opens the Neo4j driver (if ``NEO4J_URI`` is set), loads the
curriculum snapshot once, opens the learner store, and closes both on
shutdown; routes reach them through ``api.deps``.  See ``docs/api.md`` for
endpoints and settings.
"""

from __future__ import annotations

import copy
import functools
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from api.errors import install_error_handlers, send_body_too_large
from api.middleware import CORS_EXPOSED_HEADERS, REQUEST_ID_HEADER, BodyLimitMiddleware, RequestIdFilter, RequestIdMiddleware
from api.ratelimit import CreationLimiter
from api.routes import cypher, graph, health, learner_files, learner_text, learners, match, nodes, pages, paths, roadmap
from api.schemas import Problem
from api.settings import Settings, get_settings
from api.state import AppState, PlanCache, cypher_limits, load_snapshot, open_driver, open_learner_store, prepare_routes

__all__ = ["create_app"]

logger = logging.getLogger("mlpath.api")
logger.addFilter(RequestIdFilter())

DESCRIPTION = (
    "Least-effort learning paths to becoming a Machine Learning Engineer, computed on a "
    "prerequisite knowledge graph. Errors are RFC 9457 `application/problem+json` documents."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new application; ``settings`` default to the environment's."""
    settings = settings or get_settings()
    app = FastAPI(
        title="mlpath",
        version="1",
        description=DESCRIPTION,
        lifespan=_lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    for module in (paths, learners, learner_text, learner_files, roadmap, nodes, graph, match, cypher, health, pages):
        app.include_router(module.router)
    # Added innermost first: request ids wrap everything, CORS wraps the limit.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       on_too_large=functools.partial(send_body_too_large, limit=settings.max_body_bytes))
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", REQUEST_ID_HEADER],
            expose_headers=list(CORS_EXPOSED_HEADERS),
        )
    app.add_middleware(RequestIdMiddleware)
    app.openapi = _problem_media_types(app.openapi)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    driver = open_driver(settings)
    learners = None
    try:
        snapshot = await run_in_threadpool(load_snapshot, settings, driver)
        await run_in_threadpool(prepare_routes, snapshot)  # no lazy imports racing between first requests
        learners = await run_in_threadpool(open_learner_store, settings, driver)
        app.state.mlpath = AppState(settings=settings, snapshot=snapshot, driver=driver,
                                    plans=PlanCache(settings.plan_cache_size),
                                    solver=anyio.CapacityLimiter(settings.plan_concurrency),
                                    learners=learners, learner_plans=PlanCache(settings.plan_cache_size),
                                    cypher=cypher_limits(settings),
                                    creations=CreationLimiter(settings.learner_create_limit, settings.learner_create_window))
        # The snapshot lives as long as the process: move it out of the
        # collector's generations so full collections stop re-tracing it.
        gc.collect()
        gc.freeze()
        logger.info("serving %d nodes from %s (Neo4j: %s; learners: %s)", len(snapshot.graph), snapshot.source,
                    "configured" if driver else "not configured", learners.location)
        yield
    finally:
        if learners is not None:
            learners.close()
        if driver is not None:
            driver.close()


def _problem_media_types(build: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """Wrap ``app.openapi`` so every error response is declared as problem+json.

    The handlers in ``api.errors`` answer every 4xx and 5xx, on every route
    (the pages' routes included), with a problem document; FastAPI would
    file error models under the route's own media type and add its default
    422 shape, so the schema is corrected once here and clients and
    schemathesis check what is really sent.
    """
    done: dict[str, Any] = {}
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}

    def openapi() -> dict[str, Any]:
        if "schema" not in done:
            schema = build()
            schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
                "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    for status, response in operation.get("responses", {}).items():
                        if status == "default" or status[0] in "45":
                            response["content"] = copy.deepcopy(problem)
            for unused in ("HTTPValidationError", "ValidationError"):
                schema["components"]["schemas"].pop(unused, None)
            done["schema"] = schema
        return done["schema"]

    return openapi
