"""A saved knowledge state as planner input: each status's rule, on small curricula worked by hand,
and the rules' consequences on random curricula and random learners (hypothesis)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import LearnerStateError
from graph.learners import Learner, Mark, Source, Status
from recommender.learner_plan import learner_next, learner_plan, learner_request
from recommender.planner import plan
from tests.recommender.toys import DEEP_LEARNING, toy

AT = datetime(2026, 3, 1, tzinfo=timezone.utc)

#: PyTorch is cheaper than TensorFlow; deep learning takes either.
ML = toy(DEEP_LEARNING)


def learner(marks: dict[str, tuple[str, str | None]] = {}, **fields) -> Learner:  # noqa: B006 - read only
    return Learner(id="a" * 32, version=1, created_at=AT, updated_at=AT, targets=fields.pop("targets", ("ml-engineer",)),
                   marks=tuple(Mark(node=n, status=s, level=lv, at=AT, source=Source.SELF_REPORTED) for n, (s, lv) in marks.items()),
                   **fields)


def steps(result) -> list[str]:
    return [s.id for s in result.steps]


def test_known_and_done_are_known_and_a_beginner_gets_a_refresher():
    result = learner_plan(ML, learner({"python": ("known", "beginner"), "statistics": ("done", None)}))
    assert set(result.known) == {"python", "statistics"}
    assert steps(result) == ["python", "pytorch", "deep-learning", "ml-engineer"] and result.steps[0].refresher
    advanced = learner_plan(ML, learner({"python": ("known", "advanced"), "statistics": ("done", "intermediate")}))
    assert steps(advanced) == ["pytorch", "deep-learning", "ml-engineer"]


def test_a_finished_refresher_does_not_come_back():
    """Marking the refresher done keeps the self-rated level the mark had, but the step is finished."""
    before = learner_plan(ML, learner({"python": ("known", "beginner")}))
    assert before.steps[0].id == "python" and before.steps[0].refresher
    after = learner_plan(ML, learner({"python": ("done", "beginner")}))
    assert "python" not in steps(after)
    assert after.total_hours == before.total_hours - before.steps[0].hours


def test_learning_stays_on_the_plan_in_progress_and_wins_its_choice():
    """TensorFlow costs 10 h more, but the learner is already on it: preferred, it competes at 80 %."""
    result = learner_plan(ML, learner({"python": ("known", None), "tensorflow": ("learning", None)}))
    assert "tensorflow" in steps(result) and "pytorch" not in steps(result)
    assert result.in_progress == ("tensorflow",)


def test_skipped_goes_round_where_it_can_and_stays_where_it_must():
    around = learner_plan(ML, learner({"python": ("known", None), "pytorch": ("skipped", None)}))
    assert "tensorflow" in steps(around) and "pytorch" not in steps(around) and not around.avoided_used
    unavoidable = learner_plan(ML, learner({"statistics": ("skipped", None)}))
    assert "statistics" in steps(unavoidable) and unavoidable.avoided_used == ("statistics",)
    target = learner_plan(ML, learner({"deep-learning": ("skipped", None)}, targets=("deep-learning",)))
    assert steps(target)[-1] == "deep-learning" and any("skipped but is a target" in n for n in target.notes)


def test_a_skipped_preference_is_dropped_rather_than_contradicted():
    result = learner_plan(ML, learner({"python": ("known", None), "pytorch": ("skipped", None)}, prefer=("pytorch", "tool")))
    assert "pytorch" not in steps(result)


def test_in_progress_off_the_plan_is_a_note_not_a_step():
    result = learner_plan(ML, learner({"python": ("known", None), "statistics": ("learning", None)}, targets=("pytorch",)))
    assert steps(result) == ["pytorch"] and result.in_progress == ()
    assert any("not needed for the targets: statistics" in n for n in result.notes)


def test_ids_the_curriculum_lacks_are_left_out_with_a_note():
    result = learner_plan(ML, learner({"python": ("known", None), "old-topic": ("done", None)}, targets=("ml-engineer", "old-role")))
    assert result.targets == ("ml-engineer",) and "old-topic" not in result.known
    assert any("old-role, old-topic" in n for n in result.notes)


def test_no_target_in_the_curriculum_is_a_state_error():
    with pytest.raises(LearnerStateError, match="no targets yet"):
        learner_request(learner(targets=()), ML)
    with pytest.raises(LearnerStateError, match="any more"):
        learner_request(learner(targets=("old-role",)), ML)


def test_next_marks_what_is_on_the_given_plan():
    state = learner({"python": ("known", None)})
    order = steps(learner_plan(ML, state))
    ready = {r.id: r.on_plan for r in learner_next(ML, state, order).ready}
    assert ready == {"statistics": True, "pytorch": True, "tensorflow": False}
    assert not any(learner_next(ML, state).ready[i].on_plan for i in range(3))


STATUSES = st.sampled_from([(s, lv) for s in ("known", "done", "learning", "skipped") for lv in (None, "beginner", "advanced")])


@st.composite
def learners_on_curricula(draw):
    """A random DAG of up to eight nodes with OR-clauses, and a learner with random marks on it."""
    ids = [f"n{i}" for i in range(draw(st.integers(2, 8)))]
    spec = {}
    for depth, node_id in enumerate(ids):
        clauses = [tuple(draw(st.lists(st.sampled_from(ids[:depth]), min_size=1, max_size=2, unique=True)))
                   for _ in range(draw(st.integers(0, 2)))] if depth else []
        spec[node_id] = (draw(st.sampled_from([0, 1, 2, 5, 8])), clauses)
    graph = toy(spec)
    targets = tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True)))
    marked = draw(st.dictionaries(st.sampled_from(ids), STATUSES, max_size=5))
    return graph, learner(marked, targets=targets)


@given(learners_on_curricula())
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_rule_holds_on_random_learners(case):
    graph, state = case
    result = learner_plan(graph, state)
    marks = {m.node: m for m in state.marks}
    on_plan = set(steps(result))
    for step in result.steps:
        mark = marks.get(step.id)
        assert mark is None or mark.status is not Status.DONE, step.id  # a finished step never comes back
        if mark is not None and mark.status is Status.KNOWN:
            assert step.refresher and mark.level.value == "beginner", step.id  # known only returns as a refresher
        if mark is not None and mark.status is Status.SKIPPED and step.id not in state.targets:
            assert step.id in result.avoided_used  # a skipped node stays only where no plan does without it
    assert set(result.in_progress) == {n for n, m in marks.items() if m.status is Status.LEARNING} & on_plan
    assert learner_plan(graph, state) == result  # deterministic


@given(learners_on_curricula())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_without_learning_skipping_or_levels_a_state_plans_as_its_known_list(case):
    graph, state = case
    known_only = state.model_copy(update={"marks": tuple(m.model_copy(update={"status": Status.DONE, "level": None})
                                                         for m in state.marks)})
    direct = plan(graph, state.targets, known=[m.node for m in known_only.marks])
    assert learner_plan(graph, known_only).model_copy(update={"notes": direct.notes}) == direct
