"""Sanity checks on the shipped curriculum (seed_data/*.toml).

Everything here is computed from the loaded graph and, where the source
document is needed, from the document itself.  These tests guard the
*content*: coverage of the roadmap, honest structure (a DAG whose every node
serves a role, real OR-alternatives, no mandatory degree) and originality of
the descriptions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

from graph.curriculum import CurriculumGraph, load_graph
from graph.models import Kind

SOURCE_DOC = Path(__file__).resolve().parents[3] / "shared/seed/ml-engineer-roadmap-2025.txt"

#: Lines of the document that are not curriculum material.
SKIPPED_HEADINGS = {"it training in nagpur", "Machine Learning Salary in India"}

ZERO_EFFORT_KINDS = {Kind.MILESTONE, Kind.ROLE}


@pytest.fixture(scope="module")
def graph() -> CurriculumGraph:
    return load_graph()


@pytest.fixture(scope="module")
def doc_text() -> str:
    if not SOURCE_DOC.is_file():
        pytest.skip(f"source document not found at {SOURCE_DOC}; content-vs-document checks need it")
    return SOURCE_DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc_headings(doc_text: str) -> set[str]:
    """Stand-alone short lines of the document (bullets excluded), colon stripped."""
    headings = set()
    for line in doc_text.splitlines():
        line = line.strip()
        if not line or line.startswith("•") or len(line) > 100:
            continue
        headings.add(line.rstrip(":").strip())
    return headings


def _achievable(graph: CurriculumGraph, excluded: set[str]) -> set[str]:
    """Ids reachable from scratch when the ``excluded`` ids can never be obtained."""
    done: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node_id in graph.topological_order:
            if node_id in done or node_id in excluded:
                continue
            node = graph.nodes[node_id]
            if all(any(alt in done for alt in clause) for clause in node.requires):
                done.add(node_id)
                changed = True
    return done


# ---------------------------------------------------------------- structure


def test_loads_without_warnings(graph: CurriculumGraph) -> None:
    assert graph.warnings == ()
    assert 150 <= len(graph) <= 200


def test_is_a_dag(graph: CurriculumGraph) -> None:
    assert nx.is_directed_acyclic_graph(graph.digraph)


def test_every_node_serves_a_role(graph: CurriculumGraph) -> None:
    roles = [n.id for n in graph.nodes.values() if n.kind is Kind.ROLE]
    assert "machine-learning-engineer" in roles
    served = set(roles)
    for role in roles:
        served |= nx.ancestors(graph.digraph, role)
    assert sorted(set(graph.nodes) - served) == []


def test_everything_is_achievable(graph: CurriculumGraph) -> None:
    assert _achievable(graph, set()) == set(graph.nodes)


def test_no_degree_is_mandatory_for_the_role(graph: CurriculumGraph) -> None:
    degrees = {n.id for n in graph.nodes.values() if n.kind is Kind.EDUCATION}
    assert degrees, "the curriculum should model the educational route"
    reachable = _achievable(graph, degrees)
    assert "machine-learning-engineer" in reachable
    assert "senior-machine-learning-engineer" in reachable


#: Things the document calls essential / non-negotiable: no plan may avoid them.
ESSENTIAL = [
    "python", "numpy", "pandas", "git", "software-testing", "algorithms", "mathematics-for-ml",
    "scikit-learn", "keras", "model-evaluation", "model-versioning", "reproducibility",
    "docker", "kubernetes", "ci-cd", "model-deployment", "model-monitoring", "drift-detection",
    "automated-retraining", "spark", "hadoop", "data-warehousing", "nosql-databases",
    "communication", "cross-functional-collaboration",
]

#: Things the document offers as one choice among several: some plan avoids each.
OPTIONAL = [
    "pytorch", "tensorflow", "aws", "gcp", "azure", "sagemaker", "vertex-ai", "kafka", "kinesis",
    "pycharm", "vs-code", "gitlab", "dvc", "mlflow", "wandb", "plotly", "hugging-face", "fastai",
    "bachelors-degree", "masters-degree", "aws-ml-specialty", "google-pmle", "rl-game-ai",
]


@pytest.mark.parametrize("node_id", ESSENTIAL)
def test_essential_items_cannot_be_avoided(graph: CurriculumGraph, node_id: str) -> None:
    assert node_id in graph.nodes
    assert "machine-learning-engineer" not in _achievable(graph, {node_id})


@pytest.mark.parametrize("node_id", OPTIONAL)
def test_alternatives_can_be_avoided(graph: CurriculumGraph, node_id: str) -> None:
    assert node_id in graph.nodes
    assert "machine-learning-engineer" in _achievable(graph, {node_id})


def test_role_requires_every_milestone(graph: CurriculumGraph) -> None:
    milestones = {n.id for n in graph.nodes.values() if n.kind is Kind.MILESTONE}
    required = {clause[0] for clause in graph.nodes["machine-learning-engineer"].requires if len(clause) == 1}
    assert milestones <= required


# ---------------------------------------------------------------- per-node fields


def test_effort_hours(graph: CurriculumGraph) -> None:
    bad = [
        n.id
        for n in graph.nodes.values()
        if (n.kind in ZERO_EFFORT_KINDS and n.effort_hours != 0)
        or (n.kind not in ZERO_EFFORT_KINDS and n.effort_hours <= 0)
    ]
    assert bad == []


def test_descriptions_present(graph: CurriculumGraph) -> None:
    bad = [n.id for n in graph.nodes.values() if len(n.description.strip()) < 40]
    assert bad == []


def test_sources_are_document_headings(graph: CurriculumGraph, doc_headings: set[str]) -> None:
    bad = {}
    for node in graph.nodes.values():
        parts = [p.strip() for p in node.source.split(" / ")]
        missing = [p for p in parts if p not in doc_headings or p in SKIPPED_HEADINGS]
        if missing:
            bad[node.id] = missing
    assert bad == {}


# ---------------------------------------------------------------- coverage of the document


def test_one_milestone_per_numbered_step(graph: CurriculumGraph, doc_headings: set[str]) -> None:
    steps = {h for h in doc_headings if re.match(r"^\d+\. ", h)}
    assert len(steps) == 7
    milestones = [n for n in graph.nodes.values() if n.kind is Kind.MILESTONE]
    assert len(milestones) == 7
    assert {m.source.split(" / ")[-1] for m in milestones} == steps


CERTIFICATIONS = [
    "Andrew Ng's Machine Learning Specialization",
    "IBM Machine Learning Professional Certificate",
    "AWS Certified Machine Learning – Specialty",
    "Google Professional Machine Learning Engineer Certification",
    "University of Washington Machine Learning Specialization",
    "Johns Hopkins Applied Machine Learning Specialization",
]


@pytest.mark.parametrize("name", CERTIFICATIONS)
def test_certification_present(graph: CurriculumGraph, name: str) -> None:
    certs = {n.name for n in graph.nodes.values() if n.kind is Kind.CERTIFICATION}
    assert name in certs


def test_exactly_six_certifications(graph: CurriculumGraph) -> None:
    assert sum(n.kind is Kind.CERTIFICATION for n in graph.nodes.values()) == 6


MUST_HAVE_TERMS = [
    # mathematics
    "linear algebra", "matrices", "vector", "eigenvalue", "linear transformation", "calculus",
    "derivative", "partial derivative", "chain rule", "gradient descent", "optimisation",
    "backpropagation", "probability", "statistics", "probability distribution",
    "hypothesis testing", "Bayesian inference",
    # programming and software engineering
    "Python", "NumPy", "Pandas", "Matplotlib", "Plotly", "object-oriented programming",
    "functional programming", "performance optimisation", "clean code", "Git", "version control",
    "testing", "design patterns", "data structures", "arrays", "trees", "graphs",
    "complexity analysis", "algorithms",
    # ML fundamentals
    "supervised learning", "unsupervised learning", "reinforcement learning", "regression",
    "linear regression", "logistic regression", "classification", "decision trees",
    "random forests", "clustering", "k-means", "hierarchical clustering",
    "dimensionality reduction", "PCA", "data collection", "data cleaning", "preprocessing",
    "feature engineering", "algorithm selection", "model training", "model evaluation",
    "accuracy", "precision", "recall", "F1", "ROC", "cross-validation",
    # deep learning
    "neural networks", "layers", "activation functions", "network topologies", "CNN", "RNN",
    "transformers", "automatic differentiation", "GPU acceleration", "distributed training",
    "transfer learning", "fine-tuning", "pre-trained models", "computer vision", "NLP",
    "generative AI", "large language models",
    # tools
    "TensorFlow", "PyTorch", "Keras", "scikit-learn", "Hugging Face", "FastAI", "Jupyter",
    "PyCharm", "VS Code", "GitHub", "GitLab", "branching strategies", "merge conflict",
    "collaborative workflows",
    # MLOps
    "model versioning", "experiment tracking", "reproducibility", "DVC", "MLflow",
    "Weights & Biases", "hyperparameter", "Docker", "containerisation", "Kubernetes",
    "orchestration", "CI/CD", "deployment pipelines", "model deployment", "model integration",
    "model monitoring", "drift", "retraining", "logging", "alerting", "model optimisation",
    # cloud and big data
    "AWS", "GCP", "Azure", "SageMaker", "Vertex AI", "serverless", "cost optimisation",
    "GPU instances", "Spark", "Hadoop", "data warehousing", "Kafka", "Kinesis", "NoSQL",
    "data streaming",
    # education, platforms, portfolio, career
    "bachelor", "master's degree", "Coursera", "edX", "Udemy", "Kaggle",
    "image classification", "sentiment analysis", "recommendation system",
    "computer vision system for a local business", "NLP application for social good",
    "game AI", "end-to-end", "online courses", "Kaggle competitions", "open source",
    "technical blog", "GitHub presence", "portfolio", "quantify achievements",
    "share your work", "online communities", "connecting with ML professionals",
    "conferences", "workshops", "cross-functional collaboration", "communication",
    "continuous learning", "Machine Learning Engineer",
    # umbrella terms people type
    "machine learning fundamentals", "mathematics", "cloud computing", "big data", "deep learning",
]


def test_enough_terms() -> None:
    assert len(MUST_HAVE_TERMS) >= 100
    assert len({t.lower() for t in MUST_HAVE_TERMS}) == len(MUST_HAVE_TERMS)


@pytest.mark.parametrize("term", MUST_HAVE_TERMS)
def test_document_term_has_a_node(graph: CurriculumGraph, term: str) -> None:
    needle = term.lower()
    hits = [
        n.id
        for n in graph.nodes.values()
        if needle in n.name.lower() or any(needle in a.lower() for a in n.aliases)
    ]
    assert hits, f"no node name or alias mentions {term!r}"


# ---------------------------------------------------------------- alternatives


def _clauses_with(graph: CurriculumGraph, *ids: str) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (n.id, clause)
        for n in graph.nodes.values()
        for clause in n.requires
        if set(ids) <= set(clause)
    ]


def test_pytorch_or_tensorflow_is_an_alternative(graph: CurriculumGraph) -> None:
    assert _clauses_with(graph, "pytorch", "tensorflow")


@pytest.mark.parametrize(
    "alternatives",
    [
        ("aws", "gcp", "azure"),
        ("pycharm", "vs-code"),
        ("github", "gitlab"),
        ("dvc", "mlflow", "wandb"),
        ("sagemaker", "vertex-ai"),
        ("kafka", "kinesis"),
        ("coursera", "edx", "udemy"),
        ("matplotlib", "plotly"),
    ],
)
def test_document_alternatives_are_modelled(graph: CurriculumGraph, alternatives: tuple[str, ...]) -> None:
    assert _clauses_with(graph, *alternatives)


def test_every_certification_is_an_alternative_to_the_degree(graph: CurriculumGraph) -> None:
    certs = {n.id for n in graph.nodes.values() if n.kind is Kind.CERTIFICATION}
    clauses = _clauses_with(graph, "bachelors-degree", *certs)
    assert [owner for owner, _ in clauses] == ["machine-learning-engineer"]


def test_managed_ml_services_need_their_cloud(graph: CurriculumGraph) -> None:
    assert ("aws",) in graph.nodes["sagemaker"].requires
    assert ("gcp",) in graph.nodes["vertex-ai"].requires
    assert ("aws",) in graph.nodes["kinesis"].requires


# ---------------------------------------------------------------- names and aliases


def test_aliases_unique_and_not_another_nodes_name(graph: CurriculumGraph) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for node in graph.nodes.values():
        for alias in node.aliases:
            owners[alias.strip().lower()].add(node.id)
    shared = {a: sorted(ids) for a, ids in owners.items() if len(ids) > 1}
    assert shared == {}
    names = {n.name.strip().lower(): n.id for n in graph.nodes.values()}
    clashes = {a: (sorted(ids), names[a]) for a, ids in owners.items() if a in names and names[a] not in ids}
    assert clashes == {}


def test_names_unique(graph: CurriculumGraph) -> None:
    names = [n.name.strip().lower() for n in graph.nodes.values()]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------- originality


def _windows(words: list[str], size: int = 8) -> set[str]:
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_descriptions_do_not_copy_the_document(graph: CurriculumGraph, doc_text: str) -> None:
    doc_flat = " ".join(doc_text.lower().split())
    doc_word_windows = _windows(re.findall(r"[a-z0-9]+", doc_text.lower()))
    copied = {}
    for node in graph.nodes.values():
        text = node.description.lower()
        verbatim = [w for w in _windows(text.split()) if w in doc_flat]
        # Stricter: the same eight words in a row, ignoring punctuation.
        reworded = sorted(_windows(re.findall(r"[a-z0-9]+", text)) & doc_word_windows)
        if verbatim or reworded:
            copied[node.id] = verbatim + reworded
    assert copied == {}
