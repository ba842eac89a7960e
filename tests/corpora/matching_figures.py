"""The matching figures on a phrase corpus: how often the right node, how often a false one.

    python tests/corpora/matching_figures.py            # all eleven corpora, with the tuning corpora's failures
    python tests/corpora/matching_figures.py --quiet    # figures only
    python tests/corpora/matching_figures.py --only round8 --quiet   # one corpus's figures, nothing else
    python tests/corpora/matching_figures.py --only round9 --quiet --kinds   # and its failures counted by kind (counts only)

Three figures, as issue 13 states its aims:

* *in-curriculum right*: of the phrases naming curriculum skills, the share
  whose matched ids are exactly the expected ones;
* *out-of-curriculum matched*: of the phrases naming nothing the curriculum
  teaches, the share for which anything was matched at all;
* *precision at 0.8*: of the single matches made with confidence of at least
  0.8, on any phrase, the share that name an expected node.

Used by ``tests/recommender/test_matching_corpus.py`` (which asserts the aims)
and by the calibration fit in ``tests/corpora/fit_calibration.py``.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TUNED = HERE / "matching.toml"
HELD_OUT = HERE / "matching-heldout.toml"
BLIND = HERE / "matching-blind.toml"  # written later, by someone who had not seen the matcher
PARAPHRASE = HERE / "matching-paraphrase.toml"  # tuning corpus of the paraphrase reading (issue 13.1, third round)
WILD = HERE / "matching-wild.toml"  # tuning corpus of the fourth round: phrases as typed, written before the run
ROUND5 = HERE / "matching-round5.toml"  # tuning corpus of the fifth round: sentences, written before the run
ROUND6 = HERE / "matching-round6.toml"  # blind for its first reading (sixth round), then a tuning corpus of the rules, not of the calibration
ROUND7 = HERE / "matching-round7.toml"  # blind for its first reading (seventh round), then a tuning corpus of the rules, not of the calibration
QUESTIONS = HERE / "matching-questions.toml"  # tuning corpus of the rules (session 10): learners' questions and career phrasing, written before the run
ROUND8 = HERE / "matching-round8.toml"  # SEALED: blind for the whole eighth round (session 9); read only its three figures, never its phrases or failures
ROUND9 = HERE / "matching-round9.toml"  # SEALED: blind for its first reading and after (session 10); read only its three figures, never its phrases or failures
#: The corpora the rules and the calibration may be tuned on (never the held-out or blind ones).
TUNING = (TUNED, PARAPHRASE, WILD, ROUND5)
HIGH_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Phrase:
    text: str
    expect: frozenset[str]  # empty: names nothing in the curriculum
    source: str
    level: str | None = None


@dataclass
class Figures:
    in_total: int = 0
    in_right: int = 0
    out_total: int = 0
    out_matched: int = 0
    confident: int = 0
    confident_right: int = 0
    levels_total: int = 0
    levels_right: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def in_rate(self) -> float:
        return self.in_right / self.in_total if self.in_total else 1.0

    @property
    def out_rate(self) -> float:
        return self.out_matched / self.out_total if self.out_total else 0.0

    @property
    def precision(self) -> float:
        return self.confident_right / self.confident if self.confident else 1.0

    def summary(self) -> str:
        return (f"in-curriculum right {self.in_right}/{self.in_total} = {self.in_rate:.1%}; "
                f"out-of-curriculum matched {self.out_matched}/{self.out_total} = {self.out_rate:.1%}; "
                f"precision at >= {HIGH_CONFIDENCE} {self.confident_right}/{self.confident} = {self.precision:.1%}; "
                f"levels {self.levels_right}/{self.levels_total}")


def load(path: Path) -> list[Phrase]:
    """The phrases of one corpus file, in file order."""
    with path.open("rb") as f:
        document = tomllib.load(f)
    phrases = []
    for group in document["source"]:
        for entry in group["phrases"]:
            expect = entry["expect"]
            ids = [] if expect == "none" else [expect] if isinstance(expect, str) else list(expect)
            phrases.append(Phrase(entry["text"], frozenset(ids), group["name"], entry.get("level")))
    return phrases


def breadth_faults(phrases: list[Phrase], nodes, others: list[Path], least: int) -> list[str]:
    """What keeps a corpus from being broad and new: fewer than ``least`` phrases, out-of-curriculum
    phrases outside 28-40 %, a missing source, an expected id not in ``nodes``, or its own phrases
    that another corpus in ``others`` also holds (named by this corpus's text only)."""
    faults = []
    out = [p for p in phrases if not p.expect]
    if len(phrases) < least or not 0.28 <= len(out) / len(phrases) <= 0.4:
        faults.append(f"{len(phrases)} phrases, {len(out)} outside the curriculum")
    if {p.source for p in phrases} != {"cv", "profile", "posting", "learner"}:
        faults.append(f"sources {sorted({p.source for p in phrases})}")
    faults += [f"unknown id {i}" for p in phrases for i in sorted(p.expect) if i not in nodes]
    seen = {p.text.lower() for path in others for p in load(path)}
    faults += [f"also in another corpus: {p.text!r}" for p in phrases if p.text.lower() in seen]
    return faults


def outcomes(match, phrases: list[Phrase]):
    """``(phrase, found)`` for every phrase, ``found`` being what ``match(text)`` returned."""
    return [(phrase, match(phrase.text)) for phrase in phrases]


def figures(results) -> Figures:
    """The three figures (and level agreement) of ``outcomes(...)``."""
    out = Figures()
    for phrase, found in results:
        ids = {m.id for m in found if m.id is not None}
        shown = ", ".join(f"{m.id}@{m.confidence:.2f}" for m in found if m.id) or "nothing"
        if phrase.expect:
            out.in_total += 1
            if ids == phrase.expect:
                out.in_right += 1
            else:
                out.failures.append(f"IN   {phrase.text!r}: expected {sorted(phrase.expect)}, got {shown}")
        else:
            out.out_total += 1
            if ids:
                out.out_matched += 1
                out.failures.append(f"OUT  {phrase.text!r}: got {shown}")
        for m in found:
            if m.id is not None and m.confidence >= HIGH_CONFIDENCE:
                out.confident += 1
                out.confident_right += m.id in phrase.expect
        if phrase.level and phrase.expect:
            out.levels_total += 1
            levels = {getattr(m, "level", None) for m in found if m.id in phrase.expect}
            if levels == {phrase.level}:
                out.levels_right += 1
            else:
                out.failures.append(f"LVL  {phrase.text!r}: expected {phrase.level}, got {sorted(map(str, levels))}")
    return out


def kinds(results) -> dict[str, int]:
    """How many failures of each kind ``outcomes(...)`` holds, as counts only.

    Safe for a sealed corpus: it names no phrase and no node, so a round's misses can be
    sorted into kinds (nothing found, an id missing, an id too many, a wrong id) without
    anyone reading them.  Keys: ``in:<kind>:<single|multi>`` and ``out:<kind>``."""
    counts: dict[str, int] = {}
    for phrase, found in results:
        ids = {m.id for m in found if m.id is not None}
        if phrase.expect:
            if ids == phrase.expect:
                continue
            missing, extra = phrase.expect - ids, ids - phrase.expect
            kind = ("nothing" if not ids else "wrong" if not ids & phrase.expect
                    else "missing" if not extra else "extra" if not missing else "missing+extra")
            key = f"in:{kind}:{'single' if len(phrase.expect) == 1 else 'multi'}"
        elif ids:
            confident = any(m.confidence >= HIGH_CONFIDENCE for m in found if m.id is not None)
            key = f"out:{'confident' if confident else 'below 0.8'}"
        else:
            continue
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures only, no failures")
    parser.add_argument("--held-out-failures", action="store_true",
                        help="also list the held-out failures (keep them out of sight while tuning)")
    parser.add_argument("--blind-failures", action="store_true",
                        help="also list the blind corpus's failures (for reporting, never for tuning)")
    parser.add_argument("--round8-failures", action="store_true",
                        help="also list round 8's failures (sealed: for classifying a reading, never for tuning)")
    parser.add_argument("--kinds", action="store_true",
                        help="also count each corpus's failures by kind (counts only: safe for the sealed corpora)")
    parser.add_argument("--only", metavar="NAME", action="append",
                        help="measure only this corpus (tuned, paraphrase, wild, round5, round6, round7, questions, held-out, "
                             "blind, round8, round9); repeatable")
    parser.add_argument("--without-elsewhere", action="store_true",
                        help="also measure a matcher without the vocabulary of things outside the curriculum")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from graph.curriculum import load_graph
    from recommender.matching import SkillMatcher, matcher_for

    graph = load_graph(ROOT / "seed_data")
    runs = [("tuned", TUNED, matcher_for(graph)), ("paraphrase", PARAPHRASE, matcher_for(graph)),
            ("wild", WILD, matcher_for(graph)), ("round5", ROUND5, matcher_for(graph)),
            ("round6", ROUND6, matcher_for(graph)), ("round7", ROUND7, matcher_for(graph)),
            ("questions", QUESTIONS, matcher_for(graph)),
            ("held-out", HELD_OUT, matcher_for(graph)), ("blind", BLIND, matcher_for(graph)),
            ("round8", ROUND8, matcher_for(graph)), ("round9", ROUND9, matcher_for(graph))]
    if args.without_elsewhere:
        bare = SkillMatcher(graph, elsewhere=False)
        runs += [("tuned, no vocabulary", TUNED, bare), ("held-out, no vocabulary", HELD_OUT, bare),
                 ("blind, no vocabulary", BLIND, bare)]
    shown = {TUNED: True, PARAPHRASE: True, WILD: True, ROUND5: True, ROUND6: True, ROUND7: True, QUESTIONS: True, HELD_OUT: args.held_out_failures, BLIND: args.blind_failures, ROUND8: args.round8_failures, ROUND9: False}
    if args.only:
        unknown = set(args.only) - {label for label, _, _ in runs}
        if unknown:
            parser.error(f"unknown corpus {sorted(unknown)}")
        runs = [run for run in runs if run[0] in args.only]
    for label, path, matcher in runs:
        result = figures(outcomes(matcher.match, load(path)))
        print(f"{label}: {result.summary()}")
        if args.kinds:
            print(f"  kinds: {kinds(outcomes(matcher.match, load(path)))}")
        if not args.quiet and shown[path]:
            for line in result.failures:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
