"""Fixtures shared across the suite: the bundled curriculum, loaded once, and a real Neo4j.

No test may touch the real user's data directory (the CLI's default learner
profile lives there), so the whole session, subprocesses included, points
``MLPATH_DATA_DIR`` at a fresh temporary directory before anything is
collected, and removes it at the end.

``neo4j_driver`` connects to ``NEO4J_URI`` (unset: the local server of
``scripts/neo4j-local`` on ``MLPATH_NEO4J_PORT`` or 7687).  When nothing
answers:

* with ``CI`` set, or with ``NEO4J_URI`` set explicitly, the tests FAIL: a
  server that was promised and is missing is a broken run, not a skip;
* otherwise the fixture starts the local server itself and stops it at the
  end of the session (only if it started it).

``private_neo4j`` is a second, throwaway server for the tests that stop,
kill and restart one under a client: one for the whole session, because a
start is the slow part of those tests (20 to 45 s on a busy machine).  When
a collected test needs it, it starts booting as soon as collection ends, in
the background, so the first tests run meanwhile instead of waiting.

The tests rewrite the whole curriculum in the database, so one session at a
time holds a file lock for the server it uses: two engineers running the
suite at once take turns instead of corrupting each other's assertions.
It lives here, not in ``tests/neo4j/``, because the learner stores'
contract tests (``tests/learners/``) run on it too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from devtools.neo4j_local import SCRIPT
from graph.curriculum import CurriculumGraph, load_graph

_DATA_DIR = tempfile.mkdtemp(prefix="mlpath-test-data-")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MLPATH_DATA_DIR"] = _DATA_DIR


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    if any("private_neo4j" in getattr(item, "fixturenames", ()) for item in session.items):
        _PRIVATE.begin_start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _PRIVATE.end()
    shutil.rmtree(_DATA_DIR, ignore_errors=True)


class _SessionNeo4j:
    """The session's throwaway server (``private_neo4j``): started early, killed at the very end."""

    def __init__(self) -> None:
        self.server = None
        self._booting: subprocess.Popen | None = None

    def get(self):
        if self.server is None:
            from tests.servers import LocalNeo4j, free_port

            self.server = LocalNeo4j(Path(tempfile.mkdtemp(prefix="mlpath-test-neo4j-")) / "home", free_port())
        return self.server

    def begin_start(self) -> None:
        """Start booting without waiting; :meth:`ready` waits (and reports a failure)."""
        server = self.get()
        self._booting = subprocess.Popen([str(SCRIPT), "start"], env=server.env,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ready(self):
        server = self.get()
        if self._booting is not None:
            self._booting.wait()  # a failed start fails again below, with its messages
        server.run("start")
        return server

    def end(self) -> None:
        if self._booting is not None:
            self._booting.wait()
        if self.server is not None:
            if self.server.is_running():
                self.server.kill()
            shutil.rmtree(self.server.home.parent, ignore_errors=True)


_PRIVATE = _SessionNeo4j()


@pytest.fixture(scope="session")
def seed_graph() -> CurriculumGraph:
    """The curriculum in ``seed_data/``, validated and built once per run."""
    return load_graph()


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


@pytest.fixture(scope="session")
def private_neo4j():
    """A Neo4j of the session's own, apart from ``neo4j_driver``'s, which tests may stop, kill and start.

    A test using it calls ``run("start")`` first (a no-op while the server
    runs: it starts again one that an earlier test left stopped), may stop
    or kill it, and expects nothing of the data earlier tests left.
    """
    return _PRIVATE.ready()
