"""The small words of Spanish, French, German, Portuguese and Italian, read as their English counterparts.

CVs and postings are written in these languages too: "Kettenregel und Ableitungen",
"Licenciatura en Matemáticas", "Mestrado em Ciência da Computação", "Spark y Airflow".
The matcher's rules about lists, degrees and modifiers are written in English function
words: "and"/"or" join list items, "in"/"of" lead from a degree to its subject, and a
function word is never content that makes a label the modifier of another name.  A
foreign "und" or "em" was content to them, so "Kettenregel und" read as a compound and
"Mestrado em" as a degree modifying something.

So a foreign joining word is read as "and"/"or" and a foreign article or preposition as
"the", "of", "in", "for" or "with" (its *English reading*), in text and in the curriculum's
foreign aliases alike; "de", "da", "do", "del" and "des" all read "of", which is also
what lets "Ciência de Computação" meet "Ciência da Computação".

English is protected two ways.  A word is read only when it is written in lower case,
spaced on both sides, between two words ("e-commerce", "e.g.", "DES", "x, y and z", "I'd"
are left alone).  And words that are also English ("as", "do", "die", "os", "im") or
everyday abbreviations ("du" of disk usage) are read only in a *foreign text*: one that
also holds a word that cannot be English (:data:`FOREIGN_ONLY`).  "a" is never read: it
is English everywhere and already a function word.
"""

from __future__ import annotations

__all__ = ["FOREIGN_ONLY", "FOREIGN_ALSO_ENGLISH", "english_readings"]

#: Function words of the five languages that are no English word (in lower case, between words).
FOREIGN_ONLY = {
    # joining words
    "und": "and", "et": "and", "y": "and", "e": "and", "oder": "or", "ou": "or",
    # prepositions
    "en": "in", "em": "in", "nel": "in", "nella": "in", "para": "for", "mit": "with", "avec": "with",
    "de": "of", "da": "of", "del": "of", "des": "of", "der": "of", "di": "of", "della": "of", "delle": "of",
    "dello": "of", "degli": "of", "dei": "of", "zur": "of", "zum": "of",
    # articles
    "la": "the", "le": "the", "el": "the", "los": "the", "las": "the", "les": "the", "il": "the", "gli": "the",
}

#: Function words of the five languages that are also English words or abbreviations: read only in a foreign text.
FOREIGN_ALSO_ENGLISH = {
    "as": "the", "os": "the", "die": "the", "lo": "the", "das": "the",
    "do": "of", "dos": "of", "du": "of", "von": "of",
    "im": "in", "com": "with", "con": "with",
}

#: Words that, after them, make a foreign word a name or an English phrase: "et al.", "de facto".
_ENGLISH_AFTER = {"et": {"al"}, "de": {"facto", "jure"}}
#: Elided articles and prepositions, written before an apostrophe: "d'ingénieur", "l'apprentissage".
_ELIDED = {"d": "of", "l": "the"}
_APOSTROPHES = ("'", "\u2019")
#: Words a joining word never stands next to: "A/B testing and e commerce" holds no foreign "e".
_FUNCTION_WORDS = frozenset({"and", "or", "the", "a", "an", "of", "in", "to", *FOREIGN_ONLY, *FOREIGN_ALSO_ENGLISH})


def _between_words(k: int, words: list[str], befores: list[str]) -> bool:
    """Word ``k`` stands alone between two words: spaces on both sides, nothing else."""
    if k == 0 or k + 1 >= len(words):
        return False
    return befores[k] != "" and befores[k].isspace() and befores[k + 1] != "" and befores[k + 1].isspace()


def _readable(k: int, words: list[str], befores: list[str]) -> str | None:
    """The English reading word ``k`` may have, before knowing whether the text is foreign."""
    word = words[k]
    if word != word.lower():
        return None  # "DES", "OS", "EN", "Die Hard": written as a name or an abbreviation
    if word in _ELIDED:
        # "d'ingénieur": at the start of a word, before an apostrophe ("I'd" is English)
        if k + 1 < len(words) and befores[k + 1] in _APOSTROPHES and (k == 0 or befores[k].isspace()):
            return _ELIDED[word]
        return None
    if word not in FOREIGN_ONLY and word not in FOREIGN_ALSO_ENGLISH:
        return None
    if not _between_words(k, words, befores):
        return None
    if words[k + 1].lower() in _ENGLISH_AFTER.get(word, ()):
        return None
    if word in ("e", "y") and not all(len(w) >= 2 and w.isalpha() and w.lower() not in _FUNCTION_WORDS
                                      for w in (words[k - 1], words[k + 1])):
        return None  # "x y z", "point e 5", "and e commerce": a letter, not a joining word
    return FOREIGN_ONLY.get(word) or FOREIGN_ALSO_ENGLISH[word]


def english_readings(words: list[str], befores: list[str], *, foreign: bool | None = None) -> list[str | None]:
    """For each written word, its English reading (see the module's docstring), or ``None``.

    ``befores[k]`` is what separates word ``k`` from the one before it.  ``foreign`` says
    whether words that are also English are read: by default when the text holds a word of
    :data:`FOREIGN_ONLY` that is read; ``True`` reads them wherever they stand between words
    (the curriculum indexes its aliases both ways, so a foreign text meets them either way).
    """
    readable = [_readable(k, words, befores) for k in range(len(words))]
    if foreign is None:
        foreign = any(r is not None and (words[k] in FOREIGN_ONLY or words[k] in _ELIDED) for k, r in enumerate(readable))
    if foreign:
        return readable
    return [r if words[k] in FOREIGN_ONLY or words[k] in _ELIDED else None for k, r in enumerate(readable)]
