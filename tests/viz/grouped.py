"""Curricula that use wholes with parts and courses that teach, for the figures.

* :func:`data_science_curriculum`: a hand-made data-science curriculum of
  its own stages (ordered by ``order``, not by id), with nested wholes
  (mathematics = linear algebra + calculus + statistics, each a whole of
  its own), a whole of ML topics, two courses and a course-based
  certificate that cover topics, and an exam certificate that covers
  nothing.
* :func:`choir_curriculum`: a small curriculum from another field (choral
  singing), with its own stages, a whole and a course.
* :func:`grouped_synthetic`: any synthetic curriculum with some of its
  single-alternative requirements turned into parts and a few courses
  added, checked by the real validator: for properties at scale.

Every one goes through ``checked_graph``, so a fixture the validator
would refuse cannot slip into the tests.
"""

from __future__ import annotations

import random

import networkx as nx

from graph.curriculum import CurriculumGraph, checked_graph
from graph.models import Curriculum, Node, Stage
from graph.synthetic import synthetic_curriculum
from graph.validate import part_closure

__all__ = ["data_science_curriculum", "choir_curriculum", "grouped_synthetic", "graph_of"]


def _node(node_id, name, kind, stage, hours, requires=(), *, parts=(), covers=(), description=""):
    return Node(id=node_id, name=name, kind=kind, stage=stage, effort_hours=hours, source="test fixture",
                requires=tuple(tuple(c) for c in requires), parts=tuple(parts), covers=tuple(covers),
                description=description)


#: Stage ids sort differently from the stages' order on purpose.
DATA_SCIENCE_STAGES = (
    Stage(id="maths", name="Mathematics", order=10),
    Stage(id="coding", name="Programming", order=20),
    Stage(id="learning", name="Machine learning", order=30),
    Stage(id="practice", name="Practice and courses", order=40),
    Stage(id="credentials", name="Credentials and career", order=50),
)


def data_science_curriculum() -> Curriculum:
    nodes = (
        # mathematics: three wholes, themselves parts of one
        _node("vectors", "Vectors", "topic", "maths", 8),
        _node("matrices", "Matrices", "topic", "maths", 10, [["vectors"]]),
        _node("eigenvalues", "Eigenvalues and eigenvectors", "topic", "maths", 8, [["matrices"]]),
        _node("linear-algebra", "Linear algebra", "topic", "maths", 4, parts=["vectors", "matrices", "eigenvalues"],
              description="Vectors, matrices and their decompositions, put together."),
        _node("derivatives", "Derivatives", "topic", "maths", 10),
        _node("gradients", "Gradients and partial derivatives", "topic", "maths", 6, [["derivatives"], ["vectors"]]),
        _node("calculus", "Calculus", "topic", "maths", 3, parts=["derivatives", "gradients"]),
        _node("probability", "Probability", "topic", "maths", 12),
        _node("distributions", "Probability distributions", "topic", "maths", 8, [["probability"]]),
        _node("hypothesis-testing", "Hypothesis testing", "topic", "maths", 6, [["distributions"]]),
        _node("statistics", "Statistics", "topic", "maths", 4, parts=["probability", "distributions", "hypothesis-testing"]),
        _node("mathematics", "Mathematics for ML", "topic", "maths", 2, parts=["linear-algebra", "calculus", "statistics"]),
        # programming
        _node("python", "Python", "tool", "coding", 30),
        _node("numpy", "NumPy", "tool", "coding", 8, [["python"], ["vectors"]]),
        _node("pandas", "pandas", "tool", "coding", 10, [["python"], ["numpy"]]),
        _node("sql", "SQL", "tool", "coding", 15),
        _node("git", "Git", "tool", "coding", 6),
        # machine learning: one whole of three topics, and topics around it
        _node("regression", "Linear and logistic regression", "topic", "learning", 10, [["statistics"], ["calculus"]]),
        _node("classification", "Classification", "topic", "learning", 10, [["regression"]]),
        _node("evaluation", "Model evaluation", "topic", "learning", 6, [["classification"]]),
        _node("ml-fundamentals", "Machine learning fundamentals", "topic", "learning", 2,
              parts=["regression", "classification", "evaluation"]),
        _node("decision-trees", "Decision trees and forests", "topic", "learning", 8, [["classification"]]),
        _node("clustering", "Clustering", "topic", "learning", 8, [["linear-algebra"], ["statistics"]]),
        _node("neural-networks", "Neural networks", "topic", "learning", 15, [["gradients"], ["linear-algebra"]]),
        _node("scikit-learn", "scikit-learn", "tool", "learning", 12, [["numpy"], ["regression"]]),
        _node("pytorch", "PyTorch", "tool", "learning", 40, [["neural-networks"], ["python"]]),
        _node("tensorflow", "TensorFlow", "tool", "learning", 45, [["neural-networks"], ["python"]]),
        # courses that teach
        _node("ml-course", "Machine Learning course", "course", "practice", 60,
              [["python"], ["statistics"], ["calculus"], ["linear-algebra"]],
              covers=["regression", "classification", "evaluation", "clustering"],
              description="A structured course through the classic algorithms, with graded exercises."),
        _node("deep-learning-course", "Deep Learning course", "course", "practice", 70,
              [["python"], ["calculus"], ["linear-algebra"]], covers=["neural-networks", "pytorch"]),
        _node("aws", "AWS", "platform", "practice", 20),
        _node("portfolio", "Portfolio project", "project", "practice", 30, [["pytorch", "tensorflow"], ["pandas"], ["git"],
                                                                                     ["decision-trees", "clustering"]]),
        # credentials
        _node("ml-certificate", "Applied ML certificate", "certification", "credentials", 20,
              [["python"], ["statistics"], ["calculus"]], covers=["regression", "classification", "decision-trees"]),
        _node("cloud-ml-exam", "Cloud ML exam", "certification", "credentials", 40, [["scikit-learn"], ["aws"]]),
        _node("maths-ready", "Mathematics ready", "milestone", "maths", 0, [["mathematics"], ["python"]]),
        _node("data-scientist", "Data Scientist", "role", "credentials", 0,
              [["maths-ready"], ["ml-fundamentals"], ["portfolio"], ["sql"], ["ml-certificate", "cloud-ml-exam"]]),
    )
    return Curriculum(stages=DATA_SCIENCE_STAGES, nodes=nodes)


def choir_curriculum() -> Curriculum:
    """Choral singing: a field with nothing of machine learning in it."""
    stages = (
        Stage(id="voice", name="The voice", order=0),
        Stage(id="reading", name="Reading music", order=1),
        Stage(id="ensemble", name="Singing together", order=2),
    )
    nodes = (
        _node("breathing", "Breath support", "skill", "voice", 10),
        _node("pitch", "Pitch matching", "skill", "voice", 8),
        _node("posture", "Posture", "skill", "voice", 3),
        _node("technique", "Vocal technique", "skill", "voice", 5, parts=["breathing", "pitch", "posture"]),
        _node("notation", "Staff notation", "topic", "reading", 12),
        _node("rhythm", "Rhythm reading", "topic", "reading", 8, [["notation"]]),
        _node("intervals", "Intervals", "topic", "reading", 8, [["notation"], ["pitch"]]),
        _node("sight-singing", "Sight-singing", "skill", "reading", 20, [["intervals"], ["rhythm"], ["technique"]]),
        _node("theory-course", "Music theory course", "course", "reading", 30, [["pitch"]], covers=["notation", "rhythm", "intervals"]),
        _node("blend", "Blend and balance", "skill", "ensemble", 15, [["technique"]]),
        _node("repertoire", "A concert programme", "project", "ensemble", 30, [["sight-singing"], ["blend"]]),
        _node("chorister", "Chorister", "role", "ensemble", 0, [["repertoire"]]),
    )
    return Curriculum(stages=stages, nodes=nodes)


def grouped_synthetic(size: int, *, seed: int = 0, wholes: int = 6, courses: int = 3) -> Curriculum:
    """A synthetic curriculum with wholes and courses added, still valid.

    A whole takes two to four of its single-alternative requirements as
    parts instead (which cannot create a cycle).  A course requires one
    node of the first layers and covers up to four topics of which neither
    they nor their parts are among the ancestors of its requirement, so it
    never needs what it teaches.
    """
    rng = random.Random(seed)
    base = synthetic_curriculum(size, seed=seed)
    nodes = {n.id: n for n in base.nodes}
    candidates = [n for n in base.nodes if n.kind.value == "topic" and sum(len(c) == 1 for c in n.requires) >= 2]
    for whole in sorted(rng.sample(candidates, min(wholes, len(candidates))), key=lambda n: n.id):
        single = [c[0] for c in whole.requires if len(c) == 1]
        parts = sorted(rng.sample(single, min(len(single), rng.randint(2, 4))))
        requires = tuple(c for c in whole.requires if not (len(c) == 1 and c[0] in parts))
        nodes[whole.id] = whole.model_copy(update={"parts": tuple(parts), "requires": requires,
                                                   "name": f"Whole {whole.id[1:]}"})
    digraph = nx.DiGraph([(p, n.id) for n in nodes.values() for c in (*n.requires, n.parts) for p in c])
    order = [v for v in nx.lexicographical_topological_sort(digraph) if nodes[v].kind.value == "topic"]
    early, late = order[: len(order) // 4], order[len(order) // 4:]
    for k in range(courses):
        entry = rng.choice(early)
        before = nx.ancestors(digraph, entry) | {entry}
        teachable = [v for v in late if before.isdisjoint(part_closure(nodes, [v]))]
        covers = sorted(rng.sample(teachable, min(4, len(teachable))))
        nodes[f"course-{k}"] = _node(f"course-{k}", f"Course {k}", "course", base.stages[1].id, 40.0, [[entry]], covers=covers)
    return Curriculum(stages=base.stages, nodes=tuple(nodes.values()))


def graph_of(curriculum: Curriculum) -> CurriculumGraph:
    """The curriculum through the real validator (warnings allowed, errors raise)."""
    return checked_graph(curriculum, source="fixture")
