"""The failure-kind counts of the figures script: the only view of a sealed corpus's misses.

Each kind is stated on hand-made outcomes, so the counting is checked apart from the
matcher, and the counts carry no phrase text (they are printed for sealed corpora).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
spec = importlib.util.spec_from_file_location("matching_figures", CORPORA / "matching_figures.py")
corpus = importlib.util.module_from_spec(spec)
sys.modules.setdefault("matching_figures", corpus)
spec.loader.exec_module(corpus)


def phrase(text, *ids):
    return corpus.Phrase(text, frozenset(ids), "cv")


def found(*pairs):
    return [SimpleNamespace(id=i, confidence=c) for i, c in pairs]


def test_each_in_curriculum_failure_is_counted_once_under_its_kind():
    results = [
        (phrase("a", "numpy"), found(("numpy", 0.9))),                               # right: not counted
        (phrase("b", "numpy"), found()),                                             # nothing
        (phrase("c", "numpy"), found(("pandas", 0.9))),                              # wrong
        (phrase("d", "numpy", "pandas"), found(("numpy", 0.9))),                     # missing
        (phrase("e", "numpy"), found(("numpy", 0.9), ("sql", 0.6))),                 # extra
        (phrase("f", "numpy", "pandas"), found(("numpy", 0.9), ("sql", 0.6))),       # missing and extra
        (phrase("g", "numpy", "pandas"), found((None, 0.0))),                        # nothing (an unmatched answer)
    ]
    assert corpus.kinds(results) == {"in:extra:single": 1, "in:missing+extra:multi": 1, "in:missing:multi": 1,
                                     "in:nothing:multi": 1, "in:nothing:single": 1, "in:wrong:single": 1}


def test_out_of_curriculum_matches_are_split_at_the_high_confidence_line():
    results = [(phrase("a"), found()), (phrase("b"), found(("docker", 0.92))),
               (phrase("c"), found(("docker", 0.5))), (phrase("d"), found((None, 0.0)))]
    assert corpus.kinds(results) == {"out:below 0.8": 1, "out:confident": 1}


def test_the_counts_name_no_phrase_and_no_node():
    results = [(phrase("a secret phrase", "numpy"), found(("pandas", 0.9))),
               (phrase("another secret"), found(("docker", 0.9)))]
    printed = repr(corpus.kinds(results))
    assert not any(word in printed for word in ("secret", "numpy", "pandas", "docker"))
