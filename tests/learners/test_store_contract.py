"""What every learner store promises, checked on each store against real storage.

The same tests run on the embedded SQLite store and on Neo4j (``conftest.STORES``).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.errors import InvalidRequestError, LearnerExistsError, LearnerNotFoundError, StaleVersionError
from graph.learner_store import authenticate
from graph.learners import LearnerChanges, LearnerDraft, MarkChange, Source, Status
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
