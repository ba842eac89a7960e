"""Fixtures shared across the suite: the bundled curriculum, loaded once.

No test may touch the real user's data directory (the CLI's default learner
profile lives there), so the whole session, subprocesses included, points
``MLPATH_DATA_DIR`` at a fresh temporary directory before anything is
collected, and removes it at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from graph.curriculum import CurriculumGraph, load_graph

_DATA_DIR = tempfile.mkdtemp(prefix="mlpath-test-data-")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MLPATH_DATA_DIR"] = _DATA_DIR


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_DATA_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def seed_graph() -> CurriculumGraph:
    """The curriculum in ``seed_data/``, validated and built once per run."""
    return load_graph()
