"""The curriculum v2 cookbook queries (wholes and courses) against the in-memory CurriculumGraph.

Expectations come from :class:`~graph.curriculum.CurriculumGraph` and its
pydantic nodes (``parts_closure``, ``teaches``, ``covered_by``), or from closures written out here, never from Neo4j or the
queries.  Each query runs on the small hand-made curriculum, the bundled
seed and seeded random curricula with nested wholes and courses that cover
wholes.  (``stage-summary`` is in ``test_cookbook.py``.)
"""

from __future__ import annotations

import random
import pytest

from graph.curriculum import CurriculumGraph, checked_graph, load_graph
from graph.learners import KnownNode, LearnerDraft, MarkChange, Status
from graph.models import Curriculum, Kind, Node, Stage
from graph.neo4j.cookbook import get_query, run_named
from graph.neo4j.learner_store import Neo4jLearnerStore
from graph.neo4j.sync import sync_curriculum
from tests.learners.conftest import SteppingClock, forget_all_learners

pytestmark = pytest.mark.neo4j

RANDOM_STAGES = (Stage(id="zeta", name="First things", order=0), Stage(id="alpha", name="Middle", order=5),
                 Stage(id="mid", name="Last things", order=9))


def random_v2_curriculum(seed: int, size: int = 60) -> Curriculum:
    """Layered topics, about a fifth of them wholes of earlier nodes (so wholes nest), and
    courses covering a handful of topics or wholes; stages follow the layers."""
    rng = random.Random(seed)
    nodes: list[Node] = []
    topics: list[str] = []
    for i in range(size):
        node_id = f"n{i:03d}"
        earlier = topics[:]
        parts = tuple(rng.sample(earlier, rng.randint(2, 4))) if len(earlier) > 6 and rng.random() < 0.2 else ()
        pool = [t for t in earlier if t not in parts]
        requires = tuple((a,) if rng.random() < 0.8 else (a, rng.choice(pool)) for a in rng.sample(pool, min(len(pool), rng.randint(0, 2))))
        requires = tuple(c for c in requires if len(set(c)) == len(c))
        nodes.append(Node(id=node_id, name=f"Topic {i}", kind=Kind.TOPIC, stage=RANDOM_STAGES[3 * i // size].id,
                          effort_hours=float(rng.randint(1, 30)), source="tests", requires=requires, parts=parts))
        topics.append(node_id)
    for j in range(max(3, size // 12)):
        covers = tuple(rng.sample(topics, rng.randint(2, 6)))
        nodes.append(Node(id=f"course-{j}", name=f"Course {j}", kind=Kind.COURSE, stage=rng.choice(RANDOM_STAGES).id,
                          effort_hours=float(rng.randint(10, 80)), source="tests", covers=covers))
    return Curriculum(stages=RANDOM_STAGES, nodes=tuple(nodes))


@pytest.fixture(scope="module", params=["small", "seed", "random-1", "random-2"])
def curriculum(request, small_graph) -> CurriculumGraph:
    if request.param == "small":
        return small_graph
    if request.param == "seed":
        return load_graph()
    return checked_graph(random_v2_curriculum(int(request.param[-1])), source="tests")


@pytest.fixture
def stored(neo4j_driver, curriculum) -> CurriculumGraph:
    sync_curriculum(neo4j_driver, curriculum)
    return curriculum


def _rows(driver, name, **params):
    return run_named(driver, name, params).records()


def _wholes(graph: CurriculumGraph) -> list[str]:
    return sorted(i for i, n in graph.nodes.items() if n.parts)


def _courses(graph: CurriculumGraph) -> list[str]:
    return sorted(i for i, n in graph.nodes.items() if n.covers)


def test_the_random_curricula_have_nested_wholes_and_courses_covering_wholes():
    """Guards the tests below against curricula too plain to tell a wrong query from a right one."""
    graph = checked_graph(random_v2_curriculum(1), source="tests")
    assert any(graph.nodes[p].parts for w in _wholes(graph) for p in graph.nodes[w].parts)
    assert any(graph.nodes[c].parts for course in _courses(graph) for c in graph.nodes[course].covers)


def test_parts(neo4j_driver, stored):
    for whole in _wholes(stored) + sorted(stored.nodes)[:3]:  # and a few that are not wholes
        rows = _rows(neo4j_driver, "parts", id=whole)
        own = stored.nodes[whole].parts
        below = stored.parts_closure([whole]) - {whole}
        expected = list(own) + sorted(below - set(own))
        assert [r["id"] for r in rows] == expected
        assert [r["direct"] for r in rows] == [p in own for p in expected]
        assert [r["position"] for r in rows] == [own.index(p) if p in own else None for p in expected]
        assert [r["whole"] for r in rows] == [bool(stored.nodes[p].parts) for p in expected]


def _known_closure(graph: CurriculumGraph, marked: set[str]) -> set[str]:
    """What knowing ``marked`` means: with every part and everything a known course covers, transitively."""
    closed, stack = set(), list(marked)
    while stack:
        node_id = stack.pop()
        if node_id not in closed:
            closed.add(node_id)
            stack += [*graph.nodes[node_id].parts, *graph.nodes[node_id].covers]
    return closed


@pytest.fixture
def learners(neo4j_driver, stored):
    """A dozen learners with random marks on the stored curriculum, written through the store."""
    rng = random.Random(len(stored.nodes))
    ids = sorted(stored.nodes)
    store = Neo4jLearnerStore(neo4j_driver, location="tests", clock=SteppingClock())
    made = {}
    for _ in range(12):
        known = rng.sample(ids, rng.randint(0, min(8, len(ids))))
        learner = store.create(LearnerDraft(targets=(rng.choice(ids),), known=tuple(KnownNode(node=n) for n in known))).learner
        others = rng.sample([i for i in ids if i not in known], min(10, len(ids) - len(known)))
        if others:
            learner = store.record(learner.id, [MarkChange(node=n, status=rng.choice(list(Status))) for n in others])
        made[learner.id] = {m.node: m.status for m in learner.marks}
    yield made
    forget_all_learners(neo4j_driver)


def test_course_gaps(neo4j_driver, stored, learners):
    courses = _courses(stored)
    seen_gaps = seen_known = 0
    for learner_id, marks in learners.items():
        known = _known_closure(stored, {n for n, s in marks.items() if s in (Status.KNOWN, Status.DONE)})
        for course in courses:
            taught = stored.teaches(course)
            rows = _rows(neo4j_driver, "course-gaps", course=course, learner=learner_id)
            expected = sorted(taught - known)
            assert [r["id"] for r in rows] == expected, (learner_id, course)
            assert [r["status"] for r in rows] == [marks[n].value if n in marks else None for n in expected]
            assert [r["effort_hours"] for r in rows] == [stored.nodes[n].effort_hours for n in expected]
            seen_gaps += len(expected)
            seen_known += len(taught & known)
    if courses:
        assert seen_gaps and seen_known  # both sides of the difference were exercised
    some_learner = next(iter(learners))
    assert _rows(neo4j_driver, "course-gaps", course=(courses or ["no-such-course"])[0], learner="0" * 32) == []
    assert _rows(neo4j_driver, "course-gaps", course=sorted(set(stored.nodes) - set(courses))[0], learner=some_learner) == []


def test_cheapest_course(neo4j_driver, stored):
    courses = _courses(stored)
    rng = random.Random(3)
    taught = {c: stored.teaches(c) for c in courses}
    samples = [rng.sample(sorted(taught[c]), min(len(taught[c]), k)) for c in courses for k in (1, 2, 3)]
    samples += [sorted(set().union(*taught.values()))[:4], [sorted(stored.nodes)[0]]]
    for topics in samples:
        expected = sorted((c for c in courses if set(topics) <= taught[c]), key=lambda c: (stored.nodes[c].effort_hours, c))
        rows = _rows(neo4j_driver, "cheapest-course", topics=topics + topics[:1], limit=100)  # a repeat changes nothing
        assert [r["id"] for r in rows] == expected, topics
        assert [r["teaches"] for r in rows] == [len(taught[c]) for c in expected]
        assert [r["id"] for r in _rows(neo4j_driver, "cheapest-course", topics=topics)] == expected[:5]
    assert _rows(neo4j_driver, "cheapest-course", topics=[]) == []


def test_uncovered_wholes(neo4j_driver, stored):
    expected = []
    for whole in _wholes(stored):
        parts = stored.parts_closure([whole]) - {whole}
        uncovered = sorted(p for p in parts if not stored.covered_by.get(p))
        if uncovered:
            expected.append((whole, len(parts), uncovered, len(uncovered) == len(parts)))
    expected.sort(key=lambda row: (not row[3], row[0]))
    rows = _rows(neo4j_driver, "uncovered-wholes")
    assert [(r["id"], r["parts"], r["uncovered"], r["none_covered"]) for r in rows] == expected
    rows = _rows(neo4j_driver, "uncovered-wholes", partly=False)
    assert [r["id"] for r in rows] == [row[0] for row in expected if row[3]]


def test_a_list_parameter_reads_comma_separated_text():
    query = get_query("cheapest-course")
    assert query.bind({"topics": "a, b,,c"}) == {"topics": ["a", "b", "c"], "limit": 5}
    assert query.bind({"topics": ["a", "b"]}) == {"topics": ["a", "b"], "limit": 5}
