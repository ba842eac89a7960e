"""The one way mlpath builds a Neo4j driver, from :class:`Neo4jSettings`.

The API's lifespan and every CLI command that needs the database get their
:class:`Neo4jSettings` from ``api.settings.Settings.neo4j`` (the environment
variables ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE`` and ``MLPATH_NEO4J_CHECK_TIMEOUT``) and pass them here, so
both talk to the same server with the same defaults and time limits.  Code
that adds a store (learners, ...) takes a driver built here; it never reads
the environment itself.

A driver is thread-safe and meant to live as long as the application: build
one, share it, close it at the end (the 6.x driver never closes itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, SecretStr

from graph.errors import Neo4jUnavailableError
from graph.models import FrozenModel

if TYPE_CHECKING:  # the driver costs ~40 MB: imported only when a driver is built
    import neo4j

__all__ = ["Neo4jSettings", "connect", "open_driver"]


class Neo4jSettings(FrozenModel):
    """Where the server is and how to talk to it: everything a driver is built from."""

    uri: str = Field(description="e.g. bolt://127.0.0.1:7687 or neo4j+s://host")
    user: str = "neo4j"
    password: SecretStr = Field(default=SecretStr(""), description="empty: no authentication is sent (the local development server)")
    database: str = "neo4j"
    timeout: float = Field(default=2.0, gt=0, description="seconds one connection attempt may take")

    @property
    def is_local(self) -> bool:
        """True for a server on this machine (the hint to start one makes sense)."""
        return "127.0.0.1" in self.uri or "localhost" in self.uri


#: Writes that delete learners' links (a learner erased, marks removed) can deadlock on shared
#: curriculum nodes' relationship chains; the server detects it at once, so a retry 20 ms later
#: (doubling, each delay give or take half) settles it, not the driver's default 1 s.  The driver's
#: managed transactions and the learner store's auto-commit writes retry on this one schedule.
FIRST_RETRY_DELAY = 0.02
RETRY_JITTER = 0.5


def open_driver(settings: Neo4jSettings) -> neo4j.Driver:
    """A driver for ``settings``; it connects on first use, not here.

    ``timeout`` bounds every connection attempt, and waiting for a pooled
    connection or retrying a transaction is bounded by small multiples of
    it, so an unreachable server costs seconds, not minutes.  A malformed
    URI raises the driver's own ``ConfigurationError`` (or ``ValueError``)
    here, loudly.
    """
    import neo4j

    password = settings.password.get_secret_value()
    auth = (settings.user, password) if password else None
    return neo4j.GraphDatabase.driver(
        settings.uri,
        auth=auth,
        connection_timeout=settings.timeout,
        connection_acquisition_timeout=settings.timeout * 2,
        max_transaction_retry_time=settings.timeout,
        initial_retry_delay=FIRST_RETRY_DELAY,
        retry_delay_jitter_factor=RETRY_JITTER,
        notifications_min_severity="OFF",
    )


def connect(settings: Neo4jSettings) -> neo4j.Driver:
    """An open driver that has reached the server once; the caller closes it.

    Raises
    ------
    Neo4jUnavailableError
        Nothing answers at the URI, the URI is malformed, or the server
        refused the credentials.
    """
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        driver = open_driver(settings)
    except (ValueError, DriverError) as exc:
        raise Neo4jUnavailableError(f"bad Neo4j URI {settings.uri!r}: {exc}") from exc
    try:
        driver.verify_connectivity()
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        hint = "; start the local one with scripts/neo4j-local start" if settings.is_local else ""
        raise Neo4jUnavailableError(f"no Neo4j answers at {settings.uri} ({type(exc).__name__}: {exc}){hint}") from exc
    return driver
