"""The plan model: steps the planner builds without validation are the steps validation gives."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from hypothesis import given
from pydantic import TypeAdapter, ValidationError

from graph.models import Kind
from recommender.models import PlanStep, trusted_step
from recommender.planner import plan
from test_selection_properties import SETTINGS, requests
from toys import toy

STEPS = TypeAdapter(list[PlanStep])


def test_trusted_step_takes_every_field_in_declaration_order():
    assert list(inspect.signature(trusted_step).parameters) == [f.name for f in dataclasses.fields(PlanStep)]


def test_trusted_step_equals_the_validated_step_and_stays_frozen():
    values = dict(position=3, id="pytorch", name="PyTorch", kind=Kind.TOOL, stage="frameworks", hours=12.5,
                  start_week=2, end_week=4, reason="needed by Deep Learning", needed_by=("deep-learning",),
                  unlocks=("deep-learning",), chosen_over=("tensorflow",), refresher=False, avoided=True)
    built = trusted_step(*values.values())
    assert built == PlanStep(**values)
    assert dataclasses.asdict(built) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.hours = 1.0  # type: ignore[misc]


def test_validation_still_guards_steps_from_outside():
    with pytest.raises(ValidationError, match="kind"):
        STEPS.validate_python([{"position": 1, "id": "x", "name": "X", "kind": "spell", "stage": "foundations",
                                "hours": 1, "start_week": 1, "end_week": 1, "reason": "r"}])


@SETTINGS
@given(requests())
def test_planned_steps_survive_validation_unchanged(case):
    spec, targets, known = case
    steps = list(plan(toy(spec), targets, known=known).steps)
    assert STEPS.validate_python(STEPS.dump_python(steps)) == steps
    assert STEPS.validate_json(STEPS.dump_json(steps)) == steps
