"""Curricula from other fields: they load, validate, plan, draw and round-trip.

mlpath must not fit only its own ML roadmap.  ``tests/corpora/curricula/``
holds three curricula written for these tests, none of them about ML:

* ``frontend-developer/``: a seed directory of about 290 nodes with seven
  stages of its own, real OR-clauses (React or Vue or Angular or Svelte; npm
  or Yarn or pnpm; ...), nested wholes (``javascript`` consists of three
  wholes), courses and course-based certificates that ``cover`` topics, exam
  certifications, projects, a milestone and three roles;
* ``professional-cookery.json``: an interchange document (format version 2)
  of about a hundred nodes from a kitchen, with six stages, wholes, courses
  and certificates;
* ``data-engineer-v1.json``: a version 1 document (no ``format`` key, the
  original roadmap's stage ids, no parts or covers), to keep the reader
  honest.

Plans are checked by the independent checker in ``tests/plan_checker.py``
(valid, minimal and least effort under the ``parts`` and ``covers``
semantics, read straight from the curriculum); the checker is checked here
on the cookery corpus.
"""

from __future__ import annotations

import io
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.cli import main
from graph.curriculum import CurriculumGraph, load_graph, to_interchange_json, validate_path
from graph.models import FORMAT, LEGACY_STAGES, Curriculum, Kind
from recommender.models import Plan
from recommender.planner import plan
from tests.plan_checker import assert_a_good_plan, known_closure, least_effort, plan_problems, unneeded_steps
from viz.figures import path_figure
from viz.schedule import schedule_figure

CURRICULA = Path(__file__).resolve().parent / "curricula"
FRONTEND = CURRICULA / "frontend-developer"
COOKERY = CURRICULA / "professional-cookery.json"
DATA_ENGINEER_V1 = CURRICULA / "data-engineer-v1.json"
@dataclass(frozen=True)
class Learner:
    """One realistic request: what someone knows and where they want to get."""

    targets: tuple[str, ...]
    known: tuple[str, ...] = ()


#: Stories per corpus: every role from scratch, and learners who describe
#: themselves by subject (a whole), by a course they finished, or by a job.
LEARNERS: dict[Path, tuple[Learner, ...]] = {
    FRONTEND: (
        Learner(("junior-frontend-developer",)),
        Learner(("junior-frontend-developer",), ("html", "css")),
        Learner(("junior-frontend-developer",), ("javascript", "git", "vue")),
        Learner(("junior-frontend-developer",), ("odin-foundations-course",)),
        Learner(("junior-frontend-developer", "accessibility-specialist"), ("computer-basics", "fcc-responsive-web-design")),
        Learner(("frontend-developer",), ("junior-frontend-developer", "industry-experience", "html", "css", "javascript", "dom", "git", "react", "npm", "vite")),
        Learner(("accessibility-specialist",), ("html", "css", "javascript-fundamentals")),
        Learner(("typescript",), ("javascript-fundamentals", "modern-javascript", "npm-scripts")),
        Learner(("react", "css"), ("html", "javascript", "dom", "fetch-api")),
        Learner(("iaap-was",), ("html", "javascript")),
    ),
    COOKERY: (
        Learner(("commis-chef",)),
        Learner(("commis-chef",), ("knife-skills", "food-safety")),
        Learner(("pastry-chef",), ("food-hygiene-level-2",)),
        Learner(("baker", "pastry-chef")),
        Learner(("sous-chef",), ("commis-chef", "line-experience", "food-safety", "knife-skills", "dry-heat-methods",
                                 "moist-heat-methods", "stocks", "mother-sauces")),
        Learner(("knife-skills",)),
        Learner(("three-course-dinner",), ("seasoning-and-tasting",)),
    ),
    DATA_ENGINEER_V1: (
        Learner(("data-engineer",)),
        Learner(("data-engineer",), ("sql-basics", "python-programming")),
        Learner(("senior-data-engineer",), ("data-engineer", "data-engineering-experience", "spark", "aws", "git-for-data")),
        Learner(("cloud-certified",), ("gcp", "bigquery", "advanced-sql")),
    ),
}
STORIES = [(path, learner) for path, learners in LEARNERS.items() for learner in learners]


def story_id(value) -> str:
    if isinstance(value, Path):
        return value.stem
    return "+".join(value.targets) + ("|" + ",".join(value.known) if value.known else "")


@cache
def corpus(path: Path) -> CurriculumGraph:
    """The corpus, loaded once per run (plans and figures cache per graph object)."""
    return load_graph(path)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------- the checker checks itself


def test_the_checker_catches_a_whole_without_its_parts_and_a_redundant_course_topic():
    graph = corpus(COOKERY)
    parts = list(graph.nodes["knife-skills"].parts)
    assert plan_problems(graph, ["knife-skills"], [], ["knife-skills"]) == [
        f"step 1 (knife-skills) starts before {', '.join(f'part {p}' for p in parts)}"]
    assert plan_problems(graph, [*parts, "knife-skills"], [], ["knife-skills"]) == []
    # taking the course makes the whole known: a step for it is then redundant
    assert plan_problems(graph, ["knife-skills-course"], [], ["knife-skills"]) == []
    assert unneeded_steps(graph, ["knife-skills-course", "knife-safety"], [], ["knife-skills"]) == ["knife-safety"]
    assert plan_problems(graph, ["knife-skills"], ["knife-skills-course"], ["knife-skills"]) == [
        "step 1 (knife-skills) is already known when reached"]


def test_the_optimum_prefers_a_course_exactly_when_it_is_cheaper():
    graph = corpus(COOKERY)
    course = graph.nodes["knife-skills-course"]
    whole = graph.nodes["knife-skills"]
    one_by_one = round(100 * (whole.effort_hours + sum(graph.nodes[p].effort_hours for p in whole.parts)))
    assert round(course.effort_hours * 100) < one_by_one  # the data's premise
    assert least_effort(graph, ["knife-skills"], []) == (round(course.effort_hours * 100), ["knife-skills-course"])
    best, chosen = least_effort(graph, ["knife-skills", "dice"], ["knife-safety", "knife-grip-and-claw", "basic-cuts"])
    assert "knife-skills-course" not in chosen and best < round(course.effort_hours * 100)


# ---------------------------------------------------------------- loading and validating


@pytest.mark.parametrize("path", list(LEARNERS), ids=story_id)
def test_each_corpus_validates_with_no_errors_and_no_warnings(path):
    curriculum, faults = validate_path(path)
    assert curriculum is not None
    assert [str(f) for f in faults] == []
    status, out, err = run("validate", "--graph", str(path))
    assert status == 0 and err == ""
    assert f"valid: {len(curriculum.nodes)} nodes, 0 error(s), 0 warning(s)" in out


def _raw_stages(path: Path) -> list[dict]:
    """The stage definitions as written in the corpus's files, not as loaded."""
    if path.is_dir():
        return [s for f in sorted(path.glob("*.toml")) for s in tomllib.loads(f.read_text(encoding="utf-8")).get("stages", [])]
    return json.loads(path.read_text(encoding="utf-8")).get("stages", [])


@pytest.mark.parametrize("path", list(LEARNERS), ids=story_id)
def test_every_id_name_and_alias_names_one_node(path):
    """Learners type names and aliases; each must lead to exactly one node."""
    owners: dict[tuple[str, ...], set[str]] = {}
    for node in corpus(path).nodes.values():
        for label in (node.id.replace("-", " "), node.name, *node.aliases):
            words = tuple("".join(c if c.isalnum() else " " for c in label.casefold()).split())
            owners.setdefault(words, set()).add(node.id)
    assert {" ".join(words): sorted(ids) for words, ids in owners.items() if len(ids) > 1} == {}


def test_the_bigger_corpus_is_a_curriculum_of_its_own():
    """A few hundred nodes, its own stages (not the roadmap's eight), and
    every construct a designer uses: OR clauses, wholes, courses, exam
    certifications, projects and roles."""
    graph = corpus(FRONTEND)
    nodes = list(graph.nodes.values())
    assert 250 <= len(nodes) <= 350
    stages = _raw_stages(FRONTEND)
    assert len(stages) != len(LEGACY_STAGES)
    assert not {s["id"] for s in stages} & {s.id for s in LEGACY_STAGES}
    assert {n.stage for n in nodes} == {s["id"] for s in stages}  # every stage is used
    kinds = {n.kind for n in nodes}
    assert {Kind.ROLE, Kind.PROJECT, Kind.COURSE, Kind.CERTIFICATION, Kind.MILESTONE} <= kinds
    assert sum(len(c) > 1 for n in nodes for c in n.requires) >= 20
    wholes = [n for n in nodes if n.parts]
    assert len(wholes) >= 8 and any(graph.nodes[p].parts for w in wholes for p in w.parts)  # nested wholes
    courses = [n for n in nodes if n.covers]
    assert any(n.kind is Kind.COURSE for n in courses) and any(n.kind is Kind.CERTIFICATION for n in courses)
    assert any(n.kind is Kind.CERTIFICATION and not n.covers and n.requires for n in nodes)  # an exam
    assert all(n.requires for n in courses if n.kind is Kind.COURSE)  # entry requirements


def test_the_kitchen_corpus_is_an_interchange_document_with_stages_of_its_own():
    document = json.loads(COOKERY.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT
    assert 60 <= len(document["nodes"]) <= 120
    assert len(document["stages"]) != len(LEGACY_STAGES)
    graph = corpus(COOKERY)
    assert any(n.parts for n in graph.nodes.values()) and any(n.covers for n in graph.nodes.values())
    assert sum(n.kind is Kind.ROLE for n in graph.nodes.values()) >= 2


def test_the_version_1_document_is_read_with_the_original_stages():
    document = json.loads(DATA_ENGINEER_V1.read_text(encoding="utf-8"))
    assert list(document) == ["nodes"]
    assert not {"parts", "covers", "replaces"} & {key for node in document["nodes"] for key in node}
    assert {node["stage"] for node in document["nodes"]} <= {s.id for s in LEGACY_STAGES}
    graph = corpus(DATA_ENGINEER_V1)
    assert graph.curriculum.stages == LEGACY_STAGES
    # every field the document gave survives; the version-2 fields take their defaults
    for written in document["nodes"]:
        loaded = graph.nodes[written["id"]].model_dump(mode="json")
        assert {k: loaded[k] for k in written} == written
        assert loaded["parts"] == loaded["covers"] == loaded["replaces"] == []


# ---------------------------------------------------------------- the interchange round trip


@pytest.mark.parametrize("path", list(LEARNERS), ids=story_id)
def test_export_then_load_then_export_is_byte_identical(path, tmp_path):
    status, exported, _ = run("export", "--graph", str(path))
    assert status == 0
    assert exported == to_interchange_json(corpus(path))
    assert json.loads(exported)["format"] == FORMAT
    again = tmp_path / "again.json"
    again.write_text(exported, encoding="utf-8")
    status, second, _ = run("export", "--graph", str(again))
    assert status == 0 and second == exported
    assert load_graph(again).nodes == corpus(path).nodes
    assert load_graph(again).curriculum.stages == corpus(path).curriculum.stages


def test_the_kitchen_document_is_already_canonical():
    assert to_interchange_json(corpus(COOKERY)) == COOKERY.read_text(encoding="utf-8")


def test_the_seed_directory_and_its_export_are_the_same_curriculum(tmp_path):
    exported = tmp_path / "frontend.json"
    assert run("export", "--graph", str(FRONTEND), "--out", str(exported))[0] == 0
    assert Curriculum.model_validate_json(exported.read_text(encoding="utf-8")) == corpus(FRONTEND).curriculum


# ---------------------------------------------------------------- plans


@pytest.mark.parametrize(("path", "learner"), STORIES, ids=[f"{story_id(p)}:{story_id(l)}" for p, l in STORIES])
def test_plans_are_valid_minimal_and_least_effort(path, learner):
    graph = corpus(path)
    result = plan(graph, list(learner.targets), known=list(learner.known))
    assert_a_good_plan(graph, result, learner.targets, learner.known)


@pytest.mark.parametrize("path", list(LEARNERS), ids=story_id)
def test_recommend_on_the_command_line_gives_a_good_plan(path):
    graph = corpus(path)
    learner = next(l for l in LEARNERS[path] if l.known)
    status, out, err = run("recommend", "--graph", str(path), "--target", ",".join(learner.targets),
                           "--known", ",".join(learner.known), "--json")
    assert status == 0, err
    result = Plan.model_validate_json(out)
    assert result.targets == learner.targets and result.known == tuple(sorted(learner.known))
    assert_a_good_plan(graph, result, learner.targets, learner.known)
    # the same learner in their own words: names instead of ids, as text
    names = lambda ids: ", ".join(graph.nodes[i].name for i in ids)  # noqa: E731
    status, text, _ = run("recommend", "--graph", str(path), "--target", names(learner.targets), "--known", names(learner.known))
    assert status == 0 and text.startswith(f"Plan to {names(learner.targets)}: {result.total_hours:g} h")


def test_saying_you_know_a_subject_means_knowing_its_parts():
    """A learner who knows HTML and CSS is never scheduled any of their parts."""
    graph = corpus(FRONTEND)
    known = ("html", "css")
    result = plan(graph, ["junior-frontend-developer"], known=list(known))
    implied = known_closure(graph, known) - set(known)
    assert len(implied) > 20  # the premise: both are wholes with many parts
    assert sorted(implied & {s.id for s in result.steps}) == []


def test_a_cheaper_course_stands_in_for_the_topics_it_teaches():
    """TypeScript by course costs less than its seven parts and its own
    hours, so the plan takes the course and schedules none of them."""
    graph = corpus(FRONTEND)
    course, whole = graph.nodes["typescript-course"], graph.nodes["typescript"]
    assert course.covers == ("typescript",)
    one_by_one = whole.effort_hours + sum(graph.nodes[p].effort_hours for p in whole.parts)
    assert course.effort_hours < one_by_one
    result = plan(graph, ["typescript"], known=["javascript-fundamentals", "modern-javascript", "npm-scripts"])
    assert [s.id for s in result.steps] == ["typescript-course"]
    assert result.total_hours == course.effort_hours


def _sample_nodes(graph: CurriculumGraph, kinds=None) -> list[str]:
    return sorted(n.id for n in graph.nodes.values() if kinds is None or n.kind in kinds)


@st.composite
def learners(draw, path: Path):
    """Any learner of a corpus: one to three targets, up to a dozen known nodes."""
    graph = corpus(path)
    goals = st.sampled_from(_sample_nodes(graph, {Kind.ROLE, Kind.MILESTONE, Kind.CERTIFICATION, Kind.PROJECT}))
    targets = draw(st.lists(st.one_of(goals, st.sampled_from(_sample_nodes(graph))), min_size=1, max_size=3, unique=True))
    known = draw(st.lists(st.sampled_from(_sample_nodes(graph)), max_size=12, unique=True))
    return Learner(tuple(targets), tuple(k for k in known if k not in targets))


@pytest.mark.parametrize("path", list(LEARNERS), ids=story_id)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_learners_get_good_plans(path, data):
    learner = data.draw(learners(path), label="learner")
    graph = corpus(path)
    result = plan(graph, list(learner.targets), known=list(learner.known))
    assert_a_good_plan(graph, result, learner.targets, learner.known)


# ---------------------------------------------------------------- figures and pages


def _stages_in_order(path: Path) -> list[dict]:
    return sorted(_raw_stages(path) or [s.model_dump() for s in LEGACY_STAGES], key=lambda s: s["order"])


@pytest.mark.parametrize("path", list(LEARNERS), ids=story_id)
def test_figures_follow_the_curriculums_own_stages(path):
    """Legends list the corpus's stage names in its stage order, one distinct colour per stage."""
    graph = corpus(path)
    learner = LEARNERS[path][0]
    result = plan(graph, list(learner.targets), known=list(learner.known))
    by_name = {s["name"]: s for s in _stages_in_order(path)}
    used = {s.stage for s in result.steps}
    path_traces = [t for t in path_figure(graph, result).data if t.meta == "nodes" and t.name.startswith("step: ")]
    bars = [t for t in schedule_figure(graph, result).data if t.meta == "steps"]
    for traces, label in ((path_traces, lambda t: t.name.removeprefix("step: ")), (bars, lambda t: t.name)):
        names = [label(t) for t in traces]
        assert set(names) <= set(by_name)
        assert names == [s["name"] for s in _stages_in_order(path) if s["name"] in names]
        colours = [t.marker.color for t in traces]
        assert len(set(colours)) == len(colours)
    assert len(bars) >= 3 and {by_name[t.name]["id"] for t in bars} <= used
    # the path view and the schedule give a stage the same colour
    path_colour = {t.name.removeprefix("step: "): t.marker.color for t in path_traces}
    assert all(path_colour[t.name] == t.marker.color for t in bars if t.name in path_colour)


@pytest.mark.parametrize("path", list(LEARNERS), ids=story_id)
def test_viz_writes_the_explorer_and_a_path_page(path, tmp_path):
    graph = corpus(path)
    explorer = tmp_path / "explorer.html"
    status, out, _ = run("viz", "--graph", str(path), "--out", str(explorer))
    assert status == 0 and f"({len(graph)} nodes)" in out
    assert explorer.read_text(encoding="utf-8").count('data-figure="mlpath-explorer"') == 1
    learner = LEARNERS[path][0]
    page = tmp_path / "plan.html"
    status, out, _ = run("viz", "--graph", str(path), "--target", ",".join(learner.targets), "--out", str(page))
    assert status == 0
    html = page.read_text(encoding="utf-8")
    result = plan(graph, list(learner.targets), known=list(learner.known))
    assert f"wrote {page}: {len(result.steps)} steps" in out
    assert 'data-figure="mlpath-path"' in html and 'data-figure="mlpath-schedule"' in html
    assert html.count('<td class="num">') >= 3 * len(result.steps)  # position, hours and weeks per step
