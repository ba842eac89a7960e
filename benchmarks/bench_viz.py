"""How fast the figures build, how big the offline page is, how fast it renders.

Run: ``.venv/bin/python benchmarks/bench_viz.py [--graph PATH] [--repeat N] [--no-browser] [--before DIR] [--cpu] [--bundles LIST]``

Every measurement comes with a baseline taken in the same run, on the same
machine, so the numbers mean something on a loaded CI box:

* figure build times (median of N) against a bare ``go.Figure`` holding the
  same number of points and edge segments with no layout work at all, and
  against networkx's ``spring_layout`` (the usual "just draw the graph");
* the standalone page's size, split into plotly.js (the partial bundle the
  pages use, and the full one) and everything else;
* time to shown and to drawn in headless Chromium: "shown" is navigation
  start to the first painted frame holding every figure's still
  (``window.mlpathShownAt``, see ``viz/still.py``), "drawn" to the moment
  plotly.js has drawn every figure of the first view
  (``window.mlpathPlottedAt``: what is on screen is interactive; a figure
  whose plot area is below the fold is drawn when the reader gets there,
  see ``viz/assets.py``, and until this change every figure was drawn at
  once, so for the earlier code it is every figure), then "reached drawn"
  the time from scrolling to each figure in turn, as a reader does, to
  every figure drawn (0 when all were drawn for the first view), cold
  (a fresh browser context per load, so nothing is cached), for the
  standalone explorer and plan files and for the served picker (``/``,
  which fetches the explorer), plan view (``/v1/paths/view``) and a saved
  learner's roadmap (``/roadmap``, same known skills and target as the plan
  view; drawn = the roadmap rendered from the fetched profile and plan; its
  id and token are put in ``sessionStorage`` before the page runs; it loads
  plotly.js only on demand, so it is measured as served, against the picker
  and plan view of the same run) of a real ``uvicorn`` server.  Each page is measured with the partial bundle and,
  as the same-run baseline, with plotly.py's full bundle: for the served
  pages the benchmark answers ``/static/plotly.min.js`` itself with one or
  the other, each as the server sends it (V8's compile hint first, see
  ``viz.assets.COMPILE_HINT``; so the bundle is the only difference), and the page as the
  server sends it, bundle included, is measured too.  Blank pages and pages
  holding only plotly.js give the floor.  With ``--before DIR`` (a checkout
  of earlier code, e.g. ``git worktree add /tmp/before main``) the same
  pages as that code builds and serves (a second server, run from DIR) are
  measured in the same rounds, as ``before_*``; ``*_shown_over_before``
  compares each first view with the earlier code's first view (its still, or
  its drawing where it had none).  Variants are interleaved
  round by round, and the load average is printed, because this machine is
  shared.
* with ``--cpu``, each page is also loaded once more per round under a
  Chromium trace, and the renderer's main-thread CPU time from navigation
  to drawn (the trace's thread time of its tasks, ``main_thread_cpu_ms``;
  the page's renderer processes only, not Chromium's own WebUI ones)
  and V8's background parsing (``background_parse_cpu_ms``) are reported,
  with the main-thread CPU up to every figure drawn after reading on
  (``main_thread_cpu_all_drawn_ms``: the whole cost, deferred or not):
  on a shared two-core machine at a load of 8 or more, wall time is mostly
  waiting for a core, and CPU time says what a page costs.  Each traced
  load also keeps its own wall time to interactive (``traced_wall_ms``; to
  ``load`` for the floors), and the part of it the main thread was not
  running (``waiting_ms`` = wall minus main-thread CPU to interactive, and
  ``waiting_fraction`` of the wall), medians per load: how much of a wall
  time is the machine's load rather than the page.
* ``--bundles`` (default ``partial,full``) chooses the plotly.js builds
  swapped into the pages: ``partial`` is the one the pages carry
  (``viz.assets.plotly_bundle``), ``basic`` the prebuilt partial bundle
  ``scripts/setup`` installs, ``full`` plotly.py's, and ``NAME=FILE`` any
  other build (a candidate for ``viz/plotly_bundle``), each in the same
  rounds; the floors include a page holding only that plotly.js inline and
  one running it as the pages do (``plotly_js_only_<name>_hinted``: its own
  script, V8's compile hint first).
* with ``--figure-costs``, the main-thread CPU time of one cold
  ``Plotly.newPlot`` (plotly.js just loaded, a fresh context each) of each
  figure as built, and of the same figure without one element at a time
  (the text labels, the legends, the wholes' bands), with only its node
  traces, and with no traces at all (the fixed cost): what each element of
  the design costs to draw, measured rather than guessed.

Results print as a table and are written to ``benchmarks/out/bench_viz.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

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
    from viz.assets import full_bundle, plotly_bundle
    from viz.pages import standalone_page

    partial, full = plotly_bundle(), full_bundle()
    if not partial.partial:
        print(f"bench_viz: {partial.note}: partial and full figures will be the same", file=sys.stderr)
    explorer = len(standalone_page(graph).encode())
    sizes = {"plotly_js_partial_bytes": len(partial.text.encode()), "plotly_js_full_bytes": len(full.text.encode()),
             "explorer_page_bytes": explorer, "explorer_page_without_plotly_bytes": explorer - len(partial.text.encode())}
    if plan is not None:
        planned = len(standalone_page(graph, plan).encode())
        sizes |= {"plan_page_bytes": planned, "plan_page_without_plotly_bytes": planned - len(partial.text.encode())}
    return sizes


#: The bundles a run can put in the pages: the one the pages use, the prebuilt partial one, plotly.py's full one.
BUNDLE_CHOICES = ("partial", "basic", "full")


def chosen_bundles(names) -> dict:
    from viz.assets import BUNDLE_DIR, find_bundle, full_bundle, plotly_bundle

    from viz.assets import PlotlyBundle

    made = {"partial": plotly_bundle, "basic": lambda: find_bundle(BUNDLE_DIR), "full": full_bundle}
    chosen = {}
    for name in names:
        if "=" in name:  # NAME=FILE: a bundle built elsewhere (say, a candidate for viz/plotly_bundle), as it is
            name, path = name.split("=", 1)
            chosen[name] = PlotlyBundle(name=name, version="?", text=Path(path).read_text(encoding="utf-8"), note=f"plotly.js from {path}")
        else:
            chosen[name] = made[name]()
    return chosen


def load_times(graph, plan, repeat: int, before: Path | None = None, cpu: bool = False,
               bundle_names=("partial", "full")) -> dict:
    """Median (and fastest) times to shown and drawn of every page, with each chosen bundle, cold loads."""
    from playwright.sync_api import sync_playwright

    from tests.servers import free_port, running_server
    from viz.assets import PLOTLY_SRC
    from viz.pages import standalone_page

    bundles = chosen_bundles(bundle_names)
    folder = Path(tempfile.mkdtemp(prefix="bench-viz-"))
    files = {"blank": "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>blank</p></body></html>"}
    for name, bundle in bundles.items():
        files[f"plotly_js_only_{name}"] = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><script>{bundle.text}</script></body></html>"
        # as the pages run it: a script of its own, V8's compile hint first (streamed and compiled off the main thread)
        (folder / f"plotly-{name}.js").write_text(bundle.script, encoding="utf-8")
        files[f"plotly_js_only_{name}_hinted"] = (f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                                                  f"<script src='plotly-{name}.js'></script></body></html>")
        files[f"standalone_explorer_{name}"] = standalone_page(graph, bundle=bundle)
        if plan is not None:
            files[f"standalone_plan_{name}"] = standalone_page(graph, plan, bundle=bundle)
    for name, text in files.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["MLPATH_GRAPH"] = graph.source
    env["MLPATH_DATA_DIR"] = str(folder / "learners")  # the roadmap's learner, never in the user's own store
    command = server_command(port)
    served = served_urls(base, plan)
    before_page: dict[str, str] = {}  # url -> a script run before the page's own
    servers = [(command, base, ROOT)]
    earlier: dict[str, str] = {}  # label -> url of the page as the --before code makes it
    if before is not None:
        old_base = f"http://127.0.0.1:{free_port()}"
        servers.append((server_command(int(old_base.rsplit(":", 1)[1])), old_base, before))
        earlier = {f"before_{name}": url for name, url in served_urls(old_base, plan).items()}
        earlier |= {f"before_{name}": path.as_uri() for name, path in standalone_pages_of(before, graph, plan, folder).items()}

    # (label, url, plotly.js answered by the benchmark or None = as the server sends it, drawn?)
    cases = [(name, (folder / f"{name}.html").as_uri(), None, not name.startswith(("blank", "plotly_js_only")))
             for name in files]
    for name, url in served.items():
        if name != "served_roadmap":  # the roadmap loads plotly.js only for its on-demand figures: no bundle to swap
            cases += [(f"{name}_{b}", url, bundles[b].script.encode(), True) for b in bundles]
        cases.append((f"{name}_as_served", url, None, True))
    cases += [(label, url, None, True) for label, url in earlier.items()]
    samples: dict[str, dict[str, list[float]]] = {
        label: {"response_ms": [], "load_ms": [], "shown_ms": [], "drawn_ms": [], "reached_drawn_ms": [], "main_thread_cpu_ms": [],
                "main_thread_cpu_all_drawn_ms": [], "background_parse_cpu_ms": [], "traced_wall_ms": [], "waiting_ms": [],
                "waiting_fraction": []}
        for label, *_ in cases}
    trace_file = folder / "trace.json"
    load_before = os.getloadavg()
    with contextlib.ExitStack() as stack:
        for number, (run, url, cwd) in enumerate(servers):
            stack.enter_context(running_server(run, ready_url=f"{url}/health", env=env, log=folder / f"uvicorn-{number}.log", cwd=cwd))
        playwright = stack.enter_context(sync_playwright())
        for url in [*served.values(), *(u for u in earlier.values() if u.startswith("http"))]:  # warm the servers
            urllib_get(url)
        if plan is not None:
            before_page[served["served_roadmap"]] = signed_in_script(base, plan)
            if "before_served_roadmap" in earlier:
                before_page[earlier["before_served_roadmap"]] = signed_in_script(earlier["before_served_roadmap"].removesuffix("/roadmap"), plan)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for round_number in range(repeat):
            shift = round_number % len(cases)
            for label, url, script, drawn in cases[shift:] + cases[:shift]:
                for traced in (False, True) if cpu else (False,):
                    context = browser.new_context(viewport={"width": 1440, "height": 1000})
                    if url in before_page:
                        context.add_init_script(before_page[url])
                    page = context.new_page()
                    if script is not None:
                        page.route(f"**{PLOTLY_SRC}", answer_with(script))
                    if traced:
                        browser.start_tracing(page=page, path=str(trace_file), categories=["toplevel", "v8", "blink.user_timing"])
                    page.goto(url, wait_until="load")
                    if drawn:
                        page.wait_for_function("window.mlpathPlottedAt !== undefined", timeout=60_000)
                        page.evaluate(f"performance.mark({READ_MARK!r})")
                        reached = page.evaluate(READ_THE_REST)
                    if traced:
                        # this load's own wall time to interactive (to `load` for the pages that draw nothing)
                        wall = page.evaluate("window.mlpathPlottedAt" if drawn else "performance.getEntriesByType('navigation')[0].loadEventEnd")
                        browser.stop_tracing()
                        main, background, before_mark = trace_cpu_ms(trace_file, until=READ_MARK)
                        samples[label]["main_thread_cpu_ms"].append(before_mark)
                        samples[label]["main_thread_cpu_all_drawn_ms"].append(main)
                        samples[label]["background_parse_cpu_ms"].append(background)
                        # the part of the wall time the page's main thread was not running: waiting for a core
                        # (or for the network, the background compile, a timer); medians per load, not of medians
                        samples[label]["traced_wall_ms"].append(wall)
                        samples[label]["waiting_ms"].append(max(0.0, wall - before_mark))
                        samples[label]["waiting_fraction"].append(max(0.0, wall - before_mark) / wall if wall else 0.0)
                        context.close()
                        continue
                    if drawn:
                        samples[label]["drawn_ms"].append(page.evaluate("window.mlpathPlottedAt"))
                        samples[label]["reached_drawn_ms"].append(reached)
                        # a page without stills (the code before them) shows its figures when plotly.js has drawn them
                        samples[label]["shown_ms"].append(page.evaluate("window.mlpathShownAt ?? window.mlpathPlottedAt"))
                    navigation = page.evaluate("(({responseStart, loadEventEnd}) => [responseStart, loadEventEnd])"
                                               "(performance.getEntriesByType('navigation')[0])")
                    samples[label]["response_ms"].append(navigation[0])  # the server's part, for the served pages
                    samples[label]["load_ms"].append(navigation[1])
                    context.close()
        browser.close()
    timings: dict[str, dict] = {"load_average_before": [round(v, 2) for v in load_before],
                                "load_average_after": [round(v, 2) for v in os.getloadavg()]}
    for label, values in samples.items():
        timings[label] = {key: round(statistics.median(v), 3 if key == "waiting_fraction" else 1) for key, v in values.items() if v}
        if values["drawn_ms"]:
            timings[label]["fastest_drawn_ms"] = round(min(values["drawn_ms"]), 1)
    for label in list(samples):
        for other in ("full", "basic"):
            if label.endswith("_partial") and label.replace("_partial", f"_{other}") in samples and "drawn_ms" in timings[label]:
                page_name = label.removesuffix("_partial")
                for key in ("drawn_ms", "main_thread_cpu_ms"):
                    if key in timings[label] and key in timings[f"{page_name}_{other}"]:
                        suffix = "" if key == "drawn_ms" else "_cpu"
                        timings[f"{page_name}_partial_over_{other}{suffix}"] = round(timings[label][key] / timings[f"{page_name}_{other}"][key], 3)
    for label in earlier:
        now = label.removeprefix("before_") + ("_as_served" if label.startswith("before_served") else "_partial")
        if now in timings and label in timings:
            # the roadmap's first view is its HTML, drawn from fetched data: only "drawn" means anything there
            keys = ("drawn_ms",) if "roadmap" in label else ("shown_ms", "drawn_ms")
            keys += tuple(k for k in ("main_thread_cpu_ms", "main_thread_cpu_all_drawn_ms") if k in timings[now] and k in timings[label])
            for key in keys:
                # like with like: the earlier code's own first view (its still, or its drawing if it had none)
                before = timings[label].get(key) or timings[label]["drawn_ms"]
                timings[f"{now}_{key.removesuffix('_ms')}_over_before"] = round(timings[now][key] / before, 3)
    roadmap = timings.get("served_roadmap_as_served", {}).get("drawn_ms")
    for baseline in ("served_plan_view", "served_picker"):
        if roadmap and f"{baseline}_as_served" in timings:
            timings[f"served_roadmap_over_{baseline.removeprefix('served_')}"] = round(roadmap / timings[f"{baseline}_as_served"]["drawn_ms"], 3)
    return timings


def figure_variants(figure: dict) -> dict[str, dict]:
    """The figure as built, and with one element of its design left out at a time."""
    def without(keep=lambda t: True, change=lambda t: t, layout=None):
        return {"data": [change(dict(t)) for t in figure["data"] if keep(t)], "layout": {**figure["layout"], **(layout or {})}}

    def unlabelled(trace):
        return {**trace, "mode": trace["mode"].replace("+text", "")} if "+text" in trace.get("mode", "") else trace

    return {
        "as built": figure,
        "without text": without(keep=lambda t: t.get("mode") != "text", change=unlabelled),
        "without legends": without(layout={"showlegend": False}),
        "without bands": without(keep=lambda t: t.get("meta") != "groups"),
        "only node traces": without(keep=lambda t: t.get("meta") in ("nodes", "steps", "milestones")),
        "no traces": without(keep=lambda t: False),
    }


def figure_costs(graph, plan, repeat: int) -> dict:
    """Median main-thread CPU time of a cold ``Plotly.newPlot`` of each figure and of its variants."""
    from playwright.sync_api import sync_playwright

    from viz.assets import PLOTLY_CONFIG, plotly_bundle
    from viz.figures import explorer_figure, path_figure
    from viz.schedule import schedule_figure

    figures = {"explorer": explorer_figure(graph)}
    if plan is not None:
        figures |= {"path": path_figure(graph, plan), "schedule": schedule_figure(graph, plan)}
    folder = Path(tempfile.mkdtemp(prefix="bench-viz-costs-"))
    (folder / "plotly.js").write_text(plotly_bundle().text, encoding="utf-8")
    (folder / "page.html").write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                                      "<div id='figure' style='width:1380px'></div><script src='plotly.js'></script></body></html>",
                                      encoding="utf-8")
    built = {name: figure_variants(json.loads(figure.to_json())) for name, figure in figures.items()}
    cases = [(name, variant) for name, variants in built.items() for variant in variants]
    samples: dict[str, list[float]] = {f"{name}: {variant}": [] for name, variant in cases}
    trace_file = folder / "trace.json"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(repeat):
            for name, variant in cases:
                context = browser.new_context(viewport={"width": 1440, "height": 1000})
                page = context.new_page()
                page.goto((folder / "page.html").as_uri(), wait_until="load")
                page.evaluate("figure => { window.mlpathFigure = figure; }", built[name][variant])
                browser.start_tracing(page=page, path=str(trace_file), categories=["toplevel"])
                page.evaluate("config => Plotly.newPlot('figure', mlpathFigure.data, mlpathFigure.layout, config)"
                              ".then(() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0))))", PLOTLY_CONFIG)
                browser.stop_tracing()
                samples[f"{name}: {variant}"].append(trace_cpu_ms(trace_file)[0])
                context.close()
        browser.close()
    return {"load_average": [round(v, 2) for v in os.getloadavg()]} | {
        label: round(statistics.median(values), 1) for label, values in samples.items()}


def trace_cpu_ms(path: Path, until: str | None = None) -> tuple[float, ...]:
    """CPU time in a Chromium trace: the pages' renderers' main threads' top-level tasks, and V8's background parsing.

    Only processes named ``Renderer`` count: the trace also catches, in some loads, Chromium's own
    omnibox WebUI ("WebUI Top Renderer", 250 to 450 ms of CPU), which is no part of the page.
    With ``until`` (a ``performance.mark`` name), also the main threads' tasks begun before that mark.
    """
    events = json.loads(path.read_text(encoding="utf-8"))["traceEvents"]
    pages = {e["pid"] for e in events if e.get("name") == "process_name" and e["args"].get("name") == "Renderer"}
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain" and e["pid"] in pages}
    tasks = [e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) in mains and e.get("name") == "ThreadControllerImpl::RunTask"]
    main = sum(e.get("tdur", 0) for e in tasks)
    background = sum(e.get("tdur", 0) for e in events
                     if e.get("ph") == "X" and e.get("name") == "v8.parseOnBackground" and e["pid"] in pages)
    if until is None:
        return round(main / 1000, 1), round(background / 1000, 1)
    marked = min((e["ts"] for e in events if e.get("name") == until), default=float("inf"))
    before = sum(e.get("tdur", 0) for e in tasks if e["ts"] < marked)
    return round(main / 1000, 1), round(background / 1000, 1), round(before / 1000, 1)


#: Marks the moment the first view is interactive, before the benchmark reads on.
READ_MARK = "mlpath-first-view-interactive"
#: Scrolls to each figure of the page, as a reader does, and answers how long (ms) after the first scroll
#: every figure was drawn: 0 when all were drawn for the first view (the picker has no figure blocks).
READ_THE_REST = """async () => {
  const ids = [...document.querySelectorAll('script[type="application/json"][data-figure]')].map(b => b.dataset.figure);
  const all = () => document.body.dataset.plotted === String(ids.length);
  if (!ids.length || all()) return 0;
  const start = performance.now();
  for (const id of ids) {
    document.getElementById(id).scrollIntoView();
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  while (!all()) await new Promise(resolve => setTimeout(resolve, 5));
  return performance.now() - start;
}"""


def server_command(port: int) -> list[str]:
    """A ``uvicorn`` serving the API of the code in its working directory."""
    return [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning"]


def served_urls(base: str, plan) -> dict[str, str]:
    """The served pages of a server at ``base``: the picker, and with a plan its view and the roadmap."""
    urls = {"served_picker": f"{base}/"}
    if plan is not None:
        query = urlencode({"known": ",".join(plan.known), "targets": ",".join(plan.targets), "hours_per_week": plan.hours_per_week})
        urls["served_plan_view"] = f"{base}/v1/paths/view?{query}"
        urls["served_roadmap"] = f"{base}/roadmap"
    return urls


def standalone_pages_of(checkout: Path, graph, plan, folder: Path) -> dict[str, Path]:
    """The standalone explorer and plan page as the code in ``checkout`` writes them (run there, in a subprocess)."""
    import subprocess

    pages = {"standalone_explorer": folder / "before_standalone_explorer.html"}
    if plan is not None:
        pages["standalone_plan"] = folder / "before_standalone_plan.html"
    script = (
        "import sys; from graph.curriculum import load_graph; from recommender.models import PlanRequest; "
        "from recommender.service import recommend; from viz.pages import standalone_page; "
        "g = load_graph(sys.argv[1] or None); open(sys.argv[2], 'w', encoding='utf-8').write(standalone_page(g)); "
        "p = recommend(g, PlanRequest(known=tuple(sys.argv[4].split(',')) if sys.argv[4] else (), targets=tuple(sys.argv[5].split(',')))) if len(sys.argv) > 3 else None; "
        "p and open(sys.argv[3], 'w', encoding='utf-8').write(standalone_page(g, p))"
    )
    extra = [str(pages["standalone_plan"]), ",".join(plan.known), ",".join(plan.targets)] if plan is not None else []
    subprocess.run([sys.executable, "-c", script, graph.source or "", str(pages["standalone_explorer"]), *extra],
                   cwd=checkout, check=True)
    return pages


def signed_in_script(base: str, plan) -> str:
    """A learner with the plan's known skills and targets, saved and planned once (as a returning
    learner's is), and the script that puts their id and token where the roadmap page looks."""
    import urllib.request

    from viz.roadmap import CREDENTIALS_KEY

    draft = {"targets": list(plan.targets), "known": [{"node": k} for k in plan.known], "hours_per_week": plan.hours_per_week}
    request = urllib.request.Request(f"{base}/v1/learners", data=json.dumps(draft).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        created = json.loads(response.read())
    credentials = {"id": created["learner"]["id"], "token": created["token"]}
    planned = urllib.request.Request(f"{base}/v1/learners/{credentials['id']}/plan",
                                     headers={"Authorization": f"Bearer {credentials['token']}"})
    with urllib.request.urlopen(planned, timeout=60) as response:
        response.read()
    return f"sessionStorage.setItem({json.dumps(CREDENTIALS_KEY)}, {json.dumps(json.dumps(credentials))});"


def answer_with(script: bytes):
    """A Playwright route handler answering with ``script`` as JavaScript."""
    def handler(route, request) -> None:
        route.fulfill(status=200, body=script, headers={"Content-Type": "text/javascript; charset=utf-8"})

    return handler


def urllib_get(url: str) -> None:
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()


def bundle_list(text: str) -> str:
    names = [n for n in text.split(",") if n]
    if not names or any(n not in BUNDLE_CHOICES and not (n.count("=") == 1 and Path(n.split("=")[1]).is_file()) for n in names):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(BUNDLE_CHOICES)}, or NAME=FILE")
    return ",".join(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", default=None, help="curriculum to draw (default: the bundled seed)")
    parser.add_argument("--repeat", type=int, default=15, help="repetitions per measurement (median reported)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium timings")
    parser.add_argument("--before", type=Path, default=None, help="a checkout of earlier code whose pages to measure in the same run")
    parser.add_argument("--cpu", action="store_true", help="also load each page under a trace for its main-thread CPU time")
    parser.add_argument("--figure-costs", action="store_true", help="main-thread CPU of a cold newPlot per figure and design element")
    parser.add_argument("--bundles", default="partial,full", type=bundle_list,
                        help="comma-separated bundles to load the pages with: partial (the pages' own), basic (the prebuilt "
                             "partial bundle), full, or NAME=FILE for another build (default: partial,full)")
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
        report["browser"] = load_times(graph, plan, max(3, args.repeat // 3), args.before.resolve() if args.before else None, args.cpu,
                                       tuple(args.bundles.split(",")))
    if args.figure_costs:
        report["figure_costs"] = figure_costs(graph, plan, max(3, args.repeat // 3))
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
