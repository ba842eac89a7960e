"""A per-client-address limit on how fast learners are created.

Creating a learner costs storage and returns a secret, so a script must not
create millions: each client address may create ``limit`` learners per
``window`` seconds, refilled continuously (a token bucket), and the caller
is told how long to wait.  The buckets live in the process: with
``--workers N`` each worker counts on its own, so an address may create up
to N times the limit (``docs/learners.md``).  At most ``max_addresses`` are
tracked; the least recently seen is forgotten first, so memory stays bounded
whatever addresses arrive.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["CreationLimiter"]


class CreationLimiter:
    def __init__(self, limit: int, window: float, *, max_addresses: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.max_addresses = max_addresses
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address -> (tokens, at)
        self._lock = threading.Lock()

    def acquire(self, address: str) -> int | None:
        """Take one creation for ``address``; ``None`` if allowed, else whole seconds to wait."""
        rate = self.limit / self.window
        with self._lock:
            now = self._clock()
            tokens, at = self._buckets.pop(address, (float(self.limit), now))
            tokens = min(float(self.limit), tokens + (now - at) * rate)
            allowed = tokens >= 1.0
            self._buckets[address] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self.max_addresses:
                self._buckets.popitem(last=False)
        return None if allowed else max(1, math.ceil((1.0 - tokens) / rate))
