"""Colours, marker symbols and label priorities shared by every figure.

Kept in one place so the explorer, the path view and the schedule agree: a
tool is the same square everywhere, and a stage is the same colour in the
explorer, the path view's steps and the schedule's bars.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.models import Kind, Stage

__all__ = [
    "KIND_SYMBOL",
    "STAGE_RAMP",
    "stage_colours",
    "LABEL_PRIORITY",
    "EDGE_GREY",
    "OR_EDGE_COLOUR",
    "PART_COLOUR",
    "GROUP_FILL",
    "GROUP_LINE",
    "TEACHES_COLOUR",
    "TEACHER_OUTLINE",
    "KEY_COLOUR",
    "PATH_COLOUR",
    "PATH_FAINT",
    "KNOWN_COLOUR",
    "TARGET_COLOUR",
    "FADED_COLOUR",
    "FONT",
    "text_on",
]

#: kind -> Plotly marker symbol.  Colour says the stage; the shape says the
#: kind, so kinds stay distinguishable for colour-blind readers and in
#: greyscale.  A course is a four-pointed star, unlike any topic or tool.
KIND_SYMBOL: dict[Kind, str] = {
    Kind.TOPIC: "circle",
    Kind.SKILL: "diamond",
    Kind.TOOL: "square",
    Kind.PLATFORM: "hexagon",
    Kind.CERTIFICATION: "pentagon",
    Kind.PROJECT: "triangle-up",
    Kind.ACTIVITY: "triangle-down",
    Kind.COURSE: "star-square",
    Kind.EDUCATION: "hourglass",
    Kind.MILESTONE: "diamond-wide",
    Kind.ROLE: "star",
}

#: The stage colour ramp, cool to warm: a curriculum of eight stages gets
#: exactly these; any other number of stages is spread evenly along it.
STAGE_RAMP = ("#3B528B", "#2C728E", "#21918C", "#28AE80", "#5EC962", "#ADDC30", "#E3A21A", "#D1495B")

#: Lower rank = labelled first when labels compete for room.
LABEL_PRIORITY: dict[Kind, int] = {
    Kind.ROLE: 0,
    Kind.MILESTONE: 1,
    Kind.CERTIFICATION: 2,
    Kind.COURSE: 2,
}

EDGE_GREY = "rgba(140, 150, 162, 0.45)"
OR_EDGE_COLOUR = "rgba(196, 78, 154, 0.55)"
PART_COLOUR = "rgba(90, 104, 128, 0.85)"  # a part to its whole: solid slate, darker than a prerequisite
GROUP_FILL = "#ECF0F6"  # the band through a whole and its parts: opaque, so overlaps merge
GROUP_LINE = "#BFC9D9"  # its rim
TEACHES_COLOUR = "rgba(168, 112, 0, 0.75)"  # a course to what it teaches: dotted ochre
TEACHER_OUTLINE = "#3A3A3A"  # the ring around a node that teaches others
KEY_COLOUR = "#8A9099"  # the neutral shapes of the kinds key
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
