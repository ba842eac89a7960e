"""The level a CV or a posting states for a skill: "familiar with", "solid", "5+ years", "(expert)".

A *cue* is a run of words that says how well: "familiar with" and "basic"
say beginner, "experience with" and "working knowledge" intermediate,
"expert" and "5+ years" advanced.  A cue applies to the skills after it in
the same clause ("Familiarity with Kubernetes and Docker": both beginner) up
to the next cue or the end of the sentence, and a cue right after a skill,
in brackets or after a colon ("Pandas (advanced)", "SQL: expert"), applies
to that skill alone.  No cue, no level: the caller asks.

These are proposals for a learner to confirm (issue 13, point 2), never a
knowledge state applied silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.models import Level
from recommender.matching_text import Token

__all__ = ["cues", "levels", "ADVANCED_YEARS"]

_PHRASES: dict[tuple[str, ...], Level] = {}
#: Cues of the other languages, whose adjectives follow the noun ("Python avanzado", "SQL intermédiaire").
_POSTPOSED: set[tuple[str, ...]] = set()
for _foreign, (_level, _written) in enumerate([
    (Level.BEGINNER, """familiar with | familiarity with | familiarity | basic | basics of | basics | beginner |
        some | a bit of | a little | exposure to | exposure | introductory | novice | entry level |
        learning | aware of | awareness of | basic understanding of | basic knowledge of"""),
    (Level.INTERMEDIATE, """experience | experience with | experience in | experienced in | experienced with | working knowledge of |
        working knowledge | proficient in | proficient with | proficiency in | proficient | hands on | solid |
        comfortable with | good knowledge of | good | practical experience | intermediate | competent"""),
    (Level.ADVANCED, """expert | expert in | expertise in | expertise | advanced | deep expertise | deep knowledge |
        in depth | extensive | extensive experience | strong | strong proficiency in | mastery of | mastery |
        fluent | fluency | senior | excellent"""),
    # the same cues in Spanish, French, German, Portuguese and Italian, as folded (accents left out) and with
    # their function words read in English ("experiencia en" is "experiencia in"; see matching_languages)
    (Level.BEGINNER, """basico | basica | basicos | basicas | nivel basico | conocimientos basicos | nocoes de | nociones de |
        notions of | debutant | debutante | principiante | iniciante | elementare | grundkenntnisse | grundkenntnisse in |
        grundlegende kenntnisse | conhecimentos basicos | conoscenze di base"""),
    (Level.INTERMEDIATE, """intermedio | intermedia | intermediaire | intermediario | intermediaria | nivel intermedio |
        experiencia | experiencia in | experiencia con | experiencia com | experience of | esperienza | esperienza con |
        erfahrung | erfahrung mit | erfahrung in | kenntnisse | kenntnisse in | gute kenntnisse | gute kenntnisse in |
        conocimientos | conocimientos of | conhecimentos | conhecimentos of | buenos conocimientos | bons conhecimentos |
        competenze | competenze in | connaissances | bonnes connaissances"""),
    (Level.ADVANCED, """avanzado | avanzada | avanzados | avanzadas | avance | avancee | avances | avancees | avancado |
        avancada | avanzato | avanzata | fortgeschritten | fortgeschrittene | experto | experta | experto in | esperto |
        especialista | specialiste | dominio of | dominio | maitrise | maitrise of | sehr gute kenntnisse |
        sehr gute kenntnisse in | profundo conocimiento | conocimiento profundo | nivel avanzado"""),
]):
    for _phrase in _written.split("|"):
        _PHRASES[tuple(_phrase.split())] = _level
        if _foreign >= 3:
            _POSTPOSED.add(tuple(_phrase.split()))
_LONGEST = max(len(p) for p in _PHRASES)
#: Year words: English, then as folded in Spanish and Portuguese ("años", "anos"), French, German, Italian.
_YEARS = {"year", "years", "yr", "yrs", "ano", "anos", "ans", "jahre", "jahren", "anni"}
_NUMBER = re.compile(r"^\d+\+?$")  # "5" or "5+"
#: Years of use that read as advanced; fewer read as intermediate.
ADVANCED_YEARS = 5


def cues(tokens: Sequence[Token], free: Sequence[bool]) -> list[tuple[int, int, Level]]:
    """``(start, end, level)`` token spans of every cue among the ``free`` (unmatched) tokens, longest first."""
    found = []
    i = 0
    while i < len(tokens):
        if not free[i]:
            i += 1
            continue
        years = _years(tokens, free, i)
        if years:
            found.append(years)
            i = years[1]
            continue
        for length in range(min(_LONGEST, len(tokens) - i), 0, -1):
            words = tuple(t.fold for t in tokens[i:i + length])
            if all(free[i:i + length]) and words in _PHRASES:
                found.append((i, i + length, _PHRASES[words]))
                i += length
                break
        else:
            i += 1
    return found


def _years(tokens, free, i):
    """"5+ years", "3 yrs", "for 6 years": a number then a year word (after "for", it follows its skill)."""
    first = i + 1 if tokens[i].fold == "for" else i
    if first + 1 < len(tokens) and all(free[i:first + 2]) and _NUMBER.match(tokens[first].fold) and tokens[first + 1].fold in _YEARS:
        level = Level.ADVANCED if int(tokens[first].fold.rstrip("+")) >= ADVANCED_YEARS else Level.INTERMEDIATE
        return (i, first + 2, level)
    return None


def levels(text: str, tokens: Sequence[Token], spans: Sequence[tuple[int, int]],
           found_cues: list[tuple[int, int, Level]]) -> list[Level | None]:
    """The level stated for each mention at token ``spans``, or None where the text states none.

    A cue right after a mention (in brackets, after a colon or a dash) is that
    mention's own and carries no further; any other cue applies to the
    mentions after it in its clause.
    """
    own: dict[int, Level] = {}
    attached: set[int] = set()
    for k, (_, end) in enumerate(spans):
        for c, (s, _, level) in enumerate(found_cues):
            between = text[tokens[end - 1].end:tokens[s].start] if end < len(tokens) else ""
            if end < len(tokens) and s == end and (between.strip() in _AFTER or tokens[s].fold == "for"
                                                   or _postposed(tokens, s, _, between)):
                own[k] = level
                attached.add(c)
    leading = [cue for c, cue in enumerate(found_cues) if c not in attached]
    result: list[Level | None] = []
    for k, (start, _) in enumerate(spans):
        if k in own:
            result.append(own[k])
            continue
        before = [(s, e, level) for s, e, level in leading if e <= start and _same_clause(text, tokens, e - 1, start)]
        result.append(_stated(tokens, before) if before else None)
    return result


def _postposed(tokens, s: int, e: int, between: str) -> bool:
    """A cue of another language written right after its skill, as an adjective follows its noun there:
    "Python avanzado", "SQL intermédiaire" (in English "Python advanced" is rare, and stays unread)."""
    return between.isspace() and tuple(t.fold for t in tokens[s:e]) in _POSTPOSED


def _stated(tokens, before: list[tuple[int, int, Level]]) -> Level:
    """The level the last cue before a mention states, unless it is a number of years's own noun: in "5 years
    of experience with Python" (or "5 años de experiencia en Python") the years say how much experience."""
    s, _, level = before[-1]
    if len(before) > 1:
        ys, ye, years_level = before[-2]
        if _YEARS & {tokens[ye - 1].fold} and (ye == s or ye + 1 == s and tokens[ye].fold == "of"):
            return years_level
    return level


_AFTER = {"(", ":", "-", "\u2013", "\u2014"}
_CLAUSE_END = re.compile(r"[;\n]|[.!?](?:\s|$)")


def _same_clause(text: str, tokens: Sequence[Token], cue_last: int, mention_first: int) -> bool:
    """No sentence end, semicolon or line break between the cue and the mention."""
    return not _CLAUSE_END.search(text, tokens[cue_last].end, tokens[mention_first].start)
