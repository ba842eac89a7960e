"""Words as the matcher sees them: tokens with their place in the text, and the words that name no skill.

A token keeps where it was written (``start``, ``end``: character offsets, so
a caller can highlight it), how it was written (``text``: case is evidence,
"FastAPI" is a deliberate spelling), its case-folded form and a *stem*: the
folded form without a plural ending, so "containers" meets "container" and
"LLMs" meets "LLM".  Tokens also carry the *group* they belong to: commas,
parentheses, semicolons, pipes and sentence ends separate groups, and a
curriculum label never spans two groups ("Git (branching" is not
"git branching").

The word lists here are the matcher's only hand-written vocabulary of
English: function words, the words postings and CVs wrap around skills
("experience with", "familiar with", "5+ years"), and the generic nouns a
skill may be followed by ("statistics basics", "Docker skills").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from recommender.matching_languages import FOREIGN_ALSO_ENGLISH, english_readings

__all__ = [
    "Token",
    "tokenise",
    "normalise",
    "label_readings",
    "acronym_stems",
    "alone_as_list_item",
    "stem",
    "root",
    "is_version",
    "STOP_WORDS",
    "FILLER_WORDS",
    "GENERIC_HEADS",
    "ROLE_NOUNS",
    "PLACE_NOUNS",
    "DOMAIN_WORDS",
    "ABBREVIATIONS",
    "EVERYDAY_SENSES",
    "SHORT_FORMS",
    "TECHNICAL_CONTEXT",
]

#: "&" is a word of its own, read as "and": "data structures & algorithms" is "data structures and algorithms";
#: between letters, unspaced, it joins an acronym ("DS&A", "P&L", "R&D", "W&B"): one word.
_TOKEN = re.compile(r"[^\W\d_]{1,3}&[^\W\d_]{1,3}(?![^\W_])|(?:[^\W_]|[+#])+|&")
#: What separates groups: list and clause punctuation, brackets, and a full
#: stop, colon, "!" or "?" followed by a space.  Searched between two tokens only, so a
#: stop inside a name or version ("fast.ai", "Node.js", "3.11") is no sentence end.
_GROUP_BREAK = re.compile(r"[,;()\[\]{}|\n\u2022\u00b7]|[.:!?](?=\s)")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    fold: str
    stem: str
    start: int
    end: int
    group: int
    before: str  # what separates it from the previous token

    def compounds(self) -> bool:
        """Whether this token forms one phrase with the previous one (a space or hyphen, no list mark)."""
        return self.before.strip() in ("", "-")


def stem(word: str) -> str:
    """``word`` without a plural ending, in one spelling: "libraries" -> "library", "cnns" -> "cnn",
    "optimisation" -> "optimization"; "analysis" stays; an acronym written with "&" loses it: "ds&a" -> "dsa".

    Labels and text are stemmed alike, so "optimisation" meets "optimization".
    Verb endings stay (a "cluster" is not "clustering"); see :func:`root`.
    """
    if "&" in word and word != "&":
        return word.replace("&", "")  # an acronym: "ds&a" meets the alias "dsa"
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _BRITISH.sub(lambda m: "iz" + m.group(1), word)


def _written_stem(word: str, fold: str) -> str:
    """:func:`stem` of ``fold``, with one ending it cannot see: an acronym's plural in "-is" ("APIs",
    "KPIs", "GUIs").

    :func:`stem` keeps a word ending in "is" ("analysis", "basis", "axis"), but written in capitals with a
    lower-case "s" after them, such a word is an acronym ending in "I" made plural, whatever its letters.
    """
    if len(word) >= 3 and word.endswith("Is") and word[:-1].isupper() and word[:-1].isalpha():
        return fold[:-1]
    return stem(fold)


#: What separates the items of a list of skills ("ML, Python, SQL", "ML / Python", "ML | Python").
_ITEM_MARKS = frozenset({",", "/", "|", ";", "\u2022", "\u00b7", "-"})


def alone_as_list_item(tokens: list[Token], k: int) -> bool:
    """Token ``k`` is a list item of one word: a list mark (or "and"/"or" between items) on one side at
    least, and no word of its own phrase on either ("ML, Python, SQL"; not "500 ML of water").

    A field's acronym written in capitals ("ML", "AI") is as often a unit ("500 ML") as the field; in a
    list of skills it is the field, and a reader needs nothing else to say so.
    """
    def mark(between: str) -> bool | None:
        between = between.strip()
        return True if between in _ITEM_MARKS or between.startswith((":", "\n")) else None if between == "" else False

    before = mark(tokens[k].before) if k > 0 else False
    after = mark(tokens[k + 1].before) if k + 1 < len(tokens) else False
    if before is None and k > 1 and tokens[k - 1].fold in ("and", "or"):
        before = True  # "Python, SQL and ML"
    if after is None and k + 2 < len(tokens) and tokens[k + 1].fold in ("and", "or"):
        after = True  # "ML and Python"
    return before is not None and after is not None and (before or after)


#: British "-ise" spellings, written in one (American) form: "optimisation", "normalised".
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$")
_DOUBLED = re.compile(r"([bdglmnprt])\1$")


def root(word: str) -> str:
    """A stem without its verb or action ending: "deploying", "deployed" -> "deploy";
    "evaluate", "evaluated", "evaluation" -> "evaluat".

    Used only inside labels of several words, where the other words fix the
    sense ("deployed models" is "deploying models"); a word alone keeps its
    ending, since "testing" or "clustering" is not "test" or "cluster".
    """
    word = SHORT_FORMS.get(word, word)
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and word.isalpha():
            root = word[:-len(ending)]
            return _DOUBLED.sub(r"\1", root)
    for ending, short in (("ization", "iz"), ("ation", "at")):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)] + short  # "optimization" -> "optimiz", "evaluation" -> "evaluat"
    if len(word) >= 4 and word.endswith("e") and not word.endswith("ee") and word.isalpha():
        return word[:-1]  # "tune" -> "tun", "evaluate" -> "evaluat"
    return word


def tokenise(text: str, *, foreign: bool | None = None, readings: bool = True) -> list[Token]:
    """The word tokens of ``text`` (``+`` and ``#`` count as letters: C++, C#), with offsets and groups.

    Foreign joining words and articles are folded to their English reading ("und" -> "and", "em" -> "in",
    :func:`recommender.matching_languages.english_readings`; ``foreign`` as there), so the rules about lists
    and degrees read them as they read English, and an acronym's plural loses its "s" ("APIs",
    :func:`_written_stem`).  ``readings=False`` leaves out both (the paraphrase model's documents, whose
    weights were fitted and calibrated on the words themselves)."""
    matches = list(_TOKEN.finditer(text))
    befores = [text[(matches[k - 1].end() if k else 0):m.start()] for k, m in enumerate(matches)]
    words = [m.group() for m in matches]
    english = english_readings(words, befores, foreign=foreign) if readings else [None] * len(words)
    tokens: list[Token] = []
    group = 0
    for m, before, reading in zip(matches, befores, english):
        if tokens and _GROUP_BREAK.search(before):
            group += 1
        word = m.group()
        fold = "and" if word == "&" else reading or _fold(word)
        tokens.append(Token(word, fold, _written_stem(word, fold) if readings else stem(fold), m.start(), m.end(), group, before))
    return tokens


def normalise(text: str, *, foreign: bool | None = None) -> tuple[str, ...]:
    """Case-folded word tokens of ``text``, accents left out ("&" read as "and"), foreign function words in
    their English reading (``foreign`` as for :func:`tokenise`)."""
    return tuple(t.fold for t in tokenise(text, foreign=foreign))


def label_readings(text: str) -> list[tuple[str, ...]]:
    """The ways a curriculum label is indexed: its words as :func:`normalise` reads them and, when it holds
    function words of another language that are also English ("Ciência do Comportamento"), as a foreign
    text reads them ("do" as "of"), so a label meets the text it is written in whichever way that text is
    read (see :mod:`recommender.matching_languages`); a German label with umlauts also as typed without
    them ("ueberwachtes lernen"; "uberwachtes", accents left out, is the default reading already)."""
    spellings = [text] + ([transliterated] if (transliterated := text.translate(_UMLAUTS)) != text else [])
    readings = []
    for spelling in spellings:
        tokens = tokenise(spelling)
        readings.append(tuple(t.fold for t in tokens))
        if any(t.text in FOREIGN_ALSO_ENGLISH for t in tokens):  # else a foreign text reads it the same way
            readings.append(normalise(spelling, foreign=True))
    return list(dict.fromkeys(readings))


#: German umlauts as typed without them: "ueberwachtes Lernen", "Kuenstliche Intelligenz".
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def acronym_stems(text: str) -> dict[str, str]:
    """The folds of the acronym plurals in "-is" written in ``text`` ("APIs"), with their stems ("api"):
    labels are stemmed from their folds, which no longer show the capitals (see :func:`_written_stem`)."""
    if "Is" not in text:
        return {}  # no word can be one (see _written_stem): most labels need not be read again
    return {t.fold: t.stem for t in tokenise(text) if t.stem != stem(t.fold)}


def _fold(word: str) -> str:
    """``word`` case-folded and without accents: CVs in French, Spanish or Portuguese are typed
    with and without them ("visão"/"visao", "estadística"/"estadistica")."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


_VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*x?|x)$")


def is_version(fold: str) -> bool:
    """A version or count written after a name: "3", "2", "v2", "x" (of "2.x"), "101"."""
    return bool(_VERSION.match(fold))


#: Function words: they never start or end a skill phrase and need no match.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing done down during each either etc even ever every few for
from further had has have having he her here hers him his how i if in into is it its itself
just like lot lots many may me more most much must my nor not now of off often on once one only or other our ours out over own
per plus please quite rather really same she should so such than that the their
them then there these they this those through to too under until up us very was we
well were what when where which while who whom why will with within would yes yet you your
e g ie eg via vs
still always never already sometimes usually actually currently recently mostly worth
pls plz thx thanks eli5 tldr
""".split())

#: Words that wrap a skill in postings, CVs and learners' notes without naming one:
#: how much, for how long, wanted or held (the level and year words also in the five
#: languages CVs are written in, as folded: "avanzado", "Kenntnisse", "años").  A label made only of these words
#: ("years of experience", "hands-on experience") counts only when it is the
#: whole text, never inside a sentence.
FILLER_WORDS = frozenset("""
experience experienced experiences familiar familiarity proficient proficiency expert expertise knowledge
knowledgeable understanding understand background exposure hands on working work solid strong good
great excellent advanced basic basics fundamental fundamentals intermediate beginner comfortable grasp
skilled skill skills ability able professional practical proven demonstrated track record bonus nice
preferred required requirement requirements ideally including include includes such e.g etc
know knowing known learn learning learnt learned study studying want wants need needs needed get got
build building built develop developing developed implement implementing use using used apply applying
year years yr yrs month months some bit little pretty well rn uni plus must mastery
in depth extensive certified certification certificate course courses
enthusiast enthusiastic passion passionate interest interested new area areas field fields related
getting better improve improving improved brush
basico basica basicos basicas debutant debutante principiante iniciante elementare grundkenntnisse nocoes nociones
intermedio intermedia intermediaire intermediario intermediaria experiencia esperienza erfahrung kenntnisse
conocimientos conocimiento conhecimentos competenze connaissances avanzado avanzada avanzados avanzadas avance avancee
avancado avancada avanzato avanzata fortgeschritten fortgeschrittene experto experta esperto nivel
ano anos ans jahre jahren anni
""".split())

#: Generic nouns that may follow a skill without changing what it is
#: ("statistics basics", "transformer models", "Docker skills").
GENERIC_HEADS = frozenset("""
basics fundamentals concepts concept principles theory techniques technique methods method tools tooling
skills skill knowledge models model systems system frameworks framework libraries library stack
ecosystem applications application projects project workflows workflow development engineering
practices practice solutions solution experience expertise background platform platforms services
internals baseline baselines
""".split())

#: Where a thing lives on the web ("my GitHub repo", "the Kaggle site", "a portfolio website"):
#: after a label they name the place the skill or tool is kept or shown, not another thing the
#: label modifies, so they neither block the label nor ask for a reading of their own.
PLACE_NOUNS = frozenset("""
repo repos repository repositories site sites website websites web page pages webpage webpages homepage
""".split())

#: People named by what they work in ("calculus tutor", "statistics lecturer", "vision
#: researcher"): after a one-word label they make it the person's field, not a modifier of
#: another name.  They give no technical context ("network engineer" still needs it).
ROLE_NOUNS = frozenset("""
tutor tutors teacher teachers lecturer lecturers instructor instructors professor researcher researchers
engineer engineers developer developers specialist specialists analyst analysts consultant consultants
scientist scientists practitioner practitioners architect architects lead mentor
""".split())

#: Words naming the field itself, which postings put before other skills as
#: an adjective ("ML model deployment", "deploying ML models").
DOMAIN_WORDS = frozenset({"ml", "ai"})

#: Short forms practitioners write for one word of a longer name ("hyperparam search",
#: "prob & stats", "DS & algos"), as stems; read inside labels of several words only
#: (see :func:`root`), so "stats" alone is still only what the curriculum's aliases say.
#: They are correctly spelt words, never typos ("Python lib" is no misspelt "python lists").
SHORT_FORMS = {
    "stat": "statistic", "prob": "probability", "algo": "algorithm", "hyperparam": "hyperparameter",
    "hparam": "hyperparameter", "viz": "visualization", "vis": "visualization", "optim": "optimization",
    "eval": "evaluation", "dev": "development", "env": "environment", "db": "database", "infra": "infrastructure",
    "sys": "system", "img": "image", "clf": "classifier", "reg": "regression", "mgmt": "management",
    "lib": "library", "repo": "repository", "perf": "performance",
    "comm": "communication", "collab": "collaboration", "net": "network", "eng": "engineering", "comp": "competition",
}

#: One-word labels of the curriculum that are also everyday words or terms of
#: other fields ("portfolio" of investments, "transformers" on power lines,
#: "Spark" of another product, "logging" of timber).  Judged word by word
#: from the curriculum's one-word labels, not from any corpus.  Inside a longer
#: text such a word names its node only with technical context
#: (``SkillMatcher`` checks it): another curriculum mention, a related thing
#: outside the curriculum, a word of :data:`TECHNICAL_CONTEXT`, or nothing
#: else but filler ("experience with Spark").  Stored as stems.
EVERYDAY_SENSES = frozenset(stem(w) for w in """
spark shell flask lambda vertex torch pandas containers orchestration notebooks transformers terminal bash
cloud attention transfer drift network networking vision precision recall sensitivity accuracy portfolio
testing deployment monitoring logging alerting alerts collaboration teamwork adaptability mentorship mentors
conferences workshops forums tutorials branching regression distributions gradient gradients layers trees
graphs vectors matrix matrices arrays profiling streaming retraining visualisation optimisation optimization
derivatives differentiation transformations pruning masters cart heaps blog blogging dropout clustering
""".split())

#: Words that put a text in a technical setting, so an everyday-sense label
#: beside them means its curriculum sense ("Spark jobs", "monitoring of models in production"),
#: with "data", "model", "code", "programming" and "algorithm" in the five languages CVs are also
#: written in ("Ingeniera de datos con Spark").
TECHNICAL_CONTEXT = frozenset(stem(w) for w in """
ml ai data dataset datasets model models code coding software production server servers cluster clusters
script scripts api apis app apps programming query queries job jobs framework frameworks library libraries
infrastructure compute computing algorithm algorithms neural training inference
datos dados daten donnees dati modelo modelos modele modeles modell modelle modello modelli
codigo programacion programacao programmation programmierung programmazione algoritmo algoritmos algorithme
""".split())

#: Abbreviations written as often as what they stand for; labels are indexed
#: both ways ("professional machine learning engineer" = "professional ML engineer").
ABBREVIATIONS = {
    ("machine", "learning"): ("ml",),
    ("deep", "learning"): ("dl",),
    ("artificial", "intelligence"): ("ai",),
    ("natural", "language", "processing"): ("nlp",),
    ("large", "language", "model"): ("llm",),
    ("large", "language", "models"): ("llms",),
}
