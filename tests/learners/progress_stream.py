"""A stream of progress batches whose every state can be checked after a crash.

Batch ``i`` gives all of :data:`NODES` the same status and level,
:func:`assignment` ``(i)``, and the learner version ``i + 2`` (creation is
version 1).  Consecutive batches differ in every mark's status, so a batch
applied by half would leave marks from two batches side by side.
:func:`check` asserts, of a learner read back after a crash, that no batch
was applied by half and that the last acknowledged one is there.

Run as a program it is the writer the tests kill::

    python -m tests.learners.progress_stream DATA_DIR LEARNER_ID [--pause-at N]

It prints ``ack <version>`` after each committed batch.  With
``--pause-at N`` it stops for good halfway through the write transaction of
batch N (after half its rows went to SQLite), prints ``paused``, and waits
to be killed.
"""

from __future__ import annotations

import argparse
import sys
import time

from graph.learners import Learner, Level, MarkChange, Status

BATCH = 50
NODES = tuple(f"stream-node-{i:02d}" for i in range(BATCH))
_STATUSES = tuple(Status)
_LEVELS = tuple(Level)  # never None: a mark without a level would keep the previous batch's


def assignment(batch: int) -> tuple[Status, Level]:
    return _STATUSES[batch % len(_STATUSES)], _LEVELS[batch % len(_LEVELS)]


def marks_of(batch: int) -> list[MarkChange]:
    status, level = assignment(batch)
    return [MarkChange(node=node, status=status, level=level) for node in NODES]


def write(store, learner_id: str, batch: int) -> int:
    """Write ``batch`` with the version check of a careful client; return the new version."""
    return store.record(learner_id, marks_of(batch), expected_version=batch + 1).version


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
                print("paused", flush=True)
                while True:
                    time.sleep(60)
        elif statement.startswith("COMMIT"):
            seen["batch"] += 1

    store._writer.set_trace_callback(trace)


def main(argv: list[str] | None = None) -> int:
    from graph.learner_store import SqliteLearnerStore

    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("learner_id")
    parser.add_argument("--pause-at", type=int, default=None)
    args = parser.parse_args(argv)
    store = SqliteLearnerStore.in_directory(args.data_dir)
    batch = store.get(args.learner_id).version - 1
    if args.pause_at is not None:
        _pause_mid_transaction(store, args.pause_at - batch)
    while True:
        print(f"ack {write(store, args.learner_id, batch)}", flush=True)
        batch += 1


if __name__ == "__main__":
    sys.exit(main())
