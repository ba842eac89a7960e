"""What the API holds for its whole life: one curriculum snapshot, the
learner store and, if configured, one Neo4j driver.

The snapshot is loaded once at start and never changes: every plan is
computed on it in memory, so plans keep being served whatever happens to
Neo4j.  :func:`load_snapshot` is the one place that decides where the
snapshot comes from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, TypeVar

import anyio
from pydantic import ValidationError

from api.limits import CypherLimits
from api.ratelimit import CreationLimiter
from api.settings import Settings
from graph.curriculum import CurriculumGraph, checked_graph, load_graph, to_interchange_json
from graph.errors import GraphLoadError, MlpathError, Neo4jUnavailableError
from graph.learner_store import LearnerStore, SqliteLearnerStore
from graph.neo4j.store import read_curriculum
from graph.recently_used import RecentlyUsed

if TYPE_CHECKING:  # the driver costs ~40 MB of memory: imported only when NEO4J_URI is set
    import neo4j

__all__ = ["AppState", "PlanCache", "Snapshot", "cypher_limits", "load_snapshot", "neo4j_status", "open_driver",
           "open_learner_store", "prepare_routes"]

logger = logging.getLogger("mlpath.api")


@dataclass(frozen=True)
class Snapshot:
    """An immutable curriculum plus facts about where it came from."""

    graph: CurriculumGraph
    source: str
    loaded_at: str
    #: ``to_interchange_json(graph)`` encoded once, served by ``GET /v1/graph``
    interchange: bytes
    #: why the snapshot is not from the configured source, if it is not
    fallback_reason: str | None = None

    @classmethod
    def of(cls, graph: CurriculumGraph, source: str, fallback_reason: str | None = None) -> Snapshot:
        loaded_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        return cls(graph, source, loaded_at, to_interchange_json(graph).encode("utf-8"), fallback_reason)


V = TypeVar("V")


class PlanCache(RecentlyUsed[str, V]):
    """The encoded plans of recent requests, least recently used out first.

    Correct because the snapshot never changes and the planner is
    deterministic: the same request always gives the same bytes.  It spares
    the solver for popular requests (the same role from the same start);
    ``size`` 0 disables it.
    """


@dataclass(frozen=True)
class AppState:
    settings: Settings
    snapshot: Snapshot
    driver: neo4j.Driver | None
    plans: PlanCache[bytes]
    #: at most this many plans are solved at once; the rest wait without holding a thread
    solver: anyio.CapacityLimiter
    #: what each API key may ask of Neo4j through POST /v1/cypher
    cypher: CypherLimits
    learners: LearnerStore
    #: saved learners' plans: the encoded plan and its step ids, by planner input and earlier order
    learner_plans: PlanCache[tuple[bytes, tuple[str, ...]]]
    creations: CreationLimiter


def cypher_limits(settings: Settings) -> CypherLimits:
    """The per-key and server-wide Cypher limits the settings describe."""
    return CypherLimits(per_key=settings.cypher_concurrency_per_key, total=settings.cypher_concurrency,
                        per_minute=settings.cypher_requests_per_minute, burst=settings.cypher_burst,
                        seconds_per_minute=settings.cypher_seconds_per_minute)


def open_driver(settings: Settings) -> neo4j.Driver | None:
    """The application's driver, built by ``graph.neo4j.connection``; ``None`` without ``NEO4J_URI``.

    Creating a driver does not connect; a bad URI fails here, loudly.  The
    connection timeout is what keeps ``/ready`` short when Neo4j is down.
    """
    if settings.neo4j is None:
        return None
    from graph.neo4j.connection import open_driver as build_driver

    return build_driver(settings.neo4j)


def open_learner_store(settings: Settings, driver: neo4j.Driver | None) -> LearnerStore:
    """The store ``MLPATH_LEARNER_STORE`` names: with ``auto``, Neo4j when a driver is configured.

    Opening never waits for Neo4j: a server that is down answers 503 on the
    learner routes until it is back, while plans without a profile go on.
    """
    choice = settings.learner_store
    if choice == "auto":
        choice = "neo4j" if driver is not None else "embedded"
    if choice == "embedded":
        return SqliteLearnerStore.in_directory(settings.data_dir)
    if driver is None:
        raise MlpathError("MLPATH_LEARNER_STORE=neo4j needs NEO4J_URI")
    from graph.neo4j.learner_store import Neo4jLearnerStore

    return Neo4jLearnerStore(driver, location=settings.neo4j_uri or "neo4j", database=settings.neo4j_database)


def neo4j_status(driver: neo4j.Driver | None, settings: Settings) -> tuple[str, str | None]:
    """``("not configured" | "up" | "down", detail)``, bounded by the driver's connection timeout."""
    if driver is None:
        return "not configured", None
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        driver.verify_connectivity()
    except (DriverError, Neo4jError, OSError) as exc:
        return "down", f"{type(exc).__name__}: {exc}"
    return "up", None


def load_snapshot(settings: Settings, driver: neo4j.Driver | None) -> Snapshot:
    """Read the curriculum from Neo4j when configured, else from the seed files.

    If Neo4j is configured but unreachable, empty or invalid, the seed files are
    used instead and the snapshot records why, which ``/ready`` reports as
    degraded.  A seed that fails validation raises ``GraphLoadError``: the
    server refuses to start rather than serve a broken curriculum.
    """
    reason = None
    if driver is not None:
        try:
            graph = _read_from_neo4j(driver, settings)
        except Neo4jUnavailableError as exc:
            reason = f"Neo4j was unreachable at start ({exc})"
        except GraphLoadError as exc:
            reason = f"the curriculum in Neo4j is invalid ({exc.args[0].splitlines()[0]})"
        except ValidationError as exc:
            reason = f"the curriculum in Neo4j is invalid ({exc.error_count()} node field error(s))"
        else:
            if len(graph):
                return Snapshot.of(graph, "neo4j")
            reason = "Neo4j holds no curriculum yet (run `mlpath neo4j sync`)"
        logger.warning("%s; serving the seed curriculum instead", reason)
    graph = load_graph(settings.graph)
    return Snapshot.of(graph, graph.source, reason)


def prepare_routes(snapshot: Snapshot) -> None:
    """Do once, in one thread, before serving, what the routes would otherwise do on first use.

    The routes import scipy, scikit-learn and plotly inside their functions
    (the CLI shares those modules and must start fast), and plotly imports
    more of itself, and narwhals, the first time it builds a figure.  Two
    first requests importing the same package from two worker threads can
    deadlock on Python's per-module import locks: fuzzing a fresh server
    once got ``_DeadlockError`` from two figure requests.  So the server
    plans, matches and draws once on a one-node curriculum cut from the
    snapshot, which imports everything those paths need; after that a
    request imports nothing new.  ``tests/api/test_cold_start.py`` checks
    both.
    """
    from graph.curriculum import build_graph
    from graph.models import Curriculum
    from recommender import service
    from recommender.models import PlanRequest
    from viz.figures import explorer_figure, path_figure
    from viz.pages import index_page, plan_page
    from viz.roadmap import roadmap_page
    from viz.schedule import schedule_figure

    entry = next((node for node in snapshot.graph.nodes.values() if not node.requires), None)
    if entry is None:  # an empty curriculum: no route can plan or draw anything anyway
        return
    alone = entry.model_copy(update={"resources": (), "parts": (), "covers": (), "replaces": ()})
    stages = tuple(stage for stage in snapshot.graph.curriculum.stages if stage.id == entry.stage)
    tiny = build_graph(Curriculum(stages=stages, nodes=(alone,)))
    plan = service.recommend(tiny, PlanRequest(targets=(entry.id,)))
    service.match(tiny, entry.name)
    service.next_steps(tiny, ())
    for figure in (explorer_figure(tiny), path_figure(tiny, plan), schedule_figure(tiny, plan)):
        figure.to_json()
    index_page(tiny)
    plan_page(tiny, plan)
    roadmap_page(tiny)


def _read_from_neo4j(driver: neo4j.Driver, settings: Settings) -> CurriculumGraph:
    """The curriculum stored in Neo4j, checked like seed files, as a frozen graph.

    The sync refuses invalid curricula, but the database may have been edited
    by hand since; a snapshot with a cycle or a dangling id would break every
    plan, so it is refused here (``GraphLoadError``) and the seed files serve.
    """
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        curriculum = read_curriculum(driver, database=settings.neo4j_database)
    except (DriverError, Neo4jError, OSError) as exc:
        raise Neo4jUnavailableError(f"{type(exc).__name__}: {exc}") from exc
    return checked_graph(curriculum, source="neo4j")
