"""Import-text speed: proposals from a pasted text, against matching the same text whole.

    python benchmarks/bench_onboarding.py [--repeats N]

:func:`recommender.onboarding.propose` reads a text line by line with the
matcher and then builds proposals; the baseline is one ``matcher.match`` over
the same text as a whole (what ``POST /v1/match`` does), in the same process
on the same curriculum, so the ratio holds on a noisy shared machine.  Texts:
every CV and posting of ``tests/corpora/onboarding.toml``, the 5,000-character
posting of ``bench_matching.py``, and that posting repeated up to the
20,000-character limit of an import.  Both are warmed first (the typo index
and the TF-IDF for suggestions are built once per curriculum).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_matching import POSTING  # noqa: E402

from graph.curriculum import load_graph  # noqa: E402
from recommender.matching import matcher_for  # noqa: E402
from recommender.onboarding import MAX_IMPORT_TEXT, propose  # noqa: E402


def median_ms(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    graph = load_graph()
    matcher = matcher_for(graph)
    corpus = tomllib.loads((ROOT / "tests" / "corpora" / "onboarding.toml").read_text(encoding="utf-8"))["texts"]
    longest = (POSTING + "\n") * (MAX_IMPORT_TEXT // (len(POSTING) + 1))
    cases = [(f"corpus: {len(corpus)} texts, {sum(len(t['text']) for t in corpus):,} chars",
              [(t["text"], t["kind"]) for t in corpus]),
             (f"posting, {len(POSTING):,} chars", [(POSTING, "posting")]),
             (f"posting x{longest.count(POSTING)}, {len(longest):,} chars", [(longest, "posting")])]
    for _, texts in cases:  # warm both
        for text, kind in texts:
            propose(graph, text, kind)
            matcher.match(text)
    print(f"{'text':<40} {'match whole (ms)':>17} {'propose (ms)':>13} {'ratio':>7}")
    for name, texts in cases:
        baseline = median_ms(lambda: [matcher.match(text) for text, _ in texts], args.repeats)
        measured = median_ms(lambda: [propose(graph, text, kind) for text, kind in texts], args.repeats)
        print(f"{name:<40} {baseline:>17.1f} {measured:>13.1f} {measured / baseline:>6.2f}x")


if __name__ == "__main__":
    main()
