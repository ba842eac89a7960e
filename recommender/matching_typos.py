"""Which misspellings count as typos of a curriculum word, and finding them fast.

A word is read as a typo of a label word only when all of these hold:

* it is not itself a word the matcher knows (a word of the curriculum's own
  text, of a label, or of the vocabulary of things outside the curriculum):
  a correctly spelt word is not a typo of another one ("version" is not
  "vision", "FastAPI" is not "FastAI");
* the two differ by at most :func:`budget` edits (insertion, deletion,
  substitution, or swapping two neighbours: optimal string alignment), and
  a word of four letters or fewer admits none ("lean" is not "learn", "Dash"
  is not "Dask");
* the first letters agree: misspellings rarely start wrong, while names that
  differ in their first letter often are different names ("Looker" is not
  "Docker");
* it is not the verb of a label word that is an agent noun: "recommend" is
  no typo of "recommender", nor "transform" of "transformer" (seventh
  round: "recommend a book", "recommend a coursera course" were read as
  recommendation systems);
* if the word is written with capitals inside it ("PyToch", "FastAPI"), its
  capitals are those of the label as the curriculum writes it: such a
  spelling is deliberate.

Candidates are found with a deletion index (the symmetric-delete method):
every label word is stored under each string obtained by deleting up to two
of its letters after the first, and a query word looks up its own deletions,
so no word is compared with the whole vocabulary.
"""

from __future__ import annotations

__all__ = ["budget", "distance", "capitals", "other_form", "DeletionIndex", "LONGEST_INDEXED"]

_MAX_BUDGET = 2
#: Longer spellings (joined multi-word labels such as "awscertifiedmachinelearningspecialty")
#: are left out of the index: nobody misspells them as one word, and their
#: deletions would make up most of it.
LONGEST_INDEXED = 20


def budget(length: int) -> int:
    """Edits a word of ``length`` letters may carry and still be read as a typo."""
    if length <= 4:
        return 0
    return 1 if length <= 8 else _MAX_BUDGET


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


#: Endings that make an agent noun of a verb: "recommend" -> "recommender", "transform" -> "transformer".
_AGENT_ENDINGS = ("r", "er", "ers", "or", "ors")


def other_form(word: str, candidate: str) -> bool:
    """``candidate`` is ``word`` with an agent ending: the verb of a label's noun ("recommend" of
    "recommender", "transform" of "transformer"), a correctly written word, not a typo."""
    return candidate.startswith(word) and candidate[len(word):] in _AGENT_ENDINGS


def capitals(written: str) -> str:
    """The capital letters of ``written`` after its first letter: "PyTorch" -> "T", "FastAPI" -> "API"."""
    return "".join(c for c in written[1:] if c.isupper())


def _deletions(word: str, depth: int) -> set[str]:
    """``word`` with up to ``depth`` letters deleted, never the first (by slicing: cheap enough to index)."""
    found = {word}
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1:] for w in layer for i in range(1, len(w))}
        found |= layer
    return found


class DeletionIndex:
    """Label words by their deletions; :meth:`near` gives the words within budget of a query."""

    def __init__(self, words):
        self._by_deletion: dict[str, set[str]] = {}
        for word in words:
            if len(word) > LONGEST_INDEXED:
                continue
            for key in _deletions(word, budget(len(word))):
                self._by_deletion.setdefault(key, set()).add(word)

    def near(self, word: str) -> list[tuple[str, int]]:
        """``(label word, edits)`` for every label word ``word`` may be a typo of, nearest first."""
        found = set()
        for key in _deletions(word, budget(len(word))):
            found.update(self._by_deletion.get(key, ()))
        near = []
        for candidate in found:
            if candidate == word or candidate[:1] != word[:1] or other_form(word, candidate):
                continue
            limit = budget(min(len(word), len(candidate)))
            edits = distance(word, candidate, limit)
            if 0 < edits <= limit:
                near.append((candidate, edits))
        return sorted(near, key=lambda item: (item[1], item[0]))
