"""Learners' questions and career phrasing: the words around a skill that name none.

A learner asks "any tips for my first kaggle competition?" or "struggling with
backprop, the math just doesnt click"; the skill is in the rest.  Three rules,
used by :class:`recommender.matching.SkillMatcher`:

* *The question frame is read as function words* (:func:`without_frame`).  In a
  text that is a question (it has a question mark, or opens as one: "how",
  "should", "any tips", "struggling"), the words of :data:`FRAME_WORDS` ("tips",
  "struggling", "confused", "realistic", "simplest", "way", "anyone") are read
  like "the" or "with": they start no label, count in no clause's share of
  explained words, and are left out of the paraphrase reading's input.  A word
  some curriculum label uses is never frame (the matcher passes its label words).
* *The field as a modifier of a person or a job is not the skill*
  (:func:`field_modifies`): "ml jobs", "ml people", "ML roles", "a mentor in machine
  learning" name where someone works, not machine learning as a subject.
* *Job hunting is context* (:data:`CAREER_CONTEXT`): an everyday-sense label of a career
  node ("portfolio", "blog") is in context beside "projects", "recruiters", "resume", "GitHub".
* *A pull request to a library is an open-source contribution* (:func:`contributes_upstream`).
* *Explaining to an audience, working across functions* (:func:`soft_skill_reading`):
  a verb of explaining or presenting and a non-technical audience in one clause
  ("walked the exec team through forecast results", "break down trade-offs for
  business stakeholders") describe *Effective communication*; working with or
  across two or more other functions ("partnered with product, design and backend
  engineers") describes *Cross-functional collaboration*; "always learning", "keep learning"
  describe *Continuous learning*.  Both are readings of the
  wording, held below 0.8 like any paraphrase reading, and made only when no label
  names the node already.

Word lists are general English and hiring usage, written by family, not from any corpus.
"""

from __future__ import annotations

from dataclasses import replace

from recommender.matching_text import FILLER_WORDS, STOP_WORDS, Token, stem

__all__ = ["question_reading", "FRAME_WORDS", "CAREER_NOUNS", "CAREER_CONTEXT", "contributes_upstream", "is_question", "without_frame", "field_modifies", "soft_skill_reading"]

#: Words that open a question or a plea for help.
QUESTION_OPENERS = frozenset("""
how what whats where which why when who whom should is are can could do does did would will any anyone
someone somebody tips tip help struggling stuck confused wondering advice eli5 pls plz hey hi hello
""".split())

#: Words of a question's frame: they ask, hedge or plead, and name no skill.  Read as function
#: words in a question (see the module); a word that is also a curriculum label's is kept.
FRAME_WORDS = frozenset(stem(w) for w in """
tips tip advice advise suggestions suggestion recommend struggling struggle struggled stuck confused
confusing wondering wonder realistic possible ok okay overkill necessary simplest easiest best fastest
quickest cheapest way ways difference diff anyone someone anybody somebody everyone guys help helpful
hey hi hello thoughts opinion opinions idea tell noob newbie dumb silly stupid basically exactly
literally honestly seriously click sense matter matters enough im dont doesnt cant isnt wont ive
""".split())

#: The field's own labels, as folds: as a subject they are machine learning; before a person or a job,
#: or after one and "in", they say where someone works.
FIELD_LABELS = frozenset({("ml",), ("machine", "learning"), ("ai",), ("artificial", "intelligence")})

#: People, jobs and the job market: after the field's name they make it a modifier ("ml jobs").
CAREER_NOUNS = frozenset(stem(w) for w in """
job jobs role roles position positions opening openings vacancy vacancies people person persons folks
career careers interview interviews interviewing industry world space hiring market internship
internships salary salaries offer offers friends crowd newbies beginners recruiter recruiters company
companies startup startups team teams department departments mentor mentors peers colleagues
""".split())

#: Words of job hunting and showing one's work: beside them an everyday-sense label of a career node
#: ("portfolio", "blog", "mentors") means the career activity ("which projects belong in a portfolio").
CAREER_CONTEXT = frozenset(stem(w) for w in """
project projects recruiter recruiters hiring hire hired employer employers resume cv career careers
interview interviews junior juniors github kaggle writeup writeups showcase linkedin
""".split())

#: Labels of proposing a change for review, as stems: sent to a library, they are an open-source contribution.
PROPOSED_CHANGES = frozenset({("pull", "request"), ("merge", "request")})

#: After "to", "into" or "upstream": what makes a proposed change a contribution to someone else's project.
_UPSTREAM = frozenset(stem(w) for w in "library libraries package packages framework frameworks upstream".split())


def contributes_upstream(start: int, end: int, stems: tuple[str, ...], tokens: list[Token], tools: set[int]) -> bool:
    """Whether a pull or merge request at ``tokens[start:end]`` is sent to a library: "to", "into" or
    "upstream" follows within two words, then, within four more, a library word (:data:`_UPSTREAM`)
    or a tool the curriculum names (``tools``: positions of tool mentions).  "Merged 14 pull requests
    into scikit-learn" contributes to open source; "reviewed pull requests" does not."""
    if stems not in PROPOSED_CHANGES:
        return False
    group = tokens[end - 1].group
    for k in range(end, min(end + 2, len(tokens))):
        if tokens[k].group != group:
            return False
        if tokens[k].fold == "upstream":
            return True
        if tokens[k].fold in ("to", "into"):
            return any(j in tools or tokens[j].stem in _UPSTREAM
                       for j in range(k + 1, min(k + 5, len(tokens))) if tokens[j].group == group)
    return False


#: Verbs and nouns of explaining something to someone.
_EXPLAINING = frozenset(stem(w) for w in """
explain explained explaining explains explanation present presented presenting presents presentation
presentations walk walked walking walks brief briefed briefing briefings
communicate communicated communicating convey conveyed conveying pitch pitched pitching demo demoed
readout readouts story stories storytelling break summarise summarised summarize summarized summarising
summarizing articulate articulated talking
""".split())

#: Audiences that do not share the engineer's vocabulary.
_AUDIENCES = frozenset(stem(w) for w in """
exec execs executive executives leadership leaders board management manager managers boss stakeholder
stakeholders business nontechnical non-technical clients customers vp vps c-suite cxo sales marketing
lay laypeople laymen audience audiences jargon
""".split())

#: Prepositions that put a person working next to other functions: "with", "across", "alongside".
_ALONGSIDE = frozenset({"with", "across", "alongside", "between"})

#: Verbs of working next to someone, written before :data:`_ALONGSIDE`.
_WORKING = frozenset(stem(w) for w in """
work works worked working partner partners partnered partnering collaborate collaborates collaborated
collaborating liaise liaises liaised liaising sit sits sat pair pairs paired pairing team teamed align
aligned aligning coordinate coordinated coordinating cooperate cooperated embedded
""".split())

#: Other functions of a company, as a team or its people.
_FUNCTIONS = frozenset(stem(w) for w in """
product pm pms design designer designers engineering backend frontend platform legal marketing sales
finance ops operations analysts analyst researchers research clinicians doctors scientists qa security
compliance support business ux
""".split())

#: Nouns that make a function word a team ("the product team", "design folks").
_UNITS = frozenset(stem(w) for w in "team teams folks people squad squads org orgs side group groups".split())


def is_question(text: str, tokens: list[Token]) -> bool:
    """A question or a plea for help (``tokens`` of ``text``): a question mark, or an opening word of one."""
    return bool(tokens) and (tokens[0].fold in QUESTION_OPENERS or "?" in text)


def without_frame(tokens: list[Token], label_words: frozenset[str], *, question: bool) -> list[Token]:
    """``tokens`` with a question's frame words (:data:`FRAME_WORDS`, not a label's words) read as a
    function word: their fold and stem become "etc", which starts no label and counts as filler.
    Where they were written (``text``, offsets) is kept."""
    if not question:
        return tokens
    return [replace(t, fold="etc", stem="etc") if t.stem in FRAME_WORDS and t.stem not in label_words
            and t.fold not in label_words else t for t in tokens]


def field_modifies(start: int, end: int, folds: tuple[str, ...], tokens: list[Token], career_end: set[int]) -> bool:
    """Whether a mention of the field itself (:data:`FIELD_LABELS`) at ``tokens[start:end]`` says where
    someone works: followed by a person or a job ("ml jobs", "ML people"), or written after "in" or
    "into" right behind a career noun or a career mention ending at ``career_end`` ("a mentor in
    machine learning", "jobs in AI")."""
    if folds not in FIELD_LABELS:
        return False
    if end < len(tokens) and tokens[end].group == tokens[end - 1].group and tokens[end].before.strip() in ("", "-") \
            and tokens[end].stem in CAREER_NOUNS:
        return True
    k = start - 1
    if k >= 1 and tokens[k].fold in ("in", "into") and tokens[k].group == tokens[start].group:
        before = k - 1
        return tokens[before].stem in CAREER_NOUNS or before + 1 in career_end
    return False


#: Words of keeping at it, written right before "learning" or "learner": "always learning", "keep learning".
_PERSISTING = frozenset("""
always constantly continuously continually forever keep keeps keeping kept lifelong perpetual constant
""".split())


#: Verbs of meeting people, and the people of the field one meets (for *Connecting with ML professionals*).
_MEETING = frozenset(stem(w) for w in "meet meeting meets met connect connecting connected befriend".split())
_PRACTITIONERS = frozenset(stem(w) for w in """
engineers practitioners professionals scientists researchers
""".split())
_FIELD_PEOPLE = frozenset(stem(w) for w in "people folks person peers".split())
_FIELD = frozenset({"ml", "ai", "mle", "mlops"})

#: Asking experienced people for feedback (also *Connecting with ML professionals*); giving it is not.
_ASKING = frozenset(stem(w) for w in "ask asking asked asks seek seeking sought request requesting get getting got".split())
_FEEDBACK = frozenset(stem(w) for w in "feedback referral referrals".split())

#: A model getting worse, and where that happens: after launch (for *Model monitoring*).
_WORSENING = frozenset(stem(w) for w in """
worse degrade degrades degraded degrading degradation decay decays decaying deteriorate deteriorates
deteriorated deteriorating declining declines declined tanking tanked slipping
""".split())
_MODELS = frozenset(stem(w) for w in "model models predictions prediction".split())
_LIVE = frozenset(stem(w) for w in "production prod deployed live launch launched shipped serving time months weeks".split())


def question_reading(tokens: list[Token], covered: set[int]) -> tuple[str, tuple[int, ...]] | None:
    """``(node id, positions)`` of two things learners ask in their own words, on words no mention
    explains: meeting the field's people or asking them for feedback ("where can I meet other ML
    people", "connect with data scientists in my city", "asked two senior engineers for feedback":
    *connect-with-professionals*), and a model getting worse after launch
    ("how do I know when my model starts getting worse in production": *model-monitoring*)."""
    free = [k for k in range(len(tokens)) if k not in covered]
    meeting = [k for k in free if tokens[k].stem in _MEETING]
    people = [k for k in free if tokens[k].stem in _PRACTITIONERS
              or tokens[k].stem in _FIELD_PEOPLE and k > 0 and tokens[k - 1].fold in _FIELD]
    if meeting and people and any(p > m and tokens[p].group == tokens[m].group for m in meeting for p in people):
        return "connect-with-professionals", (meeting[0], people[-1])
    asking = [k for k in free if tokens[k].stem in _ASKING]
    feedback = [k for k in free if tokens[k].stem in _FEEDBACK]
    if asking and feedback and (people or any(tokens[k].fold in ("senior", "seniors") for k in free)) \
            and min(asking) < max(feedback) and len({tokens[k].group for k in asking + feedback}) == 1:
        return "connect-with-professionals", (asking[0], feedback[-1])
    worse = [k for k in free if tokens[k].stem in _WORSENING]
    models = [k for k in range(len(tokens)) if tokens[k].stem in _MODELS]
    live = [k for k in range(len(tokens)) if tokens[k].stem in _LIVE or tokens[k].fold in _LIVE]
    if worse and models and live:
        return "model-monitoring", tuple(sorted({models[0], worse[0]}))
    return None


def soft_skill_reading(tokens: list[Token], covered: set[int]) -> tuple[str, tuple[int, ...]] | None:
    """``(node id, positions)`` when one clause explains something to a non-technical audience
    (*communication*), keeps on learning (*continuous-learning*), or works with or across at least
    two other functions, or one function's team (*cross-functional-collaboration*); on words no
    mention explains (``covered`` are the explained ones).  None otherwise."""
    groups: dict[int, list[int]] = {}
    for k, t in enumerate(tokens):
        if k not in covered:
            groups.setdefault(t.group, []).append(k)
    for ks in groups.values():
        explaining = [k for k in ks if tokens[k].stem in _EXPLAINING]
        audience = [k for k in ks if tokens[k].stem in _AUDIENCES or tokens[k].fold in _AUDIENCES]
        if explaining and audience:
            return "communication", tuple(sorted({explaining[0], audience[0]}))
    for k in range(1, len(tokens)):
        if (tokens[k].fold in ("learning", "learner", "learners") and k not in covered and k - 1 not in covered
                and tokens[k - 1].fold in _PERSISTING and tokens[k].group == tokens[k - 1].group
                and not _compounds_on(tokens, k)):
            return "continuous-learning", (k - 1, k)
    for ks in _clauses_with_lists(tokens, covered):
        alongside = [k for k in ks if tokens[k].fold in _ALONGSIDE
                     and any(tokens[j].stem in _WORKING or tokens[j].fold in _WORKING for j in ks if j < k)]
        if not alongside:
            continue
        after = [k for k in ks if k > alongside[0]]
        functions = [k for k in after if tokens[k].stem in _FUNCTIONS or tokens[k].fold in _FUNCTIONS]
        teamed = [k for k in functions if k + 1 < len(tokens) and tokens[k + 1].stem in _UNITS]
        if len({tokens[k].stem for k in functions}) >= 2 or teamed:
            return "cross-functional-collaboration", (alongside[0], *functions)
    return None


def _compounds_on(tokens: list[Token], k: int) -> bool:
    """Token ``k`` is followed, in one phrase, by a word of content: "kept learning rate fixed"."""
    if k + 1 >= len(tokens) or tokens[k + 1].group != tokens[k].group or not tokens[k + 1].compounds():
        return False
    return tokens[k + 1].fold not in STOP_WORDS and tokens[k + 1].fold not in FILLER_WORDS


def _clauses_with_lists(tokens: list[Token], covered: set[int]) -> list[list[int]]:
    """Positions not ``covered``, by clause, a list's items joined to the clause they follow: "partnered
    with product, design and backend engineers" is one clause, its commas separating list items."""
    runs: list[list[int]] = []
    last_group = None
    for k, t in enumerate(tokens):
        if last_group is None or t.group != last_group and not t.before.strip().startswith(","):
            runs.append([])
        last_group = t.group
        if k not in covered:
            runs[-1].append(k)
    return runs
