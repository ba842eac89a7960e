"""A figure's first view as static SVG, drawn on the server: the page shows it before plotly.js loads.

Parsing plotly.js (1.2 MB) and ``Plotly.newPlot`` took most of a page's
time to drawn (about 0.5 s and 0.9 s of the plan view's 2 s in Chromium):
a learner looked at an empty page while the browser was busy.  So every
page carries each figure twice: as Plotly JSON, drawn interactively once
plotly.js has loaded (after the first paint), and as this still, in the
figure's place from the start.  The still draws what the figures of
:mod:`viz.figures` and :mod:`viz.schedule` use and nothing else: line,
filled and text ``scatter`` traces, markers of the kinds' symbols,
horizontal bars on a category axis, line shapes, the title and the
legends; there is no hover, zoom or legend toggling (plotly.js brings
those).  Positions are plotly's own: the axes' ranges are fixed in the
figures (the bar axis is computed here as plotly's autorange would, to
within its padding), at the design width the layout was planned for.
The SVG scales down with its container and keeps the figure's height.

Same figure, same bytes: coordinates are rounded to 0.1 px and every
text is escaped again (figure text is Plotly's pseudo-HTML: ``<br>`` breaks
lines, other tags are dropped).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence

from viz.canvas import DESIGN_WIDTH

__all__ = ["still_svg", "STILL_CLASS", "marker_outlines"]

#: The class of the ``<svg>`` the drawing script removes once plotly.js has drawn the figure.
STILL_CLASS = "mlpath-still"

#: Unit outlines (radius 1, y down) of the marker symbols the figures use.
_SYMBOLS = {
    "square": "M-1,-1H1V1H-1Z",
    "diamond": "M0,-1.3L1.3,0L0,1.3L-1.3,0Z",
    "diamond-wide": "M0,-1L1.6,0L0,1L-1.6,0Z",
    "triangle-up": "M0,-1.2L1.1,0.8H-1.1Z",
    "triangle-down": "M0,1.2L1.1,-0.8H-1.1Z",
    "hourglass": "M-1,-1H1L-1,1H1Z",
    "star-square": "M-1,-1L0,-0.45L1,-1L0.45,0L1,1L0,0.45L-1,1L-0.45,0Z",
}
_DASH = {"dash": "6,4", "dot": "2,3"}
_TEXT_WIDTH = 0.56  # a character's mean width in ems, for laying out legends without measuring


def still_svg(figure: dict, *, width: float = DESIGN_WIDTH) -> str:
    """``figure`` (Plotly JSON as a dict) as one ``<svg>`` element, ``width`` px wide at scale 1."""
    layout = figure.get("layout", {})
    traces = [t for t in figure.get("data", []) if t.get("visible", True) is True]
    height = float(layout.get("height", 450))
    margin = {"l": 80, "r": 80, "t": 100, "b": 80, **layout.get("margin", {})}
    plot = (margin["l"], margin["t"], width - margin["r"], height - margin["b"])
    to_x, to_y, axes = _axes(layout, traces, plot)
    parts = [_title(layout, width, height), *axes]
    for trace in traces:
        parts += _trace(trace, to_x, to_y)
    parts += [_shape(shape, to_x, plot) for shape in layout.get("shapes", []) if shape.get("type") == "line"]
    parts += _legends(layout, traces, width, height, plot)
    font = html.escape(str(layout.get("font", {}).get("family", "sans-serif")))
    return (f'<svg class="{STILL_CLASS}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
            f'width="100%" height="{_n(height)}" preserveAspectRatio="xMidYMin meet" role="img" '
            f'font-family="{font}" font-size="12" aria-label="{_plain(_title_text(layout))}">'
            + "".join(p for p in parts if p) + "</svg>")


def _axes(layout: dict, traces: list[dict], plot):
    """Data-to-pixel functions for x and y, and the drawn axis parts (ticks and grid of a visible x axis)."""
    left, top, right, bottom = plot
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    categories = list(yaxis.get("categoryarray") or [])
    if categories:
        rows = {name: i for i, name in enumerate(categories)}
        step = (bottom - top) / max(1, len(categories))
        flipped = yaxis.get("autorange") == "reversed"

        def to_y(value):
            row = rows.get(value, 0)
            return top + (row + 0.5) * step if flipped else bottom - (row + 0.5) * step
    else:
        y0, y1 = yaxis.get("range", _extent(_values(traces, "y")))

        def to_y(value):
            return top + (y1 - value) / ((y1 - y0) or 1) * (bottom - top)

    x0, x1 = xaxis.get("range") or _bar_range(traces, layout)

    def to_x(value):
        return left + (value - x0) / ((x1 - x0) or 1) * (right - left)

    drawn = []
    if xaxis.get("visible", True) and not xaxis.get("range"):
        drawn = _x_ticks(x0, x1, to_x, plot, top_side=xaxis.get("side") == "top",
                         title=xaxis.get("title", {}).get("text", ""))
    if categories and yaxis.get("visible", True):
        drawn += [_text(left - 6, to_y(name), name, anchor="end", size=12, colour="#222") for name in categories]
    return to_x, to_y, drawn


def _bar_range(traces: list[dict], layout: dict) -> tuple[float, float]:
    """A bar axis from zero to the furthest bar end, line or text anchor, padded as autorange pads (5 %)."""
    ends = [b + x for t in traces if t.get("type") == "bar" for b, x in zip(t.get("base") or [], t.get("x") or [])]
    ends += [v for t in traces if t.get("type") != "bar" for v in t.get("x") or [] if v is not None]
    ends += [s.get("x1", 0) for s in layout.get("shapes", []) if s.get("xref") == "x"]
    return 0.0, (max(ends) if ends else 1.0) * 1.05


def _x_ticks(x0, x1, to_x, plot, *, top_side: bool, title: str) -> list[str]:
    left, top, right, bottom = plot
    step = _nice_step((x1 - x0) / 8)
    ticks = [round(i * step, 10) for i in range(math.ceil(x0 / step), math.floor(x1 / step) + 1)]
    y = top - 6 if top_side else bottom + 16
    parts = [f'<path d="{"".join(f"M{_n(to_x(v))},{_n(top)}V{_n(bottom)}" for v in ticks)}" stroke="#EEE" fill="none"/>']
    parts += [_text(to_x(v), y, f"{v:g}", anchor="middle", size=12, colour="#444") for v in ticks]
    if title:
        parts.append(_text((left + right) / 2, y - 20 if top_side else y + 22, title, anchor="middle", size=14, colour="#222"))
    return parts


def _nice_step(rough: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``rough``."""
    if rough <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def _trace(trace: dict, to_x, to_y) -> list[str]:
    if trace.get("type") == "bar":
        return [_bars(trace, to_x, to_y)]
    xs, ys = trace.get("x") or [], trace.get("y") or []
    mode = trace.get("mode", "lines")
    opacity = trace.get("opacity", 1)
    parts = []
    if trace.get("fill") == "toself" or "lines" in mode:
        parts.append(_lines(trace, [(to_x(x), to_y(y)) if x is not None and y is not None else None for x, y in zip(xs, ys)]))
    points = [(i, to_x(x), to_y(y)) for i, (x, y) in enumerate(zip(xs, ys)) if x is not None and y is not None]
    if "markers" in mode:
        parts.append(_markers(trace.get("marker", {}), points, opacity))
    if "text" in mode:
        parts.append(_texts(trace, points))
    return parts


def _lines(trace: dict, points: Sequence[tuple[float, float] | None]) -> str:
    filled = trace.get("fill") == "toself"
    d, pen_down = [], False
    for point in points:
        if point is None:
            if filled and pen_down:
                d.append("Z")
            pen_down = False
            continue
        d.append(f"{'L' if pen_down else 'M'}{_n(point[0])},{_n(point[1])}")
        pen_down = True
    if filled and pen_down:
        d.append("Z")
    if not d:
        return ""
    line = trace.get("line", {})
    stroked = "lines" in trace.get("mode", "lines") and line.get("width", 2) > 0
    stroke = (f' stroke="{_attr(line.get("color", "#444"))}" stroke-width="{_n(line.get("width", 2))}"'
              + (f' stroke-dasharray="{_DASH[line["dash"]]}"' if line.get("dash") in _DASH else "")) if stroked else ""
    fill = _attr(trace.get("fillcolor", "none")) if filled else "none"
    return f'<path d="{"".join(d)}" fill="{fill}"{stroke} stroke-linejoin="round"/>'


def _markers(marker: dict, points, opacity: float) -> str:
    line = marker.get("line", {})
    out = []
    for i, x, y in points:
        size = _at(marker.get("size", 6), i)
        symbol = _at(marker.get("symbol", "circle"), i)
        colour = _attr(_at(marker.get("color", "#444"), i))
        edge, edge_width = _attr(_at(line.get("color", "white"), i)), _at(line.get("width", 0), i)
        hollow = symbol.endswith("-open")
        fill, stroke = ("none", colour) if hollow else (colour, edge)
        paint = f' fill="{fill}" stroke="{stroke}" stroke-width="{_n(edge_width if not hollow else max(edge_width, 1))}"'
        radius = size / 2
        outline = _SYMBOLS.get(symbol.removesuffix("-open"))
        if symbol.startswith("star") and outline is None:
            outline = _star()
        if outline is None:
            out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}"{paint}/>')
        else:
            out.append(f'<path transform="translate({_n(x)},{_n(y)}) scale({_n(radius, 2)})" d="{outline}"{paint} '
                       'vector-effect="non-scaling-stroke"/>')
    group = "".join(out)
    return f'<g opacity="{_n(opacity, 2)}">{group}</g>' if opacity != 1 else group


def marker_outlines() -> dict[str, str]:
    """The outline (radius 1, y down, an SVG path) of each marker symbol drawn here as a path, for the pages' legends."""
    return {**_SYMBOLS, "star": _star()}


def _star() -> str:
    corners = []
    for k in range(10):
        radius = 1.3 if k % 2 == 0 else 0.55
        angle = math.pi * k / 5 - math.pi / 2
        corners.append(f"{_n(radius * math.cos(angle), 3)},{_n(radius * math.sin(angle), 3)}")
    return "M" + "L".join(corners) + "Z"


def _texts(trace: dict, points) -> str:
    font = trace.get("textfont", {})
    texts, positions = trace.get("text") or [], trace.get("textposition", "middle center")
    halo = bool(font.get("shadow"))
    marker_gap = _at(trace.get("marker", {}).get("size", 0), 0) / 2 + 2 if "markers" in trace.get("mode", "") else 0
    out = []
    for i, x, y in points:
        text = _at(texts, i) if texts else ""
        if not text:
            continue
        vertical, _, horizontal = str(_at(positions, i)).partition(" ")
        dx = {"left": -marker_gap, "right": marker_gap}.get(horizontal, 0)
        dy = {"top": -marker_gap, "bottom": marker_gap}.get(vertical, 0)
        anchor = {"left": "end", "right": "start"}.get(horizontal, "middle")
        out.append(_text(x + dx, y + dy, text, anchor=anchor, size=font.get("size", 12), colour=_at(font.get("color", "#222"), i),
                         halo=halo, vertical=vertical))
    return "".join(out)


def _bars(trace: dict, to_x, to_y) -> str:
    marker = trace.get("marker", {})
    ys, bases, lengths = trace.get("y") or [], trace.get("base") or [], trace.get("x") or []
    rows = sorted({to_y(y) for y in ys})
    pitch = min((b - a for a, b in zip(rows, rows[1:])), default=24) if len(rows) > 1 else 24
    thick = pitch * 0.75
    out = []
    for i, (y, base, length) in enumerate(zip(ys, bases, lengths)):
        x0, x1 = to_x(base), to_x(base + length)
        out.append(f'<rect x="{_n(x0)}" y="{_n(to_y(y) - thick / 2)}" width="{_n(max(x1 - x0, 0.5))}" height="{_n(thick)}" '
                   f'fill="{_attr(_at(marker.get("color", "#444"), i))}"/>')
    return "".join(out)


def _shape(shape: dict, to_x, plot) -> str:
    left, top, right, bottom = plot
    x0, x1 = to_x(shape.get("x0", 0)), to_x(shape.get("x1", 0))
    line = shape.get("line", {})
    dash = f' stroke-dasharray="{_DASH[line["dash"]]}"' if line.get("dash") in _DASH else ""
    return (f'<path d="M{_n(x0)},{_n(top)}L{_n(x1)},{_n(bottom)}" stroke="{_attr(line.get("color", "#444"))}" '
            f'stroke-width="{_n(line.get("width", 1))}"{dash}/>')


def _title_text(layout: dict) -> str:
    title = layout.get("title", {})
    return title.get("text", "") if isinstance(title, dict) else str(title)


def _title(layout: dict, width: float, height: float) -> str:
    title = layout.get("title", {})
    if not isinstance(title, dict) or not title.get("text"):
        return ""
    x = float(title.get("x", 0.5)) * width
    y = (1 - float(title.get("y", 1 - 30 / height))) * height
    return _text(x, y, title["text"], anchor="start" if title.get("xanchor") == "left" else "middle",
                 size=title.get("font", {}).get("size", 17), colour="#222")


def _legends(layout: dict, traces: list[dict], width: float, height: float, plot) -> list[str]:
    """Each legend as one row of swatches and names where plotly puts it, wrapped at the figure's width."""
    if not layout.get("showlegend", True):
        return []
    left, top, _, bottom = plot
    out = []
    for key in sorted({t.get("legend", "legend") for t in traces}):
        items = [t for t in traces if t.get("legend", "legend") == key and t.get("showlegend", True) and t.get("name")]
        if not items:
            continue
        spec = layout.get(key, {})
        size = spec.get("font", {}).get("size", 12)
        label = spec.get("title", {}).get("text", "")
        y = _legend_y(spec, height, top, bottom)
        x = left
        row = [(label, None)] if label else []
        row += [(_plain_text(t["name"]), t) for t in items]
        for text, trace in row:
            advance = len(text) * size * _TEXT_WIDTH + (34 if trace is not None else 6)
            if x + advance > width - 8 and x > left:
                x, y = left, y + size + 8
            if trace is not None:
                out.append(_swatch(trace, x + 14, y))
            out.append(_text(x + (30 if trace is not None else 0), y, html.escape(text, quote=False), anchor="start",
                             size=size, colour="#222"))
            x += advance + 8
    return out


def _legend_y(spec: dict, height: float, top: float, bottom: float) -> float:
    """The first legend row's middle: above the plot (y 1, bottom-anchored), below it, or at a container height."""
    y, anchor = float(spec.get("y", 1.0)), spec.get("yanchor", "bottom")
    if spec.get("yref") == "container":
        at = (1 - y) * height
        return at - 10 if anchor == "bottom" else at + 10
    return top - 14 if y >= 1 and anchor == "bottom" else bottom + 14


def _swatch(trace: dict, x: float, y: float) -> str:
    if trace.get("type") == "bar":
        colour = _attr(trace.get("marker", {}).get("color", "#444"))
        return f'<rect x="{_n(x - 8)}" y="{_n(y - 6)}" width="16" height="12" fill="{colour}"/>'
    mode = trace.get("mode", "lines")
    if "markers" in mode:
        marker = trace.get("marker", {})
        single = {**marker, "size": min(12, _at(marker.get("size", 8), 0)), "symbol": _at(marker.get("symbol", "circle"), 0),
                  "color": _at(marker.get("color", "#444"), 0)}
        return _markers(single, [(0, x, y)], 1)
    if trace.get("fill") == "toself":
        return f'<rect x="{_n(x - 10)}" y="{_n(y - 6)}" width="20" height="12" fill="{_attr(trace.get("fillcolor", "#ccc"))}"/>'
    return _lines({**trace, "fill": None}, [(x - 14, y), (x + 14, y)])


def _text(x: float, y: float, text: str, *, anchor: str, size: float, colour: str, halo: bool = False,
          vertical: str = "middle") -> str:
    """Figure text (Plotly pseudo-HTML) as one ``<text>``, a ``<tspan>`` per ``<br>`` line."""
    lines = [_plain_text(line) for line in re.split(r"<br\s*/?>", str(text))]
    first = {"top": -(len(lines) - 1), "bottom": 0}.get(vertical, -(len(lines) - 1) / 2)
    if len(lines) == 1:  # most texts: no <tspan>, half the elements for the browser to lay out
        spans = html.escape(lines[0], quote=False)
    else:
        spans = "".join(f'<tspan x="{_n(x)}" dy="{_n((first if i == 0 else 1) * 1.2, 2)}em">{html.escape(line, quote=False)}</tspan>'
                        for i, line in enumerate(lines))
    outline = ' stroke="white" stroke-width="3" paint-order="stroke" stroke-linejoin="round"' if halo else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" dominant-baseline="central" font-size="{_n(size)}" '
            f'fill="{_attr(colour)}"{outline}>{spans}</text>')


def _plain_text(text: str) -> str:
    """Plotly pseudo-HTML to plain text: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]*>", "", str(text)))


def _plain(text: str) -> str:
    return html.escape(_plain_text(text))


def _attr(value) -> str:
    return html.escape(str(value))


def _at(value, i: int):
    """A per-point property's ``i``-th value, or the trace-wide one."""
    return value[i] if isinstance(value, list) else value


def _values(traces: Iterable[dict], key: str) -> list[float]:
    return [v for t in traces for v in (t.get(key) or []) if isinstance(v, (int, float))]


def _extent(values: list[float]) -> tuple[float, float]:
    return (min(values), max(values)) if values else (0.0, 1.0)


def _n(value: float, places: int = 1) -> str:
    """A number for SVG: rounded, no trailing zeros, no ``-0``."""
    text = f"{round(float(value), places):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
