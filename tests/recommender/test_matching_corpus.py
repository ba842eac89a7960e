"""Issue 13's aims for matching, measured on corpora of real-looking phrases (tests/corpora/).

The tuned corpus is what the matcher's rules were first adjusted on (the
wild, round5 and round6 corpora, tuning corpora too, are checked here for
breadth and regressions; round6 and round7 were blind for their first reading; the
calibration is fitted on the four tuning corpora before it); the
held-out corpus was written with it and never tuned on; the blind corpus was
written later by someone who had read neither the matcher nor the other
corpora; round8 is sealed like them (the eighth round's yardstick: its tests
print only its summary figures, never a phrase), and so is round9 (session 10's blind
corpus, written by someone who had neither run nor read the matcher; none of its aims is met).
The figures are reported in docs/matching.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from recommender.matching import SkillMatcher, matcher_for
from recommender.matching_calibration import TABLE

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

IN_CURRICULUM_RIGHT = 0.97
OUT_OF_CURRICULUM_MATCHED = 0.05
PRECISION_AT_HIGH_CONFIDENCE = 0.95


def _load_module(name: str):
    spec = importlib.util.spec_from_file_location(name, CORPORA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_module("matching_figures")
calibration = _load_module("fit_calibration")
overlap = _load_module("corpus_overlap")


@pytest.fixture(scope="module")
def figures(seed_graph):
    matcher = matcher_for(seed_graph)
    return {name: corpus.figures(corpus.outcomes(matcher.match, corpus.load(path)))
            for name, path in [("tuned", corpus.TUNED), ("held-out", corpus.HELD_OUT), ("blind", corpus.BLIND),
                               ("round8", corpus.ROUND8), ("round9", corpus.ROUND9)]}


def test_the_corpora_are_broad_and_a_third_out_of_the_curriculum(seed_graph):
    for path in (corpus.TUNED, corpus.HELD_OUT, corpus.BLIND):
        phrases = corpus.load(path)
        out = [p for p in phrases if not p.expect]
        assert len(phrases) >= 150 and 0.28 <= len(out) / len(phrases) <= 0.4, path.name
        assert {p.source for p in phrases} == {"cv", "profile", "posting", "learner"}
        assert all(i in seed_graph.nodes for p in phrases for i in p.expect), path.name
    tuned = {p.text for p in corpus.load(corpus.TUNED)}
    assert not tuned & {p.text for p in corpus.load(corpus.HELD_OUT)}
    seen = {p.text.lower() for path in (corpus.TUNED, corpus.HELD_OUT) for p in corpus.load(path)}
    assert not seen & {p.text.lower() for p in corpus.load(corpus.BLIND)}


def test_tuned_in_curriculum_phrases_resolve_to_the_right_node(figures):
    f = figures["tuned"]
    assert f.in_rate >= IN_CURRICULUM_RIGHT, "\n".join([f.summary(), *f.failures])


def test_tuned_out_of_curriculum_phrases_match_nothing(figures):
    f = figures["tuned"]
    assert f.out_rate <= OUT_OF_CURRICULUM_MATCHED, "\n".join([f.summary(), *f.failures])


def test_tuned_confident_matches_are_right(figures):
    f = figures["tuned"]
    assert f.confident and f.precision >= PRECISION_AT_HIGH_CONFIDENCE, f.summary()


def test_tuned_stated_levels_are_read(figures):
    f = figures["tuned"]
    assert f.levels_total and f.levels_right == f.levels_total, "\n".join(f.failures)


def test_the_wild_corpus_is_broad_and_new(seed_graph):
    others = [corpus.TUNED, corpus.PARAPHRASE, corpus.ROUND5, corpus.ROUND6, corpus.ROUND7, corpus.HELD_OUT, corpus.BLIND]
    assert not corpus.breadth_faults(corpus.load(corpus.WILD), seed_graph.nodes, others, least=150)


def test_the_round5_corpus_is_broad_and_new(seed_graph):
    others = [corpus.TUNED, corpus.PARAPHRASE, corpus.WILD, corpus.ROUND6, corpus.ROUND7, corpus.HELD_OUT, corpus.BLIND]
    assert not corpus.breadth_faults(corpus.load(corpus.ROUND5), seed_graph.nodes, others, least=150)


def test_the_round6_corpus_is_broad_and_new(seed_graph):
    others = [corpus.TUNED, corpus.PARAPHRASE, corpus.WILD, corpus.ROUND5, corpus.ROUND7, corpus.HELD_OUT, corpus.BLIND]
    assert not corpus.breadth_faults(corpus.load(corpus.ROUND6), seed_graph.nodes, others, least=150)


def test_the_round7_corpus_is_broad_and_new(seed_graph):
    others = [corpus.TUNED, corpus.PARAPHRASE, corpus.WILD, corpus.ROUND5, corpus.ROUND6, corpus.HELD_OUT, corpus.BLIND]
    assert not corpus.breadth_faults(corpus.load(corpus.ROUND7), seed_graph.nodes, others, least=200)


def test_the_questions_corpus_is_broad_and_new(seed_graph):
    others = [corpus.TUNED, corpus.PARAPHRASE, corpus.WILD, corpus.ROUND5, corpus.ROUND6, corpus.ROUND7,
              corpus.HELD_OUT, corpus.BLIND, corpus.ROUND8, corpus.ROUND9]
    assert not corpus.breadth_faults(corpus.load(corpus.QUESTIONS), seed_graph.nodes, others, least=150)
    new = overlap.phrases(corpus.QUESTIONS)
    near = overlap.repeats_within(new) + overlap.overlaps(new, others, threshold=0.6)
    assert not near, f"{len(near)} repeats or near-repeats in the questions corpus"


def test_the_round8_corpus_is_broad_and_new(seed_graph):
    """Sealed: a fault is reported by count only (tests/corpora/corpus_overlap.py names them, for its author)."""
    others = [corpus.TUNED, corpus.PARAPHRASE, corpus.WILD, corpus.ROUND5, corpus.ROUND6, corpus.ROUND7,
              corpus.HELD_OUT, corpus.BLIND]
    faults = corpus.breadth_faults(corpus.load(corpus.ROUND8), seed_graph.nodes, others, least=260)
    assert not faults, f"{len(faults)} breadth faults in the sealed round 8 corpus"
    new = overlap.phrases(corpus.ROUND8)
    near = overlap.repeats_within(new) + overlap.overlaps(new, others, threshold=0.6)
    assert not near, f"{len(near)} repeats or near-repeats in the sealed round 8 corpus"


def test_round8_copies_no_seed_document_text():
    if not overlap.SEED_DOCUMENT.is_file():
        pytest.skip(f"seed document not found at {overlap.SEED_DOCUMENT}")
    copied = overlap.seed_text(overlap.phrases(corpus.ROUND8), overlap.SEED_DOCUMENT, window=8)
    assert not copied, f"{len(copied)} runs of eight seed-document words in the sealed round 8 corpus"


def test_the_round9_corpus_is_broad_and_new(seed_graph):
    """Sealed: a fault is reported by count only (tests/corpora/corpus_overlap.py names them, for its author)."""
    others = [corpus.TUNED, corpus.PARAPHRASE, corpus.WILD, corpus.ROUND5, corpus.ROUND6, corpus.ROUND7,
              corpus.HELD_OUT, corpus.BLIND, corpus.ROUND8]
    faults = corpus.breadth_faults(corpus.load(corpus.ROUND9), seed_graph.nodes, others, least=300)
    assert not faults, f"{len(faults)} breadth faults in the sealed round 9 corpus"
    new = overlap.phrases(corpus.ROUND9)
    near = overlap.repeats_within(new) + overlap.overlaps(new, others, threshold=0.6)
    assert not near, f"{len(near)} repeats or near-repeats in the sealed round 9 corpus"


def test_round9_copies_no_seed_document_text():
    if not overlap.SEED_DOCUMENT.is_file():
        pytest.skip(f"seed document not found at {overlap.SEED_DOCUMENT}")
    copied = overlap.seed_text(overlap.phrases(corpus.ROUND9), overlap.SEED_DOCUMENT, window=8)
    assert not copied, f"{len(copied)} runs of eight seed-document words in the sealed round 9 corpus"


def test_round8_meets_the_out_of_curriculum_and_precision_aims(figures):
    """Sealed: only the summary figures are printed.  Met at its first reading, main's matcher at
    8296bae: 2/95 = 2.1 % matched outside the curriculum, 205/206 = 99.5 % right at >= 0.8,
    stated levels 14/14; see docs/matching.md."""
    f = figures["round8"]
    assert f.out_rate <= OUT_OF_CURRICULUM_MATCHED, f.summary()
    assert f.confident and f.precision >= PRECISION_AT_HIGH_CONFIDENCE, f.summary()
    assert f.levels_total and f.levels_right == f.levels_total, f.summary()


@pytest.mark.xfail(strict=True, reason="round8 (sealed) in-curriculum figure is 183/205 = 89.3 % after session 10 "
                                       "(176/205 = 85.9 % at its first reading, main at 8296bae), below the 97 % aim; "
                                       "see docs/matching.md")
def test_round8_in_curriculum_phrases_resolve_to_the_right_node(figures):
    assert figures["round8"].in_rate >= IN_CURRICULUM_RIGHT, figures["round8"].summary()


ROUND9_READING = ("round9 (sealed) at its first reading: main's matcher at the session's start (0a216b6) "
                  "130/198 = 65.7 % right in the curriculum, 8/102 = 7.8 % matched outside it, 189/215 = 87.9 % "
                  "right at >= 0.8; after the session's first wave (981a7c6) 143/198 = 72.2 %, 7.8 %, 89.2 %; "
                  "at the session's end 145/198 = 73.2 %, 9/102 = 8.8 %, 220/246 = 89.4 %; see docs/matching.md")


@pytest.mark.xfail(strict=True, reason=ROUND9_READING)
def test_round9_in_curriculum_phrases_resolve_to_the_right_node(figures):
    assert figures["round9"].in_rate >= IN_CURRICULUM_RIGHT, figures["round9"].summary()


@pytest.mark.xfail(strict=True, reason=ROUND9_READING)
def test_round9_out_of_curriculum_phrases_match_nothing(figures):
    assert figures["round9"].out_rate <= OUT_OF_CURRICULUM_MATCHED, figures["round9"].summary()


@pytest.mark.xfail(strict=True, reason=ROUND9_READING)
def test_round9_confident_matches_are_right(figures):
    f = figures["round9"]
    assert f.confident and f.precision >= PRECISION_AT_HIGH_CONFIDENCE, f.summary()


def test_round7_meets_the_out_of_curriculum_and_precision_aims(seed_graph):
    f = corpus.figures(corpus.outcomes(matcher_for(seed_graph).match, corpus.load(corpus.ROUND7)))
    assert f.out_rate <= OUT_OF_CURRICULUM_MATCHED, "\n".join([f.summary(), *f.failures])
    assert f.confident and f.precision >= PRECISION_AT_HIGH_CONFIDENCE, f.summary()
    # Bar: its first (blind) reading, main's matcher 122/165 = 73.9 %, 140/165 = 84.8 % after the
    # seventh round tuned on it, 158/165 = 95.8 % after session 10; a floor against regressions,
    # below the 97 % aim.
    assert f.in_rate >= 0.957, "\n".join([f.summary(), *f.failures])


def test_the_questions_corpus_holds_its_bars(seed_graph):
    f = corpus.figures(corpus.outcomes(matcher_for(seed_graph).match, corpus.load(corpus.QUESTIONS)))
    # Bars: its first reading, main's matcher at 981a7c6 on the 153 phrases kept after round 9's
    # merge: 59/102 = 57.8 % right, 4/51 = 7.8 % matched outside the curriculum, 63/71 = 88.7 %
    # right at >= 0.8; after the questions round tuned on it 89/102 = 87.3 %, 3/51 = 5.9 %,
    # 71/75 = 94.7 %.  Floors against regressions, each short of its aim (97 %, 5 %, 95 %): the
    # confident wrong ones name a second thing the question also says ("the math", "as an
    # undergrad", "deployed model").
    assert f.in_rate >= 0.872, "\n".join([f.summary(), *f.failures])
    assert f.out_matched <= 3, "\n".join([f.summary(), *f.failures])
    assert f.confident and f.precision >= 0.946, f.summary()


def test_round6_meets_the_out_of_curriculum_and_precision_aims(seed_graph):
    f = corpus.figures(corpus.outcomes(matcher_for(seed_graph).match, corpus.load(corpus.ROUND6)))
    assert f.out_rate <= OUT_OF_CURRICULUM_MATCHED, "\n".join([f.summary(), *f.failures])
    assert f.confident and f.precision >= PRECISION_AT_HIGH_CONFIDENCE, f.summary()
    # Bar: its first (blind) reading, main's matcher 90.4 %, 96.0 % after the sixth round tuned on it,
    # 123/125 = 98.4 % after session 10; a floor against regressions.
    assert f.in_rate >= 0.984, "\n".join([f.summary(), *f.failures])


def test_round5_out_of_curriculum_phrases_match_nothing(seed_graph):
    f = corpus.figures(corpus.outcomes(matcher_for(seed_graph).match, corpus.load(corpus.ROUND5)))
    assert f.out_rate <= OUT_OF_CURRICULUM_MATCHED, "\n".join([f.summary(), *f.failures])
    # Bar: its first reading, main's matcher 72.5 %, this round's 73.4 %, 74.3 % after tuning on it,
    # 77.1 % after the sixth round, 93/109 = 85.3 % after session 10; a floor against regressions.
    assert f.in_rate >= 0.853, f.summary()


def test_wild_out_of_curriculum_phrases_match_nothing(seed_graph):
    f = corpus.figures(corpus.outcomes(matcher_for(seed_graph).match, corpus.load(corpus.WILD)))
    assert f.out_rate <= OUT_OF_CURRICULUM_MATCHED, "\n".join([f.summary(), *f.failures])
    # Bar: main's matcher read 76.2 % of it when it was written, the fourth round 79.0 %, the fifth 80.0 %,
    # session 10 91/105 = 86.7 %; a floor against regressions.
    assert f.in_rate >= 0.866, f.summary()


def test_held_out_in_curriculum_phrases_resolve_to_the_right_node(figures):
    """Met in session 10 (121/124 = 97.6 %, from 119/124 = 96.0 %), with one phrase to spare;
    the other sealed corpora still miss it (see docs/matching.md)."""
    assert figures["held-out"].in_rate >= IN_CURRICULUM_RIGHT, figures["held-out"].summary()


def test_held_out_out_of_curriculum_phrases_match_nothing(figures):
    assert figures["held-out"].out_rate <= OUT_OF_CURRICULUM_MATCHED, figures["held-out"].summary()


def test_held_out_confident_matches_are_right(figures):
    f = figures["held-out"]
    assert f.confident and f.precision >= PRECISION_AT_HIGH_CONFIDENCE, f.summary()


@pytest.mark.xfail(strict=True, reason="blind in-curriculum figure is 227/245 = 92.7 % (86.9 % before session 10), below the 97 % aim; "
                                       "see docs/matching.md")
def test_blind_in_curriculum_phrases_resolve_to_the_right_node(figures):
    assert figures["blind"].in_rate >= IN_CURRICULUM_RIGHT, figures["blind"].summary()


def test_blind_out_of_curriculum_phrases_match_nothing(figures):
    assert figures["blind"].out_rate <= OUT_OF_CURRICULUM_MATCHED, figures["blind"].summary()


def test_blind_confident_matches_are_right(figures):
    """Met in the fifth round (239/251 = 95.2 %, from 254/269 = 94.4 %) by the calibration fitted on
    the tuning corpora only, with half a point to spare; see docs/matching.md."""
    f = figures["blind"]
    assert f.confident and f.precision >= PRECISION_AT_HIGH_CONFIDENCE, f.summary()


def test_the_calibration_table_is_the_fit_on_the_tuning_corpora(seed_graph):
    matcher = SkillMatcher(seed_graph)
    fitted = calibration.fit([s for path in corpus.TUNING for s in calibration.samples(matcher, corpus.load(path))])
    assert fitted == TABLE, "re-run: python tests/corpora/fit_calibration.py --write"
    assert [y for _, y in TABLE] == sorted(y for _, y in TABLE)


@pytest.mark.parametrize("text, not_this", [
    ("gradient boosting", "partial-derivatives"),
    ("LangChain", "chain-rule"),
    ("Tableau", "data-structures"),
    ("data engineering", "machine-learning-engineer"),
    ("Postgres", "masters-degree"),
])
def test_the_issues_measured_failures_hold_without_the_vocabulary(seed_graph, text, not_this):
    """Fixed by the rules (whole words, typo limits, compounds), not by a list naming these words."""
    bare = SkillMatcher(seed_graph, elsewhere=False)
    for matcher in (bare, matcher_for(seed_graph)):
        [m] = matcher.match(text)
        assert m.id is None and m.status == "not-in-curriculum"
        assert not_this not in {s.id for s in m.suggestions if s.basis != "similar" and s.basis != "contains"}


def test_fastapi_names_web_apis_never_fastai(seed_graph):
    """Issue 13 measured FastAPI matching FastAI.  Since the curriculum review
    (issue 14) FastAPI is in the curriculum, as part of the web-APIs node."""
    for matcher in (SkillMatcher(seed_graph, elsewhere=False), matcher_for(seed_graph)):
        [m] = matcher.match("FastAPI")
        assert m.id == "web-apis"


def test_known_things_outside_the_curriculum_say_what_they_are(seed_graph):
    [m] = matcher_for(seed_graph).match("Postgres")
    assert m.known_as.startswith("PostgreSQL") and [s.id for s in m.suggestions] == ["sql"]
    assert all(s.basis == "related" for s in m.suggestions)


def test_a_posting_separates_matched_from_not_in_the_curriculum(seed_graph):
    # FastAPI has been in the curriculum (web-apis) since the curriculum review; Postgres is not.
    text = "Experience with PyTorch, FastAPI and Postgres; familiar with Docker."
    found = matcher_for(seed_graph).match(text)
    assert [(m.query, m.status) for m in found] == [
        ("PyTorch", "matched"), ("FastAPI", "matched"), ("Postgres", "not-in-curriculum"), ("Docker", "matched")]
    assert all(text[m.start:m.end] == m.query for m in found)
    # "experience with" governs the whole list before the semicolon, "familiar with" what follows it
    assert [m.level for m in found if m.id] == ["intermediate", "intermediate", "beginner"]
