"""The learner's page: a saved learner's plan as a roadmap, stage by stage, with progress.

Served by the API at ``/roadmap``.  The page is the same for every learner
(it holds the curriculum's stages and nodes, nothing personal), so it can be
cached and never carries a token: the learner creates a profile on the page
or gives an id and token, and the page's script keeps them in the browser's
``sessionStorage`` (``localStorage`` too when the learner ticks "remember
me") and sends the token only in ``Authorization`` headers to the learner
routes of the API (``/v1/learners/...``), never in a URL.

What the script draws: one section per stage of the curriculum (stages are
data, in the curriculum's order), holding first the nodes the learner
finished or skipped that are off the plan (ticked, in the order they were
marked), then the plan's steps in plan order, the ones in progress
highlighted.  Each row has buttons to mark it done, learning or skipped
(pressing the lit one again clears the mark); a mark is one
``POST /v1/learners/{id}/progress`` with ``If-Match``, followed by
``GET /v1/learners/{id}/plan``, redrawn in place.  The calendar (``.ics``)
and the printable checklist are fetched with the token and offered as a
download and a new tab; the path over the whole curriculum and the weekly
schedule are drawn on request from ``GET /v1/learners/{id}/figures`` with
the shared drawing script.

It is built from the pieces every page shares (:func:`viz.pages.page`,
:func:`viz.pages.served_scripts`, :func:`viz.pages.picker_fields`) and
draws with the same plotly.js bundle from the API, which it loads only when
the whole-curriculum view is first drawn: the roadmap itself is HTML, and
parsing plotly.js was most of its time to drawn.
"""

from __future__ import annotations

import json

from graph.curriculum import CurriculumGraph
from viz.assets import PLOTLY_SRC
from viz.calendar import CALENDAR_WEEKS
from viz.pages import PICKER_SCRIPT, entry_roles, page, picker_fields, served_scripts
from viz.style import KNOWN_COLOUR, PATH_COLOUR, stage_colours

__all__ = ["roadmap_page", "ROADMAP_PATH", "CREDENTIALS_KEY"]

#: Where the API serves the page.
ROADMAP_PATH = "/roadmap"
#: The storage key under which the page keeps ``{"id", "token"}``.
CREDENTIALS_KEY = "mlpath-learner"


def roadmap_page(graph: CurriculumGraph, *, plotly_src: str = PLOTLY_SRC, api_prefix: str = "") -> str:
    """The served roadmap page for ``graph``; the learner's data comes from the API at run time."""
    colours = stage_colours(graph.stages.values())
    state = {
        "api": api_prefix,
        "storageKey": CREDENTIALS_KEY,
        "calendarWeeks": CALENDAR_WEEKS,
        "targets": entry_roles(graph),
        "stages": [{"id": s.id, "name": s.name, "colour": colours[s.id]}
                   for s in sorted(graph.stages.values(), key=lambda s: graph.stage_rank[s.id])],
        "nodes": {n.id: {"name": n.name, "kind": n.kind.value, "hours": n.effort_hours, "stage": n.stage}
                  for n in sorted(graph.nodes.values(), key=lambda n: n.id)},
    }
    script = f"const MLPATH_STATE = {json.dumps(state, separators=(',', ':')).replace('<', chr(92) + 'u003c')};\n"
    body = _BODY.replace("{picker}", picker_fields(graph, "Create my roadmap", submit_id="create-submit"))
    return page("mlpath: your roadmap", f"Your plan, stage by stage, with what you have done ({len(graph)} nodes in the curriculum)",
                body, served_scripts(script + PICKER_SCRIPT + _ROADMAP_SCRIPT, plotly_src=plotly_src), style=_STYLE)


_STYLE = f"""
.credentials{{grid-template-columns:repeat(auto-fit,minmax(220px,1fr))}}
input[type=password]{{width:100%;box-sizing:border-box;padding:6px 8px;border:1px solid #C9CED6;border-radius:4px;font-size:14px}}
.actions{{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:6px 8px}}
.actions button,.step button{{background:white;border:1px solid #C9CED6;border-radius:4px;padding:4px 10px;font-size:13px;cursor:pointer}}
.actions a{{font-size:13px}}
#summary{{font-size:15px;margin:6px 8px}}
code.secret{{background:#FFF7E0;padding:2px 6px;border-radius:3px;user-select:all;word-break:break-all}}
.stage h2{{display:flex;align-items:center;gap:8px}}
.stage h2 small{{font-weight:400;color:#555}}
.swatch{{width:12px;height:12px;border-radius:3px;display:inline-block}}
ol.steps{{list-style:none;margin:0;padding:0}}
.step{{display:grid;grid-template-columns:26px 34px 1fr auto auto;gap:2px 10px;align-items:center;padding:6px 8px;border-top:1px solid #EEE;font-size:13px}}
.step .box{{font-size:16px;text-align:center}}
.step .pos{{color:#777;text-align:right;font-variant-numeric:tabular-nums}}
.step .what{{font-weight:600}}
.step .when{{color:#555;white-space:nowrap;font-variant-numeric:tabular-nums}}
.step .why{{grid-column:3 / 6;color:#666;font-size:12px}}
.step .buttons{{display:flex;gap:4px}}
.step button[aria-pressed=true]{{background:{PATH_COLOUR};border-color:{PATH_COLOUR};color:white}}
.step button:disabled{{opacity:.5;cursor:wait}}
.step.done .box{{color:{KNOWN_COLOUR}}}
.step.done .what,.step.skipped .what{{text-decoration:line-through;color:#777}}
.step.learning{{background:#EAF1FB;border-left:4px solid {PATH_COLOUR};padding-left:4px}}
.step.learning .what::after{{content:"  in progress";font-weight:400;color:{PATH_COLOUR}}}
.step.avoided .why::before{{content:"skipped, but the targets need it: "}}
"""

_BODY = """
<p class="note error" id="problem" role="alert" hidden></p>
<p class="note" id="status" role="status">Loading…</p>
<section id="access" hidden>
<h2>Start a roadmap</h2>
<form id="create-form" method="post" autocomplete="off">
{picker}
</form>
<h2>Open your roadmap</h2>
<form id="open-form" class="credentials" method="post" autocomplete="off">
  <div><label for="learner-id">Learner id</label><input type="text" id="learner-id" spellcheck="false" placeholder="32 hex digits"></div>
  <div><label for="learner-token">Token</label><input type="password" id="learner-token" spellcheck="false"></div>
  <div><button type="submit" class="primary" id="open-submit">Open my roadmap</button></div>
</form>
<p class="note"><label><input type="checkbox" id="remember"> Remember me on this device</label>
Your token stays in this browser: in this tab only (until you close it), or on this device until you sign out if you tick the box.
It is sent only to this server, in a header, never in a link.</p>
</section>
<section id="issued" hidden>
<h2>Keep your token</h2>
<p class="note">It is shown only now. With the id and token you can open this roadmap anywhere; nobody can recover the token.</p>
<p class="note">Id <code class="secret" id="issued-id"></code> Token <code class="secret" id="issued-token"></code>
<button type="button" id="issued-hide">I have kept them</button></p>
</section>
<section id="account" hidden>
<p id="summary"></p>
<p class="note" id="plan-notes"></p>
<nav class="actions">
  <button type="button" id="calendar">Calendar (.ics)</button>
  <button type="button" id="checklist">Printable checklist</button>
  <a href="#whole-graph" id="whole-graph-link">Your path on the whole curriculum</a>
  <a href="/">Plan without a profile</a>
  <button type="button" id="sign-out">Sign out</button>
</nav>
</section>
<div id="roadmap"></div>
<section id="whole-graph" hidden><h2>Your path on the whole curriculum</h2>
<div id="mlpath-path"></div><div id="mlpath-schedule"></div></section>
"""

_ROADMAP_SCRIPT = r"""
const S = MLPATH_STATE;
const STATUSES = [['done', 'Done'], ['learning', 'Learning'], ['skipped', 'Skip']];
const BOXES = {done: '✓', learning: '▶', skipped: '–', todo: '○'};
const el = id => document.getElementById(id);
let learner = null, plan = null, version = null, busy = false, wholeGraphShown = false;

// The token lives in sessionStorage (this tab, until it closes) and, only if
// the learner asks to be remembered, in localStorage too (this device, until
// "sign out").  It never goes into a URL, so it is in no history, log or referrer.
const credentials = {
  read() {
    for (const box of [sessionStorage, localStorage]) {
      try { const c = JSON.parse(box.getItem(S.storageKey)); if (c && c.id && c.token) return c; } catch (e) { /* unreadable: ignore */ }
    }
    return null;
  },
  save(c, remember) {
    sessionStorage.setItem(S.storageKey, JSON.stringify(c));
    if (remember) localStorage.setItem(S.storageKey, JSON.stringify(c)); else localStorage.removeItem(S.storageKey);
  },
  forget() { sessionStorage.removeItem(S.storageKey); localStorage.removeItem(S.storageKey); },
};

function say(text) { el('status').textContent = text; }
function complain(text) { el('problem').textContent = text || ''; el('problem').hidden = !text; }
function hours(h) { return `${Math.round(h * 100) / 100} h`; }
function learnerPath(suffix = '') { return `/v1/learners/${encodeURIComponent(credentials.read().id)}${suffix}`; }

async function call(path, {method = 'GET', body, ifMatch, signed = true} = {}) {
  const headers = {'Accept': 'application/json'};
  const c = credentials.read();
  if (signed && c) headers['Authorization'] = `Bearer ${c.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  const response = await fetch(`${S.api}${path}`, {method, headers, cache: 'no-store',
                                                   body: body === undefined ? undefined : JSON.stringify(body)});
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  return {ok: response.ok, status: response.status, body: data, etag: response.headers.get('ETag'),
          retryAfter: response.headers.get('Retry-After'), response};
}

function problemText(answer, what) {
  if (answer.status === 401 || answer.status === 403) {
    return `${what}: this id and token do not open a roadmap. Check both; the token was shown once, when the profile was made.`;
  }
  if (answer.status === 503) {
    return `${what}: the learner store is unavailable right now; try again${answer.retryAfter ? ` in ${answer.retryAfter} s` : ' shortly'}.`;
  }
  return `${what}: ${describeError(answer.body, answer.status)}`;
}

function showAccess() {
  learner = plan = version = null;
  el('access').hidden = false;
  el('account').hidden = true;
  el('whole-graph').hidden = true;
  el('roadmap').replaceChildren();
  say('Start a roadmap, or open yours with its id and token.');
  document.body.dataset.state = 'signed-out';
}

async function openRoadmap() {
  if (!credentials.read()) { showAccess(); return; }
  say('Loading your roadmap…');
  const answer = await call(learnerPath());
  if (!answer.ok) {
    if ([401, 403, 404, 422].includes(answer.status)) credentials.forget();
    showAccess();
    complain(problemText(answer, 'Could not open the roadmap'));
    return;
  }
  learner = answer.body;
  version = answer.etag;
  await replan();
}

async function replan() {
  const answer = await call(learnerPath('/plan'));
  if (!answer.ok) { complain(problemText(answer, 'Could not plan')); say(''); return; }
  plan = answer.body;
  el('access').hidden = true;
  el('account').hidden = false;
  render();
  if (wholeGraphShown) await drawWholeGraph();
}

async function mark(node, status) {
  if (busy) return;
  busy = true;
  setButtons(true);
  complain('');
  say('Saving…');
  const change = {node, status, source: status === 'done' ? 'plan-step' : 'self-reported'};
  const answer = await call(learnerPath('/progress'), {method: 'POST', body: {marks: [change]}, ifMatch: version});
  if (answer.status === 412) {
    await openRoadmap();
    complain('Your roadmap changed elsewhere (another tab or device): this is the latest. Press the button again if you still mean it.');
  } else if (!answer.ok) {
    complain(problemText(answer, 'Could not save that'));
    say('');
  } else {
    learner = answer.body;
    version = answer.etag;
    await replan();
  }
  busy = false;
  setButtons(false);
}

function setButtons(disabled) {
  for (const button of document.querySelectorAll('#roadmap button')) button.disabled = disabled;
}

function cell(className, text) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

function row(node, {step = null, status = null}) {
  const info = S.nodes[node];
  const li = document.createElement('li');
  const state = status || 'todo';
  li.className = `step ${state}` + (step && step.avoided ? ' avoided' : '');
  li.dataset.node = node;
  li.dataset.status = state;
  li.dataset.hours = String(step ? step.hours : info.hours);
  const weeks = step ? (step.start_week === step.end_week ? `week ${step.start_week}` : `weeks ${step.start_week}–${step.end_week}`) : state;
  const buttons = document.createElement('span');
  buttons.className = 'buttons';
  for (const [value, label] of STATUSES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.status = value;
    button.textContent = label;
    button.setAttribute('aria-pressed', String(value === status));
    button.title = value === status ? 'press again to clear this mark' : `mark “${info.name}” ${value}`;
    button.addEventListener('click', () => mark(node, value === status ? null : value));
    buttons.append(button);
  }
  li.append(cell('box', BOXES[state]), cell('pos', step ? String(step.position) : ''), cell('what', step ? step.name : info.name),
            cell('when', `${hours(step ? step.hours : info.hours)} · ${weeks}`), buttons);
  if (step) li.append(cell('why', step.reason));
  return li;
}

function render() {
  const marks = new Map(learner.marks.map(m => [m.node, m]));
  const onPlan = new Set(plan.steps.map(s => s.id));
  const learning = new Set(plan.in_progress);
  const rows = new Map(S.stages.map(s => [s.id, []]));
  const add = (node, li) => { const stage = S.nodes[node].stage; if (!rows.has(stage)) rows.set(stage, []); rows.get(stage).push(li); };
  const aside = learner.marks.filter(m => ['done', 'skipped'].includes(m.status) && S.nodes[m.node] && !onPlan.has(m.node))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.node < b.node ? -1 : 1));
  for (const m of aside) add(m.node, row(m.node, {status: m.status}));
  for (const step of [...plan.steps].sort((a, b) => a.position - b.position)) {
    const m = marks.get(step.id);
    add(step.id, row(step.id, {step, status: learning.has(step.id) ? 'learning' : (m ? m.status : null)}));
  }
  const sections = [];
  for (const stage of S.stages) {
    const items = rows.get(stage.id);
    if (!items.length) continue;
    const done = items.filter(li => li.dataset.status === 'done').length;
    const left = items.filter(li => !['done', 'skipped'].includes(li.dataset.status)).reduce((sum, li) => sum + Number(li.dataset.hours), 0);
    const section = document.createElement('section');
    section.className = 'stage';
    section.dataset.stage = stage.id;
    const title = document.createElement('h2');
    const swatch = cell('swatch', '');
    swatch.style.background = stage.colour;
    const count = document.createElement('small');
    count.textContent = `${done} of ${items.length} done · ${hours(left)} to go`;
    title.append(swatch, stage.name, count);
    const list = document.createElement('ol');
    list.className = 'steps';
    list.append(...items);
    section.append(title, list);
    sections.push(section);
  }
  el('roadmap').replaceChildren(...sections);
  const finished = learner.marks.filter(m => m.status === 'done').length;
  const targets = plan.targets.map(t => (S.nodes[t] ? S.nodes[t].name : t)).join(', ');
  const summary = el('summary');
  summary.dataset.totalHours = String(plan.total_hours);
  summary.dataset.steps = String(plan.steps.length);
  summary.textContent = `To ${targets}: ${plan.steps.length} steps to go, ${hours(plan.total_hours)}, about ${plan.weeks} weeks `
    + `at ${plan.hours_per_week} h a week. ${finished} done.`;
  const notes = [...plan.notes];
  if (!(plan.optimality.proven && plan.optimality.ties_settled)) notes.unshift(`Effort: ${plan.optimality.summary}.`);
  el('plan-notes').textContent = notes.join(' ');
  say('');
  if (window.mlpathPlottedAt === undefined) window.mlpathPlottedAt = performance.now();
  document.body.dataset.plotted = 'roadmap';
  document.body.dataset.state = 'ready';
  document.body.dataset.version = version || '';
}

async function resolveItems(items) {
  // Ids pass as they are; free text goes through the matcher, confident matches only.
  const ids = [], unknown = [];
  for (const item of items) {
    if (S.nodes[item]) { ids.push(item); continue; }
    const answer = await call('/v1/match', {method: 'POST', body: {text: item}, signed: false});
    const found = answer.ok ? answer.body.matches.filter(m => m.status === 'matched' && m.confidence >= 0.8).map(m => m.id) : [];
    if (found.length) ids.push(...found); else unknown.push(item);
  }
  return {ids: [...new Set(ids)], unknown};
}

async function createRoadmap(event) {
  event.preventDefault();
  addTyped('known');
  addTyped('targets');
  complain('');
  if (!chosen.targets.length) { complain('Add at least one target.'); return; }
  say('Creating your roadmap…');
  const targets = await resolveItems(chosen.targets), known = await resolveItems(chosen.known);
  const unknown = [...targets.unknown, ...known.unknown];
  if (unknown.length) { complain(`Not in the curriculum: ${unknown.join(', ')}. Pick from the suggestions as you type.`); say(''); return; }
  const body = {targets: targets.ids, known: known.ids.filter(id => !targets.ids.includes(id)).map(node => ({node})),
                hours_per_week: Number(el('hours-input').value) || 10};
  const answer = await call('/v1/learners', {method: 'POST', body, signed: false});
  if (!answer.ok) { complain(problemText(answer, 'Could not create the roadmap')); say(''); return; }
  credentials.save({id: answer.body.learner.id, token: answer.body.token}, el('remember').checked);
  el('issued-id').textContent = answer.body.learner.id;
  el('issued-token').textContent = answer.body.token;
  el('issued').hidden = false;
  learner = answer.body.learner;
  version = answer.etag;
  await replan();
}

async function openWithToken(event) {
  event.preventDefault();
  const id = el('learner-id').value.trim(), token = el('learner-token').value.trim();
  complain('');
  if (!id || !token) { complain('Give both the learner id and the token.'); return; }
  credentials.save({id, token}, el('remember').checked);
  el('learner-token').value = '';
  await openRoadmap();
}

async function fetchDocument(suffix, what) {
  // Fetched with the token in a header, then handed over as a local blob: no token in any URL.
  const c = credentials.read();
  const response = await fetch(`${S.api}${learnerPath(suffix)}`, {headers: {'Authorization': `Bearer ${c.token}`}, cache: 'no-store'});
  if (response.status === 404) {
    complain(`The ${what} is not available on this server yet (it answered 404 for ${suffix.slice(1).split('?')[0]}).`);
    return null;
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    complain(problemText({status: response.status, body, retryAfter: response.headers.get('Retry-After')}, `Could not get the ${what}`));
    return null;
  }
  complain('');
  // The server's file name (Content-Disposition, exposed to other origins by CORS), else a plain one.
  const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  return {url: URL.createObjectURL(await response.blob()), name: named ? named[1] : null};
}

async function downloadCalendar() {
  const file = await fetchDocument(`/calendar.ics?weeks=${S.calendarWeeks}`, 'calendar');
  if (!file) return;
  const url = file.url;
  const link = Object.assign(document.createElement('a'), {href: url, download: file.name || 'mlpath-plan.ics'});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function openChecklist() {
  const tab = window.open('', '_blank');  // opened now, while the click still counts as the learner's
  const file = await fetchDocument('/checklist', 'checklist');
  if (!file) { if (tab) tab.close(); return; }
  const url = file.url;
  if (tab) tab.location.href = url; else window.location.href = url;
}

async function drawWholeGraph() {
  const answer = await call(learnerPath('/figures'));
  if (!answer.ok) { complain(problemText(answer, 'Could not draw the path')); return; }
  el('whole-graph').hidden = false;
  try {
    await mlpathDraw('mlpath-path', answer.body.path);
    await mlpathDraw('mlpath-schedule', answer.body.schedule);
  } catch (error) {
    complain(`Could not draw the path: ${error.message}`);
    return;
  }
  document.body.dataset.wholeGraph = 'drawn';
}

function signOut() {
  credentials.forget();
  el('issued').hidden = true;
  wholeGraphShown = false;
  complain('');
  showAccess();
}

wirePicker();
el('create-form').addEventListener('submit', createRoadmap);
el('open-form').addEventListener('submit', openWithToken);
el('issued-hide').addEventListener('click', () => { el('issued').hidden = true; });
el('calendar').addEventListener('click', downloadCalendar);
el('checklist').addEventListener('click', openChecklist);
el('whole-graph-link').addEventListener('click', () => { wholeGraphShown = true; drawWholeGraph(); });
el('sign-out').addEventListener('click', signOut);
openRoadmap();
"""
