"""The embedded store when the writing process is killed (SIGKILL, no chance to clean up),
and when two processes write at once.  Real processes, a real file, no mocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graph.learner_store import SqliteLearnerStore
from graph.learners import LearnerDraft
from tests.learners import progress_stream

ROOT = Path(__file__).resolve().parents[2]


def start_writer(data_dir: Path, learner_id: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.learners.progress_stream", str(data_dir), learner_id, *extra],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def acknowledged_until_killed(writer: subprocess.Popen, *, acks: int) -> tuple[int, list[str]]:
    """Read ``ack`` lines until ``acks`` arrived or the writer paused, then SIGKILL it."""
    last, lines = 0, []
    for line in writer.stdout:
        lines.append(line.strip())
        if line.startswith("ack "):
            last = int(line.split()[1])
        if line.startswith("paused") or len(lines) >= acks:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL, writer.stderr.read()
    return last, lines


@pytest.fixture
def learner(tmp_path) -> tuple[Path, str]:
    data = tmp_path / "data"
    with SqliteLearnerStore.in_directory(data) as store:
        return data, store.create(LearnerDraft(targets=("mlops",))).learner.id


def test_a_kill_in_the_middle_of_a_batch_leaves_the_batches_before_it_whole(learner):
    data, learner_id = learner
    writer = start_writer(data, learner_id, "--pause-at", "7")
    last, lines = acknowledged_until_killed(writer, acks=1000)
    assert lines[-1] == "paused" and last == 8  # batches 0..6 acknowledged; 7 was half written when killed
    with SqliteLearnerStore.in_directory(data) as store:
        assert progress_stream.check(store.get(learner_id), last) == 6


@pytest.mark.parametrize("round_", range(4))
def test_a_kill_at_any_moment_of_a_stream_loses_no_acknowledged_batch(learner, round_):
    """Killed after a different number of acknowledgements each round, on a stream that never stops."""
    data, learner_id = learner
    last = 1
    for acks in (5 + 11 * round_, 3 + 7 * round_, 17):
        writer = start_writer(data, learner_id)
        last, _ = acknowledged_until_killed(writer, acks=acks)
        with SqliteLearnerStore.in_directory(data) as store:
            progress_stream.check(store.get(learner_id), last)


def test_two_processes_writing_at_once_lose_nothing(learner):
    data, learner_id = learner
    program = (
        "import sys\n"
        "from graph.learner_store import SqliteLearnerStore\n"
        "from graph.learners import MarkChange\n"
        "store = SqliteLearnerStore.in_directory(sys.argv[1])\n"
        "for i in range(60):\n"
        "    store.record(sys.argv[2], [MarkChange(node=f'{sys.argv[3]}-{i}', status='done')])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", program, str(data), learner_id, name], cwd=ROOT, env=env,
                                stderr=subprocess.PIPE, text=True) for name in ("left", "right")]
    for writer in writers:
        assert writer.wait(timeout=300) == 0, writer.stderr.read()
    with SqliteLearnerStore.in_directory(data) as store:
        stored = store.get(learner_id)
    assert stored.version == 1 + 120
    assert {m.node for m in stored.marks} == {f"{side}-{i}" for side in ("left", "right") for i in range(60)}


def test_readers_never_see_half_a_batch(learner):
    """Snapshot reads in another process's WAL: every read holds one whole batch."""
    import threading

    data, learner_id = learner
    writer = start_writer(data, learner_id)
    assert writer.stdout.readline().startswith("ack ")
    seen, failures = [], []

    def read() -> None:
        with SqliteLearnerStore.in_directory(data) as store:
            while len(set(seen)) < 20 and not failures:
                try:
                    seen.append(progress_stream.check(store.get(learner_id), 1))
                except AssertionError as exc:
                    failures.append(str(exc))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for r in readers:
        r.start()
    for r in readers:
        r.join(timeout=300)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert not failures and len(set(seen)) >= 20  # the stream moved on while we read


# --- grouped writes: several learners' batches in one transaction (graph.group_commit) ---

GROUPED = 4


@pytest.fixture
def learners(tmp_path) -> tuple[Path, list[str]]:
    data = tmp_path / "data"
    with SqliteLearnerStore.in_directory(data) as store:
        return data, [store.create(LearnerDraft(targets=("mlops",))).learner.id for _ in range(GROUPED)]


def grouped_until_killed(writer: subprocess.Popen, *, acks: int) -> tuple[dict[str, int], int, list[str]]:
    """Read ``ack <learner> <version> <largest group>`` lines until ``acks`` arrived or the writer
    paused, then SIGKILL it: the last acknowledged version per learner, and the largest group."""
    last: dict[str, int] = {}
    largest, lines = 0, []
    for line in writer.stdout:
        lines.append(line.strip())
        if line.startswith("ack "):
            _, learner_id, version, group = line.split()
            last[learner_id], largest = int(version), max(largest, int(group))
        if line.startswith("paused") or len(lines) >= acks:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL, writer.stderr.read()
    return last, largest, lines


def test_a_kill_in_the_middle_of_a_group_leaves_every_batch_whole_and_every_acknowledged_one_there(learners):
    """Killed while one transaction holds two or more learners' batches, one and a half of them written."""
    data, ids = learners
    writer = start_writer(data, ids[0], *ids[1:], "--pause-in-group")
    last, _, lines = grouped_until_killed(writer, acks=100_000)
    assert lines[-1].startswith("paused ") and int(lines[-1].split()[1]) >= 2, lines[-5:]
    with SqliteLearnerStore.in_directory(data) as store:
        for learner_id in ids:
            progress_stream.check(store.get(learner_id), last.get(learner_id, 1))


@pytest.mark.parametrize("round_", range(3))
def test_a_kill_at_any_moment_of_grouped_streams_loses_no_acknowledged_batch(learners, round_):
    data, ids = learners
    last = {learner_id: 1 for learner_id in ids}
    largest = 0
    for acks in (9 + 13 * round_, 40, 5 + 7 * round_):
        writer = start_writer(data, ids[0], *ids[1:])
        acknowledged, group, _ = grouped_until_killed(writer, acks=acks)
        last.update(acknowledged)
        largest = max(largest, group)
        with SqliteLearnerStore.in_directory(data) as store:
            for learner_id in ids:
                progress_stream.check(store.get(learner_id), last[learner_id])
    assert largest >= 2, "the streams never shared a commit"
