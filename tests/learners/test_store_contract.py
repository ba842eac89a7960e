"""What every learner store promises, checked on each store against real storage.

The same tests run on the embedded SQLite store and on Neo4j (``conftest.STORES``).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.errors import InvalidRequestError, LearnerExistsError, LearnerNotFoundError, StaleVersionError
from graph.learner_store import PendingWrite, authenticate
from graph.learners import LearnerChanges, LearnerDraft, MarkChange, Source, Status, edit
from tests.learners.conftest import DRAFT, START


def marks_of(learner) -> dict[str, tuple[str, str | None]]:
    return {m.node: (m.status.value, m.level.value if m.level else None) for m in learner.marks}


def test_a_new_learner_reads_back_exactly(store):
    issued = store.create(DRAFT)
    learner = issued.learner
    assert store.get(learner.id) == learner
    assert learner.version == 1 and learner.created_at == learner.updated_at == START
    assert learner.targets == DRAFT.targets and learner.hours_per_week == 6
    assert learner.prefer == ("pytorch",) and learner.avoid == ("certification",)
    assert marks_of(learner) == {"numpy": ("known", None), "python": ("known", "advanced")}
    assert {m.source for m in learner.marks} == {Source.SELF_REPORTED}


def test_ids_and_tokens_are_random_and_only_the_owners_token_authenticates(store):
    first, second = store.create(DRAFT), store.create(DRAFT)
    assert first.learner.id != second.learner.id and first.token != second.token
    assert len(first.learner.id) == 32 and int(first.learner.id, 16) >= 0  # 128 bits, hex
    assert authenticate(store, first.token).learner == first.learner
    assert authenticate(store, second.token).learner == second.learner
    forged = first.token[:-4] + ("aaaa" if not first.token.endswith("aaaa") else "bbbb")
    swapped = second.token.replace(second.learner.id, first.learner.id)  # B's secret under A's id
    for bad in (forged, swapped, "", "mlp_", first.learner.id, "Bearer " + first.token, first.token + "x"):
        assert authenticate(store, bad) is None, bad
    assert first.token not in repr(first)


def test_a_batch_of_marks_is_applied_together_and_bumps_the_version_once(store):
    learner = store.create(DRAFT).learner
    after = store.record(learner.id, [MarkChange(node="git", status=Status.DONE, source=Source.PLAN_STEP),
                                      MarkChange(node="pandas", status=Status.LEARNING, level="beginner"),
                                      MarkChange(node="numpy", status=Status.DONE)])
    assert after.version == 2 and store.get(learner.id) == after
    assert marks_of(after) == {"git": ("done", None), "numpy": ("done", None), "pandas": ("learning", "beginner"),
                               "python": ("known", "advanced")}
    changed = {m.node: m for m in after.marks}
    assert changed["git"].source is Source.PLAN_STEP
    assert changed["pandas"].source is changed["python"].source is Source.SELF_REPORTED
    assert changed["git"].at == changed["pandas"].at > changed["python"].at


def test_repeating_a_batch_changes_nothing(store):
    learner = store.create(DRAFT).learner
    batch = [MarkChange(node="git", status=Status.DONE), MarkChange(node="python", status=Status.KNOWN)]
    once = store.record(learner.id, batch)
    assert store.record(learner.id, batch) == once == store.get(learner.id)


def test_a_mark_without_a_level_keeps_the_level_and_null_status_removes_it(store):
    learner = store.create(DRAFT).learner
    after = store.record(learner.id, [MarkChange(node="python", status=Status.DONE)])
    assert marks_of(after)["python"] == ("done", "advanced")
    after = store.record(learner.id, [MarkChange(node="python", status=None), MarkChange(node="nothing-here", status=None)])
    assert "python" not in marks_of(after) and after.version == 3
    assert store.get(learner.id) == after


def test_a_stale_version_writes_nothing(store):
    learner = store.create(DRAFT).learner
    store.record(learner.id, [MarkChange(node="git", status=Status.DONE)], expected_version=1)
    with pytest.raises(StaleVersionError) as raised:
        store.record(learner.id, [MarkChange(node="docker", status=Status.DONE)], expected_version=1)
    assert (raised.value.expected, raised.value.current) == (1, 2)
    with pytest.raises(StaleVersionError):
        store.update(learner.id, LearnerChanges(hours_per_week=20), expected_version=1)
    with pytest.raises(StaleVersionError):
        store.delete(learner.id, expected_version=1)
    stored = store.get(learner.id)
    assert stored.version == 2 and "docker" not in marks_of(stored) and stored.hours_per_week == 6


def test_update_replaces_only_the_given_fields(store):
    learner = store.create(DRAFT).learner
    after = store.update(learner.id, LearnerChanges(targets=("aws-ml-certification", "mlops"), hours_per_week=12.5),
                         expected_version=1)
    assert after.version == 2 and after.targets == ("aws-ml-certification", "mlops") and after.hours_per_week == 12.5
    assert after.prefer == learner.prefer and after.marks == learner.marks and store.get(learner.id) == after
    assert store.update(learner.id, LearnerChanges(hours_per_week=12.5)) == after  # nothing differs
    with pytest.raises(InvalidRequestError, match="both name pytorch"):
        store.update(learner.id, LearnerChanges(avoid=("pytorch",)))
    assert store.get(learner.id) == after


def test_unknown_learners_are_not_found(store):
    missing = "0" * 32
    for call in (lambda: store.get(missing), lambda: store.record(missing, [MarkChange(node="git", status="done")]),
                 lambda: store.update(missing, LearnerChanges(hours_per_week=3)), lambda: store.delete(missing),
                 lambda: store.export(missing)):
        with pytest.raises(LearnerNotFoundError):
            call()
    assert store.token_hash(missing) is None


def test_delete_erases_the_learner_and_its_token(store):
    issued = store.create(DRAFT)
    other = store.create(DRAFT)
    store.remember_plan(issued.learner.id, ["git", "docker"])
    store.delete(issued.learner.id, expected_version=1)
    with pytest.raises(LearnerNotFoundError):
        store.get(issued.learner.id)
    assert authenticate(store, issued.token) is None and store.token_hash(issued.learner.id) is None
    assert store.get(other.learner.id) == other.learner


def test_the_remembered_plan_is_kept_without_a_new_version(store):
    learner = store.create(DRAFT).learner
    assert store.plan_order(learner.id) == ()
    store.remember_plan(learner.id, ["statistics", "pandas", "machine-learning-engineer"])
    assert store.plan_order(learner.id) == ("statistics", "pandas", "machine-learning-engineer")
    assert store.get(learner.id).version == 1


def test_export_then_import_gives_the_same_learner_with_a_new_token(store):
    issued = store.create(DRAFT)
    learner = store.record(issued.learner.id, [MarkChange(node="git", status=Status.DONE)])
    store.remember_plan(learner.id, ["statistics", "pandas"])
    document = store.export(learner.id)
    assert document.learner == learner and document.plan_order == ("statistics", "pandas")
    with pytest.raises(LearnerExistsError):
        store.import_learner(document)
    store.delete(learner.id)
    restored = store.import_learner(document)
    assert restored.token != issued.token and authenticate(store, restored.token).learner.id == learner.id
    again = store.get(learner.id)
    assert again == restored.learner and again.version == 1
    assert marks_of(again) == marks_of(learner) and {m.source for m in again.marks} == {Source.IMPORTED}
    assert [m.at for m in again.marks] == [m.at for m in learner.marks]
    assert (again.targets, again.hours_per_week, again.prefer, again.avoid) == (
        learner.targets, learner.hours_per_week, learner.prefer, learner.avoid)
    assert store.plan_order(learner.id) == ("statistics", "pandas")


def test_import_many_is_all_or_nothing(store):
    kept = store.create(DRAFT).learner
    fresh = store.export(store.create(DRAFT).learner.id)
    store.delete(fresh.learner.id)
    clash = store.export(kept.id)
    with pytest.raises(LearnerExistsError):
        store.import_many([fresh, clash])
    with pytest.raises(LearnerNotFoundError):
        store.get(fresh.learner.id)
    assert [i.learner.id for i in store.import_many([fresh])] == [fresh.learner.id]


def test_concurrent_writers_lose_nothing(store):
    learner = store.create(LearnerDraft(targets=("mlops",))).learner
    nodes = [f"node-{i}" for i in range(40)]

    def tick(node: str) -> None:
        store.record(learner.id, [MarkChange(node=node, status=Status.DONE)])

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(tick, nodes))
    stored = store.get(learner.id)
    assert sorted(marks_of(stored)) == sorted(nodes) and stored.version == 1 + len(nodes)


def test_of_writers_expecting_the_same_version_exactly_one_wins(store):
    learner = store.create(LearnerDraft(targets=("mlops",))).learner
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def write(i: int) -> None:
        start.wait()
        try:
            store.update(learner.id, LearnerChanges(hours_per_week=1 + i), expected_version=1)
            outcomes.append("won")
        except StaleVersionError:
            outcomes.append("stale")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["stale"] * 7 + ["won"]
    assert store.get(learner.id).version == 2


def test_concurrent_writers_from_one_old_read_lose_nothing(store):
    """Every writer computes its change from the same read, as API requests that authenticated at once do:
    each must still land on top of the others (retried against the version that is stored)."""
    learner = store.create(LearnerDraft(targets=("mlops",))).learner
    nodes = [f"node-{i}" for i in range(24)]
    start = threading.Barrier(8)

    def tick(group: int) -> None:
        start.wait()
        for node in nodes[group::8]:
            store.record(learner.id, [MarkChange(node=node, status=Status.DONE)], current=learner)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(tick, range(8)))
    stored = store.get(learner.id)
    assert sorted(marks_of(stored)) == sorted(nodes) and stored.version == 1 + len(nodes)


def test_a_write_from_an_old_read_applies_to_what_is_stored(store):
    before = store.create(LearnerDraft(targets=("mlops",), known=({"node": "python"},))).learner
    store.record(before.id, [MarkChange(node="git", status=Status.DONE)])
    after = store.record(before.id, [MarkChange(node="python", status=Status.LEARNING)], current=before)
    assert marks_of(after) == {"git": ("done", None), "python": ("learning", None)} and after.version == 3
    assert store.get(before.id) == after


def test_if_match_is_judged_against_the_store_not_the_callers_read(store):
    before = store.create(LearnerDraft(targets=("mlops",))).learner
    seen = store.record(before.id, [MarkChange(node="git", status=Status.DONE)])  # another client saw version 2
    after = store.record(before.id, [MarkChange(node="docker", status=Status.DONE)], expected_version=seen.version, current=before)
    assert after.version == 3 and set(marks_of(after)) == {"git", "docker"}
    with pytest.raises(StaleVersionError):
        store.record(before.id, [MarkChange(node="numpy", status=Status.DONE)], expected_version=seen.version, current=after)
    assert store.get(before.id) == after


# --- group commit (graph.group_commit): several learners' batches in one transaction ---

def _held_first_group(store, monkeypatch) -> tuple[threading.Event, list[int]]:
    """Hold the store's first group transaction until the event is set, so batches queue behind
    it and commit as one group; the sizes of the groups the store was given are recorded."""
    hold, sizes = threading.Event(), []
    apply = store._group._apply

    def held(writes):
        sizes.append(len(writes))
        if len(sizes) == 1:
            assert hold.wait(30)
        return apply(writes)

    monkeypatch.setattr(store._group, "_apply", held)
    return hold, sizes


def _queued(store, n: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        with store._group._lock:
            if len(store._group._queue) >= n:
                return
        assert time.monotonic() < deadline, "the batches did not queue"
        time.sleep(0.002)


def test_a_group_commits_each_batch_on_its_own_condition(store):
    """One transaction over five learners' batches: a stale version, a rotated token and a
    deleted learner write nothing, the other two apply, each whole."""
    issued = [store.create(LearnerDraft(targets=("mlops",))) for _ in range(5)]
    seen = [authenticate(store, i.token) for i in issued]
    learners = [s.learner for s in seen]
    store.record(learners[1].id, [MarkChange(node="git", status=Status.DONE)])  # learners[1] moves on: stale
    store.rotate_token(learners[2].id)
    store.delete(learners[3].id)
    marks = [MarkChange(node="pandas", status=Status.LEARNING), MarkChange(node="numpy", status=Status.DONE)]
    writes = [PendingWrite(edit(s.learner, marks=marks, now=store.clock()), s.learner.version, s.token_hash) for s in seen]
    assert store._commit_group(writes) == [True, False, False, False, True]
    for i in (0, 4):
        stored = store.get(learners[i].id)
        assert stored == writes[i].done.learner and marks_of(stored) == {"pandas": ("learning", None), "numpy": ("done", None)}
    assert marks_of(store.get(learners[1].id)) == {"git": ("done", None)}
    assert store.get(learners[2].id) == learners[2]
    with pytest.raises(LearnerNotFoundError):
        store.get(learners[3].id)


def test_writes_that_queue_behind_a_commit_commit_together_and_each_is_answered_its_own(store, monkeypatch):
    issued = [store.create(LearnerDraft(targets=("mlops",))) for _ in range(7)]
    seen = [authenticate(store, i.token) for i in issued]
    store.record(seen[6].learner.id, [MarkChange(node="docker", status=Status.DONE)])  # seen[6] is now stale
    stale = seen[6]
    hold, sizes = _held_first_group(store, monkeypatch)
    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(store.record_as_seen, issued[0].token, seen[0].learner.id, [MarkChange(node="git", status=Status.DONE)])
        while not sizes:  # the first write is committing, held
            time.sleep(0.002)
        rest = [pool.submit(store.record_as_seen, issued[i].token, seen[i].learner.id,
                            [MarkChange(node=f"node-{i}", status=Status.DONE)]) for i in range(1, 6)]
        late = pool.submit(store.record, stale.learner.id, [MarkChange(node="numpy", status=Status.DONE)],
                           current=stale.learner, token_hash=stale.token_hash)
        _queued(store, 6)
        assert not first.done() and not any(f.done() for f in rest), "nothing answered before its commit"
        hold.set()
        after = [first.result(60)] + [f.result(60) for f in rest]
        late_after = late.result(60)
    assert [a.version for a in after] == [2] * 6 and all(store.get(a.id) == a for a in after)
    assert marks_of(after[3]) == {"node-3": ("done", None)}
    assert late_after.version == 3 and marks_of(late_after) == {"docker": ("done", None), "numpy": ("done", None)}
    assert sizes == [1, 6], sizes  # the five and the stale one in one transaction; the stale one then retried under the lock


def test_a_group_that_fails_as_a_whole_commits_the_other_batches_one_by_one(store, monkeypatch):
    """A batch that breaks the transaction (a mark time the store cannot write) fails alone."""
    issued = [store.create(LearnerDraft(targets=("mlops",))) for _ in range(4)]
    seen = [authenticate(store, i.token) for i in issued]
    hold, sizes = _held_first_group(store, monkeypatch)
    first_learner = store.create(LearnerDraft(targets=("mlops",))).learner
    good = [MarkChange(node="git", status=Status.DONE)]
    poison = edit(seen[1].learner, marks=good, now=store.clock())
    broken = type(poison)(poison.learner, marks=(poison.marks[0].model_copy(update={"at": object()}),))

    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(store.record, first_learner.id, good, current=first_learner)
        while not sizes:
            time.sleep(0.002)
        futures = {i: pool.submit(store.record_as_seen, issued[i].token, seen[i].learner.id, good) for i in (0, 2, 3)}
        bad = pool.submit(store._commit, broken, seen[1].learner.version, token_hash=seen[1].token_hash)
        _queued(store, 4)
        hold.set()
        assert first.result(60).version == 2
        after = {i: f.result(60) for i, f in futures.items()}
        with pytest.raises(Exception):
            bad.result(60)
    assert sizes[1] == 4 and sizes[2:] == [1, 1, 1, 1], sizes
    assert store._group.stats.fallbacks == 1
    for i, learner in after.items():
        assert learner.version == 2 and store.get(learner.id) == learner
    assert store.get(seen[1].learner.id) == seen[1].learner  # the broken batch wrote nothing


def test_many_learners_writing_at_once_lose_nothing_and_share_commits(store):
    """16 threads, 8 learners, each thread streaming from what the store last saw."""
    issued = [store.create(LearnerDraft(targets=("mlops",))) for _ in range(8)]
    for i in issued:
        authenticate(store, i.token)
    per_thread = 6
    start = threading.Barrier(16)

    def stream(thread: int) -> None:
        token, learner_id = issued[thread % 8].token, issued[thread % 8].learner.id
        start.wait()
        for n in range(per_thread):
            mark = [MarkChange(node=f"node-{thread}-{n}", status=Status.DONE)]
            if store.record_as_seen(token, learner_id, mark) is None:
                stored = authenticate(store, token)
                store.record(learner_id, mark, current=stored.learner, token_hash=stored.token_hash)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(stream, range(16)))
    for i, learner in enumerate(issued):
        stored = store.get(learner.learner.id)
        expected = {f"node-{t}-{n}" for t in (i, i + 8) for n in range(per_thread)}
        assert set(marks_of(stored)) == expected and stored.version == 1 + len(expected)
    assert store.group_stats.batches >= 16 * per_thread
