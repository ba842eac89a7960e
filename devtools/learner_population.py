"""A synthetic population of learners who behave like people, for the designers' learner queries.

The cookbook's learner queries (``graph/neo4j/queries/learners-*.cypher``)
answer questions about behaviour: where learners stall, what they skip,
what they knew already, how far they get through each stage and after which
step they stop.  Testing them needs learners who do all of that, in known
amounts, written through the real store.  :func:`simulate` makes them from a
seed; :func:`write_population` stores them.

How a simulated learner behaves (every rate is drawn once per population
from the seed, so some nodes are stalled on, skipped or quit after far more
than others, as in real data):

* **Who they are**: one of a dozen personas, each a set of nodes known
  beforehand (close to the entry points, with what those need), plus a few
  of their plan's first steps they turn out to know as well; a target (a
  role most often, else a certification or project), and 3 to 20 hours a
  week.  They sign up some time in the year before ``as_of``.
* **Following the plan**: the real planner's least-effort plan for their
  persona and target, in order.  Each step is skipped (by a per-node rate,
  higher for exams, degrees and activities) or started (``learning``) and
  finished (``done``) after its hours at their weekly pace, give or take.
* **Stalling and stopping**: after starting a step they may stall on it for
  good (it stays ``learning``); after finishing one they may stop.  Whoever
  is still going at ``as_of`` is caught mid-step.
* **Looking at the plan**: at sign-up and now and then after a visit; the
  store keeps the last plan shown (what the API's plan route remembers).

Each visit is one progress write, as the API's ``POST .../progress`` makes
it: the step just finished, any steps skipped on the way and the next one
started.  :func:`write_population` writes a share of the learners live
(``create``, then one ``record`` per visit with the store's clock set to the
visit's time, ``remember_plan`` whenever they looked) and imports the rest
in batches (``import_many``: their marks keep their times, their source
becomes ``imported``), so a population of thousands loads in seconds while
both write paths are exercised.

Run ``python -m devtools.learner_population`` to load one into the Neo4j
of ``NEO4J_URI`` (after ``mlpath neo4j sync``): ``docs/cypher.md`` shows the
learner queries on ``--learners 1000 --seed 1``.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from graph.curriculum import CurriculumGraph
from graph.errors import InfeasiblePlanError
from graph.learners import (
    KnownNode,
    Learner,
    LearnerDraft,
    LearnerExport,
    MarkChange,
    Source,
    Status,
    edit,
    new_learner,
)

if TYPE_CHECKING:
    from graph.learner_store import LearnerStore

__all__ = ["AS_OF", "Population", "SimulatedLearner", "Visit", "simulate", "write_population"]

#: The moment the population is observed; every visit happens before it.
AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)

_PERSONAS = 12
#: Base rate of skipping a step, by kind: exams, degrees and activities are
#: what learners most often decline; topics they rarely skip.
_SKIP_BY_KIND = {"certification": 0.25, "education": 0.3, "activity": 0.2, "project": 0.12, "platform": 0.1}
_SKIP_OTHERWISE = 0.03
_WEEK = timedelta(days=7)
#: Kinds nobody brings along: goals, exams, and platforms (resources, not knowledge).
_NEVER_KNOWN_BEFORE = frozenset({"role", "milestone", "certification", "platform"})


@dataclass(frozen=True)
class Visit:
    """One progress write: its marks, and the plan the learner looked at afterwards (if they did)."""

    at: datetime
    marks: tuple[tuple[str, Status], ...]
    plan_after: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SimulatedLearner:
    """What one learner did, as the simulation decided it (not as any store read it back)."""

    id: str
    created_at: datetime
    targets: tuple[str, ...]
    hours_per_week: float
    known: tuple[str, ...]
    first_plan: tuple[str, ...]
    visits: tuple[Visit, ...]
    live: bool

    @property
    def plan_shown(self) -> tuple[str, ...]:
        """The last plan the learner looked at: what the store keeps as its plan order."""
        shown = [v.plan_after for v in self.visits if v.plan_after is not None]
        return shown[-1] if shown else self.first_plan


@dataclass(frozen=True)
class Population:
    learners: tuple[SimulatedLearner, ...]
    as_of: datetime
    seed: int


@dataclass(frozen=True)
class _Rates:
    """Per-node propensities, drawn once per population."""

    skip: dict[str, float]
    stall: dict[str, float]
    quit: dict[str, float]


def simulate(graph: CurriculumGraph, count: int, *, seed: int = 0, live: int = 40, as_of: datetime = AS_OF) -> Population:
    """``count`` learners on ``graph``; the first ``live`` are marked to be written live.

    The same arguments give the same population, ids included.
    """
    if count < 1 or not 0 <= live <= count:
        raise ValueError(f"`count` must be positive and `live` between 0 and it, not {count} and {live}")
    rng = random.Random(seed)
    rates = _rates(graph, rng)
    depth = _depths(graph)
    personas = [_persona(graph, depth, rng) for _ in range(_PERSONAS)]
    goals = _goals(graph)
    plans: dict[tuple[int, str], tuple[str, ...] | None] = {}
    learners = []
    while len(learners) < count:
        persona = rng.randrange(_PERSONAS)
        target = rng.choices([g for g, _ in goals], weights=[w for _, w in goals])[0]
        if (persona, target) not in plans:
            plans[persona, target] = _planned(graph, target, personas[persona])
        steps = plans[persona, target]
        if steps is None:  # the persona already knows the target, or cannot reach it
            continue
        learners.append(_learner(rng, rates, graph, len(learners) < live, personas[persona], target, steps, as_of))
    return Population(tuple(learners), as_of, seed)


def _rates(graph: CurriculumGraph, rng: random.Random) -> _Rates:
    skip, stall, quit = {}, {}, {}
    for node_id, node in graph.nodes.items():
        skip[node_id] = min(0.6, _SKIP_BY_KIND.get(node.kind.value, _SKIP_OTHERWISE) * rng.uniform(0.3, 1.7))
        stall[node_id] = (0.01 + 0.03 * min(node.effort_hours, 200.0) / 50) * rng.uniform(0.5, 1.5)
        quit[node_id] = 0.03 * rng.uniform(0.3, 2.5)
    return _Rates(skip, stall, quit)


def _depths(graph: CurriculumGraph) -> dict[str, int]:
    """Longest chain of prerequisites below each node (0 for entry points)."""
    depth: dict[str, int] = {}
    for node_id in graph.topological_order:
        depth[node_id] = max((depth[p] + 1 for p in graph.digraph.predecessors(node_id)), default=0)
    return depth


def _persona(graph: CurriculumGraph, depth: dict[str, int], rng: random.Random) -> frozenset[str]:
    """Nodes known beforehand: mostly shallow ones, each with what it needs (first alternatives, parts).

    Personas differ in breadth, from career changers who know next to
    nothing to graduates who know most of the foundations.
    """
    breadth = rng.uniform(0.05, 1.0)
    known: set[str] = set()
    for node_id in sorted(graph.nodes):
        node = graph.nodes[node_id]
        if node.kind.value in _NEVER_KNOWN_BEFORE:
            continue
        chance = 0.5 if node.kind.value == "education" else 0.5 * 0.35 ** depth[node_id]
        if rng.random() < chance * breadth:
            known |= _with_needs(graph, node_id)
    return frozenset(known)


def _with_needs(graph: CurriculumGraph, node_id: str) -> set[str]:
    closed, stack = set(), [node_id]
    while stack:
        current = stack.pop()
        if current not in closed:
            closed.add(current)
            node = graph.nodes[current]
            stack += [clause[0] for clause in node.requires] + list(node.parts)
    return closed


def _goals(graph: CurriculumGraph) -> list[tuple[str, float]]:
    """What learners aim at: roles most often, certifications and projects sometimes."""
    weights = {"role": 6.0, "certification": 1.0, "project": 0.5}
    return [(n.id, weights[n.kind.value]) for n in graph.nodes.values() if n.kind.value in weights]


def _planned(graph: CurriculumGraph, target: str, known: frozenset[str]) -> tuple[str, ...] | None:
    from recommender.planner import plan

    if target in known:
        return None
    try:
        steps = plan(graph, [target], known=sorted(known), time_limit=5.0).steps
    except InfeasiblePlanError:
        return None
    return tuple(s.id for s in steps) or None


def _learner(rng: random.Random, rates: _Rates, graph: CurriculumGraph, live: bool, persona: frozenset[str],
             target: str, steps: tuple[str, ...], as_of: datetime) -> SimulatedLearner:
    learner_id = f"{rng.getrandbits(128):032x}"
    created_at = as_of - timedelta(days=rng.uniform(1, 400))
    hours = rng.choice([3.0, 5.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0])
    also_known = {s for s in steps[:6] if s != target and rng.random() < 0.25}
    plan = tuple(s for s in steps if s not in also_known)
    visits = _follow(rng, rates, graph, plan, target, hours, created_at, as_of)
    return SimulatedLearner(id=learner_id, created_at=created_at, targets=(target,), hours_per_week=hours,
                            known=tuple(sorted(persona | also_known)), first_plan=plan, visits=tuple(visits), live=live)


def _follow(rng: random.Random, rates: _Rates, graph: CurriculumGraph, plan: tuple[str, ...], target: str,
            hours_per_week: float, start: datetime, as_of: datetime) -> list[Visit]:
    """The learner's visits, step by step along ``plan``, until they stall, stop, finish or time runs out."""
    visits: list[Visit] = []
    settled: set[str] = set()  # done or skipped: off the plan from then on
    marks: list[tuple[str, Status]] = []
    now = start + timedelta(hours=rng.uniform(0, 48))

    def visit(at: datetime) -> None:
        looked = rng.random() < 0.3
        remaining = tuple(s for s in plan if s not in settled) if looked else None
        visits.append(Visit(at, tuple(marks), remaining))
        marks.clear()

    for step in plan:
        if now >= as_of:
            return visits
        if step != target and rng.random() < rates.skip[step]:
            marks.append((step, Status.SKIPPED))
            settled.add(step)
            continue
        marks.append((step, Status.LEARNING))
        visit(now)
        if rng.random() < rates.stall[step]:
            return visits  # stalled on this step for good
        weeks = max(graph.nodes[step].effort_hours, 0.5) / hours_per_week * math.exp(rng.gauss(0, 0.5))
        now += weeks * _WEEK
        if now >= as_of:
            return visits  # still on it when the population is observed
        marks.append((step, Status.DONE))
        settled.add(step)
        if rng.random() < rates.quit[step]:
            break  # finished this one and never came back
    if marks:
        visit(now)
    return visits


#: Builds a store whose clock is the given callable.
StoreFactory = Callable[[Callable[[], datetime]], "LearnerStore"]


def write_population(population: Population, store_for: StoreFactory, *, batch: int = 100, threads: int = 4) -> dict[str, str]:
    """Write every learner through ``store_for(clock)``'s store; returns simulated id -> stored id.

    ``store_for`` builds a :class:`~graph.learner_store.LearnerStore` whose
    clock is the callable it is given; live learners are written on
    ``threads`` stores at once, each with its own clock.
    """
    live = [s for s in population.learners if s.live]
    imported = [s for s in population.learners if not s.live]
    stored: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for simulated, learner_id in pool.map(lambda s: (s, _write_live(s, store_for)), live):
            stored[simulated.id] = learner_id
    with store_for(lambda: population.as_of) as store:
        for chunk in _chunks(imported, batch):
            store.import_many([_export(s, population.as_of) for s in chunk])
            stored.update((s.id, s.id) for s in chunk)
    return stored


class _Clock:
    """A store's clock that reads whatever time the writer last set."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _write_live(simulated: SimulatedLearner, store_for: StoreFactory) -> str:
    clock = _Clock(simulated.created_at)
    with store_for(clock) as store:
        issued = store.create(_draft(simulated))
        learner_id = issued.learner.id
        store.remember_plan(learner_id, simulated.first_plan)
        for visit in simulated.visits:
            clock.at = visit.at
            store.record(learner_id, _changes(visit))
            if visit.plan_after is not None:
                store.remember_plan(learner_id, visit.plan_after)
    return learner_id


def _draft(simulated: SimulatedLearner) -> LearnerDraft:
    return LearnerDraft(targets=simulated.targets, hours_per_week=simulated.hours_per_week,
                        known=tuple(KnownNode(node=n) for n in simulated.known))


def _changes(visit: Visit) -> list[MarkChange]:
    return [MarkChange(node=node, status=status, source=Source.PLAN_STEP) for node, status in visit.marks]


def _export(simulated: SimulatedLearner, as_of: datetime) -> LearnerExport:
    """The learner's profile as the store's own rules (:func:`graph.learners.edit`) make it, visit by visit."""
    learner: Learner = new_learner(simulated.id, _draft(simulated), now=simulated.created_at)
    for visit in simulated.visits:
        done = edit(learner, marks=_changes(visit), now=visit.at)
        if done is not None:
            learner = done.learner
    return LearnerExport(exported_at=as_of, learner=learner, plan_order=simulated.plan_shown)


def _chunks(items: Sequence[SimulatedLearner], size: int) -> Iterator[list[SimulatedLearner]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def main(argv: Sequence[str] | None = None) -> int:
    """Load a population into the Neo4j of ``NEO4J_URI`` (synced first with ``mlpath neo4j sync``)."""
    from api.settings import load_settings
    from graph.curriculum import load_graph
    from graph.neo4j.connection import connect
    from graph.neo4j.learner_store import Neo4jLearnerStore

    parser = argparse.ArgumentParser(prog="python -m devtools.learner_population", description=main.__doc__)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--live", type=int, default=40, help="how many to write visit by visit (the rest are imported)")
    parser.add_argument("--graph", default=None, help="the curriculum the Neo4j holds (default: the bundled seed)")
    args = parser.parse_args(argv)
    server = load_settings().neo4j
    if server is None:
        print("set NEO4J_URI to the server to load", file=sys.stderr)
        return 2
    population = simulate(load_graph(args.graph), args.learners, seed=args.seed, live=args.live)
    driver = connect(server)
    try:
        written = write_population(population, lambda clock: Neo4jLearnerStore(driver, location=server.uri,
                                                                                database=server.database, clock=clock))
    finally:
        driver.close()
    print(f"{len(written)} learners written ({args.live} live), observed as of {population.as_of.isoformat()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
