"""``recommend``, ``next_steps`` and ``match``: free text in, plans out."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph.curriculum import build_graph
from graph.errors import InfeasiblePlanError, UnknownNodeError
from graph.models import Curriculum, LEGACY_STAGES, Node
from recommender.models import PlanRequest
from recommender.service import match, next_steps, recommend


def node(id, name, hours, requires=(), kind="topic", aliases=(), stage="foundations"):
    return Node(id=id, name=name, kind=kind, stage=stage, effort_hours=hours, aliases=aliases,
                source="test", requires=requires, description=f"All about {name}.")


@pytest.fixture(scope="module")
def graph():
    return build_graph(Curriculum(stages=LEGACY_STAGES, nodes=(
        node("python", "Python", 80, kind="tool", aliases=("py",)),
        node("statistics", "Statistics", 30, aliases=("stats",)),
        node("pytorch", "PyTorch", 60, [["python"]], "tool", ("torch",), "frameworks"),
        node("tensorflow", "TensorFlow", 70, [["python"]], "tool", ("tf",), "frameworks"),
        node("deep-learning", "Deep learning", 50, [["python"], ["statistics"], ["pytorch", "tensorflow"]], aliases=("dl",), stage="ml-concepts"),
        node("tf-certificate", "TensorFlow Developer Certificate", 20, [["tensorflow"]], "certification", stage="career"),
        node("ml-engineer", "Machine Learning Engineer", 0, [["deep-learning"]], "role", ("mle",), "career"),
    )))


def test_free_text_request_resolves_and_plans(graph):
    request = PlanRequest(known=["python", "some statistics"], targets=["machine learning engineer"], hours_per_week=5)
    result = recommend(graph, request)
    assert [s.id for s in result.steps] == ["pytorch", "deep-learning", "ml-engineer"]
    assert result.known == ("python", "statistics") and result.targets == ("ml-engineer",)
    assert {(m.query, m.id) for m in result.matches} >= {("python", "python"), ("some statistics", "statistics")}
    assert result.weeks == 22 and result.unmatched == ()


def test_a_sentence_in_the_known_list_is_extracted(graph):
    request = PlanRequest(known=["I have used Python for years and know my stats well"], targets=["dl"])
    assert recommend(graph, request).known == ("python", "statistics")


def test_unmatched_known_text_is_reported_and_the_plan_goes_on(graph):
    result = recommend(graph, PlanRequest(known=["python", "qwzx"], targets=["mle"]))
    assert [m.query for m in result.unmatched] == ["qwzx"]
    assert any("'qwzx' matched no skill" in note for note in result.notes)
    assert result.steps[-1].id == "ml-engineer"


def test_an_unmatched_target_names_the_text(graph):
    with pytest.raises(UnknownNodeError, match="'astronaut'") as caught:
        recommend(graph, PlanRequest(targets=["astronaut"]))
    assert caught.value.query == "astronaut"


def test_prefer_avoid_and_proficiency_take_free_text_and_kinds(graph):
    def request(**extra):
        return PlanRequest(known=["py", "stats"], targets=["deep learning"], **extra)

    assert "tensorflow" in [s.id for s in recommend(graph, request(prefer=["tf"])).steps]
    assert "tensorflow" in [s.id for s in recommend(graph, request(avoid=["torch"])).steps]
    with_cert = PlanRequest(targets=["mle", "tensorflow developer certificate"], known=["python", "stats"], avoid=["certifications"])
    assert recommend(graph, with_cert).avoided_used == ()  # the certificate is a target, so it is exempt
    refresher = recommend(graph, request(proficiency={"Python": "beginner"}))
    assert refresher.steps[0].id == "python" and refresher.steps[0].refresher


def test_requests_are_validated_by_the_shared_model():
    with pytest.raises(ValidationError):
        PlanRequest(targets=[])
    with pytest.raises(ValidationError):
        PlanRequest(targets=["x"], hours_per_week=0)


def test_contradictory_avoid_is_infeasible_through_the_service(graph):
    with pytest.raises(InfeasiblePlanError):
        recommend(graph, PlanRequest(targets=["pytorch"], avoid=["pytorch"]))


def test_next_steps_resolve_text_and_mark_the_plan(graph):
    result = next_steps(graph, ["py", "stats", "blorp"], targets=["deep learning"])
    assert [(r.id, r.on_plan) for r in result.ready] == [("pytorch", True), ("tensorflow", False)]
    assert [m.query for m in result.unmatched] == ["blorp"]


def test_match_returns_every_node_a_text_names(graph):
    assert [m.id for m in match(graph, "I know torch and tf and some stats")] == ["pytorch", "tensorflow", "statistics"]


def test_same_request_same_json(graph):
    request = PlanRequest(known=["python"], targets=["mle", "tf certificate"], prefer=["pytorch"])
    assert recommend(graph, request).model_dump_json() == recommend(graph, request).model_dump_json()


def test_plans_survive_a_validating_round_trip(graph):
    """What the planner returns is exactly what validating its own dump gives back."""
    from pydantic import TypeAdapter

    from recommender.models import Plan, PlanStep

    request = PlanRequest(known=["python"], targets=["mle", "tf certificate"], prefer=["pytorch"], avoid=["statistics"],
                          proficiency={"python": "beginner"})
    result = recommend(graph, request)
    assert result.steps and result.alternatives
    again = Plan.model_validate(result.model_dump())
    assert again == result and again.model_dump_json() == result.model_dump_json()
    assert Plan.model_validate_json(result.model_dump_json()) == result
    step_adapter = TypeAdapter(PlanStep)
    for step in result.steps:
        assert step_adapter.validate_python(step_adapter.dump_python(step)) == step
