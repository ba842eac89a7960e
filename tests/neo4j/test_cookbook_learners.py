"""The designers' learner queries on a synthetic population of 1,000 learners in the real Neo4j.

The population (``devtools.learner_population``: learners following their
plans, stalling, skipping and stopping, from a seed) is written through the
real Neo4j learner store, part of it visit by visit and the rest imported.
Every expected answer is counted here in plain Python from the simulation's
own record of what each learner did (:class:`SimulatedLearner`: the known
nodes at sign-up, then each visit's marks and times), never from what the
store or the queries return.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from devtools.learner_population import Population, SimulatedLearner, simulate, write_population
from graph.curriculum import CurriculumGraph, load_graph
from graph.learners import Status
from graph.neo4j.cookbook import cookbook, markdown, run_named
from graph.neo4j.learner_store import Neo4jLearnerStore
from graph.neo4j.sync import sync_curriculum
from tests.learners.conftest import forget_all_learners

pytestmark = pytest.mark.neo4j

POPULATION = 1000
EVERYTHING = 100_000  # a limit no answer reaches: compare whole rankings


@dataclass(frozen=True)
class Final:
    """One learner's last status and its time on one node, replayed from the simulation."""

    status: Status
    at: datetime


def final_marks(learner: SimulatedLearner) -> dict[str, Final]:
    marks = {node: Final(Status.KNOWN, learner.created_at) for node in learner.known}
    for visit in learner.visits:
        for node, status in visit.marks:
            marks[node] = Final(status, visit.at)
    return marks


@pytest.fixture(scope="module")
def graph() -> CurriculumGraph:
    return load_graph()


@pytest.fixture(scope="module")
def population(neo4j_driver, graph) -> Population:
    """The population, written once for the module, in a database holding no other learner."""
    sync_curriculum(neo4j_driver, graph)
    forget_all_learners(neo4j_driver)
    simulated = simulate(graph, POPULATION, seed=7, live=24)
    write_population(simulated, lambda clock: Neo4jLearnerStore(neo4j_driver, location="tests", clock=clock))
    yield simulated
    forget_all_learners(neo4j_driver)


@pytest.fixture(scope="module")
def finals(population) -> list[tuple[SimulatedLearner, dict[str, Final]]]:
    return [(learner, final_marks(learner)) for learner in population.learners]


def _rows(driver, name, **params):
    return run_named(driver, name, {"limit": EVERYTHING, **params} if name != "learners-stage-completion" else params).records()


def _days(since: datetime, until: datetime) -> float:
    return (until - since).total_seconds() / 86400


def test_the_population_behaves_as_described(neo4j_driver, population, finals):
    """Every behaviour the queries look for is there, in the store too, so no test below passes on nothing."""
    statuses = Counter(f.status for _, marks in finals for f in marks.values())
    assert len(population.learners) == POPULATION and all(statuses[s] > 50 for s in Status)
    assert sum(1 for l in population.learners if l.live) == 24
    stored = neo4j_driver.execute_query("MATCH (l:Learner) RETURN count(l) AS learners, "
                                        "COUNT { (:Learner)-[:KNOWS]->() } AS marks").records[0]
    assert stored["learners"] == POPULATION
    assert stored["marks"] == sum(len(marks) for _, marks in finals)
    sources = neo4j_driver.execute_query("MATCH (:Learner)-[k:KNOWS]->() RETURN DISTINCT k.source AS s ORDER BY s").records
    assert [r["s"] for r in sources] == ["imported", "plan-step", "self-reported"]  # both write paths were used


@pytest.mark.parametrize("min_days", [7.0, 30.0, 90.0])
def test_learners_stalled(neo4j_driver, population, finals, min_days):
    days = defaultdict(list)
    for _, marks in finals:
        for node, final in marks.items():
            if final.status is Status.LEARNING:
                days[node].append(_days(final.at, population.as_of))
    expected = sorted(((node, len(d), sum(x >= min_days for x in d), sum(d) / len(d), max(d)) for node, d in days.items()),
                      key=lambda row: (-row[2], -row[3], row[0]))
    assert expected[0][2] > 1  # some node has several stalled learners
    rows = _rows(neo4j_driver, "learners-stalled", as_of=population.as_of.isoformat(), min_days=min_days)
    assert [(r["id"], r["learning"], r["stalled"]) for r in rows] == [row[:3] for row in expected]
    assert [r["mean_days"] for r in rows] == pytest.approx([row[3] for row in expected], abs=1e-6)
    assert [r["max_days"] for r in rows] == pytest.approx([row[4] for row in expected], abs=1e-6)
    top = _rows(neo4j_driver, "learners-stalled", as_of=population.as_of.isoformat(), min_days=min_days, limit=3)
    assert [r["id"] for r in top] == [row[0] for row in expected[:3]]


def test_learners_stalled_measures_from_now_by_default(neo4j_driver, population):
    explicit = {r["id"]: r for r in _rows(neo4j_driver, "learners-stalled", as_of=population.as_of.isoformat(), min_days=0.0)}
    implicit = {r["id"]: r for r in _rows(neo4j_driver, "learners-stalled", min_days=0.0)}
    since = _days(population.as_of, datetime.now(timezone.utc))
    assert {i: r["learning"] for i, r in implicit.items()} == {i: r["learning"] for i, r in explicit.items()}
    for node, row in implicit.items():
        assert row["mean_days"] == pytest.approx(explicit[node]["mean_days"] + since, abs=0.01)


def test_learners_skipped(neo4j_driver, finals):
    reached, skipped = Counter(), Counter()
    for _, marks in finals:
        for node, final in marks.items():
            if final.status is not Status.KNOWN:
                reached[node] += 1
                skipped[node] += final.status is Status.SKIPPED
    expected = sorted(((n, skipped[n], reached[n], skipped[n] / reached[n]) for n in skipped if skipped[n]),
                      key=lambda row: (-row[1], -row[3], row[0]))
    assert len(expected) > 10
    rows = _rows(neo4j_driver, "learners-skipped")
    assert [(r["id"], r["skipped"], r["reached"]) for r in rows] == [row[:3] for row in expected]
    assert [r["rate"] for r in rows] == pytest.approx([row[3] for row in expected])


def test_learners_known_at_start(neo4j_driver, finals):
    known = Counter(node for _, marks in finals for node, final in marks.items() if final.status is Status.KNOWN)
    expected = sorted(known.items(), key=lambda item: (-item[1], item[0]))
    assert expected[0][1] > expected[-1][1]  # not a flat distribution
    rows = _rows(neo4j_driver, "learners-known-at-start")
    assert [(r["id"], r["known"]) for r in rows] == expected
    assert [r["share"] for r in rows] == pytest.approx([count / POPULATION for _, count in expected])
    assert [r["id"] for r in _rows(neo4j_driver, "learners-known-at-start", limit=5)] == [n for n, _ in expected[:5]]


def test_learners_stage_completion(neo4j_driver, graph, finals):
    per_stage = defaultdict(lambda: {"learners": 0, "completed": 0, "steps": 0, "done": 0})
    for learner, marks in finals:
        done = {n for n, f in marks.items() if f.status is Status.DONE}
        steps = ({n for n in learner.plan_shown if n in graph.nodes} | done)
        by_stage = defaultdict(set)
        for node in steps:
            by_stage[graph.nodes[node].stage].add(node)
        for stage, nodes in by_stage.items():
            tally = per_stage[stage]
            tally["learners"] += 1
            tally["completed"] += nodes <= done
            tally["steps"] += len(nodes)
            tally["done"] += len(nodes & done)
    order = sorted(per_stage, key=lambda s: (graph.stages[s].order, s))
    assert len(order) > 3 and any(per_stage[s]["completed"] for s in order)
    rows = _rows(neo4j_driver, "learners-stage-completion")
    assert [(r["order"], r["stage"], r["name"]) for r in rows] == [(graph.stages[s].order, s, graph.stages[s].name) for s in order]
    assert [(r["learners"], r["completed"], r["steps"], r["done"]) for r in rows] == [
        tuple(per_stage[s][k] for k in ("learners", "completed", "steps", "done")) for s in order]
    assert [r["completion"] for r in rows] == pytest.approx([per_stage[s]["done"] / per_stage[s]["steps"] for s in order])


@pytest.mark.parametrize("idle_days", [14.0, 30.0, 120.0])
def test_learners_stopping_points(neo4j_driver, population, finals, idle_days):
    stopped_after, done_by = Counter(), Counter()
    for learner, marks in finals:
        done = {n: f.at for n, f in marks.items() if f.status is Status.DONE}
        done_by.update(done.keys())
        if not marks or _days(max(f.at for f in marks.values()), population.as_of) < idle_days:
            continue
        if all(t in marks and marks[t].status in (Status.DONE, Status.KNOWN) for t in learner.targets):
            continue  # finished, not stopped
        if done:
            last = max(done.values())
            stopped_after.update(n for n, at in done.items() if at == last)
    expected = sorted(((n, c, done_by[n], c / done_by[n]) for n, c in stopped_after.items()),
                      key=lambda row: (-row[1], -row[3], row[0]))
    assert len(expected) > 10 and expected[0][1] > 1
    rows = _rows(neo4j_driver, "learners-stopping-points", as_of=population.as_of.isoformat(), idle_days=idle_days)
    assert [(r["id"], r["stopped_after"], r["done"]) for r in rows] == [row[:3] for row in expected]
    assert [r["rate"] for r in rows] == pytest.approx([row[3] for row in expected])


def test_the_cookbook_page_shows_the_learner_queries_on_the_population(neo4j_driver, population):
    page = markdown(neo4j_driver)
    assert f"synthetic population of {POPULATION} learners" in page
    assert all(f"## `{name}`" in page for name in cookbook())
    gaps = page.split("## `course-gaps`")[1].split("\n## ")[0]
    assert "(not run here: it needs `course`, `learner`)" in gaps  # a learner id belongs to one database
    stalled = page.split("## `learners-stalled`")[1].split("\n## ")[0]
    assert "(no rows)" not in stalled and "| id | name | stage | learning | stalled |" in stalled


def test_the_simulation_is_reproducible(graph):
    first, again = simulate(graph, 50, seed=3, live=5), simulate(graph, 50, seed=3, live=5)
    assert first == again and first != simulate(graph, 50, seed=4, live=5)
