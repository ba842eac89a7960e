"""Is a new matching corpus independent of the others?  Repeats, near-repeats and seed-document text.

    python tests/corpora/corpus_overlap.py tests/corpora/matching-round8.toml
    python tests/corpora/corpus_overlap.py NEW.toml --threshold 0.6 --window 8

Written for round 8 (session 9) and meant for every later round: run it on a new corpus
before it is committed, rewrite what it flags, run it again.  It checks the new corpus
against every other ``matching*.toml`` beside it (or the files given with ``--against``):

* **repeats**: two phrases equal after folding case, accents and punctuation
  ("Sci-kit Learn!" and "sci kit learn"), within the new corpus or across corpora;
* **near-repeats**: a new phrase at least ``--threshold`` (60 %) of whose content words
  (folded words, a few function words left out, version numbers kept) another corpus's
  phrase also holds.  A phrase of a single content word would share all of it with any
  longer phrase that uses the word, so it is flagged only beside a phrase made of that
  same word alone;
* **seed text**: any run of ``--window`` (8) words, punctuation ignored, that the seed
  roadmap document (``../shared/seed/ml-engineer-roadmap-2025.txt`` from the repository)
  also holds.  Only the run is printed, never more of the document.

Sealed corpora (held-out, blind, round 8) are read only by this script: for them it names
the new phrase and the sealed file, never the sealed phrase, so that running it shows no
one a sealed text.  Exit status 1 when anything was flagged.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from matching_figures import load  # beside this file: run as a script, or loaded by the corpus tests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEED_DOCUMENT = ROOT.parent / "shared" / "seed" / "ml-engineer-roadmap-2025.txt"
#: Never print a phrase of these files (their phrases and failures stay out of sight).
SEALED = {"matching-heldout.toml", "matching-blind.toml", "matching-round8.toml", "matching-round9.toml"}
#: Function words that carry no content of their own; left out of the near-repeat share.
FUNCTION_WORDS = frozenset("""
a an the and or nor but of in on at to for from by with without into onto over under about
as is are was were be been being am i me my we our you your it its this that these those
so too very just also not no yes do does did done have has had will would can could should
how what which who whom when where why than then there here some any all each per via vs etc
""".split())


def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, single spaces: the form repeats are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in fold(text).split() if w not in FUNCTION_WORDS)


def phrases(path: Path) -> list[str]:
    return [phrase.text for phrase in load(path)]


def shown(text: str, path: Path) -> str:
    return f"a phrase of {path.name} (sealed)" if path.name in SEALED else f"{path.name}: {text!r}"


def repeats_within(new: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    faults = []
    for text in new:
        key = fold(text)
        if key in seen:
            faults.append(f"repeat within the corpus: {text!r} and {seen[key]!r}")
        seen.setdefault(key, text)
    return faults


def overlaps(new: list[str], others: list[Path], threshold: float) -> list[str]:
    """Repeats and near-repeats of the new phrases in the other corpora."""
    faults = []
    for path in others:
        for other in phrases(path):
            theirs = content_words(other)
            for text in new:
                if fold(text) == fold(other):
                    faults.append(f"repeat: {text!r} is {shown(other, path)}")
                    continue
                mine = content_words(text)
                if not mine:
                    continue
                if len(mine) == 1 and theirs != mine:
                    continue
                share = len(mine & theirs) / len(mine)
                if share >= threshold:
                    faults.append(f"near-repeat ({share:.0%} of its words): {text!r} ~ {shown(other, path)}")
    return faults


def seed_text(new: list[str], document: Path, window: int) -> list[str]:
    """Runs of ``window`` words a new phrase shares with the seed document."""
    if not document.exists():
        return [f"seed document not found: {document}"]
    words = fold(document.read_text(encoding="utf-8")).split()
    runs = {" ".join(words[i:i + window]) for i in range(len(words) - window + 1)}
    faults = []
    for text in new:
        mine = fold(text).split()
        for i in range(len(mine) - window + 1):
            run = " ".join(mine[i:i + window])
            if run in runs:
                faults.append(f"seed text in {text!r}: {run!r}")
    return faults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=HERE / "matching-round8.toml")
    parser.add_argument("--against", type=Path, nargs="*",
                        help="corpora to compare with (default: every other matching*.toml beside it)")
    parser.add_argument("--threshold", type=float, default=0.6,
                        help="share of a new phrase's content words that flags it (default 0.6)")
    parser.add_argument("--window", type=int, default=8,
                        help="words in a row shared with the seed document that flag a phrase (default 8)")
    parser.add_argument("--seed-document", type=Path, default=SEED_DOCUMENT)
    args = parser.parse_args(argv)
    new = phrases(args.corpus)
    others = args.against if args.against is not None else sorted(
        p for p in args.corpus.resolve().parent.glob("matching*.toml") if p.resolve() != args.corpus.resolve())
    faults = (repeats_within(new) + overlaps(new, others, args.threshold)
              + seed_text(new, args.seed_document, args.window))
    for line in faults:
        print(line)
    print(f"{args.corpus.name}: {len(new)} phrases against {len(others)} corpora "
          f"({', '.join(p.name for p in others)}): {len(faults)} flagged")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
