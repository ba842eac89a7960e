"""Free text to curriculum nodes: "torch", "familiar with Docker", a whole job posting.

The matcher reads a text as *mentions*: runs of whole words that are a
label of a node (its id, name, or an alias), or a known name of something
outside the curriculum (:mod:`recommender.matching_elsewhere`).  It never
matches part of a word, and it never takes the nearest spelling on trust:

1. *Words, not letters.*  A label is found only as whole tokens, compared
   case-folded and without plural endings ("containers", "LLMs"), within one
   clause (commas, brackets and sentence ends separate), possibly written
   joined or split ("scikitlearn", "tensor flow").  "LangChain" holds no
   "chain" and "FastAPI" no "FastAI".
2. *Typos only where a typo is likely* (:mod:`recommender.matching_typos`):
   an unknown word of five letters or more, within one or two edits of a
   label word, with the same first letter and, when written with inner
   capitals, the same capitals.
3. *Known elsewhere beats near here.*  Longest mention first; an exact
   mention beats a misspelt one, so "Postgres", "Looker" or "FastAPI"
   are recognised as outside the curriculum rather than bent into a label.
4. *Compounds name something else.*  A one-word common-noun label followed
   directly by an unexplained word is the modifier of another name, not the
   skill: "gradient boosting", "vector databases".  (Brand names may be
   followed by anything: "PyCharm Professional", "Docker Compose".)
   Labels made only of filler ("years of experience") count only as the
   whole text, and very short labels ("R", "ML") only as written.
5. *Everyday senses need context.*  A one-word label that is also an
   everyday word (``EVERYDAY_SENSES``: "portfolio", "logging", "Spark") names
   its node inside a longer text only beside another curriculum mention, a
   related thing outside it, a technical word, or nothing but filler.
6. *Lists and phrases.*  Items of a list share words ("linear and logistic
   regression"); a label of two or three words is also found reordered or
   with words between, in another verb form ("models deployed"), with less
   evidence; a degree's subject is part of the degree ("MSc Statistics").
7. *Paraphrases.*  A short text naming no curriculum label (things outside
   it may be named) is read against the curriculum's own wording
   (:mod:`recommender.matching_paraphrase`): a node it shares two words
   with, by a clear margin, at a confidence below 0.8.  So is a short text
   whose common-word labels (or all of whose labels) explain under a third
   of their clause: a node it describes that no label names replaces those
   thin common-word labels, beside any names ("Detected
   shifts in the input data distribution" is drift detection, not
   probability distributions).

8. *Session ten's rules* (docs/matching.md, rule 12): a cloud before its own
   exam is part of it (:mod:`recommender.matching_issuers`), a degree's list
   of subjects is the degree (:mod:`recommender.matching_degrees`), CV past
   tenses of everyday-sense practices in their node's context
   (:mod:`recommender.matching_tenses`), four-letter typos of short names,
   places on the web after a label, a field's acronym read by the next word.
9. *Questions and career phrasing* (:mod:`recommender.matching_questions`): a
   question's frame words ("any tips for", "struggling with") read as function
   words; "ml jobs" is no skill; job-hunting words put career labels in context;
   a pull request to a library is an open-source contribution; explaining to a
   non-technical audience and working across functions are read as those skills.

Every mention carries where it is in the text, its calibrated confidence
(:mod:`recommender.matching_calibration`) and the level the text states for
it (:mod:`recommender.matching_levels`).  Text that names nothing in the
curriculum is answered ``not-in-curriculum``, with what it is when known
and suggestions marked as such (related nodes, or similar wording by TF-IDF,
:mod:`recommender.matching_similar`).

This module holds the matcher's construction (the label index), the order of its readings and its
answers.  Finding candidate mentions is :class:`recommender.matching_mentions.MentionFinder`, deciding
which stand :class:`recommender.matching_standing.StandingRules` (both bases of :class:`SkillMatcher`);
labels are built in :mod:`recommender.matching_labels`, a mention's neighbours read in
:mod:`recommender.matching_context`, its evidence and confidence in :mod:`recommender.matching_evidence`.

One :class:`SkillMatcher` is built per graph and cached (weakly, by graph).
scikit-learn is only imported to rank "similar" suggestions.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import replace

from graph.curriculum import CurriculumGraph
from graph.models import Kind
from recommender.matching_context import (
    in_context,
    is_filler,
    named_twice,
    names_a_credential,
    needs_context,
    rests_on_names,
)
from recommender.matching_elsewhere import Elsewhere
from recommender.matching_evidence import clause_coverage, confidence, with_evidence
from recommender.matching_issuers import issuers, without_issuer
from recommender.matching_labels import (
    NAMED_KINDS,
    Mention,
    _Label,
    curriculum_labels,
    elsewhere_labels,
    known_words,
    name_capitals,
    proper_words,
    related_nodes,
    scatters,
)
from recommender.matching_levels import cues, levels
from recommender.matching_mentions import MentionFinder
from recommender.matching_paraphrase import EVIDENCE as PARAPHRASE_EVIDENCE, Paraphrases
from recommender.matching_questions import (
    CAREER_CONTEXT,
    contributes_upstream,
    field_modifies,
    question_reading,
    soft_skill_reading,
)
from recommender.matching_similar import SimilarNodes
from recommender.matching_standing import METHOD_RANK, StandingRules
from recommender.matching_tenses import PastTenses
from recommender.matching_text import Token, normalise, root
from recommender.matching_typos import DeletionIndex, ShortNames
from recommender.models import SkillMatch, Suggestion

__all__ = ["SkillMatcher", "Mention", "matcher_for", "normalise"]

_SUGGESTIONS = 3
#: Stages whose nodes are about working life (networking, portfolio, career): "a mentor in ML" (see matching_questions).
_CAREER_STAGES = frozenset({"portfolio", "network", "career"})


_CACHE: "weakref.WeakKeyDictionary[CurriculumGraph, SkillMatcher]" = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def matcher_for(graph: CurriculumGraph) -> "SkillMatcher":
    """The cached matcher of ``graph``."""
    with _CACHE_LOCK:
        matcher = _CACHE.get(graph)
        if matcher is None:
            matcher = SkillMatcher(graph)
            _CACHE[graph] = matcher
        return matcher


class SkillMatcher(MentionFinder, StandingRules):
    """Resolve free text against one curriculum; build once, call many times."""

    def __init__(self, graph: CurriculumGraph, *, elsewhere: bool = True):
        """``elsewhere=False`` leaves out the vocabulary of things outside the curriculum (to measure what it adds)."""
        self._nodes = graph.nodes
        self._similar = SimilarNodes(graph)
        self._paraphrases = Paraphrases(graph)
        proper = proper_words(graph)
        self._proper_words = frozenset(proper)
        labels = curriculum_labels(graph, proper)
        taken = {label.stems for label in labels} | {(label.joined,) for label in labels}
        if elsewhere:
            labels += [label for label in elsewhere_labels() if label.stems not in taken and (label.joined,) not in taken]
        labels.sort(key=lambda l: (METHOD_RANK[l.method], l.node_id or "", l.written))
        self._by_stems: dict[tuple[str, ...], list[_Label]] = {}
        self._by_joined: dict[str, list[_Label]] = {}
        for label in labels:
            self._by_stems.setdefault(label.stems, []).append(label)
            self._by_joined.setdefault(label.joined, []).append(label)
        self._by_roots: dict[tuple[str, ...], list[_Label]] = {}
        self._by_root_word: dict[str, list[tuple[_Label, frozenset[str]]]] = {}
        for label in labels:
            if label.node_id is not None and len(label.stems) > 1:
                roots = tuple(map(root, label.stems))
                self._by_roots.setdefault(roots, []).append(label)
                if scatters(label, roots):
                    for word in roots:
                        self._by_root_word.setdefault(word, []).append((label, frozenset(roots)))
        self._longest = max((len(k) for k in self._by_stems), default=1)
        self._curriculum_words = {w for label in labels if label.node_id for w in label.stems}
        self._label_words = frozenset(w for label in labels if label.node_id for w in label.stems if w.isalpha())
        self._curriculum_words |= {label.joined for label in labels if label.node_id}
        self._truncations: dict[str, tuple[str, ...]] = {}
        self._typo_index_built: DeletionIndex | None = None
        self._short_names_built: ShortNames | None = None
        self._short_name_folds = frozenset(l.folds[0] for l in labels if l.node_id and len(l.folds) == 1 and l.proper)
        self._known = known_words(graph, labels)
        self._name_capitals = name_capitals(graph)
        self._near_cache: dict[str, tuple[tuple[str, int], ...]] = {}
        self._related = related_nodes(graph)
        self._tenses = PastTenses(graph, labels, self._related)
        self._issuers = issuers(graph)
        self._career = frozenset(n.id for n in graph.nodes.values() if n.stage in _CAREER_STAGES)
        #: The label a pull request sent upstream is read as (:meth:`_upstream`), if this curriculum has the node.
        self._open_source = next((l for l in self._by_stems.get(("open", "source"), ())
                                  if l.node_id == "open-source-contributions"), None)

    # -- public -----------------------------------------------------------

    def match(self, text: str) -> list[SkillMatch]:
        """Every node ``text`` names, and what it names outside the curriculum; never empty.

        Matches come in order of first mention, each node once.  Text naming
        nothing gives one ``not-in-curriculum`` entry with suggestions.
        """
        query = text.strip()
        tokens = self._tokenise(query)
        if not tokens:
            return [SkillMatch(query=query)]
        mentions, wanting = self._read(tokens)
        if not any(m.label.node_id for m in mentions):
            reading = self._paraphrase(tokens, beside_elsewhere=bool(mentions))
            mentions = sorted(mentions + reading + self._put_in_context(wanting, reading, tokens), key=lambda m: m.start)
        elif self._labels_explain_little(mentions, tokens):
            mentions = self._reread(mentions, tokens)
        mentions = self._soft_skills(mentions, tokens)
        return self._results(query, tokens, mentions) if mentions else [self._unmatched(query, tokens)]

    def _soft_skills(self, mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
        """``mentions`` and, when no mention names it, the soft skill the wording describes: explaining
        to a non-technical audience, working across functions (:mod:`recommender.matching_questions`)."""
        covered = {k for m in mentions if m.label.node_id is not None for k in range(m.start, m.end)}
        reading = soft_skill_reading(tokens, covered) or question_reading(tokens, covered)
        if reading is None or reading[0] not in self._nodes or reading[0] in {m.label.node_id for m in mentions}:
            return mentions
        node_id, positions = reading
        label = _Label(node_id, "paraphrase", self._nodes[node_id].name, (), (), False, False, False)
        found = Mention(min(positions), max(positions) + 1, label, 0, False, False, PARAPHRASE_EVIDENCE)
        return sorted(mentions + [found], key=lambda m: m.start)

    def named(self, text: str) -> list[SkillMatch]:
        """What :meth:`match` gives when ``text`` names something, else nothing.

        For callers reading a long text piece by piece (a pasted CV), which
        skip the pieces naming nothing and need no suggestions for them.
        Offsets are into ``text.strip()``, as with :meth:`match`.
        """
        query = text.strip()
        tokens = self._tokenise(query)
        return self._named(query, tokens) if tokens else []

    def _named(self, query: str, tokens: list[Token]) -> list[SkillMatch]:
        mentions = self.mentions(query, tokens)
        return self._results(query, tokens, mentions) if mentions else []

    def _paraphrase(self, tokens: list[Token], *, beside_elsewhere: bool, names: list[Mention] = ()) -> list[Mention]:
        """A short text naming no curriculum label, read as the node its words describe
        (:mod:`recommender.matching_paraphrase`).  Things outside the curriculum it names
        stay named beside the reading: "Automated builds and releases with Jenkins" is
        Jenkins (not in the curriculum) and, read from its words, CI/CD."""
        reading = self._paraphrases.read(tokens, beside_elsewhere=beside_elsewhere)
        if reading is None or rests_on_names(reading.positions, names):
            return []
        label = _Label(reading.node_id, "paraphrase", self._nodes[reading.node_id].name, (), (), False, False, False)
        start, end = min(reading.positions), max(reading.positions) + 1
        return [Mention(start, end, label, 0, False, False, PARAPHRASE_EVIDENCE)]

    def _thin_common(self, m: Mention, tokens: list[Token]) -> bool:
        """A curriculum mention in common words that explains little of its clause: not a name (a
        tool's or platform's, or a node's name the curriculum capitalises, such as "Python"), though
        it may be a tool's alias in common words ("containers" for Docker)."""
        if not m.thin or m.label.node_id is None:
            return False
        if m.label.method != "alias" and all(f in self._proper_words for f in m.label.folds):
            return False  # a node's name the curriculum writes as a name ("Python") is no common word
        if m.label.cased and all(t.text.isupper() for t in tokens[m.start:m.end]):
            return False  # an acronym in capitals ("CV models") is a name, however thin its clause
        return m.label.method == "alias" or self._nodes[m.label.node_id].kind not in NAMED_KINDS

    def _labels_explain_little(self, mentions: list[Mention], tokens: list[Token]) -> bool:
        """Some common-word label, or every curriculum label, explains under a third of its clause."""
        curriculum = [m for m in mentions if m.label.node_id is not None]
        return any(self._thin_common(m, tokens) for m in curriculum) or all(m.thin for m in curriculum)

    def _reread(self, mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
        """A short text whose labels explain little of it, read as a paraphrase too: when its wording
        describes a node none of its labels names, that reading replaces the thin common-word labels.

        "Detected shifts in the input data distribution after launch" writes the label
        *distribution*, but describes drift detection; "Orchestrate containers across clusters"
        writes *containers* and describes Kubernetes.  Names stay ("Contributed patches to
        scikit-learn" is scikit-learn and, read, open-source contributions: a text whose only
        labels are thin names is read too).
        """
        names = [m for m in mentions if m.label.node_id is not None and not self._thin_common(m, tokens)]
        reading = self._paraphrase(tokens, beside_elsewhere=True, names=names)
        if not reading or reading[0].label.node_id in {m.label.node_id for m in mentions}:
            return mentions
        return sorted([m for m in mentions if not self._thin_common(m, tokens)] + reading, key=lambda m: m.start)

    def mentions(self, text: str, tokens: list[Token] | None = None) -> list[Mention]:
        """The mentions chosen in ``text``, with their evidence, in text order (one per node or thing)."""
        return self._read(self._tokenise(text) if tokens is None else tokens)[0]

    def _put_in_context(self, wanting: list[Mention], reading: list[Mention], tokens: list[Token]) -> list[Mention]:
        """Everyday-sense labels left out for want of context that the reading of the text's wording
        puts in context, being next to the node read: "Cleaned and deduplicated 2M customer records
        with pandas" reads as data cleaning, and beside it "pandas" is the library, not the animal."""
        if not reading:
            return []
        near = self._related.get(reading[0].label.node_id, frozenset())
        kept = [m for m in wanting if m.label.node_id in near]
        coverage = clause_coverage(tokens, kept + reading)
        return [with_evidence(m, tokens, kept + reading, coverage) for m in kept]

    def _read(self, tokens: list[Token]) -> tuple[list[Mention], list[Mention]]:
        """:meth:`mentions`, and the curriculum mentions left out only for want of technical context."""
        whole = self._whole(tokens)
        if whole is not None:
            return [whole], []
        read = self._choose(self._candidates(tokens), len(tokens))
        chosen = [m for m in read if self._stands(m, tokens, read)]
        career_end = {m.end for m in chosen if m.label.node_id in self._career}
        chosen = [m for m in chosen if m.label.node_id is None
                  or not field_modifies(m.start, m.end, m.label.folds, tokens, career_end)]
        chosen = self._upstream(chosen, tokens)
        chosen = self._without_degree_subjects(chosen, tokens)
        chosen = without_issuer(chosen, tokens, self._issuers, names_a_credential)
        chosen += self._shared_words(chosen, tokens)
        chosen = self._scattered(chosen, tokens)
        chosen += self._past_tenses(chosen, tokens)
        stand = [m for m in chosen if self._stands_in_context(m, tokens, chosen, read)]
        standing = {id(m) for m in stand}
        wanting = [m for m in chosen if id(m) not in standing and m.label.node_id is not None]
        chosen = stand
        seen: set[object] = set()
        unique = []
        coverage = clause_coverage(tokens, chosen)
        for m in sorted(chosen, key=lambda m: m.start):
            key = m.label.node_id or m.label.thing
            if key not in seen:
                seen.add(key)
                unique.append(with_evidence(m, tokens, chosen, coverage))
        return unique, wanting

    def _stands_in_context(self, m: Mention, tokens: list[Token], chosen: list[Mention], read: list[Mention]) -> bool:
        """Whether a chosen mention keeps its place: a degree's word by its subject (True or False when it
        decides, None when it does not), else a label needing context by the context it has."""
        by_subject = self._degree_with_subject(m, tokens, read)
        if by_subject is not None:
            return by_subject
        return (not needs_context(m, tokens) or in_context(m, tokens, chosen, self._related)
                or named_twice(m, read) or self._career_context(m, tokens))

    def _upstream(self, chosen: list[Mention], tokens: list[Token]) -> list[Mention]:
        """A pull request sent to a library names open-source contributions, not the team's Git workflow
        (:func:`recommender.matching_questions.contributes_upstream`)."""
        tools = {k for m in chosen if m.label.node_id is not None and self._nodes[m.label.node_id].kind is Kind.TOOL
                 for k in range(m.start, m.end)}
        label = self._open_source
        if label is None:
            return chosen
        return [replace(m, label=label) if m.label.node_id is not None
                and contributes_upstream(m.start, m.end, m.label.stems, tokens, tools) else m for m in chosen]

    def _career_context(self, m: Mention, tokens: list[Token]) -> bool:
        """An everyday-sense label of a career node beside words of job hunting (``CAREER_CONTEXT``)."""
        return m.label.node_id in self._career and any(
            t.stem in CAREER_CONTEXT or t.fold in CAREER_CONTEXT for k, t in enumerate(tokens) if not m.start <= k < m.end)

    def suggest(self, text: str, n: int = _SUGGESTIONS) -> list[Suggestion]:
        """The ``n`` nodes whose wording is most similar to ``text``, best first."""
        return [Suggestion(id=node_id, name=self._nodes[node_id].name, score=score, basis="similar")
                for node_id, score in self._similar.ranked(text, n)]

    def scores(self, text: str) -> dict[str, float]:
        """TF-IDF similarity of every node to ``text`` (see :mod:`recommender.matching_similar`)."""
        return self._similar.scores(text)

    # -- results ------------------------------------------------------------

    def _results(self, query: str, tokens: list[Token], mentions: list[Mention]) -> list[SkillMatch]:
        taken = [False] * len(tokens)
        for m in mentions:
            taken[m.start:m.end] = [True] * (m.end - m.start)
        found_cues = cues(tokens, [not t for t in taken])
        stated = levels(query, tokens, [(m.start, m.end) for m in mentions], found_cues)
        whole = len(mentions) == 1 and all(
            taken[k] or is_filler(t) for k, t in enumerate(tokens))
        results = []
        for m, level in zip(mentions, stated):
            start, end = tokens[m.start].start, tokens[m.end - 1].end
            words = query if whole else query[start:end]
            if m.label.node_id is None:
                results.append(self._elsewhere(words, m.label.thing, start, end, level))
            else:
                node = self._nodes[m.label.node_id]
                results.append(SkillMatch(
                    query=words, id=node.id, name=node.name, confidence=confidence(m),
                    method="typo" if m.edits else m.label.method, status="matched",
                    start=start, end=end, level=level))
        return results

    def _elsewhere(self, words: str, thing: Elsewhere, start: int, end: int, level) -> SkillMatch:
        related = tuple(Suggestion(id=i, name=self._nodes[i].name, score=1.0, basis="related")
                        for i in thing.related if i in self._nodes)
        return SkillMatch(query=words, start=start, end=end, level=level,
                          known_as=f"{thing.name} ({thing.family})", suggestions=related[:_SUGGESTIONS])

    def _unmatched(self, query: str, tokens: list[Token]) -> SkillMatch:
        """Nothing named: labels the text contains as parts of other names first, then similar wording."""
        contained = []
        for i, t in enumerate(tokens):
            for label in self._by_stems.get((t.stem,), ()):
                if label.node_id and not label.generic and label.node_id not in contained and not is_filler(t):
                    contained.append(label.node_id)
        suggestions = [Suggestion(id=i, name=self._nodes[i].name, score=1.0, basis="contains") for i in contained]
        for s in self.suggest(query, _SUGGESTIONS):
            if s.id not in contained:
                suggestions.append(s)
        return SkillMatch(query=query, start=tokens[0].start, end=tokens[-1].end, suggestions=tuple(suggestions[:_SUGGESTIONS]))


# -- helpers ------------------------------------------------------------------


