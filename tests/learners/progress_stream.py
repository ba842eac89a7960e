"""A stream of progress batches whose every state can be checked after a crash.

Batch ``i`` gives all of :data:`NODES` the same status and level,
:func:`assignment` ``(i)``, and the learner version ``i + 2`` (creation is
version 1).  Consecutive batches differ in every mark's status, so a batch
applied by half would leave marks from two batches side by side.
:func:`check` asserts, of a learner read back after a crash, that no batch
was applied by half and that the last acknowledged one is there.

Run as a program it is the writer the tests kill::

    python -m tests.learners.progress_stream DATA_DIR LEARNER_ID [--pause-at N]
    python -m tests.learners.progress_stream DATA_DIR LEARNER_ID LEARNER_ID ... [--pause-in-group]

With one learner it prints ``ack <version>`` after each committed batch.
With ``--pause-at N`` it stops for good halfway through the write
transaction of batch N (after half its rows went to SQLite), prints
``paused``, and waits to be killed.

With several learners, one thread streams to each, every batch computed from
the learner as that thread last wrote it (:func:`write_from`), so the
batches go through the store's group commit and overlap: it prints ``ack
<learner id> <version> <largest group so far>``.  With ``--pause-in-group``
it stops for good in the middle of the first transaction that holds two
batches or more (after the first batch's rows and half of the second's),
printing ``paused <largest group so far>``.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

from graph.learners import Learner, Level, MarkChange, Status

BATCH = 50
NODES = tuple(f"stream-node-{i:02d}" for i in range(BATCH))
_STATUSES = tuple(Status)
_LEVELS = tuple(Level)  # never None: a mark without a level would keep the previous batch's


_OUTPUT = threading.Lock()


def say(line: str) -> None:
    """Print one whole line: ``print`` writes the text and its newline apart, so two threads
    (a streaming thread's ``ack`` and the paused leader's ``paused``) could interleave."""
    with _OUTPUT:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def assignment(batch: int) -> tuple[Status, Level]:
    return _STATUSES[batch % len(_STATUSES)], _LEVELS[batch % len(_LEVELS)]


def marks_of(batch: int) -> list[MarkChange]:
    status, level = assignment(batch)
    return [MarkChange(node=node, status=status, level=level) for node in NODES]


def write(store, learner_id: str, batch: int) -> int:
    """Write ``batch`` with the version check of a careful client; return the new version."""
    return store.record(learner_id, marks_of(batch), expected_version=batch + 1).version


def write_from(store, learner_id: str, batch: int, current: Learner | None) -> Learner:
    """Write ``batch`` computed from ``current`` (the learner as last written, as the API's
    progress route computes it from the learner it last saw): a conditional write, so it goes
    through the group commit; the version check of a careful client all the same."""
    return store.record(learner_id, marks_of(batch), expected_version=batch + 1, current=current)


def check(learner: Learner, last_acknowledged: int) -> int:
    """The batch ``learner`` holds, after asserting it holds one whole batch, no older than acknowledged."""
    assert learner.version >= last_acknowledged, f"acknowledged version {last_acknowledged} lost: stored {learner.version}"
    marks = [m for m in learner.marks if m.node in NODES]
    if learner.version == 1:
        assert not marks, "marks without a committed batch"
        return -1
    batch = learner.version - 2
    status, level = assignment(batch)
    assert len(marks) == BATCH, f"{len(marks)} of {BATCH} marks"
    assert {(m.status, m.level) for m in marks} == {(status, level)}, "marks from more than one batch"
    assert len({m.at for m in marks}) == 1, "marks written at different times"
    return batch


def _pause_mid_transaction(store, at_batch: int) -> None:
    """From batch ``at_batch`` on, stop for good once half of a batch's mark rows are written.

    SQLite's trace callback sees every statement the store's writing
    connection runs; the store writes one upsert per mark, inside the
    batch's transaction.
    """
    seen = {"rows": 0, "batch": 0}

    def trace(statement: str) -> None:
        if statement.startswith("BEGIN"):
            seen["rows"] = 0
        elif statement.lstrip().startswith("INSERT INTO marks"):
            seen["rows"] += 1
            if seen["batch"] >= at_batch and seen["rows"] == BATCH // 2:
                say("paused")
                while True:
                    time.sleep(60)
        elif statement.startswith("COMMIT"):
            seen["batch"] += 1

    store._writer.set_trace_callback(trace)


def _pause_in_group(store) -> None:
    """Stop for good once a transaction holding two batches or more has written one and a half."""
    rows = {"n": 0}

    def trace(statement: str) -> None:
        if statement.startswith("BEGIN"):
            rows["n"] = 0
        elif statement.lstrip().startswith("INSERT INTO marks"):
            rows["n"] += 1
            if rows["n"] == BATCH + BATCH // 2:
                say(f"paused {store.group_stats.largest}")  # the group now writing is the largest yet
                while True:
                    time.sleep(60)

    store._writer.set_trace_callback(trace)


def _stream_grouped(store, learner_ids: list[str], pause: bool) -> None:
    from graph.errors import StaleVersionError

    if pause:
        _pause_in_group(store)

    def stream(learner_id: str) -> None:
        current = store.get(learner_id)
        batch = current.version - 1
        while True:
            try:
                current = write_from(store, learner_id, batch, current)
            except StaleVersionError as exc:  # never expected: one writer per learner
                say(f"stale {learner_id} {exc}")
                raise
            say(f"ack {learner_id} {current.version} {store.group_stats.largest}")
            batch += 1

    threads = [threading.Thread(target=stream, args=(i,), daemon=True) for i in learner_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main(argv: list[str] | None = None) -> int:
    from graph.learner_store import SqliteLearnerStore

    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("learner_id", nargs="+")
    parser.add_argument("--pause-at", type=int, default=None)
    parser.add_argument("--pause-in-group", action="store_true")
    args = parser.parse_args(argv)
    store = SqliteLearnerStore.in_directory(args.data_dir)
    if len(args.learner_id) > 1:
        _stream_grouped(store, args.learner_id, args.pause_in_group)
        return 1
    args.learner_id = args.learner_id[0]
    batch = store.get(args.learner_id).version - 1
    if args.pause_at is not None:
        _pause_mid_transaction(store, args.pause_at - batch)
    while True:
        say(f"ack {write(store, args.learner_id, batch)}")
        batch += 1


if __name__ == "__main__":
    sys.exit(main())
