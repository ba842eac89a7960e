"""Fit the matcher's evidence-to-confidence table on the tuning corpora.

    python tests/corpora/fit_calibration.py                    # print the fitted table
    python tests/corpora/fit_calibration.py --write            # and write it into recommender/matching_calibration.py
    python tests/corpora/fit_calibration.py --cross-validate   # and how a fit on two corpora holds on the third

Every curriculum mention the matcher makes on a phrase of a tuning corpus
(``matching_figures.TUNING``) is one sample: its evidence, and whether it names an expected node.
Samples are binned by evidence (steps of :data:`BIN`); each bin's precision
is estimated with one right and one wrong pseudo-sample added (Laplace), so
a bin seen three times, all right, says 0.8 and not 1.0; an isotonic
regression weighted by the bins' sizes then makes the map monotone.  The
held-out and blind corpora are never used here.  ``tests/recommender/test_matching_corpus.py``
checks that the committed table is this fit.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MODULE = ROOT / "recommender" / "matching_calibration.py"
BIN = 0.05
HIGH = 0.8  # the confidence from which a match is taken as sure (issue 13: >= 95 % of those right)


def samples(matcher, phrases) -> list[tuple[float, bool]]:
    """``(evidence, right)`` for every curriculum mention on ``phrases`` but whole-text labels (certain)."""
    found = []
    for phrase in phrases:
        for m in matcher.mentions(phrase.text):
            if m.label.node_id is not None and not m.whole:
                found.append((m.evidence, m.label.node_id in phrase.expect))
    return found


def fit(points: list[tuple[float, bool]]) -> tuple[tuple[float, float], ...]:
    """The monotone table ``((evidence, confidence), ...)`` for these samples."""
    from sklearn.isotonic import IsotonicRegression

    bins: dict[float, list[bool]] = defaultdict(list)
    for evidence, right in points:
        bins[round(round(evidence / BIN) * BIN, 2)].append(right)
    xs = sorted(bins)
    ys = [(sum(bins[x]) + 1) / (len(bins[x]) + 2) for x in xs]
    weights = [len(bins[x]) + 2 for x in xs]
    fitted = IsotonicRegression(increasing=True, y_min=0.0, y_max=1.0).fit(xs, ys, sample_weight=weights)
    table = [(0.0, 0.0)] + [(x, round(float(y), 2)) for x, y in zip(xs, fitted.predict(xs))]
    return tuple(table)


def confident_share(table, points: list[tuple[float, bool]]) -> tuple[int, int]:
    """``(right, all)`` among ``points`` that ``table`` puts at :data:`HIGH` or more."""
    sys.path.insert(0, str(ROOT))
    from recommender.matching_calibration import calibrated

    confident = [right for evidence, right in points if calibrated(evidence, table) >= HIGH]
    return sum(confident), len(confident)


def cross_validated(by_corpus: dict[str, list[tuple[float, bool]]]) -> list[str]:
    """Leave one tuning corpus out: fit on the others, and say how the fit holds on the one left out."""
    lines = []
    for held, points in by_corpus.items():
        rest = [p for name, others in by_corpus.items() if name != held for p in others]
        right, confident = confident_share(fit(rest), points)
        own_right, own_confident = confident_share(fit(points + rest), points)
        lines.append(f"{held}: fitted on the others, {right}/{confident} right at >= {HIGH}"
                     f" ({right / max(confident, 1):.1%}); fitted on all, {own_right}/{own_confident}")
    return lines


def tuning_samples() -> dict[str, list[tuple[float, bool]]]:
    """The samples of each tuning corpus, by file name."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from matching_figures import TUNING, load

    from graph.curriculum import load_graph
    from recommender.matching import SkillMatcher

    matcher = SkillMatcher(load_graph(ROOT / "seed_data"))
    return {path.name: samples(matcher, load(path)) for path in TUNING}


def tuning_table() -> tuple[tuple[float, float], ...]:
    return fit([s for points in tuning_samples().values() for s in points])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the table into recommender/matching_calibration.py")
    parser.add_argument("--cross-validate", action="store_true",
                        help="also fit on all tuning corpora but one and measure the fit on the one left out")
    args = parser.parse_args(argv)
    if args.cross_validate:
        print("\n".join(cross_validated(tuning_samples())))
    table = tuning_table()
    text = "TABLE: tuple[tuple[float, float], ...] = (\n" + "".join(f"    ({x}, {y}),\n" for x, y in table) + ")"
    print(text)
    if args.write:
        source = MODULE.read_text()
        MODULE.write_text(re.sub(r"TABLE: tuple\[tuple\[float, float\], \.\.\.\] = \(.*?\n\)", text, source, count=1, flags=re.S))
    return 0


if __name__ == "__main__":
    sys.exit(main())
