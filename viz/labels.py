"""Pick which node labels to print so that none overlap.

A graph of 150-190 nodes cannot carry every name at once; printing them all
gives an unreadable pile.  Labels are offered in priority order and each is
kept only if its box, estimated in screen pixels, clears every label already
kept and every node marker.  Everything left out stays available on hover.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Frame", "fitting_labels"]

_CELL = 64.0  # grid bucket size in pixels, for the overlap look-ups


@dataclass(frozen=True)
class Frame:
    """The mapping from data coordinates to pixels of a figure's plot area."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: float  # plot area, pixels
    height: float

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        """Pixel position, origin top-left, y growing downwards as on screen."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (x - x0) / (x1 - x0) * self.width, (y1 - y) / (y1 - y0) * self.height

    def to_data(self, px: float, py: float) -> tuple[float, float]:
        """The inverse of :meth:`to_px`."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return x0 + px / self.width * (x1 - x0), y1 - py / self.height * (y1 - y0)


def fitting_labels(
    candidates: Iterable[tuple[Hashable, float, float, str | Sequence[str]]],
    *,
    frame: Frame,
    markers: Sequence[tuple[float, float]] = (),
    font_size: float = 11.0,
    marker_radius: float = 7.0,
    required: Collection[Hashable] = (),
) -> dict[Hashable, tuple[str, str]]:
    """``id -> (text, textposition)`` for the candidates whose label fits.

    Each candidate is ``(id, x, y, text)`` in data coordinates, offered in
    priority order; ``text`` may hold ``<br>`` line breaks, or be a list
    of variants, longest first (only ``required`` labels try the shorter).  A label tries
    the right of its marker, then the left, above, below and the four
    diagonals (Plotly ``textposition`` values); the first spot that clears
    every label already placed, every node marker (``markers``, in data
    coordinates) and the plot's edges wins, else the node stays unlabelled.
    A ``required`` candidate that finds no such spot may cover a marker
    instead (never another label), once no variant fits clear of markers:
    landmarks are always named if any room is left at all.
    """
    char_width, line_height = 0.58 * font_size, 1.25 * font_size
    labels: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)
    dots: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)
    for mx, my in markers:
        px, py = frame.to_px(mx, my)
        _insert(dots, (px - marker_radius, py - marker_radius, px + marker_radius, py + marker_radius))

    chosen: dict[Hashable, tuple[str, str]] = {}
    for node_id, x, y, text in candidates:
        px, py = frame.to_px(x, y)
        texts = [text] if isinstance(text, str) else list(text)
        passes = [(True, t) for t in texts[:1]]
        if node_id in required:
            passes = [(avoid, t) for avoid in (True, False) for t in texts]
        for avoid_markers, variant in passes:
            spot = _free_spot(variant, px, py, frame, labels, dots if avoid_markers else None,
                              char_width, line_height, marker_radius)
            if spot is not None:
                _insert(labels, spot[1])
                chosen[node_id] = (variant, spot[0])
                break
    return chosen


def _free_spot(text, px, py, frame, labels, dots, char_width, line_height, radius):
    """The first spot around ``(px, py)`` where ``text`` overlaps nothing, or None."""
    lines = [html.unescape(line) for line in text.split("<br>")]
    width, height = char_width * max(map(len, lines)), line_height * len(lines)
    for position, box in _spots(px, py, width, height, radius):
        if box[0] < 0 or box[2] > frame.width or box[1] < 0 or box[3] > frame.height:
            continue
        if any(_overlaps(box, other) for other in _near(labels, box)):
            continue
        if dots is not None and any(_overlaps(box, other) for other in _near(dots, box)):
            continue
        return position, box
    return None


def _spots(px: float, py: float, width: float, height: float, radius: float):
    """Candidate label boxes around a marker, in order of preference."""
    gap = radius + 3
    yield "middle right", (px + gap, py - height / 2, px + gap + width, py + height / 2)
    yield "middle left", (px - gap - width, py - height / 2, px - gap, py + height / 2)
    yield "top center", (px - width / 2, py - gap - height, px + width / 2, py - gap)
    yield "bottom center", (px - width / 2, py + gap, px + width / 2, py + gap + height)
    corner = radius * 0.7
    yield "top right", (px + corner, py - corner - height, px + corner + width, py - corner)
    yield "bottom right", (px + corner, py + corner, px + corner + width, py + corner + height)
    yield "top left", (px - corner - width, py - corner - height, px - corner, py - corner)
    yield "bottom left", (px - corner - width, py + corner, px - corner, py + corner + height)


def _cells(box: tuple[float, float, float, float]):
    for cx in range(int(box[0] // _CELL), int(box[2] // _CELL) + 1):
        for cy in range(int(box[1] // _CELL), int(box[3] // _CELL) + 1):
            yield cx, cy


def _insert(grid, box) -> None:
    for cell in _cells(box):
        grid[cell].append(box)


def _near(grid, box):
    for cell in _cells(box):
        yield from grid.get(cell, ())


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
