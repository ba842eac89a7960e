"""A real Neo4j for the tests marked ``neo4j``, and the curricula they store.

``neo4j_driver`` connects to ``NEO4J_URI`` (unset: the local server of
``scripts/neo4j-local`` on ``MLPATH_NEO4J_PORT`` or 7687).  When nothing
answers:

* with ``CI`` set, or with ``NEO4J_URI`` set explicitly, the tests FAIL: a
  server that was promised and is missing is a broken run, not a skip;
* otherwise the fixture starts the local server itself and stops it at the
  end of the session (only if it started it).

The tests rewrite the whole curriculum in the database, so one session at a
time holds a file lock for the server it uses: two engineers running the
suite at once take turns instead of corrupting each other's assertions.
"""

from __future__ import annotations

import os

import pytest

from graph.curriculum import CurriculumGraph, build_graph
from graph.models import Curriculum, Kind, LEGACY_STAGES, Level, Node


def _node(node_id: str, kind: Kind, hours: float, requires=(), **fields) -> Node:
    stage = fields.pop("stage", "foundations")
    return Node(id=node_id, name=fields.pop("name", node_id.replace("-", " ").title()), kind=kind, stage=stage,
                effort_hours=hours, source="tests/neo4j", requires=tuple(tuple(c) for c in requires), **fields)


#: Every feature the Neo4j model must keep: OR clauses, a node named in two
#: clauses of one dependent, resources in a given order, every enum, unicode,
#: empty and non-empty aliases and descriptions, fractional hours, a whole with
#: parts, a course that covers, retired ids and a stage with a description.
SMALL = Curriculum(stages=tuple(
    s.model_copy(update={"description": "Meeting people — «and» learning."}) if s.id == "network" else s for s in LEGACY_STAGES
), nodes=(
    _node("kaggle", Kind.PLATFORM, 0, stage="hands-on", description="Competitions and notebooks."),
    _node("coursera", Kind.PLATFORM, 0, stage="foundations"),
    _node("python", Kind.TOOL, 80, aliases=("py", "python3"), resources=("coursera", "kaggle"),
          description="The language of ML — «batteries included»."),
    _node("linear-algebra", Kind.TOPIC, 45.5, level=Level.INTERMEDIATE, resources=("coursera",)),
    _node("statistics", Kind.TOPIC, 60, aliases=("stats",)),
    _node("numpy", Kind.TOOL, 20, [["python"], ["linear-algebra"]], resources=("kaggle",)),
    _node("pandas", Kind.TOOL, 25, [["python"], ["numpy"]], stage="hands-on"),
    _node("pytorch", Kind.TOOL, 60, [["numpy"]], stage="frameworks", aliases=("torch",), level=Level.ADVANCED),
    _node("tensorflow", Kind.TOOL, 70, [["numpy"]], stage="frameworks", aliases=("tf",)),
    _node("keras", Kind.TOOL, 15, [["tensorflow"]], stage="frameworks"),
    _node("clean-code", Kind.SKILL, 10, [["python"]], stage="hands-on"),
    _node("cs-degree", Kind.EDUCATION, 3000, stage="foundations"),
    _node("maths", Kind.TOPIC, 4, parts=("statistics", "linear-algebra"), replaces=("old-maths", "mathematics")),
    _node("data-course", Kind.COURSE, 30, [["python"]], stage="hands-on", covers=("pandas", "numpy"), level=Level.INTERMEDIATE),
    _node("titanic", Kind.PROJECT, 12, [["pandas"], ["statistics", "linear-algebra"], ["statistics"]], stage="portfolio"),
    _node("meetups", Kind.ACTIVITY, 6, [["python"]], stage="network"),
    _node("tf-certificate", Kind.CERTIFICATION, 40, [["tensorflow"], ["keras"]], stage="career"),
    _node("step-1", Kind.MILESTONE, 0, [["python", "cs-degree"], ["statistics"]], stage="foundations"),
    _node("machine-learning-engineer", Kind.ROLE, 0,
          [["statistics"], ["pandas"], ["pytorch", "tensorflow"], ["tf-certificate"], ["step-1"], ["numpy", "titanic"], ["numpy"]],
          stage="career", aliases=("ml engineer", "mle"), name="Machine Learning Engineer"),
))


@pytest.fixture(scope="session")
def small_graph() -> CurriculumGraph:
    return build_graph(SMALL)


@pytest.fixture(scope="session")
def neo4j_driver():
    """An open driver on a real server; the session owns the database meanwhile.

    The CLI commands under test read ``NEO4J_URI`` like any user's shell, so
    when the server is this checkout's local one the fixture sets it.
    """
    from api.settings import load_settings
    from devtools import neo4j_local
    from graph.errors import Neo4jUnavailableError
    from graph.neo4j.connection import Neo4jSettings, connect

    explicit = load_settings().neo4j
    # A generous connection timeout: the machine running the suite is often busy.
    server = (explicit or Neo4jSettings(uri=neo4j_local.local_uri())).model_copy(update={"timeout": 10.0})
    started = False
    with neo4j_local.exclusive_use(server.uri), pytest.MonkeyPatch.context() as env:
        env.setenv("NEO4J_URI", server.uri)
        try:
            driver = connect(server)
        except Neo4jUnavailableError as exc:
            if os.environ.get("CI") or explicit:
                pytest.fail(f"Neo4j is required for the tests marked 'neo4j' but {exc}", pytrace=False)
            try:
                neo4j_local.start()
            except RuntimeError as failure:
                pytest.fail(str(failure), pytrace=False)
            started = True
            driver = connect(server)
        try:
            yield driver
        finally:
            driver.close()
            if started:
                neo4j_local.stop()


@pytest.fixture
def db_counts(neo4j_driver):
    """A function giving (all nodes, all relationships, all labels) in the database."""
    def counts() -> tuple[int, int, tuple[str, ...]]:
        nodes = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        rels = neo4j_driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
        labels = neo4j_driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l ORDER BY l").records
        return nodes, rels, tuple(r["l"] for r in labels)

    return counts
