"""A small hand-made curriculum and a client on an app built over it.

The curriculum is the classic trap for greedy planners: the role needs
"PyTorch or TensorFlow" and a certification that itself needs TensorFlow, so
the cheapest plan takes TensorFlow although PyTorch alone is cheaper.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.curriculum import to_interchange_json
from graph.models import Curriculum, Kind, LEGACY_STAGES, Node

API_KEY = "test-key-0123456789abcdef"


def _node(node_id: str, name: str, kind: Kind, stage: Stage, hours: float, requires=(), aliases=()) -> Node:
    return Node(id=node_id, name=name, kind=kind, stage=stage, effort_hours=hours, source="tests/api",
                requires=tuple(tuple(clause) for clause in requires), aliases=tuple(aliases))


TOY = Curriculum(stages=LEGACY_STAGES, nodes=(
    _node("python", "Python", Kind.TOOL, "foundations", 80, aliases=["py"]),
    _node("statistics", "Statistics", Kind.TOPIC, "foundations", 60, aliases=["stats"]),
    _node("numpy", "NumPy", Kind.TOOL, "foundations", 20, [["python"]], aliases=["np"]),
    _node("pandas", "pandas", Kind.TOOL, "hands-on", 25, [["python"], ["numpy"]]),
    _node("pytorch", "PyTorch", Kind.TOOL, "frameworks", 60, [["numpy"]], aliases=["torch"]),
    _node("tensorflow", "TensorFlow", Kind.TOOL, "frameworks", 70, [["numpy"]], aliases=["tf"]),
    _node("keras", "Keras", Kind.TOOL, "frameworks", 15, [["tensorflow"]]),
    _node("tf-certificate", "TensorFlow Developer Certificate", Kind.CERTIFICATION, "career", 40,
          [["tensorflow"], ["keras"]]),
    _node("machine-learning-engineer", "Machine Learning Engineer", Kind.ROLE, "career", 0,
          [["statistics"], ["pandas"], ["pytorch", "tensorflow"], ["tf-certificate"]], aliases=["ml engineer", "mle"]),
))


@pytest.fixture(scope="session")
def toy_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("curriculum") / "toy.json"
    path.write_text(to_interchange_json(TOY), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def settings(toy_path) -> Settings:
    return Settings(graph=str(toy_path), api_keys=(API_KEY,), cors_origins=("http://learner.example",),
                    max_body_bytes=4096, neo4j_uri=None)


@pytest.fixture(scope="session")
def client(settings):
    """One app for the session: it is immutable, so tests cannot disturb each other."""
    with TestClient(create_app(settings)) as client:
        yield client
