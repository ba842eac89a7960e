"""A small hand-made curriculum with every feature the figures draw.

Several kinds (so the legend has entries to count), an OR clause shared by
a milestone and a project (PyTorch or TensorFlow), a certification, a role,
zero-hour nodes, and a description long enough to wrap.  Plans are built by
hand from node data, independent of the recommender.
"""

from __future__ import annotations

import pytest

from graph.curriculum import CurriculumGraph, build_graph
from graph.models import Curriculum, LEGACY_STAGES, Node
from recommender.models import Plan, PlanStep
from tests.plan_checker import known_closure

LONG = ("Tensors, automatic differentiation and the training loop; building, training and "
        "debugging neural networks with the most common research framework today.")


def _node(node_id, name, kind, stage, hours, requires=(), description=""):
    return Node(id=node_id, name=name, kind=kind, stage=stage, effort_hours=hours, source="test",
                requires=tuple(tuple(c) for c in requires), description=description)


def toy_curriculum() -> Curriculum:
    return Curriculum(stages=LEGACY_STAGES, nodes=(
        _node("python", "Python", "tool", "foundations", 40),
        _node("statistics", "Statistics", "topic", "foundations", 30),
        _node("linear-algebra", "Linear algebra", "topic", "foundations", 30),
        _node("numpy", "NumPy", "tool", "foundations", 10, [["python"]]),
        _node("pandas", "pandas", "tool", "foundations", 12, [["python"], ["numpy"]]),
        _node("ml-basics", "Machine learning basics", "topic", "ml-concepts", 60, [["statistics"], ["linear-algebra"], ["numpy"]]),
        _node("pytorch", "PyTorch", "tool", "frameworks", 50, [["ml-basics"], ["python"]], LONG),
        _node("tensorflow", "TensorFlow", "tool", "frameworks", 70, [["ml-basics"], ["python"]]),
        _node("step-4", "Step 4: frameworks", "milestone", "frameworks", 0, [["pytorch", "tensorflow"]]),
        _node("aws", "AWS", "platform", "mlops", 20),
        _node("aws-ml-cert", "AWS ML Specialty", "certification", "career", 40, [["aws"], ["ml-basics"]]),
        _node("portfolio", "Portfolio project", "project", "portfolio", 30, [["pytorch", "tensorflow"], ["pandas"]]),
        _node("mle", "Machine Learning Engineer", "role", "career", 0, [["step-4"], ["portfolio"], ["aws-ml-cert"]]),
    ))


def make_plan(graph: CurriculumGraph, step_ids, *, known=(), targets=("mle",), hours_per_week=10.0) -> Plan:
    """A plan listing ``step_ids`` in order, with weeks counted by hand."""
    steps, clock = [], 0.0
    for position, node_id in enumerate(step_ids, start=1):
        node = graph.nodes[node_id]
        start = clock
        clock += node.effort_hours
        steps.append(PlanStep(
            position=position, id=node.id, name=node.name, kind=node.kind, stage=node.stage,
            hours=node.effort_hours, start_week=int(start // hours_per_week) + 1,
            end_week=max(int(start // hours_per_week) + 1, int(-(-clock // hours_per_week))),
            reason=f"needed for {targets[0]}",
        ))
    implied = tuple(sorted(known_closure(graph, known) - set(known)))
    return Plan(targets=tuple(targets), known=tuple(known), known_implied=implied, steps=tuple(steps), total_hours=clock,
                weeks=int(-(-clock // hours_per_week)), hours_per_week=hours_per_week)


TOY_STEPS = ("numpy", "linear-algebra", "pandas", "ml-basics", "pytorch", "step-4", "aws", "aws-ml-cert", "portfolio", "mle")


@pytest.fixture(name="toy_curriculum", scope="session")
def toy_curriculum_fixture() -> Curriculum:
    return toy_curriculum()


@pytest.fixture(scope="session")
def plan_maker():
    """:func:`make_plan`, as a fixture so test modules need not import conftest."""
    return make_plan


@pytest.fixture(scope="session")
def toy_graph() -> CurriculumGraph:
    return build_graph(toy_curriculum())


@pytest.fixture(scope="session")
def toy_steps() -> tuple[str, ...]:
    return TOY_STEPS


@pytest.fixture(scope="session")
def toy_plan(toy_graph) -> Plan:
    return make_plan(toy_graph, TOY_STEPS, known=("python", "statistics"))


@pytest.fixture(scope="session")
def toy_graph_file(tmp_path_factory, toy_graph) -> str:
    """The toy curriculum as an interchange JSON file, for ``--graph`` and the API."""
    from graph.curriculum import to_interchange_json

    path = tmp_path_factory.mktemp("toy") / "toy.json"
    path.write_text(to_interchange_json(toy_graph), encoding="utf-8")
    return str(path)
