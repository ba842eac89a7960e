"""A degree's subjects are part of the degree, not skills of their own.

"MSc in Statistics" says the writer holds a master's degree; it does not claim
statistics as a skill beside it, any more than "BSc in Physics" claims physics.
Postings and CVs name several subjects at once ("BSc in Computer Science,
Mathematics or Statistics", "MS/PhD in CS, Statistics or a related field"): a
reader takes the whole list as the degree's field, so every item of it is part
of the degree.  The list ends where its items stop looking like subjects: an
item of more than three words ("3 years of Python") or with filler ("preferred"), one naming a tool or a
platform, another degree ("BSc Maths, MSc Data Science"), or anything past a
semicolon or a sentence end.  Joined by commas alone, without "or", "and" or "/", a list is a
CV's skills list past its first item ("MSc in Statistics, Deep Learning, Docker"): only fields of
study stay in the degree there.
"""

from __future__ import annotations

from recommender.matching_text import EVERYDAY_SENSES, FILLER_WORDS, STOP_WORDS

__all__ = ["without_subjects", "degree_with_subject", "SUBJECT_ONLY"]

#: Words between a degree and its subject: "Bachelor's degree in", "MS/PhD in", "Master of".
_LEAD_IN = frozenset({"s", "degree", "degrees", "in", "of", "phd", "doctorate"})
#: Words joining the items of a list of subjects.
_JOINERS = frozenset({"or", "and"})
#: Filler that may stand in a list of subjects: "or a related field", "or similar".
_FIELD_WORDS = frozenset({"related", "field", "fields", "area", "areas", "similar", "equivalent", "other", "subject"})
#: Longest item of a list of subjects ("applied mathematics", "a related field").
_ITEM_WORDS = 3


def _items(tokens: list, k: int, named: set[int]) -> list[tuple[int, int]]:
    """The items ``(start, end)`` of a list whose first item starts at token ``k``: items joined by a
    comma, "/", "or" or "and" ("CS, Statistics or a related field"), each at most three words and with
    no filler outside the positions ``named`` by a mention ("Machine Learning" is a subject)."""
    items = []
    i = k
    while i < len(tokens):
        j = i + 1
        while j < len(tokens) and tokens[j].compounds() and tokens[j].fold not in _JOINERS:
            j += 1
        if j - i > _ITEM_WORDS or any(
                t.fold in FILLER_WORDS and t.fold not in _FIELD_WORDS and n not in named for n, t in enumerate(tokens[i:j], i)):
            break  # "3 years of Python", "preferred": no subject
        items.append((i, j))
        if j >= len(tokens) or tokens[j].before.strip() not in ("", ",", "/"):
            break  # a semicolon, a bracket or a sentence end closes the list
        if tokens[j].fold in _JOINERS:
            j += 1
        elif tokens[j].before.strip() == "":
            break
        i = j
    return items


def _commas_only(tokens: list, items: list[tuple[int, int]]) -> bool:
    """Whether the items of a list are joined by commas alone ("Statistics, APIs, ML"), with no "or",
    "and" or "/" as a list of fields is written ("CS, Mathematics or Statistics", "CS/ML")."""
    return len(items) > 1 and all(
        tokens[end].before.strip() == "," and tokens[end].fold not in _JOINERS
        for _, end in items[:-1] if end < len(tokens))


def without_subjects(chosen: list, tokens: list, is_degree, is_subject, is_field=None) -> list:
    """``chosen`` without the mentions that are a degree's subjects (see the module's docstring).

    ``is_degree(m)``: ``m`` names a degree; ``is_subject(m)``: ``m`` may be a degree's subject (a topic,
    not a tool, a platform or another degree).  A subject is read after the degree and the words that
    lead into it ("in", "degree in", "/PhD in"), or directly after it ("MSc Statistics").

    ``is_field(m)``: ``m`` is a field of study (a foundation topic: statistics, mathematics).  In a list
    joined by commas alone, past its first item, anything else is a skill of its own: "Masters in
    Statistics, APIs, ML" is a degree in statistics beside two skills, the way a CV lists them."""
    subjects = set()
    for m in chosen:
        if not is_degree(m):
            continue
        k = m.end
        while k < len(tokens) and tokens[k].fold in _LEAD_IN and tokens[k].group == tokens[m.start].group:
            k += 1
        if k >= len(tokens) or tokens[k].group != tokens[m.start].group or not tokens[k].compounds():
            continue
        if k == m.end and not any(o.start == k for o in chosen):
            continue  # "MSc holder with statistics": only a subject written right after the degree is one
        named = {n for o in chosen if o.label.node_id is not None for n in range(o.start, o.end)}
        last = k
        items = _items(tokens, k, named)
        skills_list = is_field is not None and _commas_only(tokens, items)
        for n, (start, end) in enumerate(items):
            if any(start <= o.start < end and o.label.node_id is not None and not is_subject(o) for o in chosen):
                break
            if n and skills_list and any(start <= o.start < end and o.label.node_id is not None and not is_field(o)
                                         for o in chosen):
                break  # "BSc Maths, MSc Data Science", "BSc in CS, Python": the list has ended
            last = end
        # a label may span items: "applied mathematics and statistics"
        subjects.update(id(o) for o in chosen if o.label.node_id is not None and k <= o.start and o.end <= last)
    return [m for m in chosen if id(m) not in subjects]


#: Degree words that are everyday words ("licence" to drive, a "grado" is any degree or grade, a "mestre" any master):
#: they name a degree only before its subject ("Licence de mathématiques", "Grado en Física").
SUBJECT_ONLY = frozenset({"licence", "grado", "mestre"})


def _what_follows(m, tokens: list, read: list, is_subject) -> str | None:
    """What follows ``m`` after "in" or "of" (after "'s" or "degree", if written), in its clause:
    ``"subject"`` when it starts a curriculum mention of ``read`` that may be a subject (``is_subject``)
    or, after a foreign preposition, a word written with a capital ("Masters in Statistics", "Master's
    degree in Physics", "Máster en Inteligencia Artificial"); ``"name"`` when it starts a curriculum
    mention that may not (a tool, a language, a platform: "quiz master in Python meetups"); else ``None``."""
    k = m.end
    while k < len(tokens) and tokens[k].fold in ("s", "degree", "degrees") and tokens[k].compounds():
        k += 1
    if k >= len(tokens) or tokens[k].fold not in ("in", "of") or not tokens[k].compounds():
        return None
    foreign = tokens[k].text.casefold() != tokens[k].fold  # "en", "em", "de" read as "in", "of"
    k += 1
    if k >= len(tokens) or not tokens[k].compounds() or tokens[k].group != tokens[m.start].group:
        return None
    if tokens[k].fold in STOP_WORDS:
        return None  # "masters of the universe"
    named = [o for o in read if o.start == k and o.label.node_id is not None]
    if any(is_subject(o) for o in named):
        return "subject"
    if named:
        return "name"
    # in another language a capital says a subject too; in English it may be a place ("tennis masters in Madrid")
    return "subject" if foreign and tokens[k].text[:1].isupper() else None


def degree_with_subject(m, tokens: list, read: list, is_degree, is_subject) -> bool | None:
    """Whether a degree's word stands by what is written after it, or ``None`` when that is not what
    decides (``m`` names no degree, or nothing telling follows).

    "Masters" is an everyday word ("tennis masters", "the old masters") and so asks for context; but a
    degree word followed by "in" or "of" and a subject is context enough, even though the subject, being
    part of the degree (:func:`without_subjects`), is no mention beside it: "Masters in Statistics".
    Followed so by a tool or a language, an everyday-sense degree word is the everyday sense ("quiz
    master in Python meetups", "scrum master in Git workflows").  The words of :data:`SUBJECT_ONLY` name
    a degree only before a subject.
    """
    if not is_degree(m) or m.end - m.start != 1:
        return None
    follows = _what_follows(m, tokens, read, is_subject)
    if tokens[m.start].stem in SUBJECT_ONLY:
        return follows == "subject"
    if follows == "subject":
        return True
    return False if follows == "name" and tokens[m.start].stem in EVERYDAY_SENSES else None
