"""Sanity checks on the shipped curriculum (seed_data/*.toml).

Everything here is computed from the loaded graph and, where the source
document or the review record is needed, from those files.  These tests
guard the *content*: coverage of the roadmap, honest structure (a DAG whose
every node serves a role, wholes that consist of their parts, courses that
teach, real OR-alternatives, no mandatory degree and no certificate standing
in for one), a review record that agrees with the data, and originality of
the descriptions.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

from graph.curriculum import CurriculumGraph, load_graph
from graph.models import Kind

REPO = Path(__file__).resolve().parents[2]
SOURCE_DOC = REPO.parent / "shared/seed/ml-engineer-roadmap-2025.txt"
REVIEW_DOC = REPO / "docs/curriculum-review.md"
CURRICULUM_DOC = REPO / "docs/curriculum.md"

#: Lines of the document that are not curriculum material.
SKIPPED_HEADINGS = {"it training in nagpur", "Machine Learning Salary in India"}

ZERO_EFFORT_KINDS = {Kind.MILESTONE, Kind.ROLE}

ROLE = "machine-learning-engineer"

#: Exam certifications are optional targets: the document lists them, no role
#: needs them, so validation warns that nothing requires them.  The warning is
#: justified in docs/curriculum.md; nothing else may warn.
OPTIONAL_TARGETS = {"aws-ml-specialty", "google-pmle"}


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
    """Ids a learner can come to know from scratch when the ``excluded`` ids can never be known.

    A node is learned once each clause has a known alternative and each of
    its parts is known; completing a course makes what it teaches known.  A
    course that teaches an excluded id is excluded with it (taking it would
    make that id known).
    """
    blocked = set(excluded) | {course for node_id in excluded for course in graph.covered_by.get(node_id, ())}
    known: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node_id in graph.topological_order:
            if node_id in known or node_id in blocked:
                continue
            node = graph.nodes[node_id]
            if all(not known.isdisjoint(clause) for clause in node.requires) and known.issuperset(node.parts):
                known.add(node_id)
                if node.covers:
                    known |= graph.teaches(node_id)
                changed = True
    return known


def _served(graph: CurriculumGraph) -> set[str]:
    """Roles, and everything they need: prerequisites, parts, and courses that teach any of these."""
    served = {n.id for n in graph.nodes.values() if n.kind is Kind.ROLE}
    while True:
        grown = set(served)
        for node_id in served:
            grown |= nx.ancestors(graph.digraph, node_id)
            grown |= set(graph.covered_by.get(node_id, ()))
        if grown == served:
            return served
        served = grown


def _own_and_part_hours(graph: CurriculumGraph, node_id: str) -> float:
    """What learning a node from its parts costs: its own hours plus every part's, transitively."""
    return sum(graph.nodes[i].effort_hours for i in graph.parts_closure([node_id]))


# ---------------------------------------------------------------- structure


def test_warnings_are_only_the_justified_ones(graph: CurriculumGraph) -> None:
    assert sorted((w.code, w.node) for w in graph.warnings) == sorted(("unreachable", i) for i in OPTIONAL_TARGETS)
    assert 150 <= len(graph) <= 200


def test_the_justified_warnings_are_explained_in_the_docs() -> None:
    section = CURRICULUM_DOC.read_text(encoding="utf-8").split("### Warnings that remain", 1)[1].split("\n#", 1)[0]
    for node_id in OPTIONAL_TARGETS:
        assert f"`{node_id}`" in section


def test_is_a_dag(graph: CurriculumGraph) -> None:
    assert nx.is_directed_acyclic_graph(graph.digraph)


def test_every_node_serves_a_role(graph: CurriculumGraph) -> None:
    assert ROLE in graph.nodes
    assert sorted(set(graph.nodes) - _served(graph)) == sorted(OPTIONAL_TARGETS)


def test_everything_is_achievable(graph: CurriculumGraph) -> None:
    assert _achievable(graph, set()) == set(graph.nodes)


def test_no_degree_is_mandatory_for_the_role(graph: CurriculumGraph) -> None:
    degrees = {n.id for n in graph.nodes.values() if n.kind is Kind.EDUCATION}
    assert degrees, "the curriculum should model the educational route"
    reachable = _achievable(graph, degrees)
    assert ROLE in reachable
    assert "senior-machine-learning-engineer" in reachable


def test_the_credential_is_a_degree_or_a_substantial_self_taught_route(graph: CurriculumGraph) -> None:
    [credential] = [c for c in graph.nodes[ROLE].requires if "bachelors-degree" in c]
    assert credential == ("bachelors-degree", "self-taught-route")
    degree_hours = graph.nodes["bachelors-degree"].effort_hours
    for alternative in credential:
        # never a short course standing in for a degree: each route is at least half a degree's work
        assert _own_and_part_hours(graph, alternative) >= degree_hours / 2, alternative
    certifications = {n.id for n in graph.nodes.values() if n.kind is Kind.CERTIFICATION}
    assert not any(certifications & set(clause) for clause in graph.nodes[ROLE].requires)


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
    "self-taught-route", "andrew-ng-ml-specialization", "ibm-ml-professional-certificate",
]


@pytest.mark.parametrize("node_id", ESSENTIAL)
def test_essential_items_cannot_be_avoided(graph: CurriculumGraph, node_id: str) -> None:
    assert node_id in graph.nodes
    assert ROLE not in _achievable(graph, {node_id})


@pytest.mark.parametrize("node_id", OPTIONAL)
def test_alternatives_can_be_avoided(graph: CurriculumGraph, node_id: str) -> None:
    assert node_id in graph.nodes
    assert ROLE in _achievable(graph, {node_id})


def test_role_requires_every_milestone(graph: CurriculumGraph) -> None:
    milestones = {n.id for n in graph.nodes.values() if n.kind is Kind.MILESTONE}
    required = {clause[0] for clause in graph.nodes[ROLE].requires if len(clause) == 1}
    assert milestones <= required


# ---------------------------------------------------------------- wholes and courses

#: Subjects learners name when they describe themselves, with parts they must then not be taught again.
WHOLES = {
    "linear-algebra": {"vectors", "matrices", "linear-transformations", "eigenvalues"},
    "calculus": {"derivatives", "partial-derivatives", "chain-rule"},
    "probability-and-statistics": {"probability", "statistics", "hypothesis-testing", "bayesian-inference"},
    "mathematics-for-ml": {"linear-algebra", "calculus", "gradient-descent", "eigenvalues", "hypothesis-testing"},
    "machine-learning-fundamentals": {"supervised-learning", "linear-regression", "k-means", "pca", "f1-score"},
    "deep-learning": {"neural-networks", "backpropagation", "cnn", "rnn", "transformers"},
    "algorithms": {"arrays", "trees", "graphs", "complexity-analysis", "algorithm-design"},
    "software-engineering-principles": {"clean-code", "git", "software-testing", "design-patterns"},
    "model-evaluation": {"accuracy", "precision", "recall", "f1-score", "roc-curves", "cross-validation"},
}


@pytest.mark.parametrize("whole", sorted(WHOLES))
def test_knowing_a_subject_means_knowing_its_parts(graph: CurriculumGraph, whole: str) -> None:
    assert WHOLES[whole] <= graph.parts_closure([whole])
    assert not any(part in clause for part in graph.nodes[whole].parts for clause in graph.nodes[whole].requires)


def test_a_wholes_own_hours_are_the_integration_only(graph: CurriculumGraph) -> None:
    for node in graph.nodes.values():
        if node.parts:
            parts_hours = _own_and_part_hours(graph, node.id) - node.effort_hours
            assert node.effort_hours < parts_hours, node.id


def test_every_milestone_consists_of_what_its_step_lists(graph: CurriculumGraph) -> None:
    for node in graph.nodes.values():
        if node.kind is Kind.MILESTONE:
            assert node.parts, node.id
            # what stays in requires is either an earlier step or a choice
            for clause in node.requires:
                assert len(clause) > 1 or graph.nodes[clause[0]].kind is Kind.MILESTONE, (node.id, clause)


COURSE_CERTIFICATES = ["andrew-ng-ml-specialization", "ibm-ml-professional-certificate",
                       "uw-ml-specialization", "jhu-applied-ml-specialization"]


@pytest.mark.parametrize("course", COURSE_CERTIFICATES)
def test_course_certificates_teach_and_require_only_entry(graph: CurriculumGraph, course: str) -> None:
    node = graph.nodes[course]
    taught = graph.teaches(course)
    assert {"supervised-learning", "classification", "clustering"} <= taught
    entry = nx.ancestors(graph.digraph, course)
    assert not taught & entry
    # a course is its full length: at least half of what learning its topics one by one would take
    assert node.effort_hours >= sum(graph.nodes[i].effort_hours for i in taught) / 2
    [structured] = [c for c in graph.nodes["gain-hands-on-experience"].requires if "online-courses" in c]
    assert course in structured


def test_exam_certifications_teach_nothing(graph: CurriculumGraph) -> None:
    for exam in OPTIONAL_TARGETS:
        node = graph.nodes[exam]
        assert node.kind is Kind.CERTIFICATION and not node.covers and node.requires


def test_resources_do_not_depend_on_what_they_teach(graph: CurriculumGraph) -> None:
    circular = [(n.id, r) for n in graph.nodes.values() for r in n.resources
                if n.id in nx.ancestors(graph.digraph, r)]
    assert circular == []


@pytest.mark.parametrize("dependent, prerequisite", [
    ("docker", "linux-shell"),
    ("model-deployment", "web-apis"),
    ("data-warehousing", "sql"),
    ("data-collection", "sql"),
    ("pca", "statistics"),
])
def test_prerequisites_the_document_implies(graph: CurriculumGraph, dependent: str, prerequisite: str) -> None:
    assert (prerequisite,) in graph.nodes[dependent].requires


def test_retired_ids_have_one_live_heir(graph: CurriculumGraph) -> None:
    assert dict(graph.replaced_by) == {"hyperparameter-tracking": "experiment-tracking"}
    assert not set(graph.replaced_by) & set(graph.nodes)


# ---------------------------------------------------------------- the review record (docs/curriculum-review.md)

_ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (`[a-z0-9-]+`(?:, `[a-z0-9-]+`)*) \| ([a-z() -]+?) \| (.+) \|$")

#: What each verdict claims about the data, given the graph, the node (B) and the other id (A).
VERDICTS = {
    "kept": lambda g, b, a: _requires(g, b, a),
    "alternative": lambda g, b, a: any(a in c and len(c) > 1 for c in g.nodes[b].requires),
    "removed (weak)": lambda g, b, a: not _requires(g, b, a),
    "removed (implied)": lambda g, b, a: not _requires(g, b, a),
    "removed (false alternative)": lambda g, b, a: not _requires(g, b, a),
    "reversed": lambda g, b, a: _requires(g, a, b) and not _requires(g, b, a),
    "part": lambda g, b, a: a in g.parts_closure([b]) - {b} and not _requires(g, b, a),
    "part-of": lambda g, b, a: b in g.parts_closure([a]) - {a} and not _requires(g, b, a),
    "folded": lambda g, b, a: not _requires(g, b, a) and any(len(c) == 1 and a in g.parts_closure(c) - set(c) for c in g.nodes[b].requires),
    "narrowed": lambda g, b, a: not _requires(g, b, a) and any(len(c) == 1 and c[0] in g.parts_closure([a]) - {a} for c in g.nodes[b].requires),
    "cover": lambda g, b, a: bool(g.nodes[b].covers) and a in g.teaches(b),
    "retired": lambda g, b, a: b not in g.nodes and b in g.replaced_by,
    "new": lambda g, b, a: _requires(g, b, a),
    "new part": lambda g, b, a: a in g.nodes[b].parts,
    "new cover": lambda g, b, a: a in g.nodes[b].covers,
}
#: Verdicts of lines that describe a relation of the version-1 curriculum.
OLD_VERDICTS = set(VERDICTS) - {"new", "new part", "new cover"}
#: Requirement edges of the version-1 curriculum (175 nodes), all of which the review judged.
V1_EDGES = 448


def _requires(graph: CurriculumGraph, node_id: str, other: str) -> bool:
    return node_id in graph.nodes and any(other in clause for clause in graph.nodes[node_id].requires)


def _table(section: str) -> list[tuple[str, tuple[str, ...], str, str]]:
    text = REVIEW_DOC.read_text(encoding="utf-8").split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in text.splitlines():
        match = _ROW.match(line)
        if match:
            node, others, verdict, reason = match.groups()
            rows.append((node, tuple(re.findall(r"`([a-z0-9-]+)`", others)), verdict, reason))
    return rows


@pytest.fixture(scope="module")
def review() -> dict[tuple[str, str], tuple[str, str]]:
    """The edge table: (node, other) -> (verdict, reason), other ids mapped to their heirs."""
    lines: dict[tuple[str, str], tuple[str, str]] = {}
    for node, (other,), verdict, reason in _table("Edges"):
        assert (node, other) not in lines, f"two review lines for {node} / {other}"
        lines[(node, other)] = (verdict, reason)
    return lines


def _heir(graph: CurriculumGraph, node_id: str) -> str:
    return graph.replaced_by.get(node_id, node_id)


def test_every_review_verdict_holds_in_the_data(graph: CurriculumGraph, review) -> None:
    false = []
    for (node, other), (verdict, _) in review.items():
        assert verdict in VERDICTS, verdict
        b = node if verdict == "retired" else _heir(graph, node)
        if not VERDICTS[verdict](graph, b, _heir(graph, other)):
            false.append((node, other, verdict))
    assert false == []


def test_every_relation_in_the_data_has_a_review_line(graph: CurriculumGraph, review) -> None:
    by_heirs = {(_heir(graph, n), _heir(graph, o)): v for (n, o), (v, _) in review.items()}
    missing = []
    for node in graph.nodes.values():
        for clause in node.requires:
            for other in clause:
                if by_heirs.get((node.id, other)) not in {"kept", "alternative", "new"} and by_heirs.get((other, node.id)) != "reversed":
                    missing.append(("requires", node.id, other))
        for part in node.parts:
            if review.get((node.id, part), ("",))[0] not in {"part", "new part"} and review.get((part, node.id), ("",))[0] != "part-of":
                missing.append(("part", node.id, part))
        for covered in node.covers:
            if review.get((node.id, covered), ("",))[0] not in {"cover", "new cover"}:
                missing.append(("covers", node.id, covered))
    assert missing == []


def test_the_review_judged_every_version_1_edge(review) -> None:
    assert sum(verdict in OLD_VERDICTS for verdict, _ in review.values()) == V1_EDGES


def test_every_or_clause_has_a_review_line(graph: CurriculumGraph) -> None:
    recorded = {(node, frozenset(alts)) for node, alts, verdict, _ in _table("OR-clauses") if verdict in {"kept", "changed", "new"}}
    current = {(n.id, frozenset(c)) for n in graph.nodes.values() for c in n.requires if len(c) > 1}
    assert recorded == current


@functools.lru_cache(maxsize=None)
def _forced(graph: CurriculumGraph, node_id: str) -> frozenset[str]:
    """Ids every way of learning ``node_id`` must include (through clauses and parts)."""
    node = graph.nodes[node_id]
    forced: set[str] = set()
    for clause in node.requires:
        forced |= set.intersection(*({a} | _forced(graph, a) for a in clause))
    for part in node.parts:
        forced |= {part} | _forced(graph, part)
    return frozenset(forced)


def test_implied_requirements_are_kept_only_on_purpose(graph: CurriculumGraph, review) -> None:
    """A requirement another single-alternative clause already forces stays only with a reason that says so."""
    unexplained = []
    for node in graph.nodes.values():
        singles = [c[0] for c in node.requires if len(c) == 1]
        for other in singles:
            if any(b != other and other in _forced(graph, b) for b in singles):
                if "implied" not in review.get((node.id, other), ("", ""))[1]:
                    unexplained.append((node.id, other))
    assert unexplained == []


def test_review_counts_in_the_docs_match_the_record(review) -> None:
    text = CURRICULUM_DOC.read_text(encoding="utf-8")
    block = text.split("<!-- review-counts -->", 1)[1].split("<!-- /review-counts -->", 1)[0]
    documented = {verdict.strip(): int(count) for verdict, count in re.findall(r"^\| ([a-z() -]+?) \| (\d+) \|$", block, re.M)}
    assert documented == dict(Counter(verdict for verdict, _ in review.values()))


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
