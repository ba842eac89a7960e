"""Label placement: no two printed labels overlap, required ones squeeze in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from viz.labels import Frame, _overlaps, _spots, fitting_labels

FRAME = Frame(x_range=(0.0, 10.0), y_range=(0.0, 10.0), width=600.0, height=400.0)


def box_of(frame, x, y, text, position, font_size=11.0, radius=7.0):
    lines = text.split("<br>")
    px, py = frame.to_px(x, y)
    return dict(_spots(px, py, 0.58 * font_size * max(map(len, lines)), 1.25 * font_size * len(lines), radius))[position]


points = st.tuples(st.floats(0, 10), st.floats(0, 10))
names = st.sampled_from(["NumPy", "Machine learning basics", "Convolutional neural<br>networks (CNNs)", "Git"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(points, names), min_size=1, max_size=40))
def test_printed_labels_never_overlap_each_other_or_the_edges(items):
    candidates = [(k, x, y, text) for k, ((x, y), text) in enumerate(items)]
    chosen = fitting_labels(candidates, frame=FRAME, markers=[(x, y) for _, x, y, _ in candidates])
    boxes = [box_of(FRAME, *candidates[k][1:3], *chosen[k]) for k in chosen]
    assert all(not _overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(b[0] >= 0 and b[1] >= 0 and b[2] <= FRAME.width and b[3] <= FRAME.height for b in boxes)


def test_a_required_label_may_cover_a_marker_and_shorten_but_not_cover_a_label():
    # a ring of markers around the node leaves no clean spot for its name
    ring = [(5 + dx, 5 + dy) for dx in (-0.3, 0, 0.3) for dy in (-0.3, 0, 0.3)]
    plain = fitting_labels([("a", 5, 5, "Machine Learning Engineer")], frame=FRAME, markers=ring)
    forced = fitting_labels([("a", 5, 5, "Machine Learning Engineer")], frame=FRAME, markers=ring, required={"a"})
    assert plain == {} and forced == {"a": ("Machine Learning Engineer", "middle right")}
    # with the right and left taken by labels, a shorter variant goes above
    taken = [("r", 6.5, 5, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), ("l", 3.5, 5, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    chosen = fitting_labels([*taken, ("a", 5, 5, ("Machine Learning Engineer", "ML Engineer"))], frame=FRAME, required={"a"})
    assert "a" in chosen
    boxes = [box_of(FRAME, x, y, t if isinstance(t, str) else chosen[k][0], chosen[k][1]) for k, x, y, t in
             [*taken, ("a", 5, 5, chosen["a"][0])] if k in chosen]
    assert all(not _overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
