"""The learner model's own rules: what it refuses, and what one edit changes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from graph.errors import InvalidRequestError
from graph.learner_store import issue_token, new_learner_id, token_digest
from graph.learners import (
    MAX_MARKS,
    Learner,
    LearnerChanges,
    LearnerDraft,
    Mark,
    MarkChange,
    Progress,
    Source,
    Status,
    edit,
    new_learner,
)

T0 = datetime(2026, 2, 1, 12, 0, tzinfo=timezone.utc)
T1 = T0 + timedelta(minutes=5)


def base() -> Learner:
    return new_learner("f" * 32, LearnerDraft(targets=("mlops",), known=({"node": "python", "level": "advanced"},)), now=T0)


@pytest.mark.parametrize("hours", [0, 0.49, 80.01, 1e-300, float("inf"), float("nan"), -3])
def test_weekly_hours_outside_half_an_hour_to_eighty_are_refused(hours):
    with pytest.raises(ValidationError, match="hours_per_week"):
        LearnerDraft(targets=("mlops",), hours_per_week=hours)


@pytest.mark.parametrize("hours", [0.5, 10, 80])
def test_weekly_hours_inside_the_bounds_are_kept(hours):
    assert LearnerDraft(targets=("mlops",), hours_per_week=hours).hours_per_week == hours


def test_a_draft_drops_repeats_and_refuses_contradictions():
    draft = LearnerDraft(targets=("mlops", "git", "mlops"), prefer=("tool", "tool"))
    assert draft.targets == ("mlops", "git") and draft.prefer == ("tool",)
    with pytest.raises(ValidationError, match="both name git"):
        LearnerDraft(targets=("mlops",), prefer=("git",), avoid=("git",))
    with pytest.raises(ValidationError, match="python appear more than once"):
        LearnerDraft(targets=("mlops",), known=({"node": "python"}, {"node": "python", "level": "beginner"}))
    with pytest.raises(ValidationError, match="appear more than once"):
        Progress(marks=({"node": "git", "status": "done"}, {"node": "git", "status": None}))


def test_a_stored_learner_holds_one_mark_per_node_sorted():
    marks = [Mark(node=n, status=Status.KNOWN, at=T0, source=Source.IMPORTED) for n in ("numpy", "git", "python")]
    assert [m.node for m in Learner(id="a" * 32, version=1, created_at=T0, updated_at=T0, marks=marks).marks] == ["git", "numpy", "python"]
    with pytest.raises(ValidationError, match="one mark per node"):
        Learner(id="a" * 32, version=1, created_at=T0, updated_at=T0, marks=marks + marks[:1])
    with pytest.raises(ValidationError):
        Learner(id="A" * 32, version=1, created_at=T0, updated_at=T0)  # ids are lower-case hex
    with pytest.raises(ValidationError):
        Mark(node="git", status=Status.DONE, at=datetime(2026, 1, 1), source=Source.PLAN_STEP)  # a time needs its zone


def test_times_are_kept_in_utc():
    local = datetime(2026, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    assert Mark(node="git", status=Status.DONE, at=local, source=Source.PLAN_STEP).at == datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc)


def test_a_client_cannot_claim_a_mark_was_imported():
    with pytest.raises(ValidationError):
        MarkChange(node="git", status=Status.DONE, source=Source.IMPORTED)


def test_one_edit_bumps_the_version_once_and_a_no_op_is_none():
    learner = base()
    change = edit(learner, changes=LearnerChanges(hours_per_week=4), marks=[MarkChange(node="git", status=Status.DONE)], now=T1)
    assert change.learner.version == 2 and change.profile and [m.node for m in change.marks] == ["git"]
    assert change.learner.updated_at == T1 and change.learner.created_at == T0
    assert edit(change.learner, changes=LearnerChanges(hours_per_week=4), marks=[MarkChange(node="git", status=Status.DONE)], now=T1) is None
    assert edit(learner, marks=[MarkChange(node="unmarked", status=None)], now=T1) is None


def test_a_mark_keeps_its_level_and_time_unless_it_changes():
    learner = base()
    done = edit(learner, marks=[MarkChange(node="python", status=Status.DONE)], now=T1).learner
    assert done.mark("python").level.value == "advanced" and done.mark("python").at == T1
    relevelled = edit(done, marks=[MarkChange(node="python", status=Status.DONE, level="beginner")], now=T1 + timedelta(1)).learner
    assert relevelled.mark("python").level.value == "beginner"


def test_an_edit_refuses_preferences_that_contradict_the_stored_ones():
    learner = edit(base(), changes=LearnerChanges(prefer=("pytorch",)), now=T1).learner
    with pytest.raises(InvalidRequestError, match="both name pytorch"):
        edit(learner, changes=LearnerChanges(avoid=("pytorch",)), now=T1)
    assert edit(learner, changes=LearnerChanges(prefer=(), avoid=("pytorch",)), now=T1).learner.avoid == ("pytorch",)


def test_a_learner_cannot_grow_past_the_mark_limit():
    many = [Mark(node=f"n{i}", status=Status.DONE, at=T0, source=Source.IMPORTED) for i in range(MAX_MARKS)]
    learner = Learner(id="a" * 32, version=1, created_at=T0, updated_at=T0, marks=many)
    with pytest.raises(InvalidRequestError, match=f"at most {MAX_MARKS}"):
        edit(learner, marks=[MarkChange(node="one-more", status=Status.DONE)], now=T1)


def test_ids_and_tokens_carry_enough_randomness():
    ids = {new_learner_id() for _ in range(2000)}
    assert len(ids) == 2000 and all(len(i) == 32 and int(i, 16) >= 0 for i in ids)  # 128 bits each
    token, digest = issue_token("b" * 32)
    secret = token[len("mlp_") + 32 + 1:]
    assert token.startswith("mlp_" + "b" * 32 + "_") and len(secret) >= 43  # 32 random bytes, base64url
    assert digest == token_digest(token) and len(digest) == 32 and secret.encode() not in digest
