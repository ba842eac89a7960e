"""Fixtures for the recommender tests: small hand-made curricula (see ``toys.py``)."""

from __future__ import annotations

import pytest

from graph.curriculum import CurriculumGraph
from toys import toy


@pytest.fixture(scope="session")
def seed_matcher(seed_graph):
    """The matcher of the bundled curriculum, built once for the matching tests."""
    from recommender.matching import matcher_for

    return matcher_for(seed_graph)


@pytest.fixture
def toy_graph():
    return toy


@pytest.fixture(scope="module")
def ml_toy() -> CurriculumGraph:
    """The field notes' trap: PyTorch is the cheaper framework, but the
    certification needs TensorFlow anyway, so TensorFlow is optimal."""
    return toy({
        "python": (80, []),
        "pytorch": (60, [["python"]], "tool", "frameworks"),
        "tensorflow": (70, [["python"]], "tool", "frameworks"),
        "deep-learning": (50, [["python"], ["pytorch", "tensorflow"]], "topic", "ml-concepts"),
        "tf-certificate": (20, [["tensorflow"]], "certification", "career"),
        "ml-engineer": (0, [["deep-learning"], ["tf-certificate"]], "role", "career"),
    }, names={"pytorch": "PyTorch", "tensorflow": "TensorFlow", "ml-engineer": "ML Engineer", "tf-certificate": "TF Certificate"})
