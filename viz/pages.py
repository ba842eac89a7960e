"""Whole HTML pages around the figures: standalone, plan view and picker.

Three pages share one skeleton (:func:`page`) and the assets of
:mod:`viz.assets` (style, drawing script, plotly.js bundle):

* :func:`standalone_page` is what ``mlpath viz`` writes: plotly.js is
  embedded, so the file opens offline, from a USB stick, anywhere.
* :func:`plan_page` and :func:`index_page` are served by the API and load
  plotly.js from the API itself (``/static/plotly.min.js``), never from a
  CDN: mlpath must work without internet access.

Each figure's place holds its still (:mod:`viz.still`, static SVG) from the
first paint; plotly.js is loaded after that paint (the served pages
preload it; the standalone file runs its embedded copy from a ``blob:``
URL, which the browser compiles off the main thread as it would a served
script) and draws the interactive figure over the still.

Every page names the plotly.js bundle it uses in a comment in its source
(the partial bundle, or the full one and why).  Figures travel as Plotly
JSON inside ``<script type="application/json">`` blocks (``<`` escaped so
no text can close the block) and every name or description reaching HTML
is escaped.  Same inputs, same bytes.
"""

from __future__ import annotations

import html
import json

from graph.curriculum import CurriculumGraph
from graph.models import Kind
from recommender.models import Plan
from viz.assets import COMPILE_HINT, PAGE_STYLE, PLOTLY_SRC, PlotlyBundle, draw_script, plotly_bundle
from viz.figures import explorer_figure, path_figure
from viz.schedule import schedule_figure
from viz.still import still_svg

__all__ = ["standalone_page", "plan_page", "index_page", "page", "served_scripts", "picker_fields", "entry_roles",
           "PICKER_SCRIPT", "PLOTLY_SRC"]


def standalone_page(graph: CurriculumGraph, plan: Plan | None = None, *, title: str = "mlpath",
                    bundle: PlotlyBundle | None = None) -> str:
    """One self-contained HTML file: the path view and schedule, or the explorer.

    plotly.js is embedded inline (``bundle``, by default
    :func:`~viz.assets.plotly_bundle`: about 1.2 MB partial, 4.8 MB full),
    so the page needs no network.
    """
    bundle = bundle or plotly_bundle()
    figures = _figures(graph, plan)
    body = _plan_body(graph, plan, figures) if plan is not None else _figure_sections(figures)
    # Inert text until the first view is painted: a <script> of 1.2 MB would be parsed before anything shows.
    scripts = (f'{_bundle_comment(bundle)}\n<script type="text/plain" id="{_EMBEDDED_PLOTLY}">{bundle.text}</script>\n'
               f"<script>const MLPATH_PLOTLY_SRC = URL.createObjectURL(new Blob("
               f"[{json.dumps(COMPILE_HINT)}, document.getElementById('{_EMBEDDED_PLOTLY}').textContent], {{type: 'text/javascript'}}));\n"
               f"{draw_script()}mlpathDrawAll();</script>")
    return page(title, _subtitle(graph, plan), body, scripts)


def plan_page(graph: CurriculumGraph, plan: Plan, *, plotly_src: str = PLOTLY_SRC, title: str = "mlpath: your path") -> str:
    """The served page for one plan: path view, schedule and step list."""
    body = _plan_body(graph, plan, _figures(graph, plan))
    return page(title, _subtitle(graph, plan), body, served_scripts("mlpathDrawAll();", plotly_src=plotly_src, preload=True))


def served_scripts(script: str, *, plotly_src: str = PLOTLY_SRC, preload: bool = False) -> str:
    """The script tags of a served page: the drawing script, then ``script``.

    plotly.js is loaded by the first ``mlpathDraw``, after the first view
    (the figures' stills, or a page of HTML) is painted.  ``preload``
    fetches it meanwhile, for a page that draws at once; a page whose
    first view has no figure (the roadmap) leaves it until it is needed.
    """
    comment = _bundle_comment(plotly_bundle())
    source = json.dumps(plotly_src).replace("<", "\\u003c")
    hint = f'\n<link rel="preload" href="{html.escape(plotly_src)}" as="script">' if preload else ""
    return f"{comment}{hint}\n<script>const MLPATH_PLOTLY_SRC = {source};\n{draw_script()}{script}</script>"


_EMBEDDED_PLOTLY = "mlpath-plotly-js"


def _bundle_comment(bundle: PlotlyBundle) -> str:
    return f"<!-- {html.escape(bundle.note).replace('--', '- -')} -->"


def index_page(graph: CurriculumGraph, *, plotly_src: str = PLOTLY_SRC, api_prefix: str = "") -> str:
    """The served picker: choose known skills and targets, get a drawn plan.

    Suggestions come from the graph's nodes (a ``<datalist>`` the browser
    searches as one types); free text is sent as typed and matched by the
    API.  The page draws the explorer first, then the plan's figures from
    ``POST {api_prefix}/v1/figures/path``; until plotly.js has drawn the
    explorer (fetched from ``/v1/figures/graph``), its still stands in.
    """
    roles = entry_roles(graph)
    explorer = still_svg(json.loads(explorer_figure(graph).to_json()))
    form = f"""
<section>
<form id="plan-form" autocomplete="off">
{picker_fields(graph, "Find my path")}
</form>
<p class="note" id="status">Add what you know and a target, then press “Find my path”.</p>
<p class="note">Want mlpath to remember what you finish? <a href="/roadmap">Keep your roadmap</a>.</p>
</section>
<section><div id="mlpath-path">{explorer}</div></section>
<section><div id="mlpath-schedule"></div></section>
<section id="steps-section" hidden><h2>Steps</h2><table id="steps"></table></section>
"""
    stages = {s.id: s.name for s in graph.stages.values()}
    state = json.dumps({"api": api_prefix, "targets": roles, "stages": stages}).replace("<", "\\u003c")
    scripts = served_scripts(f"const MLPATH_STATE = {state};\n{PICKER_SCRIPT}{_INDEX_SCRIPT}", plotly_src=plotly_src, preload=True)
    return page("mlpath", f"{len(graph)} nodes in the curriculum", form, scripts)


def picker_fields(graph: CurriculumGraph, submit_label: str, *, submit_id: str = "submit") -> str:
    """The fields of a plan picker: known skills and targets as chips, hours per week, a submit button.

    :data:`PICKER_SCRIPT` wires them; their suggestions are every node of
    ``graph`` (a ``<datalist>`` the browser searches as one types).
    """
    options = "\n".join(
        f'<option value="{html.escape(n.id)}">{html.escape(n.name)} ({n.kind.value})</option>'
        for n in sorted(graph.nodes.values(), key=lambda n: (n.name.casefold(), n.id))
    )
    return f"""  <div><label for="known-input">What you already know</label>
    <input type="text" id="known-input" list="node-options" placeholder="type to search, Enter to add">
    <div class="chips" id="known-chips"></div></div>
  <div><label for="target-input">Where you want to get</label>
    <input type="text" id="target-input" list="node-options" placeholder="type to search, Enter to add">
    <div class="chips" id="target-chips"></div></div>
  <div><label for="hours-input">Hours per week</label>
    <input type="number" id="hours-input" min="0.5" max="80" step="0.5" value="10">
    <div style="margin-top:10px"><button type="submit" class="primary" id="{html.escape(submit_id)}">{html.escape(submit_label)}</button></div></div>
<datalist id="node-options">
{options}
</datalist>"""


def entry_roles(graph: CurriculumGraph) -> list[str]:
    """Roles no other role leads to: the natural first target to offer."""
    import networkx as nx

    roles = sorted(n.id for n in graph.nodes.values() if n.kind is Kind.ROLE)
    return [r for r in roles if not any(other in nx.ancestors(graph.digraph, r) for other in roles)]


def _figures(graph: CurriculumGraph, plan: Plan | None) -> dict[str, str]:
    if plan is None:
        return {"mlpath-explorer": explorer_figure(graph).to_json()}
    return {"mlpath-path": path_figure(graph, plan).to_json(), "mlpath-schedule": schedule_figure(graph, plan).to_json()}


def _figure_sections(figures: dict[str, str]) -> str:
    return "\n".join(
        f'<section><div id="{div}">{still_svg(json.loads(figure))}</div>'
        f'<script type="application/json" data-figure="{div}">{_json_in_html(figure)}</script></section>'
        for div, figure in figures.items()
    )


def _plan_body(graph: CurriculumGraph, plan: Plan, figures: dict[str, str]) -> str:
    return _figure_sections(figures) + "\n" + _steps_table(graph, plan)


def _steps_table(graph: CurriculumGraph, plan: Plan) -> str:
    rows = "\n".join(
        "<tr>"
        f'<td class="num">{s.position}</td><td>{html.escape(s.name)}</td><td>{s.kind.value}</td>'
        f'<td>{html.escape(_stage_name(graph, s.stage))}</td><td class="num">{s.hours:g}</td><td class="num">{s.start_week}–{s.end_week}</td>'
        f"<td>{html.escape(s.reason)}</td>"
        "</tr>"
        for s in sorted(plan.steps, key=lambda s: s.position)
    )
    standing = plan.optimality
    notes = "" if standing.proven and standing.ties_settled else f'<p class="note">{html.escape(standing.summary.capitalize())}</p>'
    notes += "".join(f'<p class="note">{html.escape(n)}</p>' for n in plan.notes)
    unmatched = "".join(
        f'<p class="note error">Not recognised: {html.escape(m.query)}</p>' for m in plan.unmatched
    )
    return (
        '<section><h2>Steps</h2>'
        f"{unmatched}{notes}"
        '<table id="steps"><thead><tr><th>#</th><th>Step</th><th>Kind</th><th>Stage</th><th>Hours</th><th>Weeks</th><th>Why</th></tr></thead>'
        f"<tbody>\n{rows}\n</tbody></table></section>"
    )


def _stage_name(graph: CurriculumGraph, stage_id: str) -> str:
    """The stage's display name, as the legends show it (its id if the graph lacks it)."""
    stage = graph.stages.get(stage_id)
    return stage.name if stage is not None else stage_id


def _subtitle(graph: CurriculumGraph, plan: Plan | None) -> str:
    if plan is None:
        return f"{len(graph)} nodes in the curriculum"
    names = ", ".join(graph.nodes[t].name if t in graph.nodes else t for t in plan.targets)
    return f"To {names}: {len(plan.steps)} steps, {plan.total_hours:g} hours, about {plan.weeks} weeks at {plan.hours_per_week:g} h/week"


def page(title: str, subtitle: str, body: str, scripts: str, *, style: str = "") -> str:
    """The skeleton every mlpath page shares: header, ``body`` in ``<main>``, then ``scripts``.

    ``title`` and ``subtitle`` are escaped here; ``body`` and ``scripts`` are
    HTML already; ``style`` is CSS a page adds to the shared style.
    """
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{html.escape(title)}</title>
<style>{PAGE_STYLE}{style}</style>
</head>
<body>
<header><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></header>
<main>
{body}
</main>
{scripts}
</body>
</html>
"""


def _json_in_html(text: str) -> str:
    """JSON safe inside a ``<script>`` block: ``<`` only occurs in strings."""
    return text.replace("<", "\\u003c")


#: Wires :func:`picker_fields` (``chosen`` starts with ``MLPATH_STATE.targets``)
#: and turns a problem document into one line; shared by the picker and the roadmap.
PICKER_SCRIPT = r"""
const chosen = {known: [], targets: [...MLPATH_STATE.targets]};
const PICKER_IDS = {known: ['known-input', 'known-chips'], targets: ['target-input', 'target-chips']};

function renderChips(kind) {
  const box = document.getElementById(PICKER_IDS[kind][1]);
  box.replaceChildren(...chosen[kind].map((item, i) => {
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.dataset.value = item;
    chip.append(item);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.title = 'remove';
    remove.textContent = '×';
    remove.addEventListener('click', () => { chosen[kind].splice(i, 1); renderChips(kind); });
    chip.append(remove);
    return chip;
  }));
}

function addTyped(kind) {
  const input = document.getElementById(PICKER_IDS[kind][0]);
  const value = input.value.trim();
  if (value && !chosen[kind].includes(value)) { chosen[kind].push(value); renderChips(kind); }
  input.value = '';
}

function wirePicker() {
  for (const kind of Object.keys(PICKER_IDS)) {
    const input = document.getElementById(PICKER_IDS[kind][0]);
    input.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); addTyped(kind); } });
    // Picking a suggestion from the list adds it at once; typing waits for Enter.
    input.addEventListener('input', e => { if (e.inputType === 'insertReplacementText' || e.inputType === undefined) addTyped(kind); });
    renderChips(kind);
  }
}

function describeError(body, status) {
  if (body && (body.detail || body.title)) {
    return typeof body.detail === 'string' ? body.detail : (body.title || JSON.stringify(body.detail));
  }
  return `request failed (${status})`;
}
"""

_INDEX_SCRIPT = r"""
const statusLine = document.getElementById('status');
let planRequested = false;

function renderSteps(plan) {
  const table = document.getElementById('steps');
  const head = document.createElement('tr');
  for (const title of ['#', 'Step', 'Kind', 'Stage', 'Hours', 'Weeks', 'Why']) {
    const th = document.createElement('th'); th.textContent = title; head.append(th);
  }
  const rows = plan.steps.map(s => {
    const tr = document.createElement('tr');
    const stage = MLPATH_STATE.stages[s.stage] ?? s.stage;
    for (const value of [s.position, s.name, s.kind, stage, s.hours, `${s.start_week}–${s.end_week}`, s.reason]) {
      const td = document.createElement('td'); td.textContent = String(value); tr.append(td);
    }
    return tr;
  });
  table.replaceChildren(head, ...rows);
  document.getElementById('steps-section').hidden = false;
}

async function submitPlan(event) {
  event.preventDefault();
  addTyped('known');
  addTyped('targets');
  if (!chosen.targets.length) { statusLine.textContent = 'Add at least one target.'; return; }
  planRequested = true;
  statusLine.className = 'note';
  statusLine.textContent = 'Planning…';
  document.body.dataset.plotted = '';
  const request = {known: chosen.known, targets: chosen.targets,
                   hours_per_week: Number(document.getElementById('hours-input').value) || 10};
  const response = await fetch(`${MLPATH_STATE.api}/v1/figures/path`, {
    method: 'POST', headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
    body: JSON.stringify(request)});
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    statusLine.className = 'note error';
    statusLine.textContent = describeError(body, response.status);
    return;
  }
  const plan = body.plan;
  const unmatched = plan.unmatched.map(m => m.query);
  statusLine.textContent = `${plan.steps.length} steps, ${plan.total_hours} hours, about ${plan.weeks} weeks.`
    + (plan.optimality.proven && plan.optimality.ties_settled ? '' : ` Effort: ${plan.optimality.summary}.`)
    + (unmatched.length ? ` Not recognised: ${unmatched.join(', ')}.` : '');
  await mlpathDraw('mlpath-path', body.path);
  await mlpathDraw('mlpath-schedule', body.schedule);
  renderSteps(plan);
  window.mlpathPlottedAt = performance.now();
  document.body.dataset.plotted = 'plan';
}

async function showExplorer() {
  const response = await fetch(`${MLPATH_STATE.api}/v1/figures/graph`);
  const figure = response.ok ? await response.json() : null;
  if (figure && !planRequested) {
    await mlpathDraw('mlpath-path', figure);
    if (!planRequested) {
      window.mlpathPlottedAt = performance.now();
      document.body.dataset.plotted = 'explorer';
    }
  }
}

wirePicker();
document.getElementById('plan-form').addEventListener('submit', submitPlan);
showExplorer();
"""
