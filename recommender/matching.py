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

One :class:`SkillMatcher` is built per graph and cached (weakly, by graph).
scikit-learn is only imported to rank "similar" suggestions.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter
from dataclasses import dataclass, replace
from itertools import product

from graph.curriculum import CurriculumGraph
from graph.models import Kind
from recommender.matching_calibration import calibrated, reading_confidence
from recommender.matching_degrees import degree_with_subject, without_subjects
from recommender.matching_elsewhere import Elsewhere, elsewhere_terms
from recommender.matching_issuers import issuers, without_issuer
from recommender.matching_levels import cues, levels
from recommender.matching_paraphrase import EVIDENCE as PARAPHRASE_EVIDENCE, Paraphrases
from recommender.matching_questions import CAREER_CONTEXT, contributes_upstream, field_modifies, is_question, question_reading, soft_skill_reading, without_frame
from recommender.matching_similar import SimilarNodes
from recommender.matching_tenses import PastTenses
from recommender.matching_text import (
    ABBREVIATIONS,
    DOMAIN_WORDS,
    EVERYDAY_SENSES,
    FILLER_WORDS,
    GENERIC_HEADS,
    PLACE_NOUNS,
    ROLE_NOUNS,
    SHORT_FORMS,
    STOP_WORDS,
    TECHNICAL_CONTEXT,
    Token,
    acronym_stems,
    alone_as_list_item,
    is_version,
    label_readings,
    normalise,
    root,
    stem,
    tokenise,
)
from recommender.matching_typos import DeletionIndex, ShortNames, capitals
from recommender.models import SkillMatch, Suggestion

__all__ = ["SkillMatcher", "Mention", "matcher_for", "normalise"]

_SUGGESTIONS = 3
_METHOD_RANK = {"id": 0, "name": 1, "alias": 2, "elsewhere": 3, "paraphrase": 4}
#: Kinds whose labels are names (brands, products, titles), never common nouns.
_NAMED_KINDS = frozenset({Kind.TOOL, Kind.PLATFORM, Kind.CERTIFICATION})
#: Stages whose nodes are about working life (networking, portfolio, career): "a mentor in ML" (see matching_questions).
_CAREER_STAGES = frozenset({"portfolio", "network", "career"})
#: Longest run of tokens tried for a misspelt or joined label.
_FUZZY_SPAN = 4
#: A scattered label ("models deployed") has at most this many words, spread over at most this many more tokens.
_SCATTERED_WORDS = 3
_SCATTERED_GAP = 2
_JOINED_SPAN = 3
#: A curriculum mention explaining less than this share of its clause's content words is a thinner reading
#: ("Put trained models into production so other services could call them" is not about training).
_THIN_CLAUSE = 0.34
_THIN_CLAUSE_PENALTY = 0.2
_WORD = re.compile(r"(?:[^\W_]|[+#])+")
#: A verb in "-ize" (stems write "-ise" so): "quantized", "dockerizing"; group 1 is what it was made from.
_IZE_VERB = re.compile(r"([a-z]{3,})iz(?:e|ed|es|ing)")
#: A name with its major version written onto it: "TF1", "pytorch2", "keras3".
_GLUED_VERSION = re.compile(r"([a-z]{2,})v?\d{1,2}")

#: Degrees as US postings abbreviate them, read only in a degree's context (:meth:`SkillMatcher._degree_of`).
_DEGREE_ABBREVIATIONS = {"BS": "bachelors-degree", "BA": "bachelors-degree", "MS": "masters-degree", "MA": "masters-degree"}
#: Words that make what follows a thing someone owns ("my cv"), not a field of knowledge.
_POSSESSIVES = frozenset({"my", "your", "our", "his", "her", "their"})
_DEGREE_WORDS = {"bachelors-degree": "bachelors", "masters-degree": "masters"}

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
    thin: bool = False  # explains under a third of its clause's content words (see _clause_explained)


class SkillMatcher:
    """Resolve free text against one curriculum; build once, call many times."""

    def __init__(self, graph: CurriculumGraph, *, elsewhere: bool = True):
        """``elsewhere=False`` leaves out the vocabulary of things outside the curriculum (to measure what it adds)."""
        self._nodes = graph.nodes
        self._similar = SimilarNodes(graph)
        self._paraphrases = Paraphrases(graph)
        proper_words = _proper_words(graph)
        self._proper_words = frozenset(proper_words)
        labels = self._curriculum_labels(graph, proper_words)
        taken = {label.stems for label in labels} | {(label.joined,) for label in labels}
        if elsewhere:
            labels += [label for label in _elsewhere_labels() if label.stems not in taken and (label.joined,) not in taken]
        labels.sort(key=lambda l: (_METHOD_RANK[l.method], l.node_id or "", l.written))
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
                if _scatters(label, roots):
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
        self._known = _known_words(graph, labels)
        self._name_capitals = _name_capitals(graph)
        self._near_cache: dict[str, tuple[tuple[str, int], ...]] = {}
        self._related = _related_nodes(graph)
        self._tenses = PastTenses(graph, labels, self._related)
        self._issuers = issuers(graph)
        self._career = frozenset(n.id for n in graph.nodes.values() if n.stage in _CAREER_STAGES)
        #: The label a pull request sent upstream is read as (:meth:`_upstream`), if this curriculum has the node.
        self._open_source = next((l for l in self._by_stems.get(("open", "source"), ())
                                  if l.node_id == "open-source-contributions"), None)

    # -- building ---------------------------------------------------------

    @property
    def _typo_index(self) -> DeletionIndex:
        """Built on the first unknown word (about a quarter of a second): exact texts never pay for it."""
        if self._typo_index_built is None:
            self._typo_index_built = DeletionIndex(self._curriculum_words)
        return self._typo_index_built

    @property
    def _short_names(self) -> ShortNames:
        """Short names by their four-letter typos (:class:`ShortNames`), built with the typo index."""
        if self._short_names_built is None:
            self._short_names_built = ShortNames(self._short_name_folds, self._known)
        return self._short_names_built

    @staticmethod
    def _curriculum_labels(graph: CurriculumGraph, proper_words: set[str]) -> list[_Label]:
        labels = []
        for node in graph.nodes.values():
            named = node.kind in _NAMED_KINDS
            written = [("id", node.id.replace("-", " ")), ("name", node.name)]
            written += [("name", variant) for variant in _name_variants(node.name)]
            written += [("alias", alias) for alias in node.aliases]
            seen = set()
            for method, text in written:
                acronyms = acronym_stems(text)
                for variant in (v for words in label_readings(text) for v in _reordered(_abbreviated(words))):
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
        if reading is None or _rests_on_names(reading.positions, names):
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
        return m.label.method == "alias" or self._nodes[m.label.node_id].kind not in _NAMED_KINDS

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
        coverage = _clause_coverage(tokens, kept + reading)
        return [_with_evidence(m, tokens, kept + reading, coverage) for m in kept]

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
        chosen = without_issuer(chosen, tokens, self._issuers, _names_a_credential)
        chosen += self._shared_words(chosen, tokens)
        chosen = self._scattered(chosen, tokens)
        chosen += self._past_tenses(chosen, tokens)
        stand = [m for m in chosen if self._stands_in_context(m, tokens, chosen, read)]
        standing = {id(m) for m in stand}
        wanting = [m for m in chosen if id(m) not in standing and m.label.node_id is not None]
        chosen = stand
        seen: set[object] = set()
        unique = []
        coverage = _clause_coverage(tokens, chosen)
        for m in sorted(chosen, key=lambda m: m.start):
            key = m.label.node_id or m.label.thing
            if key not in seen:
                seen.add(key)
                unique.append(_with_evidence(m, tokens, chosen, coverage))
        return unique, wanting

    def _stands_in_context(self, m: Mention, tokens: list[Token], chosen: list[Mention], read: list[Mention]) -> bool:
        """Whether a chosen mention keeps its place: a degree's word by its subject (True or False when it
        decides, None when it does not), else a label needing context by the context it has."""
        by_subject = self._degree_with_subject(m, tokens, read)
        if by_subject is not None:
            return by_subject
        return (not _needs_context(m, tokens) or _in_context(m, tokens, chosen, self._related)
                or _named_twice(m, read) or self._career_context(m, tokens))

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

    # -- finding mentions ---------------------------------------------------

    def _tokenise(self, text: str) -> list[Token]:
        """:func:`tokenise`, with a word cut short and marked by a full stop read as an abbreviation, not
        a sentence end: "hyp. testing", "Feature eng. and model eval", "Func. programming".  Such a
        stop, followed by a word in lower case, does not end the clause when the word before it is
        unknown and begins label words (:meth:`_truncated`)."""
        tokens = tokenise(text)
        tokens = without_frame(tokens, self._label_words, question=is_question(text, tokens))
        joins = [k for k in range(1, len(tokens))
                 if tokens[k].group != tokens[k - 1].group and tokens[k].before.startswith(".")
                 and tokens[k].before[1:].isspace() and tokens[k].text[:1].islower()
                 and self._truncated(tokens[k - 1])]
        if not joins:
            return tokens
        shift, out = 0, []
        for k, t in enumerate(tokens):
            shift += k in joins
            out.append(replace(t, group=t.group - shift) if shift else t)
        return out

    def _truncated(self, token: Token) -> tuple[str, ...]:
        """Label words ``token`` may be the start of, written short with a full stop ("hyp." of
        *hypothesis*, "eng." of *engineering*): an unknown word of three letters or more; nothing
        for a known word ("Stat." is a short form already, "etc." a word)."""
        fold = token.fold
        if len(fold) < 3 or not fold.isalpha() or fold in self._known or token.stem in self._known:
            return ()
        found = self._truncations.get(fold)
        if found is None:
            found = tuple(sorted(w for w in self._label_words if w.startswith(fold) and len(w) >= len(fold) + 2))
            if len(self._truncations) < 10_000:
                self._truncations[fold] = found
        return found

    def _whole(self, tokens: list[Token]) -> Mention | None:
        """The whole text is one label, case, spacing, plurals and punctuation aside."""
        joined = "".join(t.stem for t in tokens)
        for label in self._by_joined.get(joined, ()):
            return Mention(0, len(tokens), label, 0, len(label.stems) != len(tokens), False, 1.0, whole=True)
        return None

    def _candidates(self, tokens: list[Token]) -> list[Mention]:
        found = []
        alternatives = [self._alternatives(t) for t in tokens]
        short = set()
        for k in range(len(tokens) - 1):
            if tokens[k + 1].before.startswith(".") and tokens[k + 1].group == tokens[k].group:
                # a word cut short ("hyp."): read like a one-edit typo of each label word it begins,
                # inside labels of several words only (a typo of one word needs five letters)
                alternatives[k] = alternatives[k] + tuple((w, 1) for w in self._truncated(tokens[k]))
                short.add(k)
        roots = [root(t.stem) for t in tokens]
        for i in range(len(tokens)):
            group = tokens[i].group
            last = i
            while last + 1 < len(tokens) and tokens[last + 1].group == group and last + 1 - i < self._longest:
                last += 1
            for j in range(i + 1, last + 2):
                stems = tuple(t.stem for t in tokens[i:j])
                folds = tuple(t.fold for t in tokens[i:j])
                labels = self._by_stems.get(stems, ())
                for label in labels:
                    found.append(Mention(i, j, label, 0, False, False, stemmed=label.folds != folds))
                if j - i > 1 and not labels:  # "deployed models": the label "deploying models" in another form
                    for label in self._by_roots.get(tuple(roots[i:j]), ()):
                        found.append(Mention(i, j, label, 0, False, False, stemmed=True))
                if j - i == 1 and not labels:
                    found += [Mention(i, j, label, 0, False, False, stemmed=True) for label in self._verb_of(tokens[i])]
                    found += [Mention(i, j, label, 0, True, False) for label in self._versioned(tokens[i])]
                    found += [Mention(i, j, label, 0, False, False, stemmed=True) for label in self._practice_of(tokens[i])]
                if j - i == 1 and not labels:
                    found += [Mention(i, j, label, 0, False, False, stemmed=True) for label in self._degree_of(tokens, i)]
                    found += [Mention(i, j, label, 0, False, False, stemmed=True) for label in self._short_form_item(tokens, i)]
                if j - i >= 3:
                    found += self._with_domain_word_left_out(tokens, i, j)
                if 2 <= j - i <= _JOINED_SPAN:
                    for label in self._by_joined.get("".join(stems), ()):
                        if len(label.stems) != j - i:
                            found.append(Mention(i, j, label, 0, True, False))
                if j - i <= _FUZZY_SPAN and not (j - i == 1 and i in short):
                    found += self._misspelt(tokens, alternatives, i, j)
        return found

    def _verb_of(self, token: Token) -> list[_Label]:
        """One-word labels ``token`` is the verb of: "quantised" of *quantisation*, "Dockerised" of *Docker*
        (an "-ise" verb made from a tool's name).  Stems hold one spelling, so "-ise" reads as "-ize".
        Nouns with an everyday sense are left out: their verbs ("optimised") are everyday English."""
        verb = _IZE_VERB.fullmatch(token.stem)
        if verb is None:
            return []
        base = verb.group(1)
        if base + "ization" in EVERYDAY_SENSES:
            return []  # "optimized SQL queries": the verb is everyday English, not mathematical optimisation
        nouns = [l for l in self._by_stems.get((base + "ization",), ()) if l.node_id is not None]
        names = [l for l in self._by_stems.get((base,), ()) if l.node_id is not None and self._nodes[l.node_id].kind in _NAMED_KINDS]
        return nouns + names

    def _practice_of(self, token: Token) -> list[_Label]:
        """One-word "-ing" labels of a practice that ``token`` writes in the past tense, as CVs do:
        "refactored" is *refactoring*, "preprocessed" *preprocessing*.  Only skills and activities,
        and none with an everyday sense ("tested", "logged", "clustered" are everyday English or
        another node's verb); the bare verb or noun ("a rebase") stays only what the aliases say."""
        if not token.stem.endswith("ed"):
            return []
        base = root(token.stem)
        return [l for l in self._by_stems.get((base + "ing",), ())
                if l.node_id is not None and base + "ing" not in EVERYDAY_SENSES
                and self._nodes[l.node_id].kind in (Kind.SKILL, Kind.ACTIVITY)]

    def _degree_of(self, tokens: list[Token], i: int) -> list[_Label]:
        """The degree a two-letter abbreviation in capitals names where a degree is meant: "BS in CS",
        "MS/PhD", "BS required; MS preferred".  Alone, "MS" is as often Microsoft ("MS Office") and
        "MA" a state, so only before "in", joined by "/" to another degree, or beside one."""
        node_id = _DEGREE_ABBREVIATIONS.get(tokens[i].text)
        if node_id is None or node_id not in self._nodes:
            return []
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = tokens[i - 1] if i > 0 else None
        degree = lambda t: t is not None and (t.text in _DEGREE_ABBREVIATIONS or t.fold == "phd")
        if not (after is not None and after.fold == "in" and after.group == tokens[i].group
                or after is not None and after.before.strip() == "/" and degree(after)
                or before is not None and tokens[i].before.strip() == "/" and degree(before)
                or any(degree(t) and t.text != tokens[i].text for t in tokens)):
            return []
        return [l for l in self._by_stems.get((stem(_DEGREE_WORDS[node_id]),), ()) if l.node_id == node_id][:1]

    def _short_form_item(self, tokens: list[Token], i: int) -> list[_Label]:
        """A practitioner's short form written alone as an item of a list of skills ("lin alg, calc,
        prob"; "SQL, viz, Python") stands for its word's one-word label: the list around it says it is a
        skill.  Alone ("prob") or inside a sentence it stays only what the aliases say (SHORT_FORMS are
        read inside labels of several words otherwise), and it needs another item that is a label."""
        token = tokens[i]
        full = SHORT_FORMS.get(token.stem)
        if full is None or any(t.group == token.group for k, t in enumerate(tokens) if k != i):
            return []
        neighbours = [t for t in tokens if abs(t.group - token.group) == 1]
        if not any(self._by_stems.get((t.stem,)) for t in neighbours):
            return []
        return [l for l in self._by_stems.get((stem(full),), ()) if l.node_id is not None][:1]

    def _versioned(self, token: Token) -> list[_Label]:
        """Names of tools and platforms ``token`` writes with a version glued on: "TF1" is TensorFlow 1,
        "PyTorch2" PyTorch 2.  Only names: "R2" or "L1" are not a language and a letter."""
        glued = _GLUED_VERSION.fullmatch(token.fold)
        if glued is None:
            return []
        return [l for l in self._by_stems.get((stem(glued.group(1)),), ())
                if l.node_id is not None and self._nodes[l.node_id].kind in _NAMED_KINDS]

    def _with_domain_word_left_out(self, tokens, i, j) -> list[Mention]:
        """"deploying ML models" is "deploying models": one inner domain word may be skipped."""
        found = []
        for k in range(i + 1, j - 1):
            if tokens[k].fold in DOMAIN_WORDS:
                stems = tuple(t.stem for n, t in enumerate(tokens[i:j], i) if n != k)
                for label in self._by_stems.get(stems, ()):
                    if label.node_id is not None:
                        found.append(Mention(i, j, label, 0, False, True))
        return found

    def _alternatives(self, token: Token) -> tuple[tuple[str, int], ...]:
        """Label words ``token`` may stand for: itself, and the words it may be a typo of."""
        if token.fold in self._known or token.stem in self._known or is_version(token.fold) or not token.fold.isalpha():
            return ((token.stem, 0),)
        near = self._near_cache.get(token.fold)
        if near is None:
            near = tuple(self._typo_index.near(token.fold)) or self._short_typo(token)
            if len(self._near_cache) < 50_000:  # bounded: a posting's rare words, not every text ever seen
                self._near_cache[token.fold] = near
        written = capitals(token.text)
        if written and not token.text.isupper():
            near = tuple((w, e) for w, e in near if self._name_capitals.get(w, written) == written)
        return ((token.stem, 0),) + near

    def _short_typo(self, token: Token) -> tuple[tuple[str, int], ...]:
        """A four-letter word one edit from exactly one short name and no English word ("Bsah", "Kers",
        "Flsk"): names are short, so :func:`budget` protects them, yet CVs typed in haste misspell
        them as often as long ones; one neighbour only, so "Dask" or "Dash" is never bent into another.
        An acronym written in capitals ("DDPM") or its plural ("VPCs", "GPUs") is a deliberate
        spelling of another name, not a typo."""
        text = token.text
        if text.isupper() or len(text) == 4 and text[:3].isupper() and text[3] == "s":
            return ()
        return tuple((stem(w), e) for w, e in self._short_names.near(token.fold))

    def _misspelt(self, tokens, alternatives, i, j) -> list[Mention]:
        """Curriculum labels the tokens ``i:j`` spell with typos, word by word or joined."""
        span = alternatives[i:j]
        found = []
        if any(len(a) > 1 for a in span):
            for combination in product(*span):
                edits = sum(e for _, e in combination)
                if edits == 0:
                    continue
                stems = tuple(w for w, _ in combination)
                for label in self._by_stems.get(stems, ()):
                    if label.node_id is not None:
                        found.append(Mention(i, j, label, edits, False, False))
                if j - i == 1:
                    for label in self._by_joined.get(stems[0], ()):
                        if label.node_id is not None and len(label.stems) > 1:
                            found.append(Mention(i, j, label, edits, True, False))
        if (2 <= j - i <= _JOINED_SPAN and any(t.fold not in self._known and t.stem not in self._known for t in tokens[i:j])
                and tokens[i].fold not in STOP_WORDS and tokens[j - 1].fold not in STOP_WORDS):
            joined = "".join(t.stem for t in tokens[i:j])
            for word, edits in self._typo_index.near(joined):
                for label in self._by_joined.get(word, ()):
                    if label.node_id is not None:
                        found.append(Mention(i, j, label, edits, True, False))
        return found

    def _past_tenses(self, chosen: list[Mention], tokens: list[Token]) -> list[Mention]:
        """Past tenses of everyday-sense practices in their own node's context (:mod:`recommender.matching_tenses`)."""
        return [Mention(k, k + 1, label, 0, False, False, stemmed=True)
                for k, label in self._tenses.found(chosen, tokens)]

    def _shared_words(self, chosen: list[Mention], tokens: list[Token]) -> list[Mention]:
        """Labels written once for two items of a list: "linear and logistic regression" also names
        linear regression (a shared head), "train and evaluate models" also model training, and
        "model training and evaluation" also model evaluation (a shared modifier)."""
        covered = {k for m in chosen for k in range(m.start, m.end)}
        found = []
        for m in chosen:
            stems = m.label.stems
            if m.label.node_id is None or len(stems) < 2 or m.end - m.start != len(stems):
                continue
            for k, rest in ((m.start - 2, stems[1:]), (m.end + 1, stems[:-1])):
                if not 0 <= k < len(tokens) or k in covered or not _joins_list_items(tokens, min(k, m.start), max(k, m.end - 1) if k > m.start else m.start):
                    continue
                words = (tokens[k].stem, *rest) if k < m.start else (*rest, tokens[k].stem)
                for label in self._by_stems.get(words, ()) or self._by_roots.get(tuple(map(root, words)), ()):
                    if label.node_id is not None and label.node_id != m.label.node_id:
                        found.append(Mention(k, k + 1, label, 0, False, True))
                        covered.add(k)
                        break
        return found

    def _scattered(self, chosen: list[Mention], tokens: list[Token]) -> list[Mention]:
        """``chosen`` with the labels of two or three words written apart or in another order within a
        clause, on words nothing else explains: "models deployed behind an API" is "deploying models".

        A one-word label already chosen, common noun or name, may be taken into such a label, which
        then replaces it (the longer reading first, as everywhere): "tune hyperparameters" is
        *hyperparameter tuning*, not the bare alias "hyperparameters", and "top 3 % on Kaggle in a
        tabular comp" is *Kaggle competitions*, not also the site (a one-word reading is the thinner one)."""
        single = {m.start: m for m in chosen if m.label.node_id is not None and m.end - m.start == 1 and not m.edits}
        covered = {k for m in chosen for k in range(m.start, m.end) if m.start not in single or k != m.start}
        named = {m.label.node_id for m in chosen if m.start not in single}
        found: dict[str, Mention] = {}
        taken: set[int] = set()
        roots = [root(t.stem) for t in tokens]
        covered |= _idioms(tokens)
        for p, token in enumerate(tokens):
            if p in covered or p in taken or _is_filler(token) and roots[p] not in self._by_root_word:
                continue
            for label, words in self._by_root_word.get(roots[p], ()):
                if label.node_id in found or label.node_id in named:
                    continue
                at = {}
                for k in range(p, min(len(tokens), p + len(words) + _SCATTERED_GAP)):
                    if tokens[k].group != token.group:
                        break
                    shared_head = k in taken and k != p and (tokens[k].fold in GENERIC_HEADS or tokens[k].stem in GENERIC_HEADS)
                    if k not in covered and (k not in taken or shared_head) and roots[k] in words and roots[k] not in at:
                        at[roots[k]] = k
                if len(at) == len(words) and at[roots[p]] == p:
                    added = [tokens[k] for k in at.values() if k not in single]
                    if len(added) < len(at) and all(t.fold in GENERIC_HEADS or t.stem in GENERIC_HEADS for t in added):
                        continue  # "monitoring for ML systems": a generic noun adds nothing to "monitoring"
                    end = max(at.values()) + 1
                    found[label.node_id] = Mention(p, end, label, 0, False, False, stemmed=True, scattered=True)
                    taken.update(at.values())
        replaced = {id(single[k]) for k in taken if k in single}
        kept = [m for m in chosen if id(m) not in replaced]
        again = {m.label.node_id for m in kept}
        return kept + [m for m in found.values() if m.label.node_id not in again]

    def _degree_with_subject(self, m: Mention, tokens: list[Token], read: list[Mention]) -> bool | None:
        """A degree's word read by the subject after it ("Masters in Statistics"; :mod:`recommender.matching_degrees`)."""
        return degree_with_subject(m, tokens, read, self._is_degree, self._is_subject)

    def _without_degree_subjects(self, chosen: list[Mention], tokens: list[Token]) -> list[Mention]:
        """"MSc in Statistics", "BSc in CS, Mathematics or Statistics": the subjects are part of the degree
        (:mod:`recommender.matching_degrees`)."""
        return without_subjects(chosen, tokens, self._is_degree, self._is_subject,
                                lambda m: self._nodes[m.label.node_id].stage == "foundations")

    def _is_degree(self, m: Mention) -> bool:
        return m.label.node_id is not None and self._nodes[m.label.node_id].kind is Kind.EDUCATION

    def _is_subject(self, m: Mention) -> bool:
        """A curriculum mention one can take a degree in: not a name, another degree or a language."""
        return self._nodes[m.label.node_id].kind not in _NAMED_KINDS and not self._is_degree(m) and not self._language(m)

    def _language(self, m: Mention) -> bool:
        """A skill the curriculum writes as a name, in one word ("Python", "SQL"): a language one writes in,
        not a field one takes a degree in, so it ends a degree's list ("MSc in Data Science, Python, SQL")."""
        return (self._nodes[m.label.node_id].kind is Kind.SKILL and len(m.label.folds) == 1
                and m.label.folds[0] in self._proper_words)

    @staticmethod
    def _choose(candidates: list[Mention], n: int) -> list[Mention]:
        """Longest first, then fewest edits, the curriculum before things elsewhere; no overlaps."""
        order = sorted(candidates, key=lambda m: (
            -(m.end - m.start), m.edits, m.joined or m.inserted, m.stemmed, m.label.node_id is None,
            _METHOD_RANK[m.label.method], m.start, m.label.node_id or "", m.label.written))
        covered = [False] * n
        chosen = []
        for m in order:
            if any(covered[m.start:m.end]):
                continue
            covered[m.start:m.end] = [True] * (m.end - m.start)
            chosen.append(m)
        return chosen

    def _stands(self, m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
        """Whether a chosen mention is the skill itself, not filler, a stray short word or a modifier."""
        label = m.label
        written = tokens[m.start:m.end]
        if label.generic:
            return False
        if label.cased and len(tokens) > 1 and (sense := self._acronym_sense(m, tokens)) is not None:
            return sense
        if label.cased and not self._written_as_curriculum_does(label, written, _hyphenated(tokens, m)) and not (
                self._field_in_a_list(m, tokens, chosen)):
            return False
        if label.thing is not None and not _written_like(label.written, written):
            return False
        if label.node_id is None or m.end - m.start != 1:
            return True
        token = written[0]
        if token.fold in DOMAIN_WORDS and _next_is_mention(m, tokens, chosen):
            return False  # "ML model deployment": the field, as an adjective
        if label.proper or _written_as_name(token) or token.fold.endswith("ing") or label.folds[0].endswith("ing"):
            return True  # names and activities ("refactoring legacy code", "refactored legacy code") head their own phrase
        if m.stemmed and token.fold.endswith("ed") and token.fold not in label.folds:
            return True  # a practice's participle before its object ("vectorised ops", "quantised weights")
        if _follows_mention(m, tokens, chosen) and not self._practice_after_name(m, tokens, chosen):
            return False  # "LSTM networks", "random forest classifier": the head noun of another name
        return not _modifies_unexplained(m, tokens, chosen)

    def _field_in_a_list(self, m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
        """A field's acronym in capitals ("ML") written alone as an item of a list beside another item that is
        a curriculum mention: "ML, Python, SQL" is machine learning, "500 ML of water" is not (:func:`alone_as_list_item`)."""
        token = tokens[m.start]
        return (m.end - m.start == 1 and token.fold in DOMAIN_WORDS and token.text.isupper()
                and alone_as_list_item(tokens, m.start)
                and any(o.label.node_id is not None and o.start != m.start and not o.label.cased for o in chosen))

    def _practice_after_name(self, m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
        """A practice named by a noun of action ("vectorisation", "regularization") right after a tool's or
        platform's name is a second skill, not the name's head noun: "NumPy vectorisation" is NumPy and
        vectorisation, as "LSTM networks" is not LSTMs and networks.  Everyday-sense nouns
        ("Spark optimization", "TensorFlow deployment") keep the head-noun reading."""
        word = tokens[m.start].stem
        if word in EVERYDAY_SENSES or not word.endswith(("ation", "ization", "ment")):
            return False
        return any(o.end == m.start and o.label.node_id is not None and self._nodes[o.label.node_id].kind in _NAMED_KINDS
                   for o in chosen)

    def _acronym_sense(self, m: Mention, tokens: list[Token]) -> bool | None:
        """Whether a two-letter acronym of a field ("CV", "DL", "RL") means the field, decided by the
        word after it in its phrase: a technical word ("CV engineer", "DL models", "cv pipeline") makes
        it the field however it is cased; any other content word ("my CV template", "cv writing
        tips") makes it something else (a CV is also a résumé).  ``None`` when there is no such
        word (the end of a phrase, a list mark, a function word): the other rules decide, unless a
        possessive stands right before it ("updated my cv", "send us your CV").  Names of
        tools ("TF", "NP") and the domain words ("ML models") keep their own rules."""
        label = m.label
        if (m.end - m.start != 1 or len(label.joined) != 2 or label.node_id is None or label.joined in DOMAIN_WORDS
                or self._nodes[label.node_id].kind in _NAMED_KINDS or not tokens[m.start].text.isalpha()):
            return None
        if not _adjacent(tokens, m.end, m.end - 1) or tokens[m.end].before == "-" or _is_filler(tokens[m.end]):
            # nothing after it: "updated my cv" owns a document, not a field
            return False if m.start > 0 and tokens[m.start - 1].fold in _POSSESSIVES and _adjacent(tokens, m.start - 1, m.start) else None
        after = tokens[m.end]
        return any(w in self._label_words or w in TECHNICAL_CONTEXT or w in GENERIC_HEADS or w in ROLE_NOUNS
                   for w in (after.fold, after.stem))

    def _written_as_curriculum_does(self, label: _Label, written: list[Token], hyphenated: bool) -> bool:
        """A label of one or two letters counts inside a text only as the curriculum writes it, or,
        for a tool or platform, as the capitals of its name ("TF" for TensorFlow, "NP" for NumPy),
        a version glued on or not ("TF1"), unless hyphenated to another word ("TF-IDF"): "R", "CV"
        or "PD" in capitals name nothing here."""
        texts = [t.text for t in written]
        if len(texts) == 1 and (glued := _GLUED_VERSION.fullmatch(texts[0].casefold())):
            texts = [texts[0][:len(glued.group(1))]]
        if texts == _WORD.findall(label.written):
            return True
        node = self._nodes[label.node_id] if label.node_id is not None else None
        if node is None or node.kind not in _NAMED_KINDS or hyphenated or len(texts) != 1 or not texts[0].isupper():
            return False
        return any(w[0] + capitals(w) == texts[0] for w in _WORD.findall(node.name) if capitals(w))

    # -- results ------------------------------------------------------------

    def _results(self, query: str, tokens: list[Token], mentions: list[Mention]) -> list[SkillMatch]:
        taken = [False] * len(tokens)
        for m in mentions:
            taken[m.start:m.end] = [True] * (m.end - m.start)
        found_cues = cues(tokens, [not t for t in taken])
        stated = levels(query, tokens, [(m.start, m.end) for m in mentions], found_cues)
        whole = len(mentions) == 1 and all(
            taken[k] or _is_filler(t) for k, t in enumerate(tokens))
        results = []
        for m, level in zip(mentions, stated):
            start, end = tokens[m.start].start, tokens[m.end - 1].end
            words = query if whole else query[start:end]
            if m.label.node_id is None:
                results.append(self._elsewhere(words, m.label.thing, start, end, level))
            else:
                node = self._nodes[m.label.node_id]
                results.append(SkillMatch(
                    query=words, id=node.id, name=node.name, confidence=_confidence(m),
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
                if label.node_id and not label.generic and label.node_id not in contained and not _is_filler(t):
                    contained.append(label.node_id)
        suggestions = [Suggestion(id=i, name=self._nodes[i].name, score=1.0, basis="contains") for i in contained]
        for s in self.suggest(query, _SUGGESTIONS):
            if s.id not in contained:
                suggestions.append(s)
        return SkillMatch(query=query, start=tokens[0].start, end=tokens[-1].end, suggestions=tuple(suggestions[:_SUGGESTIONS]))


# -- helpers ------------------------------------------------------------------


def _with_evidence(m: Mention, tokens: list[Token], chosen: list[Mention],
                   coverage: dict[int, tuple[int, int]]) -> Mention:
    """``m`` with its evidence: how strongly the words support it, before calibration
    (``coverage``: :func:`_clause_coverage` of ``chosen``)."""
    if m.evidence:
        return m
    label = m.label
    length = max(len(label.joined), 1)
    score = 0.95 if label.proper or m.end - m.start > 1 else 0.85
    if m.edits:
        score -= 0.6 * m.edits / length + 0.08
    if m.joined:
        score -= 0.05
    if m.inserted:
        score -= 0.05
    if m.scattered:
        score -= 0.15
    if _unexplained_neighbour(m, tokens, chosen, before=True):
        score -= 0.1
    if _unexplained_neighbour(m, tokens, chosen, before=False):
        score -= 0.1
    thin = _clause_explained(m, tokens, coverage) < _THIN_CLAUSE
    if thin:
        score -= _THIN_CLAUSE_PENALTY
    return Mention(m.start, m.end, m.label, m.edits, m.joined, m.inserted, round(max(score, 0.05), 3), m.stemmed,
                   scattered=m.scattered, thin=thin)


def _confidence(m: Mention) -> float:
    """Certain for a whole-text label, the calibrated evidence otherwise; a paraphrase reading is a proposal."""
    if m.whole:
        return 1.0
    return reading_confidence(m.evidence) if m.label.method == "paraphrase" else calibrated(m.evidence)


def _clause_coverage(tokens: list[Token], chosen: list[Mention]) -> dict[int, tuple[int, int]]:
    """For each clause (token group), how many of its content words (filler left out) some mention
    in ``chosen`` explains, and how many it has: counted once per text, not once per mention."""
    covered = {k for o in chosen for k in range(o.start, o.end)}
    counts: dict[int, tuple[int, int]] = {}
    for k, t in enumerate(tokens):
        if not _is_filler(t):
            explained, content = counts.get(t.group, (0, 0))
            counts[t.group] = (explained + (k in covered), content + 1)
    return counts


def _clause_explained(m: Mention, tokens: list[Token], coverage: dict[int, tuple[int, int]]) -> float:
    """The share of the content words of ``m``'s clause that some mention explains.

    A label that accounts for two words of a ten-word clause may be the text's subject or only a
    word it shares with the curriculum; across the tuning corpora such mentions are right far less
    often than mentions that explain most of their clause.
    """
    groups = {tokens[k].group for k in range(m.start, m.end)}
    explained = sum(coverage.get(g, (0, 0))[0] for g in groups)
    content = sum(coverage.get(g, (0, 0))[1] for g in groups)
    return explained / content if content else 1.0


def _needs_context(m: Mention, tokens: list[Token]) -> bool:
    """A one-word curriculum label that is also an everyday word, not written as a name (see EVERYDAY_SENSES)."""
    if m.label.node_id is None or m.end - m.start != 1 or m.edits:
        return False
    token = tokens[m.start]
    return token.stem in EVERYDAY_SENSES and not _written_as_name(token)


def _in_context(m: Mention, tokens: list[Token], chosen: list[Mention], related: dict[str, frozenset[str]]) -> bool:
    """Whether the rest of the text puts ``m`` in its technical sense.

    It does when another curriculum mention stands beside it (one that needs
    no context itself, or a node next to it in the graph: "precision and
    recall"), when a thing outside the curriculum it relates to is
    named ("Spark on Databricks"), when a word of TECHNICAL_CONTEXT is there,
    or when nothing else is said but filler ("experience with Spark").
    """
    others = [o for o in chosen if o is not m]
    for o in others:
        if o.label.node_id is not None and (
                not _needs_context(o, tokens) or o.label.node_id in related.get(m.label.node_id, ())):
            return True
        if o.label.thing is not None and m.label.node_id in o.label.thing.related:
            return True
    covered = {k for o in others for k in range(o.start, o.end)}
    rest = [t for k, t in enumerate(tokens) if k not in covered and not m.start <= k < m.end]
    if any(t.stem in TECHNICAL_CONTEXT or t.fold in TECHNICAL_CONTEXT for t in rest):
        return True
    return all(_is_filler(t) or t.fold in GENERIC_HEADS or t.stem in GENERIC_HEADS or _names_a_place(t) or k in covered
               for k, t in enumerate(rest))


def _named_twice(m: Mention, read: list[Mention]) -> bool:
    """Another label of ``m``'s node is written elsewhere in the text, even as a modifier: "attention
    heads in transformers" is about the architecture, not power lines or paying attention."""
    return any(o.start != m.start and o.label.node_id == m.label.node_id for o in read)


def _related_nodes(graph: CurriculumGraph) -> dict[str, frozenset[str]]:
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


#: Filler phrases whose words may also be a label's ("track" of *experiment tracking*): a scattered
#: label never takes them in ("a track record of running experiments" tracks nothing).
_FILLER_PHRASES = (("track", "record"),)


def _idioms(tokens: list[Token]) -> set[int]:
    """Positions of the words of a filler phrase (:data:`_FILLER_PHRASES`) written in ``tokens``."""
    found = set()
    for phrase in _FILLER_PHRASES:
        for k in range(len(tokens) - len(phrase) + 1):
            if tuple(t.fold for t in tokens[k:k + len(phrase)]) == phrase:
                found.update(range(k, k + len(phrase)))
    return found


def _rests_on_names(positions: tuple[int, ...], names: list[Mention]) -> bool:
    """A paraphrase reading beside names that stay shares fewer than two words with its node that those
    names leave unexplained: "AWS Solutions Architect - Associate" shares "AWS" with the AWS exam, but
    AWS is already read as the platform, and one word ("associate") is too thin a reading."""
    named = {k for m in names for k in range(m.start, m.end)}
    return bool(names) and sum(k not in named for k in positions) < 2


def _names_a_place(token: Token) -> bool:
    """A word for where a thing is kept on the web (PLACE_NOUNS): "portfolio site", "GitHub repo".  After a
    label it names where the skill is shown, not a thing the label modifies ("portfolio site" is still the
    portfolio), and beside an everyday-sense label it says nothing against the label's sense."""
    return token.fold in PLACE_NOUNS or token.stem in PLACE_NOUNS


def _names_a_credential(token: Token) -> bool:
    """A word between an issuer and its certification's name: "AWS Certified ...", "Google Cloud's ..."."""
    return token.fold in FILLER_WORDS or token.fold == "s"


def _is_filler(token: Token) -> bool:
    return token.fold in STOP_WORDS or token.fold in FILLER_WORDS or is_version(token.fold)


def _unexplained_neighbour(m: Mention, tokens: list[Token], chosen: list[Mention], *, before: bool) -> bool:
    """The token right before (or after) ``m``, in its clause, is content no mention explains."""
    k = m.start - 1 if before else m.end
    if not _adjacent(tokens, k, m.start if before else m.end - 1):
        return False
    token = tokens[k]
    if _is_filler(token) or token.fold in GENERIC_HEADS or token.stem in GENERIC_HEADS or not before and _names_a_place(token):
        return False
    return not any(o.start <= k < o.end for o in chosen)


def _modifies_unexplained(m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
    """A one-word common noun directly followed by a word nothing explains modifies another name,
    unless that word names a person by their field ("calculus tutor")."""
    if _adjacent(tokens, m.end, m.end - 1) and tokens[m.end].fold in ROLE_NOUNS:
        return False
    return _unexplained_neighbour(m, tokens, chosen, before=False)


def _adjacent(tokens: list[Token], k: int, inside: int) -> bool:
    """Whether token ``k`` forms one phrase with token ``inside`` next to it (not "A/B", "A, B", "A and B")."""
    if k < 0 or k >= len(tokens):
        return False
    later = tokens[max(k, inside)]
    return later.group == tokens[min(k, inside)].group and later.compounds()


def _scatters(label: _Label, roots: tuple[str, ...]) -> bool:
    """Whether a label may be found with its words apart: two or three distinct words, no filler,
    at most one generic noun ("deploying models", not "machine learning models")."""
    return (len(roots) <= _SCATTERED_WORDS and len(set(roots)) == len(roots) and not label.generic
            and not any(w in STOP_WORDS or w in FILLER_WORDS for w in label.folds)
            and sum(w in GENERIC_HEADS for w in label.folds) <= 1)


def _joins_list_items(tokens: list[Token], first: int, last: int) -> bool:
    """Tokens ``first`` and ``last`` are two items of one list: "and", "or", "&" or "/" between them."""
    if tokens[first].group != tokens[last].group or last - first != 2 and last - first != 1:
        return False
    if last - first == 2:
        return tokens[first + 1].fold in ("and", "or")
    return tokens[last].before.strip() == "/"


def _hyphenated(tokens: list[Token], m: Mention) -> bool:
    """``m``'s words are joined by a hyphen to the word before or after them ("TF-IDF")."""
    return tokens[m.start].before == "-" and m.start > 0 or m.end < len(tokens) and tokens[m.end].before == "-"


def _follows_mention(m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
    """``m`` directly follows another curriculum mention as its head noun ("LSTM networks"); two labels
    joined by a hyphen are a pair, not a name and its head ("precision-recall", "encoder-decoder")."""
    if tokens[m.start].before == "-":
        return False
    return _adjacent(tokens, m.start - 1, m.start) and any(
        o.end == m.start and o.label.node_id is not None for o in chosen)


def _next_is_mention(m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
    return _adjacent(tokens, m.end, m.end - 1) and any(
        o.start == m.end and o.label.node_id is not None for o in chosen)


def _written_as_name(token: Token) -> bool:
    """Capitals inside a word or an acronym ("SQL", "RAG", "PyTorch"): written as a name."""
    text = token.text
    return (len(text) >= 2 and text.isupper()) or bool(capitals(text) and not text.isupper())


def _written_like(written: str, tokens: list[Token]) -> bool:
    """Inside a text, a name the vocabulary capitalises must be written with a capital."""
    words = _WORD.findall(written)
    if len(words) != len(tokens):
        return True
    for word, token in zip(words, tokens):
        if word != word.lower() and token.text == token.text.lower():
            return False
    return True


def _name_variants(name: str) -> list[str]:
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


def _abbreviated(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``words``, plus the same with each known expansion abbreviated ("machine learning" -> "ml") or expanded."""
    variants = [words]
    for long, short in ABBREVIATIONS.items():
        for source, target in ((long, short), (short, long)):
            for k in range(len(words) - len(source) + 1):
                if words[k:k + len(source)] == source and len(words) > len(source):
                    variants.append(words[:k] + target + words[k + len(source):])
    return list(dict.fromkeys(variants))


def _reordered(variants: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each variant, plus "B and A" for "A and B": "statistics and probability" names what
    "probability and statistics" does."""
    out = list(variants)
    for words in variants:
        if words.count("and") == 1 and words[0] != "and" and words[-1] != "and":
            k = words.index("and")
            out.append(words[k + 1:] + ("and",) + words[:k])
    return list(dict.fromkeys(out))


def _elsewhere_labels() -> list[_Label]:
    labels = []
    for spelling, cased, thing in elsewhere_terms():
        words = normalise(spelling)
        if not words:
            continue
        joined = "".join(words)
        labels.append(_Label(None, "elsewhere", spelling, words, tuple(stem(w) for w in words), True, False,
                             cased or len(joined) <= 3, thing))
    return labels


def _proper_words(graph: CurriculumGraph) -> set[str]:
    """Words the curriculum's descriptions write capitalised inside sentences more often than not (names)."""
    capital, lower = Counter(), Counter()
    for node in graph.nodes.values():
        for sentence in re.split(r"[.!?:;]\s+", node.description):
            for word in _WORD.findall(sentence)[1:]:
                (capital if word[0].isupper() else lower)[word.casefold()] += 1
    return {w for w in capital if capital[w] > lower[w]}


def _known_words(graph: CurriculumGraph, labels: list[_Label]) -> frozenset[str]:
    """Words spelt correctly by definition: the curriculum's own text, every label, the word lists."""
    words = set(STOP_WORDS) | FILLER_WORDS | GENERIC_HEADS | ROLE_NOUNS | TECHNICAL_CONTEXT | set(SHORT_FORMS)
    for node in graph.nodes.values():
        for word in normalise(f"{node.name} {node.description}"):
            words.update((word, stem(word)))
    for label in labels:
        words.update(label.stems)
        words.add(label.joined)
    return frozenset(words)


def _name_capitals(graph: CurriculumGraph) -> dict[str, str]:
    """For each word of a node's name written with inner capitals, those capitals ("pytorch": "T")."""
    found = {}
    for node in graph.nodes.values():
        for word in _WORD.findall(node.name):
            if capitals(word) and not word.isupper():
                found[stem(word.casefold())] = capitals(word)
    return found
