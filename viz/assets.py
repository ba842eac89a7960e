"""What every mlpath page loads: plotly.js, the page style and the drawing script.

The pages draw only ``scatter`` and ``bar`` traces (:data:`TRACE_TYPES`),
so they do not need the full plotly.js that plotly.py ships (about 4.8 MB,
whose parsing is most of a page's time to draw).  They carry mlpath's own
bundle, :data:`CUSTOM_BUNDLE` (``viz/plotly_bundle/``: plotly.js's core,
which holds scatter, and the bar trace, built from plotly.js's npm package
by ``viz/plotly_bundle/build.sh`` and committed, so the runtime needs no
Node; about 1.09 MB), when it was built for the plotly.js version the
installed plotly.py writes figures for.  Otherwise they carry the prebuilt
*basic* partial bundle (scatter, bar and pie; about 1.2 MB) that
``scripts/setup`` installs at that version under
``<prefix>/share/mlpath/plotly.js``, and where that is missing too (no npm)
or of another version, plotly.py's full bundle.  The page source says which
bundle it carries and why.

Any page, served or standalone, is built from these pieces: the served
ones load plotly.js from ``/static/plotly.min.js`` (:data:`PLOTLY_SRC`),
the standalone file embeds it (as inert text, run from a ``blob:`` URL),
both run it with :data:`COMPILE_HINT` first, and both inline :data:`PAGE_STYLE` and :func:`draw_script`, which shows
each figure's still first (:mod:`viz.still`), then loads plotly.js, draws
each figure block of the page over its still (at once when its plot area
is on screen, else when the reader gets there) and wires the courses'
"teaches" links on hover and click.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from viz.still import STILL_CLASS, marker_outlines
from viz.style import TEACHES_COLOUR

__all__ = [
    "PlotlyBundle",
    "TRACE_TYPES",
    "PARTIAL_PACKAGE",
    "CUSTOM_BUNDLE",
    "BUNDLE_DIR",
    "PLOTLY_SRC",
    "COMPILE_HINT",
    "PLOTLY_CONFIG",
    "PAGE_STYLE",
    "plotly_bundle",
    "custom_bundle",
    "find_bundle",
    "full_bundle",
    "draw_script",
]

#: The trace types the figures use; the partial bundle must register each.
TRACE_TYPES = ("scatter", "bar")
#: The prebuilt partial bundle: plotly.js core (scatter) plus bar and pie.
PARTIAL_PACKAGE = "plotly.js-basic-dist-min"
_PARTIAL_FILE = "plotly-basic.min.js"
#: mlpath's own bundle, only plotly.js's core and the bar trace (``viz/plotly_bundle/build.sh`` builds it
#: from the versions pinned in ``package-lock.json`` there; ``package.json`` names the plotly.js version).
CUSTOM_BUNDLE = Path(__file__).resolve().parent / "plotly_bundle" / "plotly-mlpath.min.js"
#: Where ``scripts/setup`` installs it (``npm install --prefix``).
BUNDLE_DIR = Path(sys.prefix) / "share" / "mlpath" / "plotly.js"
#: Where the served pages fetch plotly.js: a route of the API itself, never a CDN.
PLOTLY_SRC = "/static/plotly.min.js"
#: V8's explicit compile hint (Chromium 136 and later; other engines read a comment): compile every
#: function of the script eagerly, on the thread that streams it in.  Without it, calling plotly.js's
#: factory made the main thread parse its 1.2 MB body again, then compile each module as it ran:
#: about 150 ms of the page's main-thread CPU before plotly.js had drawn anything (docs/viz.md).
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


@dataclass(frozen=True)
class PlotlyBundle:
    """One plotly.js build: its text, what it is, and why the pages use it."""

    name: str  # "mlpath" (viz/plotly_bundle), "basic" (the prebuilt partial bundle) or "full"
    version: str  # the plotly.js version inside
    text: str
    note: str  # one line for the page source

    @property
    def partial(self) -> bool:
        return self.name != "full"

    @property
    def script(self) -> str:
        """The bundle as the pages run it: :data:`COMPILE_HINT` first, then plotly.js unchanged."""
        return COMPILE_HINT + self.text


@functools.cache
def plotly_bundle() -> PlotlyBundle:
    """The bundle the pages use: mlpath's own, else the installed partial one, else the full one (cached).

    Each only at the plotly.js version plotly.py writes figures for.
    """
    return custom_bundle(CUSTOM_BUNDLE) or find_bundle(BUNDLE_DIR)


def custom_bundle(path: Path) -> PlotlyBundle | None:
    """mlpath's own bundle at ``path`` if it is there and built for the plotly.js plotly.py writes for.

    Its version is the one its build pinned, in the ``package.json`` beside it.
    """
    from plotly.offline import get_plotlyjs_version

    try:
        version = json.loads((path.parent / "package.json").read_text(encoding="utf-8"))["dependencies"]["plotly.js"]
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if version != get_plotlyjs_version() or f" v{version}\n" not in text[:200]:
        return None
    return PlotlyBundle(name="mlpath", version=version, text=text,
                        note=f"plotly.js {version}, the mlpath bundle viz/plotly_bundle (scatter and bar traces only)")


def find_bundle(directory: Path) -> PlotlyBundle:
    """The prebuilt partial bundle installed under ``directory`` if its version is the one plotly.py writes for.

    Anything else (nothing installed, another version, an unreadable
    file) gives :func:`full_bundle`, with a note saying why.
    """
    from plotly.offline import get_plotlyjs_version

    wanted = get_plotlyjs_version()
    package = directory / "node_modules" / PARTIAL_PACKAGE
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
        text = (package / _PARTIAL_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError):
        return full_bundle(f"the partial bundle {PARTIAL_PACKAGE} is not installed (scripts/setup installs it)")
    if version != wanted:
        return full_bundle(f"the installed {PARTIAL_PACKAGE} is {version}, but plotly.py writes figures for plotly.js {wanted}")
    return PlotlyBundle(name="basic", version=version, text=text,
                        note=f"plotly.js {version}, partial bundle {PARTIAL_PACKAGE} (scatter, bar and pie traces)")


def full_bundle(why: str = "") -> PlotlyBundle:
    """plotly.py's own full plotly.js, always available."""
    import plotly
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    version = get_plotlyjs_version()
    note = f"plotly.js {version}, the full bundle shipped with plotly.py {plotly.__version__}"
    return PlotlyBundle(name="full", version=version, text=get_plotlyjs(), note=f"{note}: {why}" if why else note)


#: ``responsive``: the figures follow their container's width as the window resizes.
PLOTLY_CONFIG = {"scrollZoom": True, "displaylogo": False, "responsive": True}

PAGE_STYLE = """
body{font-family:Inter,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0;color:#222;background:#F6F7F9}
header{padding:14px 24px;background:#1F4E9C;color:white}
header h1{margin:0;font-size:20px;font-weight:600}
header p{margin:4px 0 0;font-size:13px;opacity:.85}
main{padding:16px 24px}
section{background:white;border:1px solid #E1E4E8;border-radius:6px;margin:0 0 16px;padding:8px;overflow-x:auto}
section>div[id^=mlpath-]{width:100%}
section>div[id^=mlpath-]{position:relative}
.mlpath-legend{position:absolute;display:flex;flex-wrap:wrap;align-items:center;gap:2px 14px;line-height:20px;color:#222;pointer-events:none}
.mlpath-legend-item{display:inline-flex;align-items:center;gap:5px;border:0;background:none;padding:0;font:inherit;color:inherit;pointer-events:auto}
button.mlpath-legend-item{cursor:pointer}
.mlpath-legend-item[aria-pressed=false]{opacity:.45}
.mlpath-swatch{display:inline-flex;justify-content:center;width:22px}
.mlpath-swatch svg{width:13px;height:13px}
.mlpath-swatch.line{height:0;width:26px}
.mlpath-swatch.box{width:16px;height:11px}
section h2{font-size:15px;margin:6px 8px 4px}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #EEE;vertical-align:top}
th{background:#FAFBFC;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
form{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px;align-items:start}
label{font-size:13px;font-weight:600;display:block;margin-bottom:4px}
input[type=text],input[type=number]{width:100%;box-sizing:border-box;padding:6px 8px;border:1px solid #C9CED6;border-radius:4px;font-size:14px}
.chips{display:flex;flex-wrap:wrap;gap:4px;margin-top:6px;min-height:24px}
.chip{background:#E8EEF9;border:1px solid #C5D3EE;border-radius:12px;padding:2px 4px 2px 10px;font-size:13px}
.chip button{border:none;background:none;cursor:pointer;color:#555;font-size:13px}
button.primary{background:#1F4E9C;color:white;border:none;border-radius:4px;padding:8px 16px;font-size:14px;cursor:pointer}
.note{font-size:13px;color:#555;margin:6px 8px}
.error{color:#B00020;font-weight:600}
"""

#: Draws every figure block on the page (after the first paint, over its
#: still: see :mod:`viz.still`), then flags the body as plotted.
#: After each draw, a course's "teaches" links (``layout.meta.teaches``)
#: appear as shapes while the pointer is on it, and stay after a click
#: until the next click: shapes redraw without recomputing the traces.
_DRAW_SCRIPT = """
const MLPATH_CONFIG = %s;
function mlpathPlotly() {
  // plotly.js is on the page already, or (a page that loads it on demand) fetched once from MLPATH_PLOTLY_SRC.
  if (window.Plotly) return Promise.resolve(window.Plotly);
  return window.mlpathPlotlyLoading = window.mlpathPlotlyLoading || new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = MLPATH_PLOTLY_SRC;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => { window.mlpathPlotlyLoading = null; reject(new Error(`plotly.js did not load from ${script.src}`)); };
    document.head.append(script);
  });
}
// The page's first view: every figure's still (static SVG from the server) is on screen once a frame has
// been painted; only then is plotly.js loaded and run, so parsing it never holds up that first view.
const mlpathFirstView = new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)))
  .then(() => { window.mlpathShownAt = performance.now(); });
function mlpathDraw(id, figure) {
  // newPlot, not react: diffing the explorer into a path view left stale text.  plotly.js draws no legend:
  // mlpathLegends puts the figure's legends beside it as HTML (plotly.js measured every entry's text,
  // one forced layout each, in every newPlot), and their clicks toggle the traces with Plotly.restyle.
  const layout = {...figure.layout, showlegend: false};
  return mlpathFirstView.then(mlpathPlotly).then(() => Plotly.newPlot(id, figure.data, layout, MLPATH_CONFIG))
    .then(gd => {
      for (const still of gd.querySelectorAll(':scope > svg.%s')) still.remove();
      mlpathLegends(gd, figure);
      mlpathWireTeaching(gd);
      return gd;
    });
}
// A legend entry's swatch: the trace's marker in its symbol's outline (MLPATH_SYMBOLS, radius 1; a circle
// for any other), its line, its fill or its bar colour.
const MLPATH_SYMBOLS = %s;
function mlpathSwatch(trace) {
  const swatch = document.createElement('span');
  const first = value => Array.isArray(value) ? value[0] : value;
  const marker = trace.marker || {}, line = trace.line || {};
  swatch.className = 'mlpath-swatch';
  if (trace.type === 'bar' || trace.fill === 'toself') {
    swatch.classList.add('box');
    swatch.style.background = trace.type === 'bar' ? first(marker.color) || '#444' : trace.fillcolor || '#ccc';
  } else if ((trace.mode || '').includes('markers')) {
    const symbol = String(first(marker.symbol) || 'circle'), hollow = symbol.endsWith('-open');
    const colour = first(marker.color) || '#444', outline = MLPATH_SYMBOLS[symbol.replace(/-open$/, '')];
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '-1.5 -1.5 3 3');
    const shape = document.createElementNS('http://www.w3.org/2000/svg', outline ? 'path' : 'circle');
    if (outline) shape.setAttribute('d', outline); else shape.setAttribute('r', '1');
    shape.setAttribute('fill', hollow ? 'none' : colour);
    shape.setAttribute('stroke', hollow ? colour : 'none');
    shape.setAttribute('stroke-width', '0.3');
    svg.append(shape);
    swatch.append(svg);
  } else {
    swatch.classList.add('line');
    const dash = {dash: 'dashed', dot: 'dotted', dashdot: 'dashed', longdash: 'dashed'}[line.dash] || 'solid';
    swatch.style.borderTop = `${Math.min(3, Math.max(1.5, line.width || 2))}px ${dash} ${line.color || '#444'}`;
  }
  return swatch;
}
// The figure's legends as HTML where plotly.js would put them (layout.legend, legend2, ...): one row of
// entries, wrapping, each trace with a name and showlegend not false, in trace order.  A click on an entry
// of a clickable legend (itemclick not false) hides or shows its trace, or its legendgroup's traces, as
// plotly.js's own legend does (visible 'legendonly'); aria-pressed says which are shown.
function mlpathLegends(gd, figure) {
  for (const old of gd.querySelectorAll(':scope > .mlpath-legend')) old.remove();
  const layout = figure.layout || {};
  if (layout.showlegend === false) return;
  const margin = {l: 80, r: 80, t: 100, b: 80, ...(layout.margin || {})};
  const height = layout.height || 450;
  const entries = new Map();
  figure.data.forEach((trace, i) => {
    if (trace.showlegend === false || !trace.name || trace.visible === false) return;
    const key = trace.legend || 'legend';
    if (!entries.has(key)) entries.set(key, []);
    entries.get(key).push(i);
  });
  for (const key of [...entries.keys()].sort()) {
    const spec = layout[key] || {};
    const box = document.createElement('div');
    box.className = 'mlpath-legend';
    box.dataset.legend = key;
    box.style.left = `${margin.l}px`;
    box.style.right = `${margin.r}px`;
    box.style.fontSize = `${(spec.font || {}).size || 12}px`;
    const y = spec.y ?? 1, anchor = spec.yanchor || 'auto';
    if (spec.yref === 'container') {
      box.style.top = `${(1 - y) * height}px`;
      if (anchor === 'bottom') box.style.transform = 'translateY(-100%%)';
    } else if (y >= 1) {
      box.style.top = `${margin.t}px`;
      box.style.transform = 'translateY(-100%%)';
    } else {
      box.style.top = `${height - margin.b}px`;
    }
    const title = ((spec.title || {}).text || '').replace(/<[^>]*>/g, '');
    if (title) box.append(Object.assign(document.createElement('span'), {className: 'mlpath-legend-title', textContent: title}));
    const clickable = spec.itemclick !== false;
    for (const i of entries.get(key)) {
      const trace = figure.data[i];
      const item = document.createElement(clickable ? 'button' : 'span');
      item.className = 'mlpath-legend-item';
      item.append(mlpathSwatch(trace), Object.assign(document.createElement('span'), {
        className: 'mlpath-legend-text', textContent: String(trace.name).replace(/<br\\s*\\/?>/g, ' ').replace(/<[^>]*>/g, '')}));
      if (clickable) {
        const group = trace.legendgroup;
        const members = group ? figure.data.flatMap((other, j) => other.legendgroup === group ? [j] : []) : [i];
        item.type = 'button';
        item.setAttribute('aria-pressed', String(trace.visible !== 'legendonly'));
        item.addEventListener('click', () => {
          const show = item.getAttribute('aria-pressed') !== 'true';
          item.setAttribute('aria-pressed', String(show));
          Plotly.restyle(gd, {visible: show ? true : 'legendonly'}, members);
        });
      }
      box.append(item);
    }
    gd.append(box);
  }
}
function mlpathTeachingShapes(gd, course) {
  const at = {};
  for (const t of gd.data) if (t.meta === 'nodes') t.customdata.forEach((id, i) => { at[id] = [t.x[i], t.y[i]]; });
  const colour = %s;
  return (gd.layout.meta.teaches[course] || []).filter(id => at[id]).flatMap(id => [
    {type: 'line', xref: 'x', yref: 'y', x0: at[course][0], y0: at[course][1], x1: at[id][0], y1: at[id][1],
     line: {color: colour, width: 2.4, dash: 'dot'}, layer: 'below', name: 'teaches'},
    {type: 'circle', xref: 'x', yref: 'y', xsizemode: 'pixel', ysizemode: 'pixel', xanchor: at[id][0], yanchor: at[id][1],
     x0: -11, x1: 11, y0: -11, y1: 11, line: {color: colour, width: 2.5}, name: 'taught'},
  ]);
}
function mlpathWireTeaching(gd) {
  const teaches = (gd.layout.meta || {}).teaches;
  if (!teaches || !Object.keys(teaches).length) return;
  const own = gd.layout.shapes || [];
  let shown = null, pinned = null;
  const show = course => {
    if (course === shown) return;
    shown = course;
    gd.dataset.teaching = course || '';
    Plotly.relayout(gd, {shapes: own.concat(course ? mlpathTeachingShapes(gd, course) : [])});
  };
  const courseOf = e => { const id = e.points && e.points[0] && e.points[0].customdata; return teaches[id] ? id : null; };
  gd.on('plotly_hover', e => { const course = courseOf(e); if (course && !pinned) show(course); });
  gd.on('plotly_unhover', () => { if (!pinned) show(null); });
  gd.on('plotly_click', e => { const course = courseOf(e); pinned = course && course !== pinned ? course : null; show(pinned || course); });
}
// A figure whose plot area is below the fold (the plan page's schedule) keeps its still until the reader gets
// there: drawing it at once would spend its whole newPlot before anything on screen answers the pointer.
// Its plot area (below the top margin: title and legend) coming into view, or the pointer on the still, draws it.
function mlpathPlotAreaShown(id, figure) {
  const box = document.getElementById(id).getBoundingClientRect();
  const top = box.top + ((figure.layout.margin || {}).t || 0);
  return top < innerHeight && box.bottom > 0;
}
function mlpathWhenReached(id, figure) {
  const div = document.getElementById(id);
  return new Promise(resolve => {
    const events = [[window, 'scroll'], [window, 'resize'], [div, 'pointerenter']];
    const reached = event => {
      if (event.type !== 'pointerenter' && !mlpathPlotAreaShown(id, figure)) return;
      for (const [target, type] of events) target.removeEventListener(type, reached);
      resolve();
    };
    for (const [target, type] of events) target.addEventListener(type, reached, {passive: true});
  });
}
function mlpathDrawAll() {
  // The first figure and every other one whose plot area is on screen are drawn at once, and
  // window.mlpathPlottedAt marks them drawn (the first view interactive); body[data-plotted] counts
  // the figures drawn so far, the ones drawn when reached included.
  const blocks = [...document.querySelectorAll('script[type="application/json"][data-figure]')]
    .map(b => [b.dataset.figure, JSON.parse(b.textContent)]);
  let drawn = 0;
  const draw = ([id, figure]) => mlpathDraw(id, figure).then(() => { document.body.dataset.plotted = String(++drawn); });
  return mlpathFirstView.then(() => {
    const now = blocks.filter(([id, figure], i) => i === 0 || mlpathPlotAreaShown(id, figure));
    for (const block of blocks) if (!now.includes(block)) mlpathWhenReached(...block).then(() => draw(block));
    return Promise.all(now.map(draw));
  }).then(() => { window.mlpathPlottedAt = performance.now(); });
}
"""


def _polygon(corners: int, radius: float) -> str:
    """A regular polygon, a corner at the top, as an SVG path of radius ``radius``."""
    points = [(radius * math.sin(2 * math.pi * k / corners), -radius * math.cos(2 * math.pi * k / corners)) for k in range(corners)]
    return "M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in points) + "Z"


#: The marker outlines of the legends' swatches: the stills' own, and the shapes they draw as circles.
LEGEND_SYMBOLS = {**marker_outlines(), "hexagon": _polygon(6, 1.1), "pentagon": _polygon(5, 1.1)}


def draw_script() -> str:
    """The shared drawing script (no ``<script>`` tags): ``mlpathDraw``, ``mlpathDrawAll``, the legends and the teaching links."""
    return _DRAW_SCRIPT % (json.dumps(PLOTLY_CONFIG), STILL_CLASS, json.dumps(LEGEND_SYMBOLS, sort_keys=True), json.dumps(TEACHES_COLOUR))
