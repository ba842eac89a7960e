"""How much Cypher each API key may ask of Neo4j: at once, per minute, and in query time.

The guard (``graph.neo4j.guard``) bounds what one query can cost; these
limits bound how many a key holder can send.  Per key:

* at most ``per_key`` queries at the same time;
* at most ``per_minute`` queries a minute, in bursts of up to ``burst``
  (a token bucket: a token a ``60 / per_minute`` seconds, ``burst`` at most);
* at most ``seconds_per_minute`` seconds of query time a minute (a bucket
  of seconds, debited by how long each query really took, so a key cannot
  keep the server busy with queries that each run to the timeout);

and ``total`` queries at once across all keys, so that many keys together
cannot take every connection.  A refusal carries the seconds after which
the same request would be admitted, for ``Retry-After``.  The state lives
in this process: with ``mlpath serve --workers N`` each worker counts for
itself.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["CypherLimits", "CypherBusy", "RateLimited", "TooManyCypherQueries"]


class RateLimited(Exception):
    """A Cypher query not admitted now; ``retry_after`` says when it would be (whole seconds, at least 1)."""

    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = max(1, math.ceil(retry_after))


class TooManyCypherQueries(RateLimited):
    """This key is over one of its limits (429)."""


class CypherBusy(RateLimited):
    """Every key together is at the server-wide limit of queries at once (503)."""


@dataclass
class _Bucket:
    """Tokens refilled at ``rate`` a second up to ``capacity``; may go below zero when debited after the fact."""

    capacity: float
    rate: float
    tokens: float = field(init=False)
    updated: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def seconds_until(self, amount: float) -> float:
        """How long until ``amount`` tokens are there (0 if they are)."""
        return max(0.0, (amount - self.tokens) / self.rate)


@dataclass
class _KeyState:
    requests: _Bucket
    seconds: _Bucket
    running: int = 0


class CypherLimits:
    """The limits of one API process; :meth:`admit` wraps each query."""

    def __init__(self, *, per_key: int, total: int, per_minute: int, burst: int, seconds_per_minute: float,
                 clock: Callable[[], float] = time.monotonic):
        self.per_key, self.total = per_key, total
        self.per_minute, self.burst, self.seconds_per_minute = per_minute, burst, seconds_per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, _KeyState] = {}
        self._running = 0

    @contextmanager
    def admit(self, key: str) -> Iterator[None]:
        """Run the block as one of ``key``'s queries, or raise :class:`RateLimited` at once."""
        state = self._enter(key)
        started = self._clock()
        try:
            yield
        finally:
            with self._lock:
                state.running -= 1
                self._running -= 1
                now = self._clock()
                state.seconds.refill(now)
                state.seconds.tokens -= now - started

    def _enter(self, key: str) -> _KeyState:
        with self._lock:
            now = self._clock()
            state = self._keys.get(key)
            if state is None:  # keys are checked before this, so there are only as many as configured
                state = self._keys[key] = _KeyState(_Bucket(self.burst, self.per_minute / 60),
                                                    _Bucket(self.seconds_per_minute, self.seconds_per_minute / 60))
                state.requests.updated = state.seconds.updated = now
            state.requests.refill(now)
            state.seconds.refill(now)
            if state.running >= self.per_key:
                raise TooManyCypherQueries(f"this key already has {state.running} Cypher queries running; "
                                           f"at most {self.per_key} at once", 1)
            if self._running >= self.total:
                raise CypherBusy(f"the server is running {self._running} Cypher queries, its limit; try again shortly", 1)
            if state.requests.tokens < 1:
                raise TooManyCypherQueries(f"this key sent more than {self.per_minute} Cypher queries a minute "
                                           f"(bursts of {self.burst})", state.requests.seconds_until(1))
            if state.seconds.tokens <= 0:
                raise TooManyCypherQueries(f"this key used its {self.seconds_per_minute:g} s of Cypher query time "
                                           "a minute", state.seconds.seconds_until(1e-9))
            state.requests.tokens -= 1
            state.running += 1
            self._running += 1
            return state
