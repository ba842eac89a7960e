"""The group commit on its own (graph.group_commit): who commits with whom, in what order, and
what each batch is told, against a store stand-in that records every transaction it was given."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import LearnerStoreUnavailableError
from graph.group_commit import GroupCommit


class Refused(Exception):
    """What the stand-in raises for a batch it cannot write (a constraint, a node gone)."""


class Store:
    """Versions per key; a batch ``(key, version, bad)`` applies if the key is at ``version``, and a
    bad one fails the whole transaction.  Each transaction is recorded once it has committed."""

    def __init__(self, *, hold: threading.Event | None = None, pause: float = 0.0) -> None:
        self.versions: dict[str, int] = {}
        self.transactions: list[list[tuple]] = []
        self.committed: set[tuple] = set()
        self.hold = hold
        self.pause = pause
        self.calls = 0
        self.inside = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def apply(self, batches: Sequence[tuple]) -> list[bool]:
        with self._lock:
            self.calls += 1
            self.inside += 1
            self.overlapped |= self.inside > 1
        try:
            if self.hold is not None and self.calls == 1:
                assert self.hold.wait(10)
            if self.pause:
                time.sleep(self.pause)
            if any(batch[2] == "bad" for batch in batches):
                raise Refused(batches)
            if any(batch[2] == "down" for batch in batches):
                raise LearnerStoreUnavailableError("down", retry_after=1)
            outcomes = []
            for key, version, *_ in batches:
                ok = self.versions.get(key, 0) == version
                if ok:
                    self.versions[key] = version + 1
                outcomes.append(ok)
            self.transactions.append(list(batches))
            self.committed.update(batches)
            return outcomes
        finally:
            with self._lock:
                self.inside -= 1


def combiner(store: Store, **options) -> GroupCommit[tuple]:
    return GroupCommit(store.apply, key=lambda batch: batch[0], shared=(LearnerStoreUnavailableError,), **options)


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def queued(group: GroupCommit) -> int:
    with group._lock:
        return len(group._queue)


def queue_behind(pool: ThreadPoolExecutor, group: GroupCommit, store: Store, first: tuple, batches) -> tuple:
    """``first`` submitted and its commit in flight (held by the store), then ``batches`` queued behind it
    one at a time, so the queue's order is theirs: the leader's future and the others'."""
    leader = pool.submit(group.commit, first)
    wait_until(lambda: store.calls == 1)
    futures = []
    for batch in batches:
        futures.append(pool.submit(group.commit, batch))
        wait_until(lambda n=len(futures): queued(group) == n)
    return leader, futures


def test_a_lone_batch_commits_at_once_alone():
    store = Store()
    group = combiner(store)
    assert group.commit(("a", 0, "")) is True
    assert group.commit(("a", 0, "")) is False  # its condition no longer holds: refused, nothing written
    assert store.transactions == [[("a", 0, "")], [("a", 0, "")]] and store.versions == {"a": 1}
    assert (group.stats.groups, group.stats.batches, group.stats.largest) == (2, 2, 1)


def test_batches_that_arrive_during_a_commit_commit_together_in_arrival_order_each_with_its_outcome():
    hold = threading.Event()
    store = Store(hold=hold)
    store.versions = {"b": 0, "c": 5, "d": 0}
    group = combiner(store)
    with ThreadPoolExecutor(8) as pool:
        # c's condition fails: only c is refused
        first, later = queue_behind(pool, group, store, ("a", 0, ""), (("b", 0, ""), ("c", 0, ""), ("d", 0, "")))
        assert not any(f.done() for f in [first, *later]), "nothing is answered before its commit"
        hold.set()
        assert first.result(10) is True
        assert [f.result(10) for f in later] == [True, False, True]
    assert store.transactions == [[("a", 0, "")], [("b", 0, ""), ("c", 0, ""), ("d", 0, "")]]
    assert store.versions == {"a": 1, "b": 1, "c": 5, "d": 1}
    assert not store.overlapped, "one transaction at a time"
    assert group.stats.largest == 3 and group.stats.average == 2.0


def test_batches_of_one_key_never_share_a_transaction_and_keep_their_order():
    hold = threading.Event()
    store = Store(hold=hold)
    group = combiner(store)
    with ThreadPoolExecutor(8) as pool:
        first, futures = queue_behind(pool, group, store, ("x", 0, ""), (("a", 0, ""), ("a", 1, ""), ("b", 0, ""), ("a", 2, "")))
        hold.set()
        assert first.result(10) and all(f.result(10) for f in futures)
    assert store.transactions[1:] == [[("a", 0, ""), ("b", 0, "")], [("a", 1, "")], [("a", 2, "")]]


def test_a_group_that_fails_is_committed_batch_by_batch_and_only_the_bad_batch_fails():
    hold = threading.Event()
    store = Store(hold=hold)
    group = combiner(store)
    with ThreadPoolExecutor(8) as pool:
        first, futures = queue_behind(pool, group, store, ("x", 0, ""), (("a", 0, ""), ("b", 0, "bad"), ("c", 0, "")))
        hold.set()
        assert first.result(10) is True
        assert futures[0].result(10) is True and futures[2].result(10) is True
        with pytest.raises(Refused):
            futures[1].result(10)
    assert store.transactions[1:] == [[("a", 0, "")], [("c", 0, "")]]
    assert store.versions == {"x": 1, "a": 1, "c": 1} and group.stats.fallbacks == 1


def test_a_store_that_cannot_answer_fails_the_whole_group_without_trying_each_alone():
    hold = threading.Event()
    store = Store(hold=hold)
    group = combiner(store)
    with ThreadPoolExecutor(8) as pool:
        first, futures = queue_behind(pool, group, store, ("x", 0, ""), (("a", 0, ""), ("b", 0, "down")))
        hold.set()
        assert first.result(10) is True
        for future in futures:
            with pytest.raises(LearnerStoreUnavailableError):
                future.result(10)
    assert store.calls == 2 and group.stats.fallbacks == 0 and "a" not in store.versions


def test_after_an_error_the_next_batch_still_leads():
    store = Store()
    group = combiner(store)
    with pytest.raises(Refused):
        group.commit(("a", 0, "bad"))
    assert group.commit(("a", 0, "")) is True


batches = st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 3), st.sampled_from(["", "", "", "", "bad"])),
                   min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(batches=batches, threads=st.integers(1, 8))
def test_every_batch_gets_the_outcome_of_its_own_condition_and_only_after_its_commit(batches, threads):
    """Whatever the interleaving: a batch reported written was written exactly once, in a
    transaction that had committed before it was answered; one reported refused changed nothing;
    a bad batch fails alone; no transaction holds one key twice, and none overlaps another."""
    store = Store(pause=0.0005)
    group = combiner(store, max_group=5)
    answers: list[tuple[tuple, object]] = []

    def commit(batch: tuple) -> None:
        try:
            outcome = group.commit(batch)
        except Refused:
            answers.append((batch, "failed"))
            return
        assert batch in store.committed, "answered before its commit"
        answers.append((batch, outcome))

    objects = [(key, version, kind, serial) for serial, (key, version, kind) in enumerate(batches)]
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(commit, objects))
    written = [b for t in store.transactions for b in t]
    assert len(answers) == len(objects)
    for batch, outcome in answers:
        if batch[2] == "bad":
            assert outcome == "failed" and batch not in written
        else:
            assert outcome in (True, False)
    # Replaying the committed transactions in order gives each batch the outcome it was told.
    replay: dict[str, int] = {}
    told = dict(answers)
    for transaction in store.transactions:
        assert len({b[0] for b in transaction}) == len(transaction) <= 5
        for batch in transaction:
            ok = replay.get(batch[0], 0) == batch[1]
            if ok:
                replay[batch[0]] = batch[1] + 1
            assert told[batch] is ok
    assert replay == store.versions and not store.overlapped
    assert group.stats.batches >= len(objects) - sum(b[2] == "bad" for b in objects)
