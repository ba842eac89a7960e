"""How fast the figures build, how big the offline page is, how fast it renders.

Run: ``.venv/bin/python benchmarks/bench_viz.py [--graph PATH] [--repeat N] [--no-browser]``

Every measurement comes with a baseline taken in the same run, on the same
machine, so the numbers mean something on a loaded CI box:

* figure build times (median of N) against a bare ``go.Figure`` holding the
  same number of points and edge segments with no layout work at all, and
  against networkx's ``spring_layout`` (the usual "just draw the graph");
* the standalone page's size, split into plotly.js and everything else;
* page load in headless Chromium, from navigation to the ``load`` event and
  to the moment Plotly's draw promise resolves (after ``plotly_afterplot``),
  against a blank page and a page holding only plotly.js.

Results print as a table and are written to ``benchmarks/out/bench_viz.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def build_times(graph, plan, repeat: int) -> dict:
    import networkx as nx
    import plotly.graph_objects as go

    from graph.curriculum import build_graph
    from viz.figures import explorer_figure, path_figure
    from viz.schedule import schedule_figure

    edges = list(graph.digraph.edges)

    def bare_figure():
        xs = list(range(len(graph)))
        segment_x = [v for i in range(len(edges)) for v in (i, i + 1, None)]
        return go.Figure([go.Scatter(x=segment_x, y=segment_x, mode="lines"), go.Scatter(x=xs, y=xs, mode="markers")])

    def cold_explorer():  # a fresh graph object: the layout is computed again
        explorer_figure(build_graph(graph.curriculum))

    results = {
        "nodes": len(graph),
        "edges": len(edges),
        "explorer_cold_ms": median_ms(cold_explorer, repeat),
        "explorer_warm_ms": median_ms(lambda: explorer_figure(graph), repeat),
        "baseline_build_graph_ms": median_ms(lambda: build_graph(graph.curriculum), repeat),
        "baseline_bare_figure_ms": median_ms(bare_figure, repeat),
        "baseline_spring_layout_ms": median_ms(lambda: nx.spring_layout(graph.digraph, seed=0), repeat),
        "explorer_to_json_ms": median_ms(lambda: explorer_figure(graph).to_json(), repeat),
    }
    if plan is not None:
        results["plan_steps"] = len(plan.steps)
        results["path_figure_ms"] = median_ms(lambda: path_figure(graph, plan), repeat)
        results["schedule_figure_ms"] = median_ms(lambda: schedule_figure(graph, plan), repeat)
    return results


def page_sizes(graph, plan) -> dict:
    import plotly.offline

    from viz.pages import standalone_page

    plotly_js = len(plotly.offline.get_plotlyjs().encode())
    explorer = len(standalone_page(graph).encode())
    sizes = {"plotly_js_bytes": plotly_js, "explorer_page_bytes": explorer, "explorer_page_without_plotly_bytes": explorer - plotly_js}
    if plan is not None:
        planned = len(standalone_page(graph, plan).encode())
        sizes |= {"plan_page_bytes": planned, "plan_page_without_plotly_bytes": planned - plotly_js}
    return sizes


def load_times(graph, plan, repeat: int) -> dict:
    import plotly.offline
    from playwright.sync_api import sync_playwright

    from viz.pages import standalone_page

    folder = Path(tempfile.mkdtemp(prefix="bench-viz-"))
    pages = {
        "blank": "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>blank</p></body></html>",
        "plotly_js_only": f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><script>{plotly.offline.get_plotlyjs()}</script></body></html>",
        "explorer": standalone_page(graph),
    }
    if plan is not None:
        pages["plan"] = standalone_page(graph, plan)
    for name, text in pages.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")

    timings: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name in pages:
            loads, plotted = [], []
            for _ in range(repeat):
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.goto((folder / f"{name}.html").as_uri(), wait_until="load")
                if name in ("explorer", "plan"):
                    page.wait_for_function("window.mlpathPlottedAt !== undefined", timeout=60_000)
                    plotted.append(page.evaluate("window.mlpathPlottedAt"))
                loads.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
                page.close()
            timings[name] = {"load_ms": round(statistics.median(loads), 1)}
            if plotted:
                timings[name]["plotted_ms"] = round(statistics.median(plotted), 1)
        browser.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", default=None, help="curriculum to draw (default: the bundled seed)")
    parser.add_argument("--repeat", type=int, default=15, help="repetitions per measurement (median reported)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium timings")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from graph.curriculum import load_graph
    from graph.models import Kind

    graph = load_graph(args.graph)
    plan = None
    try:
        from recommender.models import PlanRequest
        from recommender.service import recommend
    except ImportError:
        print("recommender.service is missing: path and schedule timings skipped", file=sys.stderr)
    else:
        roles = sorted(n.id for n in graph.nodes.values() if n.kind is Kind.ROLE) or [graph.topological_order[-1]]
        known = ["python"] if "python" in graph.nodes else []
        plan = recommend(graph, PlanRequest(known=tuple(known), targets=(roles[0],)))

    report = {"build": build_times(graph, plan, args.repeat), "size": page_sizes(graph, plan)}
    if not args.no_browser:
        report["browser"] = load_times(graph, plan, max(3, args.repeat // 3))
    for section, values in report.items():
        print(f"[{section}]")
        for key, value in values.items():
            print(f"  {key:<40} {json.dumps(value)}")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_viz.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
