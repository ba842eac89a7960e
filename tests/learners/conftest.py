"""The learner stores under test, each on real storage: a SQLite file in a temporary
directory, and (tests marked ``neo4j``) the session's real Neo4j server.

``store`` is parametrised over both, so every contract test runs on each.
A clock that moves one second per reading makes timestamps predictable.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from graph.learner_store import LearnerStore, SqliteLearnerStore
from graph.learners import LearnerDraft

START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


class SteppingClock:
    """``START``, then one second later on every call: distinct, ordered, reproducible times."""

    def __init__(self) -> None:
        self._ticks = itertools.count()

    def __call__(self) -> datetime:
        return START + timedelta(seconds=next(self._ticks))


def sqlite_store(tmp_path, **options) -> SqliteLearnerStore:
    return SqliteLearnerStore.in_directory(tmp_path / "data", clock=options.pop("clock", SteppingClock()), **options)


STORES = [pytest.param("sqlite", id="sqlite"), pytest.param("neo4j", id="neo4j", marks=pytest.mark.neo4j)]


def forget_all_learners(driver) -> None:
    """Remove every learner (and placeholder node) a test left in the shared database.

    In batches: one transaction deleting a thousand learners' marks runs past the
    server's per-transaction memory limit (``neo4j/server.env``), and a hundred
    learners' marks ran past its 10 s time limit once on a machine at load 11.
    """
    while driver.execute_query("MATCH (n) WHERE n:Learner OR n:MissingNode WITH n LIMIT 25 "
                               "DETACH DELETE n RETURN count(*) AS gone").records[0]["gone"]:
        pass


@pytest.fixture(params=STORES)
def store(request, tmp_path) -> Iterator[LearnerStore]:
    if request.param == "sqlite":
        with sqlite_store(tmp_path) as opened:
            yield opened
        return
    from graph.neo4j.learner_store import Neo4jLearnerStore

    driver = request.getfixturevalue("neo4j_driver")
    forget_all_learners(driver)
    with Neo4jLearnerStore(driver, location="tests", clock=SteppingClock()) as opened:
        yield opened
    forget_all_learners(driver)


DRAFT = LearnerDraft(targets=("machine-learning-engineer",), hours_per_week=6, prefer=("pytorch",),
                     avoid=("certification",), known=({"node": "python", "level": "advanced"}, {"node": "numpy"}))
