"""What one process last saw of each learner it served: a starting point for a write, never an answer.

A progress write computed from the learner as the request's own token check
read it costs that read (in Neo4j a round trip and a statement, in SQLite a
read transaction and the learner's validation).  This process usually read
or wrote that very learner a moment ago, so :class:`SeenLearners` keeps, per
learner, the state it saw and the token hash it saw beside it.  A write may
start from there only because the store's write itself compares both under
the learner's lock: it applies only if the stored learner is still at that
version *and* still has that token hash (``LearnerStore._commit``).  Every
change of a learner's state moves its version, and every new token (a
rotation, a deletion and import under the same id) changes the hash, so a
write that applies was computed from exactly what is stored, with a token
that is still the learner's.  Anything else (another worker process wrote,
rotated or deleted; the entry is gone) writes nothing, and the caller goes
the way that reads and checks.  Only hashes are kept, never tokens.

Reads use it the same way: a store reads the learner's version, token hash
and plan order on every request, and decodes its marks and targets (in
SQLite a second statement, in Neo4j the larger part of the record, and the
learner's validation in both) only when they are not the ones seen.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from graph.learners import Learner
from graph.recently_used import RecentlyUsed

__all__ = ["Seen", "SeenLearners"]

#: Learners remembered per process; the least recently used go first.  A few MB at most.
DEFAULT_SIZE = 4096


@dataclass(frozen=True)
class Seen:
    """A learner's state as this process last read or wrote it, and the token hash it had then."""

    learner: Learner
    token_hash: bytes = field(repr=False)

    def is_stored(self, version: int, token_hash: bytes) -> bool:
        """Whether a stored learner with this version and token hash is the one seen (the reason
        is in the module's docstring); the hashes are compared in constant time all the same."""
        return version == self.learner.version and hmac.compare_digest(token_hash, self.token_hash)


class SeenLearners:
    """Learner id to :class:`Seen`, for the most recently used ``size`` learners; thread-safe."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._recent: RecentlyUsed[str, Seen] = RecentlyUsed(size)

    def get(self, learner_id: str) -> Seen | None:
        return self._recent.get(learner_id)

    def put(self, learner: Learner, token_hash: bytes) -> None:
        self._recent.put(learner.id, Seen(learner, token_hash))

    def forget(self, learner_id: str) -> None:
        self._recent.forget(learner_id)
