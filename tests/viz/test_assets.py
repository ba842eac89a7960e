"""Which plotly.js the pages carry, and that it can draw every figure (issue 13, point 3)."""

from __future__ import annotations

import json

import pytest
from plotly.offline import get_plotlyjs, get_plotlyjs_version

from tests.viz.grouped import data_science_curriculum, graph_of
from viz.assets import (BUNDLE_DIR, COMPILE_HINT, CUSTOM_BUNDLE, PARTIAL_PACKAGE, TRACE_TYPES, custom_bundle, find_bundle, full_bundle,
                        plotly_bundle)
from viz.figures import explorer_figure, path_figure
from viz.pages import index_page, plan_page, standalone_page
from viz.schedule import schedule_figure


def fake_install(root, version: str, text: str = "/* a bundle */"):
    package = root / "node_modules" / PARTIAL_PACKAGE
    package.mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": PARTIAL_PACKAGE, "version": version}), encoding="utf-8")
    (package / "plotly-basic.min.js").write_text(text, encoding="utf-8")
    return root


def test_the_partial_bundle_is_installed_at_the_plotly_js_version_plotly_py_writes_for():
    """scripts/setup installs it; a different version would be refused (and the pages fall back)."""
    bundle = plotly_bundle()
    assert bundle.partial, f"{bundle.note}; run scripts/setup"
    assert bundle.version == get_plotlyjs_version()
    installed = json.loads((BUNDLE_DIR / "node_modules" / PARTIAL_PACKAGE / "package.json").read_text())
    assert installed["version"] == get_plotlyjs_version()
    assert f"v{get_plotlyjs_version()}" in bundle.text[:200]  # the file's own banner agrees
    assert len(bundle.text) < len(get_plotlyjs()) / 3


def test_the_pages_carry_the_committed_mlpath_bundle_built_for_plotly_py_s_plotly_js():
    """viz/plotly_bundle/build.sh builds it from the pinned plotly.js: core (scatter) and bar, smaller than the basic bundle."""
    bundle = plotly_bundle()
    assert bundle.name == "mlpath" and bundle.version == get_plotlyjs_version(), bundle.note
    assert bundle.text == CUSTOM_BUNDLE.read_text(encoding="utf-8")
    assert f"plotly.js (mlpath: scatter and bar - minified) v{get_plotlyjs_version()}\n" in bundle.text[:200]
    basic = find_bundle(BUNDLE_DIR)
    assert basic.name == "basic" and len(bundle.text) < 0.95 * len(basic.text)


def test_the_mlpath_bundle_s_build_is_pinned_without_naming_a_registry():
    """package.json pins the plotly.js plotly.py writes for; the lock pins every package by hash, and holds no URL to fetch from."""
    folder = CUSTOM_BUNDLE.parent
    wanted = json.loads((folder / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert wanted["plotly.js"] == get_plotlyjs_version() and all(v[0].isdigit() for v in wanted.values())
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    packages = {path: p for path, p in lock["packages"].items() if path}
    assert packages["node_modules/plotly.js"]["version"] == get_plotlyjs_version()
    assert all(p.get("integrity", "").startswith("sha512-") for p in packages.values() if not p.get("link"))
    assert not any("resolved" in p for p in packages.values())


def test_an_mlpath_bundle_missing_or_of_another_version_is_not_used(tmp_path):
    assert custom_bundle(tmp_path / "plotly-mlpath.min.js") is None
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"plotly.js": "2.0.0"}}), encoding="utf-8")
    (tmp_path / "plotly-mlpath.min.js").write_text("/**\n* plotly.js (mlpath) v2.0.0\n*/", encoding="utf-8")
    assert custom_bundle(tmp_path / "plotly-mlpath.min.js") is None
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"plotly.js": get_plotlyjs_version()}}), encoding="utf-8")
    assert custom_bundle(tmp_path / "plotly-mlpath.min.js") is None  # the file's own banner names another version
    (tmp_path / "plotly-mlpath.min.js").write_text(f"/**\n* plotly.js (mlpath) v{get_plotlyjs_version()}\n*/", encoding="utf-8")
    assert custom_bundle(tmp_path / "plotly-mlpath.min.js").name == "mlpath"


def test_without_the_partial_bundle_the_pages_get_the_full_one_and_say_why(tmp_path):
    bundle = find_bundle(tmp_path)
    assert not bundle.partial and bundle.text == get_plotlyjs()
    assert "not installed" in bundle.note and "scripts/setup" in bundle.note
    page = standalone_page(graph_of(data_science_curriculum()), bundle=bundle)
    assert f"<!-- {bundle.note} -->" in page and get_plotlyjs() in page


def test_a_partial_bundle_of_another_version_is_refused(tmp_path):
    bundle = find_bundle(fake_install(tmp_path, "2.0.0"))
    assert not bundle.partial
    assert "2.0.0" in bundle.note and get_plotlyjs_version() in bundle.note


def test_a_matching_partial_bundle_is_used_as_installed(tmp_path):
    bundle = find_bundle(fake_install(tmp_path, get_plotlyjs_version(), "/* tiny */"))
    assert bundle.partial and bundle.text == "/* tiny */" and PARTIAL_PACKAGE in bundle.note


def test_a_broken_install_falls_back(tmp_path):
    package = tmp_path / "node_modules" / PARTIAL_PACKAGE
    package.mkdir(parents=True)
    (package / "package.json").write_text("{not json", encoding="utf-8")
    assert not find_bundle(tmp_path).partial


def test_the_full_bundle_names_plotly_py():
    import plotly

    assert plotly.__version__ in full_bundle().note and get_plotlyjs_version() in full_bundle().note


@pytest.fixture(scope="module")
def figures(toy_graph, toy_plan):
    from graph.curriculum import load_graph
    from tests.viz.conftest import make_plan
    from tests.viz.test_groups import SCIENCE_STEPS

    science = graph_of(data_science_curriculum())
    science_plan = make_plan(science, SCIENCE_STEPS, known=("python", "linear-algebra"), targets=("data-scientist",))
    seed = load_graph(None)
    return [
        explorer_figure(toy_graph), path_figure(toy_graph, toy_plan), schedule_figure(toy_graph, toy_plan),
        explorer_figure(science), path_figure(science, science_plan), schedule_figure(science, science_plan),
        explorer_figure(seed),
    ]


def test_the_figures_use_only_the_trace_types_the_bundle_is_chosen_for(figures):
    used = {t.type for fig in figures for t in fig.data}
    assert used == set(TRACE_TYPES)


def test_every_page_names_its_bundle_in_its_source(toy_graph, toy_plan):
    note = f"<!-- {plotly_bundle().note} -->"
    for page in (standalone_page(toy_graph), standalone_page(toy_graph, toy_plan), plan_page(toy_graph, toy_plan), index_page(toy_graph)):
        assert note in page


def test_the_pages_run_plotly_js_with_v8s_compile_hint_on_its_first_line():
    """V8 reads the hint only at the top of a script; the bundle's own bytes follow unchanged."""
    bundle = plotly_bundle()
    assert bundle.script.startswith("//# allFunctionsCalledOnLoad\n") and bundle.script.endswith(bundle.text)
    page = standalone_page(graph_of(data_science_curriculum()), bundle=bundle)
    assert f"new Blob([{json.dumps(COMPILE_HINT)}, document.getElementById('mlpath-plotly-js').textContent]" in page
