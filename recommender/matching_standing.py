"""Deciding which mentions stand: of overlapping candidates, which one; and whether a candidate counts at all.

The second half of the matcher's reading (docs/matching.md, "How it decides"): longest and most exact
mention first (rule 3), a common noun that modifies an unexplained word left out (rule 4), very short
labels only as written (rule 4), acronyms read by the word after them, and a degree's subjects read as
part of the degree (rule 6; :mod:`recommender.matching_degrees`).

:class:`StandingRules` holds these methods for :class:`recommender.matching.SkillMatcher`, whose
constructor builds what they read (``_nodes``, ``_proper_words``, ...); it is a base class only so
that matching.py stays a readable size.
"""

from __future__ import annotations

from graph.models import Kind
from recommender.matching_context import (
    adjacent,
    follows_mention,
    hyphenated,
    is_filler,
    modifies_unexplained,
    next_is_mention,
    written_as_name,
    written_like,
)
from recommender.matching_degrees import degree_with_subject, without_subjects
from recommender.matching_labels import NAMED_KINDS, WORD, Mention, _Label
from recommender.matching_mentions import GLUED_VERSION
from recommender.matching_text import (
    DOMAIN_WORDS,
    EVERYDAY_SENSES,
    GENERIC_HEADS,
    ROLE_NOUNS,
    TECHNICAL_CONTEXT,
    Token,
    alone_as_list_item,
)
from recommender.matching_typos import capitals

METHOD_RANK = {"id": 0, "name": 1, "alias": 2, "elsewhere": 3, "paraphrase": 4}
#: Words that make what follows a thing someone owns ("my cv"), not a field of knowledge.
_POSSESSIVES = frozenset({"my", "your", "our", "his", "her", "their"})


class StandingRules:
    """The deciding half of :class:`recommender.matching.SkillMatcher` (see the module docstring)."""

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
        return self._nodes[m.label.node_id].kind not in NAMED_KINDS and not self._is_degree(m) and not self._language(m)

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
            METHOD_RANK[m.label.method], m.start, m.label.node_id or "", m.label.written))
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
        if label.cased and not self._written_as_curriculum_does(label, written, hyphenated(tokens, m)) and not (
                self._field_in_a_list(m, tokens, chosen)):
            return False
        if label.thing is not None and not written_like(label.written, written):
            return False
        if label.node_id is None or m.end - m.start != 1:
            return True
        token = written[0]
        if token.fold in DOMAIN_WORDS and next_is_mention(m, tokens, chosen):
            return False  # "ML model deployment": the field, as an adjective
        if label.proper or written_as_name(token) or token.fold.endswith("ing") or label.folds[0].endswith("ing"):
            return True  # names and activities ("refactoring legacy code", "refactored legacy code") head their own phrase
        if m.stemmed and token.fold.endswith("ed") and token.fold not in label.folds:
            return True  # a practice's participle before its object ("vectorised ops", "quantised weights")
        if follows_mention(m, tokens, chosen) and not self._practice_after_name(m, tokens, chosen):
            return False  # "LSTM networks", "random forest classifier": the head noun of another name
        return not modifies_unexplained(m, tokens, chosen)

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
        return any(o.end == m.start and o.label.node_id is not None and self._nodes[o.label.node_id].kind in NAMED_KINDS
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
                or self._nodes[label.node_id].kind in NAMED_KINDS or not tokens[m.start].text.isalpha()):
            return None
        if not adjacent(tokens, m.end, m.end - 1) or tokens[m.end].before == "-" or is_filler(tokens[m.end]):
            # nothing after it: "updated my cv" owns a document, not a field
            return False if m.start > 0 and tokens[m.start - 1].fold in _POSSESSIVES and adjacent(tokens, m.start - 1, m.start) else None
        after = tokens[m.end]
        return any(w in self._label_words or w in TECHNICAL_CONTEXT or w in GENERIC_HEADS or w in ROLE_NOUNS
                   for w in (after.fold, after.stem))

    def _written_as_curriculum_does(self, label: _Label, written: list[Token], hyphenated: bool) -> bool:
        """A label of one or two letters counts inside a text only as the curriculum writes it, or,
        for a tool or platform, as the capitals of its name ("TF" for TensorFlow, "NP" for NumPy),
        a version glued on or not ("TF1"), unless hyphenated to another word ("TF-IDF"): "R", "CV"
        or "PD" in capitals name nothing here."""
        texts = [t.text for t in written]
        if len(texts) == 1 and (glued := GLUED_VERSION.fullmatch(texts[0].casefold())):
            texts = [texts[0][:len(glued.group(1))]]
        if texts == WORD.findall(label.written):
            return True
        node = self._nodes[label.node_id] if label.node_id is not None else None
        if node is None or node.kind not in NAMED_KINDS or hyphenated or len(texts) != 1 or not texts[0].isupper():
            return False
        return any(w[0] + capitals(w) == texts[0] for w in WORD.findall(node.name) if capitals(w))
