"""Group commit: batches waiting in one process are committed together, one transaction for all.

A durable commit costs a forced write to the disk (SQLite's ``fsync`` with
``synchronous=FULL``, Neo4j's forced transaction log) and, in Neo4j, a
round trip and a transaction's CPU on the server; the statements inside
cost little beside it.  When several progress batches of different learners
are ready at once, one commit for all of them costs about as much as one for
each, so :class:`GroupCommit` gathers them.

It is the classic leader/follower design, with no timer: a batch that finds
no commit in flight is its own *leader* and commits at once, alone, so a lone
writer waits for nobody.  Batches that arrive while a commit is in flight
queue up (they are *followers*); when the commit ends, its batches are
answered and the first batch still waiting becomes the next leader and
commits everything queued behind it in one transaction.  The queue thus forms
only when writes really overlap, and grows with the time a commit takes.

Each batch keeps its own all-or-nothing and its own condition: the store's
``apply`` writes the batches in one transaction and says, per batch, whether
its condition held (``True``: written) or not (``False``: nothing of it
written).  Nothing is answered before ``apply`` returns, that is before the
commit is durable.  If the combined transaction fails as a whole (a
constraint, a node gone, anything the store raises), every batch of the
group is tried again alone, so one batch's trouble is its own and not its
neighbours'; failures that say the store cannot answer at all (``shared``:
the server is down, the file locked too long, a commit whose outcome is
unknown) are given to every batch of the group as they are, since trying
each alone would only wait as long again, or claim nothing was written when
the group's commit may have been.

Batches with the same ``key`` (a learner id) never share a group: the
second waits for the next one, so a store never writes one learner twice in
one transaction, and one learner's batches commit in the order they came.

The combiner is per process (per store object): with ``mlpath serve
--workers 2`` each worker groups its own batches, and correctness across
processes stays the store's condition (the version and token hash compared
under the learner's lock).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["GroupCommit", "GroupStats"]

B = TypeVar("B")

#: Batches one transaction takes at most: a group of 200-mark batches stays far below Neo4j's
#: per-transaction memory limit (64 MB) and SQLite's write lock is not held for long.
DEFAULT_MAX_GROUP = 32


@dataclass
class GroupStats:
    """What the combiner did, for benchmarks and tests: how many transactions, batches, fallbacks."""

    groups: int = 0
    batches: int = 0
    largest: int = 0
    fallbacks: int = 0

    @property
    def average(self) -> float:
        """Batches per transaction."""
        return self.batches / self.groups if self.groups else 0.0


class _Waiting(Generic[B]):
    """One batch in the queue, and how it ended (an outcome or an error), once it has."""

    __slots__ = ("batch", "key", "wake", "leads", "settled", "outcome", "error")

    def __init__(self, batch: B, key: Hashable) -> None:
        self.batch = batch
        self.key = key
        self.wake = threading.Event()
        self.leads = False
        self.settled = False
        self.outcome = False
        self.error: BaseException | None = None


class GroupCommit(Generic[B]):
    """Commit batches from many threads, those that overlap in one transaction.

    ``apply(batches)`` writes ``batches`` in one transaction and returns one
    ``bool`` per batch (its condition held and it was written, or not and
    nothing of it was), in order; it is called from one thread at a time.
    ``key(batch)`` says which batches must not share a transaction.
    """

    def __init__(self, apply: Callable[[Sequence[B]], Sequence[bool]], *, key: Callable[[B], Hashable],
                 shared: tuple[type[BaseException], ...] = (), max_group: int = DEFAULT_MAX_GROUP) -> None:
        if max_group < 1:
            raise ValueError("a group holds at least one batch")
        self._apply = apply
        self._key = key
        self._shared = shared
        self._max_group = max_group
        self._lock = threading.Lock()
        self._queue: deque[_Waiting[B]] = deque()
        self._committing = False
        self.stats = GroupStats()

    def commit(self, batch: B) -> bool:
        """``batch`` committed, alone or with others: whether its condition held (it was written).

        Returns only once the transaction that holds it has committed; raises
        what writing it raised (alone, or shared by the group: see the module).
        """
        waiting = _Waiting(batch, self._key(batch))
        with self._lock:
            self._queue.append(waiting)
            if not self._committing:
                self._committing = waiting.leads = True
        if not waiting.leads:
            waiting.wake.wait()  # set when the batch is settled, or when it is its turn to lead
        if not waiting.settled:
            self._lead()
        if waiting.error is not None:
            raise waiting.error
        return waiting.outcome

    def _lead(self) -> None:
        """Take the queue's front (one batch per key), commit it, answer it, hand over the lead."""
        group: list[_Waiting[B]] = []
        try:
            with self._lock:
                keys: set[Hashable] = set()
                later: list[_Waiting[B]] = []
                while self._queue and len(group) < self._max_group:
                    waiting = self._queue.popleft()
                    (later if waiting.key in keys else group).append(waiting)
                    keys.add(waiting.key)
                self._queue.extendleft(reversed(later))  # same-key batches wait, in their order, at the front
                self.stats.groups += 1
                self.stats.batches += len(group)
                self.stats.largest = max(self.stats.largest, len(group))
            self._settle(group)
        finally:
            for waiting in group:
                if not waiting.settled:  # _settle itself was interrupted (KeyboardInterrupt, ...)
                    waiting.error, waiting.settled = RuntimeError("the group commit was interrupted"), True
            with self._lock:
                if self._queue:
                    self._queue[0].leads = True
                    self._queue[0].wake.set()
                else:
                    self._committing = False
            for waiting in group:
                waiting.wake.set()

    def _settle(self, group: list[_Waiting[B]]) -> None:
        """Every batch of ``group`` gets its outcome or its error."""
        try:
            outcomes = list(self._apply([w.batch for w in group]))
            if len(outcomes) != len(group):
                raise RuntimeError(f"the store answered {len(outcomes)} outcomes for {len(group)} batches")
        except self._shared as exc:
            for waiting in group:
                waiting.error, waiting.settled = exc, True
            return
        except Exception as exc:
            if len(group) == 1:
                group[0].error, group[0].settled = exc, True
                return
            with self._lock:
                self.stats.fallbacks += 1
            for waiting in group:  # each alone: the one at fault fails, the others commit
                self._settle([waiting])
            return
        for waiting, outcome in zip(group, outcomes):
            waiting.outcome, waiting.settled = bool(outcome), True
