"""Finding mentions in a text: every run of tokens that is a label, as written or nearly.

This is the first half of the matcher's reading (docs/matching.md, "How it decides"): tokenising,
then looking each run of up to a label's length up by stems, joined form, verb and practice forms,
degree and short forms, versions glued on, a domain word left out, typos (rules 1 and 2), and, once
the first mentions are chosen, list items sharing words, other tenses and scattered words (rule 6).
Whether a candidate stands is decided afterwards, in :mod:`recommender.matching`.

:class:`MentionFinder` holds these methods for :class:`recommender.matching.SkillMatcher`, which
builds the indexes they read (``_by_stems``, ``_by_joined``, ``_by_roots``, ...) in its constructor;
it is a base class only so that matching.py stays a readable size, not a second matcher.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import product

from graph.models import Kind
from recommender.matching_context import idioms, is_filler, joins_list_items
from recommender.matching_labels import NAMED_KINDS, Mention, _Label
from recommender.matching_questions import is_question, without_frame
from recommender.matching_text import (
    DOMAIN_WORDS,
    EVERYDAY_SENSES,
    GENERIC_HEADS,
    SHORT_FORMS,
    STOP_WORDS,
    Token,
    is_version,
    root,
    stem,
    tokenise,
)
from recommender.matching_typos import DeletionIndex, ShortNames, capitals

#: Longest run of tokens tried for a misspelt or joined label.
_FUZZY_SPAN = 4
#: A scattered label ("models deployed", :func:`recommender.matching_labels.scatters`) is spread over at most this many more tokens.
_SCATTERED_GAP = 2
_JOINED_SPAN = 3
#: A verb in "-ize" (stems write "-ise" so): "quantized", "dockerizing"; group 1 is what it was made from.
_IZE_VERB = re.compile(r"([a-z]{3,})iz(?:e|ed|es|ing)")
#: A name with its major version written onto it: "TF1", "pytorch2", "keras3".
GLUED_VERSION = re.compile(r"([a-z]{2,})v?\d{1,2}")
#: Degrees as US postings abbreviate them, read only in a degree's context (:meth:`MentionFinder._degree_of`).
_DEGREE_ABBREVIATIONS = {"BS": "bachelors-degree", "BA": "bachelors-degree", "MS": "masters-degree", "MA": "masters-degree"}
_DEGREE_WORDS = {"bachelors-degree": "bachelors", "masters-degree": "masters"}


class MentionFinder:
    """The candidate-finding half of :class:`recommender.matching.SkillMatcher` (see the module docstring)."""

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
        names = [l for l in self._by_stems.get((base,), ()) if l.node_id is not None and self._nodes[l.node_id].kind in NAMED_KINDS]
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
        glued = GLUED_VERSION.fullmatch(token.fold)
        if glued is None:
            return []
        return [l for l in self._by_stems.get((stem(glued.group(1)),), ())
                if l.node_id is not None and self._nodes[l.node_id].kind in NAMED_KINDS]

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
                if not 0 <= k < len(tokens) or k in covered or not joins_list_items(tokens, min(k, m.start), max(k, m.end - 1) if k > m.start else m.start):
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
        covered |= idioms(tokens)
        for p, token in enumerate(tokens):
            if p in covered or p in taken or is_filler(token) and roots[p] not in self._by_root_word:
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
