"""Free text to curriculum nodes: "torch", "some statistics", a whole job posting.

Matching is layered, cheapest and surest first:

1. *Exact*: the text equals a node's id, name or alias once case, spaces and
   punctuation are ignored ("Scikit-Learn" = "scikit learn" = "scikitlearn").
2. *Mentions*: names and aliases occurring in the text on word boundaries,
   longest first, so "deep learning with pytorch" yields both nodes.  Labels
   of one or two characters ("R", "ML") only count in extraction when written
   exactly as the curriculum writes them, since "r" or "ml" in prose is rarely
   the skill.
3. *TF-IDF*: character 3-5-gram TF-IDF with cosine similarity, fitted on
   names, aliases and descriptions; a node's score is its best label's
   similarity, or :data:`DESCRIPTION_WEIGHT` times its description's if
   higher.  This absorbs wording ("statistics basics") and most typos.  A
   short word loses too many of its few trigrams to one typo ("pytoch"
   keeps under half of "pytorch"'s), so the best TF-IDF candidates are also
   compared letter by letter (``difflib`` ratio); a ratio of at least
   :data:`TYPO_RATIO` counts as the score when it is higher.

A short item (fewer than :data:`EXTRACT_MIN_WORDS` words, no sentence
punctuation) is one skill: exact match, else mentions if they cover every
content word, else the best TF-IDF node if it scores at least
:data:`MATCH_THRESHOLD`.  A longer item is text to extract from: every
mentioned node, plus 1-3-word phrases that look like a misspelt label: a
TF-IDF candidate with as many words as the phrase, a letter ratio of at least
:data:`TYPO_RATIO`, and a score reaching :data:`EXTRACT_THRESHOLD`.  (Prose is
full of words that share n-grams with labels, "experience" and "industry
experience" say; requiring a typo-like spelling keeps them out.)  Whatever
fails gets the top three suggestions.

One :class:`SkillMatcher` is built per graph and cached (weakly, by graph).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from difflib import SequenceMatcher

from graph.curriculum import CurriculumGraph
from recommender.models import SkillMatch, Suggestion

__all__ = [
    "SkillMatcher",
    "matcher_for",
    "normalise",
    "MATCH_THRESHOLD",
    "EXTRACT_THRESHOLD",
    "EXTRACT_MIN_WORDS",
    "DESCRIPTION_WEIGHT",
    "TYPO_RATIO",
]

MATCH_THRESHOLD = 0.5
EXTRACT_THRESHOLD = 0.8
EXTRACT_MIN_WORDS = 4
DESCRIPTION_WEIGHT = 0.6
TYPO_RATIO = 0.8
_CANDIDATES = 5
SUGGESTION_FLOOR = 0.2
_SUGGESTIONS = 3
_MAX_PHRASE = 3
_METHOD_RANK = {"id": 0, "name": 1, "alias": 2}

_TOKEN = re.compile(r"(?:[^\W_]|[+#])+")
_SENTENCE = re.compile(r"[.;:!?\n]\s")

#: Function words that never start or end a skill phrase, and need no match
#: in a short item ("some statistics").  Kept here rather than taken from
#: scikit-learn, so exact matching never imports it.
_STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing done down during each either etc even ever every few for
from further good great had has have having he her here hers him his how i if in into is it its itself
just know knowing knowledge least less like lot lots made make many may me more most much must my need
needed needs new nice no nor not now of off often on once one only or other our ours out over own
per plus please quite rather really same she should skill skills so some strong such than that the their
them then there these they this those through to too under until up us use used using very want was we
well were what when where which while who whom why will with within would year years yes yet you your
""".split())

_CACHE: "weakref.WeakKeyDictionary[CurriculumGraph, SkillMatcher]" = weakref.WeakKeyDictionary()


def normalise(text: str) -> tuple[str, ...]:
    """Case-folded word tokens; ``+`` and ``#`` count as letters (C++, C#)."""
    return tuple(t.casefold() for t in _TOKEN.findall(text))


@dataclass(frozen=True)
class _Label:
    node_id: str
    method: str  # "id", "name" or "alias"
    text: str  # as the curriculum writes it


@dataclass(frozen=True)
class _Mention:
    start: int  # token index
    end: int
    label: _Label | None
    node_id: str
    confidence: float
    method: str


def matcher_for(graph: CurriculumGraph) -> "SkillMatcher":
    """The cached matcher of ``graph``."""
    matcher = _CACHE.get(graph)
    if matcher is None:
        matcher = SkillMatcher(graph)
        _CACHE[graph] = matcher
    return matcher


class SkillMatcher:
    """Resolve free text against one curriculum; build once, call many times."""

    def __init__(self, graph: CurriculumGraph):
        self._nodes = graph.nodes
        labels = [_Label(n.id, "id", n.id) for n in graph.nodes.values()]
        labels += [_Label(n.id, "name", n.name) for n in graph.nodes.values()]
        labels += [_Label(n.id, "alias", a) for n in graph.nodes.values() for a in n.aliases]
        labels.sort(key=lambda l: (_METHOD_RANK[l.method], l.node_id, l.text))
        self._labels = [(label, normalise(label.text)) for label in labels if normalise(label.text)]
        self._exact: dict[str, _Label] = {}
        self._phrases: dict[tuple[str, ...], _Label] = {}
        self._spellings: dict[str, list[tuple[str, int]]] = {}
        for label, tokens in self._labels:
            self._exact.setdefault("".join(tokens), label)
            self._phrases.setdefault(tokens, label)
            if len(tokens) > 1:
                self._phrases.setdefault(("".join(tokens),), label)
            self._spellings.setdefault(label.node_id, []).append(("".join(tokens), len(tokens)))
        self._longest = max((len(k) for k in self._phrases), default=1)
        self._ids = sorted(graph.nodes)
        self._slot = {node_id: i for i, node_id in enumerate(self._ids)}
        self._fitted = None

    def _tfidf(self):
        """The fitted vectorizer and matrices, built on first need.

        Exact and mention matches never need them, so a request naming skills
        exactly does not pay for importing scikit-learn (about a second).
        """
        if self._fitted is None:
            import numpy as np
            from sklearn.feature_extraction.text import TfidfVectorizer

            rows = list(dict.fromkeys((" ".join(tokens), label.node_id) for label, tokens in self._labels))
            described = [n for n in self._nodes.values() if n.description.strip()]
            descriptions = [" ".join(normalise(n.description)) for n in described]
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
            vectorizer.fit([text for text, _ in rows] + descriptions)
            self._fitted = (
                vectorizer,
                vectorizer.transform([text for text, _ in rows]),
                np.array([self._slot[node_id] for _, node_id in rows]),
                vectorizer.transform(descriptions) if described else None,
                np.array([self._slot[n.id] for n in described]),
            )
        return self._fitted

    # -- public -----------------------------------------------------------

    def match(self, text: str) -> list[SkillMatch]:
        """Every node ``text`` names: one for a skill, several for a sentence; never empty.

        Nothing found gives one unmatched :class:`SkillMatch` (``id`` None)
        carrying suggestions.
        """
        query = text.strip()
        tokens = normalise(query)
        if not tokens:
            return [SkillMatch(query=query)]
        exact = self._exact.get("".join(tokens))
        if exact is not None:
            return [self._result(query, exact.node_id, 1.0, exact.method)]
        if len(tokens) >= EXTRACT_MIN_WORDS or _SENTENCE.search(query + " "):
            found = self.extract(query)
        else:
            found = self._short(query, tokens)
        return found or [self._unmatched(query)]

    def extract(self, text: str) -> list[SkillMatch]:
        """Every node mentioned in ``text``, in order of first mention, each once."""
        spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        mentions = self._mentions(spans)
        taken = {m.node_id for m in mentions}
        mentions += self._fuzzy_phrases(spans, mentions, taken)
        mentions.sort(key=lambda m: m.start)
        return [
            self._result(text[spans[m.start][0]:spans[m.end - 1][1]], m.node_id, m.confidence, m.method)
            for m in mentions
        ]

    def scores(self, text: str) -> dict[str, float]:
        """TF-IDF score of every node for ``text`` (labels, or weighted description)."""
        return self._score_rows([" ".join(normalise(text))])[0]

    # -- the layers -------------------------------------------------------

    def _short(self, query: str, tokens: tuple[str, ...]) -> list[SkillMatch]:
        spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(query)]
        mentions = self._mentions(spans)
        covered = {i for m in mentions for i in range(m.start, m.end)}
        content = {i for i, t in enumerate(tokens) if t not in _STOP_WORDS}
        if mentions and content <= covered:
            return [self._result(query if len(mentions) == 1 else " ".join(t for _, _, t in spans[m.start:m.end]),
                                 m.node_id, m.confidence, m.method) for m in mentions]
        best_id, best = self._best_spelled("".join(tokens), self.scores(query))
        if best >= MATCH_THRESHOLD:
            return [self._result(query, best_id, best, "tfidf")]
        return []

    def _best_spelled(self, key: str, scores: dict[str, float], *, words: int | None = None) -> tuple[str | None, float]:
        """The best of the top TF-IDF candidates, each scored max(TF-IDF, typo-like letter ratio).

        With ``words``, only labels of that many words count for the ratio,
        and a candidate without a typo-like label is dropped.
        """
        top = sorted(scores.items(), key=lambda item: (-round(item[1], 6), item[0]))[:_CANDIDATES]
        best_id, best = None, 0.0
        for node_id, score in top:
            ratio = max(
                (SequenceMatcher(None, key, spelling).ratio() for spelling, n in self._spellings.get(node_id, ()) if words is None or n == words),
                default=0.0,
            )
            if ratio >= TYPO_RATIO:
                score = max(score, ratio)
            elif words is not None:
                continue
            if round(score, 6) > round(best, 6):
                best_id, best = node_id, score
        return best_id, round(best, 3)

    def _mentions(self, spans: list[tuple[int, int, str]]) -> list[_Mention]:
        """Labels occurring on word boundaries, longest first, without overlaps or repeats."""
        words = [token.casefold() for _, _, token in spans]
        covered = [False] * len(words)
        found: list[_Mention] = []
        seen: set[str] = set()
        for length in range(min(self._longest, len(words)), 0, -1):
            for i in range(len(words) - length + 1):
                if any(covered[i:i + length]):
                    continue
                label = self._phrases.get(tuple(words[i:i + length]))
                if label is None or not self._written_alike(label, spans[i:i + length]):
                    continue
                covered[i:i + length] = [True] * length
                if label.node_id not in seen:
                    seen.add(label.node_id)
                    found.append(_Mention(i, i + length, label, label.node_id, 1.0, label.method))
        return found

    @staticmethod
    def _written_alike(label: _Label, spans: list[tuple[int, int, str]]) -> bool:
        """Very short labels must match case exactly ("ML", not "ml")."""
        if len("".join(normalise(label.text))) > 2:
            return True
        return _TOKEN.findall(label.text) == [token for _, _, token in spans]

    def _fuzzy_phrases(self, spans, mentions: list[_Mention], taken: set[str]) -> list[_Mention]:
        """1-3-word phrases outside the mentions that TF-IDF matches confidently."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        words = [token.casefold() for _, _, token in spans]
        candidates = []
        for i in range(len(words)):
            for length in range(1, _MAX_PHRASE + 1):
                j = i + length
                if j > len(words) or any(k in covered for k in range(i, j)):
                    break
                if words[i] in _STOP_WORDS or words[j - 1] in _STOP_WORDS or (length == 1 and len(words[i]) < 3):
                    continue
                candidates.append((i, j))
        if not candidates:
            return []
        rows = self._score_rows([" ".join(words[i:j]) for i, j in candidates], labels_only=True)
        scored = []
        for (i, j), row in zip(candidates, rows):
            node_id, score = self._best_spelled("".join(words[i:j]), row, words=j - i)
            if node_id is not None and score >= EXTRACT_THRESHOLD:
                scored.append((-score, i, j, node_id))
        found = []
        for negative, i, j, node_id in sorted(scored):
            if node_id in taken or any(k in covered for k in range(i, j)):
                continue
            taken.add(node_id)
            covered.update(range(i, j))
            found.append(_Mention(i, j, None, node_id, round(-negative, 3), "tfidf"))
        return found

    def _score_rows(self, texts: list[str], *, labels_only: bool = False) -> list[dict[str, float]]:
        import numpy as np

        vectorizer, label_matrix, label_owner, desc_matrix, desc_owner = self._tfidf()
        queries = vectorizer.transform(texts)
        best = np.zeros((len(texts), len(self._ids)))
        _column_max(best, label_owner, (queries @ label_matrix.T).toarray())
        if not labels_only and desc_matrix is not None:
            _column_max(best, desc_owner, (queries @ desc_matrix.T).toarray() * DESCRIPTION_WEIGHT)
        return [{node_id: float(row[k]) for k, node_id in enumerate(self._ids) if row[k] > 0} for row in best]

    # -- results ----------------------------------------------------------

    def _result(self, query: str, node_id: str, confidence: float, method: str) -> SkillMatch:
        return SkillMatch(query=query, id=node_id, name=self._nodes[node_id].name, confidence=round(confidence, 3), method=method)

    def _unmatched(self, query: str) -> SkillMatch:
        return SkillMatch(query=query, suggestions=tuple(self.suggest(query)))

    def suggest(self, text: str, n: int = _SUGGESTIONS) -> list[Suggestion]:
        """The ``n`` best-scoring nodes for ``text`` above a floor, best first."""
        ranked = sorted(self.scores(text).items(), key=lambda item: (-round(item[1], 6), item[0]))
        return [
            Suggestion(id=node_id, name=self._nodes[node_id].name, score=round(score, 3))
            for node_id, score in ranked[:n]
            if score >= SUGGESTION_FLOOR
        ]


def _column_max(best, owners, sim) -> None:
    """``best[:, owners[k]] = max(best[:, owners[k]], sim[:, k])`` for every column ``k``."""
    import numpy as np

    order = np.argsort(owners, kind="stable")
    sorted_owners = owners[order]
    starts = np.flatnonzero(np.r_[True, sorted_owners[1:] != sorted_owners[:-1]])
    grouped = np.maximum.reduceat(sim[:, order], starts, axis=1)
    columns = sorted_owners[starts]
    np.maximum(best[:, columns], grouped, out=grouped)
    best[:, columns] = grouped
