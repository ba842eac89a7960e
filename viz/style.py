"""Colours, marker symbols and label priorities shared by every figure.

Kept in one place so the explorer, the path view and the schedule agree: a
tool is the same orange square everywhere, and a stage is the same colour in
the path view's hover and in the schedule's bars.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.models import Kind, Stage

__all__ = [
    "KIND_STYLE",
    "STAGE_RAMP",
    "stage_colours",
    "LABEL_PRIORITY",
    "EDGE_GREY",
    "OR_EDGE_COLOUR",
    "PATH_COLOUR",
    "PATH_FAINT",
    "KNOWN_COLOUR",
    "TARGET_COLOUR",
    "FADED_COLOUR",
    "FONT",
    "text_on",
]

#: kind -> (colour, Plotly marker symbol).  Shapes differ as well as colours so
#: the kinds stay distinguishable for colour-blind readers and in greyscale.
KIND_STYLE: dict[Kind, tuple[str, str]] = {
    Kind.TOPIC: ("#4C78A8", "circle"),
    Kind.SKILL: ("#72B7B2", "diamond"),
    Kind.TOOL: ("#F58518", "square"),
    Kind.PLATFORM: ("#9D755D", "hexagon"),
    Kind.CERTIFICATION: ("#B279A2", "pentagon"),
    Kind.PROJECT: ("#54A24B", "triangle-up"),
    Kind.ACTIVITY: ("#FF9DA6", "triangle-down"),
    Kind.COURSE: ("#EECA3B", "square-dot"),
    Kind.EDUCATION: ("#BAB0AC", "hourglass"),
    Kind.MILESTONE: ("#E45756", "diamond-wide"),
    Kind.ROLE: ("#222222", "star"),
}

#: The stage colour ramp, cool to warm: a curriculum of eight stages gets
#: exactly these; any other number of stages is spread evenly along it.
STAGE_RAMP = ("#3B528B", "#2C728E", "#21918C", "#28AE80", "#5EC962", "#ADDC30", "#E3A21A", "#D1495B")

#: Lower rank = labelled first when labels compete for room.
LABEL_PRIORITY: dict[Kind, int] = {
    Kind.ROLE: 0,
    Kind.MILESTONE: 1,
    Kind.CERTIFICATION: 2,
}

EDGE_GREY = "rgba(140, 150, 162, 0.45)"
OR_EDGE_COLOUR = "rgba(196, 78, 154, 0.55)"
PATH_COLOUR = "#1F4E9C"
PATH_FAINT = "rgba(31, 78, 156, 0.22)"  # a long plan's edges: a backdrop to the step numbers
KNOWN_COLOUR = "#2CA02C"
TARGET_COLOUR = "#F2B701"
FADED_COLOUR = "#D5D9DE"
FONT = "Inter, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def stage_colours(stages: Iterable[Stage]) -> dict[str, str]:
    """One colour per stage id, following the stages' order (first stage coolest)."""
    ordered = sorted(stages, key=lambda stage: (stage.order, stage.id))
    if len(ordered) == 1:
        return {ordered[0].id: STAGE_RAMP[0]}
    span = len(STAGE_RAMP) - 1
    return {stage.id: _along_ramp(i * span / (len(ordered) - 1)) for i, stage in enumerate(ordered)}


def _along_ramp(at: float) -> str:
    """The colour at fractional position ``at`` of :data:`STAGE_RAMP`, blended linearly."""
    low = min(int(at), len(STAGE_RAMP) - 2)
    share = at - low
    a, b = STAGE_RAMP[low], STAGE_RAMP[low + 1]
    channels = (round(int(a[i:i + 2], 16) * (1 - share) + int(b[i:i + 2], 16) * share) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02X}" for c in channels)


def text_on(colour: str) -> str:
    """Dark or white text, whichever reads better on a ``#RRGGBB`` fill."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#222222" if luminance > 0.5 else "#FFFFFF"
