"""Fixtures shared across the suite: the bundled curriculum, loaded once."""

from __future__ import annotations

import pytest

from graph.curriculum import CurriculumGraph, load_graph


@pytest.fixture(scope="session")
def seed_graph() -> CurriculumGraph:
    """The curriculum in ``seed_data/``, validated and built once per run."""
    return load_graph()
