"""Every validation fault, each provoked by a small broken seed directory.

Each test writes TOML files into a temporary folder, loads them, and checks
that the fault names the file, the node and the problem, and that nothing is
built from a broken curriculum.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.curriculum import load_graph, validate_path
from graph.errors import Fault, GraphLoadError

VALID = '''
[[nodes]]
id = "python"
name = "Python"
kind = "tool"
stage = "foundations"
effort_hours = 80
source = "Programming"

[[nodes]]
id = "pytorch"
name = "PyTorch"
kind = "tool"
stage = "frameworks"
effort_hours = 60
source = "Frameworks"
requires = [["python"]]

[[nodes]]
id = "tensorflow"
name = "TensorFlow"
kind = "tool"
stage = "frameworks"
effort_hours = 70
source = "Frameworks"
requires = [["python"]]

[[nodes]]
id = "kaggle"
name = "Kaggle"
kind = "platform"
stage = "hands-on"
effort_hours = 2
source = "Hands-on"

[[nodes]]
id = "ml-engineer"
name = "ML Engineer"
kind = "role"
stage = "career"
effort_hours = 0
source = "Role"
resources = ["kaggle"]
requires = [["python"], ["pytorch", "tensorflow"]]
'''

EXTRA_NODE = '''
[[nodes]]
id = "{id}"
name = "{name}"
kind = "topic"
stage = "ml-concepts"
effort_hours = {hours}
source = "Extra"
requires = {requires}
'''


#: The stages the fixtures use, written beside them unless a test writes its own.
STAGES = "".join(
    f'[[stages]]\nid = "{stage}"\nname = "{stage.title()}"\norder = {order}\n\n'
    for order, stage in enumerate(("foundations", "ml-concepts", "hands-on", "frameworks", "career"))
)


def write(tmp_path: Path, **files: str) -> Path:
    files.setdefault("stages", STAGES)
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def extra(id: str, requires: str = "[]", hours: float = 5, name: str | None = None) -> str:
    return EXTRA_NODE.format(id=id, name=name or id.title(), hours=hours, requires=requires)


def faults_of(path: Path, severity: str = "error") -> list[Fault]:
    curriculum, faults = validate_path(path)
    chosen = [f for f in faults if f.severity == severity]
    if severity == "error":
        assert curriculum is None, "a curriculum with errors must not be returned"
    return chosen


def only(faults: list[Fault], code: str) -> list[Fault]:
    return [f for f in faults if f.code == code]


def test_valid_curriculum_loads_without_faults(tmp_path):
    graph = load_graph(write(tmp_path, base=VALID))
    assert sorted(graph.nodes) == ["kaggle", "ml-engineer", "python", "pytorch", "tensorflow"]
    assert graph.warnings == ()
    assert graph.unlocks("python") == ("ml-engineer", "pytorch", "tensorflow")


def test_unknown_field_is_named(tmp_path):
    text = VALID.replace('effort_hours = 60', 'effort_hours = 60\nhours = 3')
    (fault,) = only(faults_of(write(tmp_path, base=text)), "unknown-field")
    assert fault.file.endswith("base.toml") and fault.node == "pytorch" and "'hours'" in fault.message


def test_duplicate_ids_across_files_name_both_files(tmp_path):
    faults = only(faults_of(write(tmp_path, a=VALID, b=extra("python"))), "duplicate-id")
    assert {Path(f.file).name for f in faults} == {"a.toml", "b.toml"}
    assert all(f.node == "python" and "2 times" in f.message for f in faults)


def test_missing_reference_suggests_close_id(tmp_path):
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=extra("deep-learning", '[["pytorh"]]'))), "missing-reference")
    assert fault.node == "deep-learning" and "'pytorh'" in fault.message and "did you mean 'pytorch'" in fault.message


def test_self_requirement(tmp_path):
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=extra("loop", '[["loop"]]'))), "self-requirement")
    assert fault.node == "loop" and "requires[0]" in fault.message


def test_empty_clause(tmp_path):
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=extra("odd", '[["python"], []]'))), "empty-clause")
    assert fault.node == "odd" and "requires[1]" in fault.message


def test_duplicate_clause_and_duplicate_alternative(tmp_path):
    text = extra("twice", '[["pytorch", "tensorflow"], ["tensorflow", "pytorch"], ["python", "python"]]')
    faults = faults_of(write(tmp_path, a=VALID, b=text))
    assert [f.message for f in only(faults, "duplicate-clause")] == ["requires[1] duplicates an earlier clause"]
    assert "python" in only(faults, "duplicate-alternative")[0].message


def test_cycle_is_printed_as_a_path(tmp_path):
    cyclic = extra("a-topic", '[["c-topic"]]') + extra("b-topic", '[["a-topic"]]') + extra("c-topic", '[["b-topic"]]')
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=cyclic)), "cycle")
    links = [link.split(" requires ") for link in fault.message.split(": ", 1)[1].split(", ")]
    assert {x for x, _ in links} == {"a-topic", "b-topic", "c-topic"}
    assert all(y == links[(i + 1) % len(links)][0] for i, (_, y) in enumerate(links))  # the path closes
    # Each link really is "x requires y" in the files.
    requires = {"a-topic": "c-topic", "b-topic": "a-topic", "c-topic": "b-topic"}
    assert all(requires[x] == y for x, y in links)


@pytest.mark.parametrize("hours, words", [(-3, "greater than or equal to 0"), (50_000, "less than or equal to 10000")])
def test_negative_or_absurd_effort(tmp_path, hours, words):
    (fault,) = faults_of(write(tmp_path, a=VALID, b=extra("weird", hours=hours)))
    assert fault.node == "weird" and fault.message.startswith("effort_hours") and words in fault.message


def test_unreachable_node_is_a_warning_not_an_error(tmp_path):
    graph = load_graph(write(tmp_path, a=VALID, b=extra("orphan")))
    assert [(w.node, w.code) for w in graph.warnings] == [("orphan", "unreachable")]


def test_resource_must_be_a_platform(tmp_path):
    text = VALID.replace('resources = ["kaggle"]', 'resources = ["python", "coursera"]')
    faults = faults_of(write(tmp_path, a=text))
    assert {f.code for f in faults} == {"bad-resource", "missing-reference"}


def test_bad_id_and_missing_fields_name_the_node_by_position(tmp_path):
    text = '[[nodes]]\nid = "Not A Slug"\nname = "x"\n'
    faults = faults_of(write(tmp_path, a=VALID, b=text))
    assert {f.node for f in faults} == {"Not A Slug"}
    fields = {f.message.split(":")[0] for f in faults}
    assert {"id", "kind", "stage", "effort_hours", "source"} <= fields


def test_unparseable_toml_names_the_file(tmp_path):
    faults = faults_of(write(tmp_path, a=VALID, b="[[nodes]\nid = 1"))
    assert len(faults) == 1 and faults[0].file.endswith("b.toml") and "cannot parse TOML" in faults[0].message


def test_every_fault_is_collected_in_one_run(tmp_path):
    broken = extra("one", '[["nope"]]') + extra("two", '[["two"]]') + extra("three", hours=-1)
    codes = {f.code for f in faults_of(write(tmp_path, a=VALID, b=broken))}
    assert {"missing-reference", "self-requirement", "schema"} <= codes


def test_broken_curriculum_raises_and_builds_nothing(tmp_path):
    with pytest.raises(GraphLoadError) as info:
        load_graph(write(tmp_path, a=VALID, b=extra("bad", '[["ghost"]]')))
    assert "ghost" in str(info.value) and info.value.faults


def test_missing_path_and_empty_directory(tmp_path):
    assert "no such file" in faults_of(tmp_path / "absent")[0].message
    assert "no *.toml" in faults_of(tmp_path)[0].message


def test_json_input_with_bad_top_level(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"nodes": [], "edges": []}))
    assert faults_of(path)[0].code == "unknown-field"
    path.write_text("[1, 2]")
    assert "top level" in faults_of(path)[0].message


def test_checked_graph_applies_the_file_checks_to_an_in_memory_curriculum(tmp_path):
    from graph.curriculum import checked_graph
    from graph.models import Curriculum, LEGACY_STAGES

    good = load_graph(write(tmp_path, a=VALID)).curriculum
    assert sorted(checked_graph(good, source="neo4j").nodes) == sorted(n.id for n in good.nodes)
    dangling = good.nodes[0].model_copy(update={"requires": (("ghost",),)})
    broken = Curriculum(stages=LEGACY_STAGES, nodes=(dangling, *good.nodes[1:]))
    with pytest.raises(GraphLoadError) as info:
        checked_graph(broken, source="neo4j")
    (fault,) = info.value.faults
    assert (fault.file, fault.node, fault.code) == ("neo4j", dangling.id, "missing-reference")


# --- curriculum v2: stages, parts, covers, replaces ---

COURSE = '''
[[nodes]]
id = "{id}"
name = "{id}"
kind = "{kind}"
stage = "hands-on"
effort_hours = 40
source = "Courses"
requires = {requires}
covers = {covers}
'''


def whole(id: str, parts: str, requires: str = "[]") -> str:
    return extra(id, requires) + f"parts = {parts}\n"


def course(id: str, covers: str, requires: str = "[]", kind: str = "course") -> str:
    return COURSE.format(id=id, kind=kind, requires=requires, covers=covers)


def test_an_undefined_stage_names_the_node_and_the_close_stage(tmp_path):
    text = VALID.replace('stage = "frameworks"', 'stage = "framework"', 1)
    (fault,) = only(faults_of(write(tmp_path, a=text)), "unknown-stage")
    assert fault.node == "pytorch" and "'framework'" in fault.message and "did you mean 'frameworks'" in fault.message


def test_a_seed_directory_without_stages_says_so_once(tmp_path):
    faults = faults_of(write(tmp_path, a=VALID, stages=""), "error")
    assert any("no [[stages]] tables" in f.message for f in faults)


def test_duplicate_stage_ids_and_orders(tmp_path):
    stages = STAGES + '[[stages]]\nid = "career"\nname = "Again"\norder = 9\n\n[[stages]]\nid = "extra"\nname = "E"\norder = 0\n'
    faults = only(faults_of(write(tmp_path, a=VALID, stages=stages)), "duplicate-stage")
    assert any(f.node == "stage career" and "2 times" in f.message for f in faults)
    assert {f.node for f in faults if "order 0" in f.message} == {"stage extra", "stage foundations"}


def test_a_whole_that_is_its_own_part_directly_or_through_others(tmp_path):
    direct = whole("maths", '["maths"]')
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=direct)), "part-cycle")
    assert fault.node == "maths" and "own part" in fault.message
    indirect = whole("algebra", '["groups"]') + whole("groups", '["algebra"]')
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=indirect)), "part-cycle")
    assert "a whole is part of itself" in fault.message and "algebra has part groups" in fault.message


def test_parts_and_requirements_together_form_a_cycle(tmp_path):
    text = whole("maths", '["vectors"]') + extra("vectors", '[["maths"]]')
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=text)), "cycle")
    assert "maths has part vectors" in fault.message and "vectors requires maths" in fault.message


def test_part_faults_unknown_repeated_and_also_required(tmp_path):
    text = whole("maths", '["pytorh", "python", "python"]', '[["python"]]')
    faults = faults_of(write(tmp_path, a=VALID, b=text))
    assert "did you mean" in only(faults, "missing-reference")[0].message
    assert only(faults, "part-and-requirement")[0].node == "maths"
    assert "python" in only(faults, "duplicate-alternative")[0].message


def test_only_courses_and_certifications_cover_and_only_teachable_nodes(tmp_path):
    faults = faults_of(write(tmp_path, a=VALID, b=course("fake", '["python"]', kind="topic")))
    assert "only a certification or course teaches" in only(faults, "bad-cover")[0].message
    faults = faults_of(write(tmp_path, a=VALID, b=course("odd", '["ml-engineer", "kaggle"]')))
    assert sorted(f.message.split(",")[0] for f in only(faults, "bad-cover")) == ["covers 'kaggle'", "covers 'ml-engineer'"]


def test_a_course_whose_entry_requirements_depend_on_what_it_covers(tmp_path):
    text = course("dl-course", '["pytorch"]', '[["ml-engineer"]]')
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=text)), "course-requires-covered")
    assert fault.node == "dl-course" and "pytorch" in fault.message


def test_courses_that_need_what_each_other_teaches(tmp_path):
    text = (extra("alpha") + extra("beta") + extra("uses-alpha", '[["alpha"]]') + extra("uses-beta", '[["beta"]]')
            + course("course-a", '["alpha"]', '[["uses-beta"]]') + course("course-b", '["beta"]', '[["uses-alpha"]]'))
    (fault,) = only(faults_of(write(tmp_path, a=VALID, b=text)), "course-cycle")
    assert "course-a, course-b" in fault.message


def test_a_covered_node_whose_prerequisites_the_course_leaves_out_is_a_warning(tmp_path):
    text = course("torch-course", '["pytorch"]')  # pytorch requires python; the course neither covers nor requires it
    graph = load_graph(write(tmp_path, a=VALID, b=text))
    (gap,) = [w for w in graph.warnings if w.code == "course-gap"]
    assert gap.node == "torch-course" and "'pytorch'" in gap.message and "python" in gap.message
    fine = course("torch-course", '["pytorch"]', '[["python"]]')
    assert not [w for w in load_graph(write(tmp_path, a=VALID, b=fine)).warnings if w.code == "course-gap"]


def test_replaces_must_retire_an_id_for_one_heir(tmp_path):
    live = VALID.replace('source = "Frameworks"\nrequires = [["python"]]', 'source = "Frameworks"\nrequires = [["python"]]\nreplaces = ["python"]', 1)
    assert only(faults_of(write(tmp_path, a=live)), "bad-replaces")[0].node == "pytorch"
    twice = extra("new-a") + 'replaces = ["old"]\n' + extra("new-b") + 'replaces = ["old"]\n'
    assert {f.node for f in only(faults_of(write(tmp_path, a=VALID, b=twice)), "bad-replaces")} == {"new-a", "new-b"}


def test_a_valid_v2_curriculum_exposes_parts_covers_and_replacements(tmp_path):
    text = (whole("maths", '["vectors", "matrices"]') + extra("vectors") + extra("matrices")
            + 'replaces = ["linear-maps"]\n' + course("maths-course", '["maths"]') + extra("uses-maths", '[["maths"]]'))
    graph = load_graph(write(tmp_path, a=VALID, b=text))
    assert graph.part_of("vectors") == ("maths",) and graph.unlocks("vectors") == ()
    assert graph.teaches("maths-course") == {"maths", "vectors", "matrices"}
    assert graph.covered_by["vectors"] == ("maths-course",)
    assert graph.replaced_by == {"linear-maps": "matrices"}
    assert graph.detail("matrices").part_of == ("maths",)
    position = {n: i for i, n in enumerate(graph.topological_order)}
    assert position["vectors"] < position["maths"] and position["matrices"] < position["maths"]
