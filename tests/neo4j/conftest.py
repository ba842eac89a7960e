"""The curricula the Neo4j tests store (the ``neo4j_driver`` fixture is in ``tests/conftest.py``)."""

from __future__ import annotations

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


@pytest.fixture
def db_counts(neo4j_driver):
    """A function giving (all nodes, all relationships, all labels) in the database."""
    def counts() -> tuple[int, int, tuple[str, ...]]:
        nodes = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        rels = neo4j_driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
        labels = neo4j_driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l ORDER BY l").records
        return nodes, rels, tuple(r["l"] for r in labels)

    return counts
