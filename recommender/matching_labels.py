"""The labels the matcher looks for: every way the curriculum and the vocabulary outside it write a name.

A label is one node's id, name, name variant or alias (or one spelling of a thing outside the
curriculum), as case-folded words and their stems.  They are built once per graph, so reading a text
only looks words up; the matcher (:mod:`recommender.matching`) indexes them by stems, joined form and
roots.  A :class:`Mention` is one label found at a place in a text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from graph.curriculum import CurriculumGraph
from graph.models import Kind
from recommender.matching_elsewhere import Elsewhere, elsewhere_terms
from recommender.matching_text import (
    ABBREVIATIONS,
    FILLER_WORDS,
    GENERIC_HEADS,
    ROLE_NOUNS,
    SHORT_FORMS,
    STOP_WORDS,
    TECHNICAL_CONTEXT,
    acronym_stems,
    is_version,
    label_readings,
    normalise,
    stem,
)
from recommender.matching_typos import capitals


#: Kinds whose labels are names (brands, products, titles), never common nouns.
NAMED_KINDS = frozenset({Kind.TOOL, Kind.PLATFORM, Kind.CERTIFICATION})


#: A scattered label ("models deployed") has at most this many words (the matcher bounds the gap between them).
_SCATTERED_WORDS = 3


WORD = re.compile(r"(?:[^\W_]|[+#])+")


@dataclass(frozen=True, slots=True)
class _Label:
    node_id: str | None  # None: a thing outside the curriculum
    method: str  # "id", "name", "alias" or "elsewhere"
    written: str
    folds: tuple[str, ...]
    stems: tuple[str, ...]
    proper: bool  # a name (tool, product, acronym) rather than common words
    generic: bool  # only filler words: counts only as the whole text
    cased: bool  # inside a text, must be written with the same capitals
    thing: Elsewhere | None = None

    @property
    def joined(self) -> str:
        return "".join(self.stems)


@dataclass(frozen=True, slots=True)
class Mention:
    """A label found in a text, before it becomes a :class:`SkillMatch`.

    ``evidence`` is the uncalibrated score the calibration maps to a
    confidence; ``start``/``end`` are token positions.
    """

    start: int
    end: int
    label: _Label
    edits: int
    joined: bool
    inserted: bool  # a domain word ("ML") sat inside the label's words
    evidence: float = 0.0
    stemmed: bool = False  # agrees only once plural endings are dropped
    whole: bool = False  # the whole text is this label: certain by definition, not calibrated
    scattered: bool = False  # the label's words were found apart or in another order
    thin: bool = False  # explains under a third of its clause's content words (see matching_evidence.clause_explained)


def related_nodes(graph: CurriculumGraph) -> dict[str, frozenset[str]]:
    """For each node, the nodes next to it: prerequisites, what it unlocks, its wholes, parts and siblings."""
    undirected = graph.digraph.to_undirected(as_view=True)
    related = {}
    for node_id in graph.nodes:
        near = set(undirected.neighbors(node_id))
        for whole in graph.part_of(node_id):
            near.update(p for p in graph.digraph.predecessors(whole) if graph.digraph.edges[p, whole]["part"])
        near.discard(node_id)
        related[node_id] = frozenset(near)
    return related


def scatters(label: _Label, roots: tuple[str, ...]) -> bool:
    """Whether a label may be found with its words apart: two or three distinct words, no filler,
    at most one generic noun ("deploying models", not "machine learning models")."""
    return (len(roots) <= _SCATTERED_WORDS and len(set(roots)) == len(roots) and not label.generic
            and not any(w in STOP_WORDS or w in FILLER_WORDS for w in label.folds)
            and sum(w in GENERIC_HEADS for w in label.folds) <= 1)


def name_variants(name: str) -> list[str]:
    """A name without its bracketed part, and the bracketed part when it abbreviates the rest.

    "Accuracy (metric)" gives "Accuracy"; "Large language models (LLMs)" gives
    "Large language models" and "LLMs".
    """
    m = re.fullmatch(r"\s*(.*?)\s*\((.*)\)\s*", name)
    if not m:
        return []
    head, inside = m.group(1), m.group(2)
    variants = [head]
    initials = "".join(w[0] for w in normalise(head))
    letters = "".join(normalise(inside))
    if letters.rstrip("s") == initials or initials.rstrip("s") == letters.rstrip("s"):
        variants.append(inside)
    return variants


def abbreviated(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``words``, plus the same with each known expansion abbreviated ("machine learning" -> "ml") or expanded."""
    variants = [words]
    for long, short in ABBREVIATIONS.items():
        for source, target in ((long, short), (short, long)):
            for k in range(len(words) - len(source) + 1):
                if words[k:k + len(source)] == source and len(words) > len(source):
                    variants.append(words[:k] + target + words[k + len(source):])
    return list(dict.fromkeys(variants))


def reordered(variants: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each variant, plus "B and A" for "A and B": "statistics and probability" names what
    "probability and statistics" does."""
    out = list(variants)
    for words in variants:
        if words.count("and") == 1 and words[0] != "and" and words[-1] != "and":
            k = words.index("and")
            out.append(words[k + 1:] + ("and",) + words[:k])
    return list(dict.fromkeys(out))


def elsewhere_labels() -> list[_Label]:
    labels = []
    for spelling, cased, thing in elsewhere_terms():
        words = normalise(spelling)
        if not words:
            continue
        joined = "".join(words)
        labels.append(_Label(None, "elsewhere", spelling, words, tuple(stem(w) for w in words), True, False,
                             cased or len(joined) <= 3, thing))
    return labels


def proper_words(graph: CurriculumGraph) -> set[str]:
    """Words the curriculum's descriptions write capitalised inside sentences more often than not (names)."""
    capital, lower = Counter(), Counter()
    for node in graph.nodes.values():
        for sentence in re.split(r"[.!?:;]\s+", node.description):
            for word in WORD.findall(sentence)[1:]:
                (capital if word[0].isupper() else lower)[word.casefold()] += 1
    return {w for w in capital if capital[w] > lower[w]}


def known_words(graph: CurriculumGraph, labels: list[_Label]) -> frozenset[str]:
    """Words spelt correctly by definition: the curriculum's own text, every label, the word lists."""
    words = set(STOP_WORDS) | FILLER_WORDS | GENERIC_HEADS | ROLE_NOUNS | TECHNICAL_CONTEXT | set(SHORT_FORMS)
    for node in graph.nodes.values():
        for word in normalise(f"{node.name} {node.description}"):
            words.update((word, stem(word)))
    for label in labels:
        words.update(label.stems)
        words.add(label.joined)
    return frozenset(words)


def name_capitals(graph: CurriculumGraph) -> dict[str, str]:
    """For each word of a node's name written with inner capitals, those capitals ("pytorch": "T")."""
    found = {}
    for node in graph.nodes.values():
        for word in WORD.findall(node.name):
            if capitals(word) and not word.isupper():
                found[stem(word.casefold())] = capitals(word)
    return found


def curriculum_labels(graph: CurriculumGraph, proper_words: set[str]) -> list[_Label]:
    """Every label of every node: its id, name (and name variants), aliases, each as written, abbreviated and reordered."""
    labels = []
    for node in graph.nodes.values():
        named = node.kind in NAMED_KINDS
        written = [("id", node.id.replace("-", " ")), ("name", node.name)]
        written += [("name", variant) for variant in name_variants(node.name)]
        written += [("alias", alias) for alias in node.aliases]
        seen = set()
        for method, text in written:
            acronyms = acronym_stems(text)
            for variant in (v for words in label_readings(text) for v in reordered(abbreviated(words))):
                stems = tuple(acronyms.get(w) or stem(w) for w in variant)
                if not stems or stems in seen:
                    continue
                seen.add(stems)
                joined = "".join(variant)
                proper = named or len(variant) > 1 or variant[0] in proper_words
                generic = all(w in FILLER_WORDS or w in STOP_WORDS or is_version(w) for w in variant)
                cased = len(joined) <= 2 and not any(c.isdigit() for c in joined)
                labels.append(_Label(node.id, method, text, variant, stems, proper, generic, cased))
    return labels
