"""Evidence to confidence: a monotone map fitted on the tuned matching corpus.

The matcher scores each mention with *evidence* (``_with_evidence`` in
:mod:`recommender.matching`): high for a whole-text label or a name, lower
for a one-word common noun, a misspelling (by edits per letter), a joined
spelling, or an unexplained word beside it.  Evidence only orders mentions;
:data:`TABLE` turns it into a confidence that means a share of right
answers: it is fitted by ``tests/corpora/fit_calibration.py`` on every
mention the matcher makes on ``tests/corpora/matching.toml`` (binned,
Laplace-smoothed, made monotone by isotonic regression), and a test checks
the table below is that fit.  Between points the map is linear.
"""

from __future__ import annotations

__all__ = ["calibrated", "TABLE"]

TABLE: tuple[tuple[float, float], ...] = (
    (0.0, 0.0),
    (0.7, 0.83),
    (0.75, 0.92),
    (0.8, 0.92),
    (0.85, 0.96),
    (0.9, 0.96),
    (0.95, 0.98),
)


def calibrated(evidence: float) -> float:
    """The confidence of a mention with this evidence: :data:`TABLE`, linear between its points."""
    if evidence <= TABLE[0][0]:
        return TABLE[0][1]
    for (x0, y0), (x1, y1) in zip(TABLE, TABLE[1:]):
        if evidence <= x1:
            return round(y0 + (y1 - y0) * (evidence - x0) / (x1 - x0), 3)
    return TABLE[-1][1]
