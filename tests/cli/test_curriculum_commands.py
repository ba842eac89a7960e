"""``mlpath validate | export | nodes | show`` driven in-process."""

from __future__ import annotations

import io
import json

from api.cli import ExitStatus, main
from graph.curriculum import to_interchange_json


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_validate_seed_reports_what_validation_finds(seed_graph):
    # The seed's own warnings (the two optional exam certifications, justified in
    # docs/curriculum.md) are checked in tests/graph/test_content.py; here the
    # command must report each of them and still pass.
    status, out, _ = run("validate")
    assert status == ExitStatus.OK
    assert f"valid: {len(seed_graph)} nodes, 0 error(s), {len(seed_graph.warnings)} warning(s)" in out
    for warning in seed_graph.warnings:
        assert f"{warning.node}: warning: {warning.message}" in out


def test_validate_broken_directory_fails_with_located_faults(tmp_path):
    (tmp_path / "stages.toml").write_text('[[stages]]\nid = "mlops"\nname = "MLOps"\norder = 0\n')
    (tmp_path / "bad.toml").write_text('[[nodes]]\nid = "x"\nname = "X"\nkind = "topic"\nstage = "mlops"\neffort_hours = 1\nsource = "s"\nrequires = [["y"]]\n')
    status, out, err = run("validate", "--graph", str(tmp_path))
    assert status == ExitStatus.ERROR
    assert "bad.toml: x: error: requires[0] refers to unknown id 'y'" in err and "INVALID" in out
    status, out, _ = run("validate", "--graph", str(tmp_path), "--json")
    report = json.loads(out)
    assert status == 1 and report["valid"] is False and report["faults"][0]["node"] == "x"


def test_export_to_stdout_and_file_match_the_interchange(seed_graph, tmp_path):
    status, out, _ = run("export")
    assert status == 0 and out == to_interchange_json(seed_graph)
    target = tmp_path / "g.json"
    assert run("export", "--out", str(target))[0] == 0
    assert target.read_text() == out
    status, again, _ = run("export", "--graph", str(target))
    assert status == 0 and again == out


def test_nodes_filters_by_kind_and_search(seed_graph):
    status, out, _ = run("nodes", "--kind", "certification", "--json")
    listed = json.loads(out)
    assert status == 0 and listed
    assert {n["id"] for n in listed} == {n.id for n in seed_graph.nodes.values() if n.kind.value == "certification"}
    status, out, _ = run("nodes", "--search", "torch")
    assert status == 0 and "pytorch" in out


def test_nodes_columns_line_up_whatever_the_curriculums_stage_ids(tmp_path):
    (tmp_path / "stages.toml").write_text('[[stages]]\nid = "quality-and-delivery"\nname = "Quality"\norder = 0\n'
                                          '[[stages]]\nid = "web"\nname = "Web"\norder = 1\n')
    (tmp_path / "nodes.toml").write_text(
        '[[nodes]]\nid = "a11y"\nname = "Accessibility"\nkind = "topic"\nstage = "quality-and-delivery"\neffort_hours = 8\nsource = "s"\n'
        '[[nodes]]\nid = "junior"\nname = "Junior"\nkind = "role"\nstage = "web"\neffort_hours = 0\nsource = "s"\nrequires = [["a11y"]]\n')
    status, out, _ = run("nodes", "--graph", str(tmp_path))
    lines = out.splitlines()
    assert status == 0 and len(lines) == 2
    assert len({line.index(" h  ") for line in lines}) == 1  # the hours column is in one place
    assert all(line.split()[2] in ("quality-and-delivery", "web") for line in lines)


def test_show_prints_requirements_unlocks_and_alternatives(seed_graph):
    offers = [(i, seed_graph.detail(i)) for i in seed_graph.nodes]
    node_id, detail = next((i, d) for i, d in offers if d.alternative_in and d.node.requires)
    status, out, _ = run("show", node_id)
    assert status == 0 and detail.node.name in out and "it can replace" in out
    status, out, _ = run("show", node_id, "--json")
    assert json.loads(out)["node"]["id"] == node_id


def test_show_unknown_id_suggests(seed_graph):
    status, _, err = run("show", "pytorhc")
    assert status == ExitStatus.ERROR and "UnknownNodeError" in err and "pytorch" in err


def test_nodes_with_an_unknown_stage_suggests_the_curriculums_stages(seed_graph):
    stage = min(seed_graph.stages)
    status, _, err = run("nodes", "--stage", stage[:-1])
    assert status == ExitStatus.ERROR and "UnknownStageError" in err and stage in err
    status, out, _ = run("nodes", "--stage", stage, "--json")
    assert status == 0 and {n["id"] for n in json.loads(out)} == {n.id for n in seed_graph.nodes.values() if n.stage == stage}


def test_no_command_prints_help():
    status, out, _ = run()
    assert status == ExitStatus.USAGE and "validate" in out
