"""Onboarding from pasted text: a CV proposes known skills, a job posting proposes targets.

Nothing here changes a learner.  :func:`propose` reads the text with the
matcher (:mod:`recommender.matching`) and returns :class:`TextImport`:
every curriculum node the text names, each a :class:`Proposal` with its
level, its confidence, the words it was read from and whether it is
*selected*, and the two request bodies that would apply the selected ones
through the learner's ordinary routes (``POST /v1/learners/{id}/progress``
for known skills, ``PATCH /v1/learners/{id}`` for targets).  The learner
confirms; only then does a caller send them.

How a text is read (``docs/onboarding.md`` has the rules with examples):

* Line by line, so each mention keeps its own stated level ("5 years of
  SQL" three lines after a bare "SQL"); a node named several times is one
  proposal with the highest stated level and the best confidence.
* Level: what the words say ("familiar with": beginner, "5+ years" or
  "advanced": advanced, see :mod:`recommender.matching_levels`); where they
  say nothing, :data:`DEFAULT_LEVEL`, flagged ``level_stated: false``.
* A CV: every node is proposed as ``known``, except roles and milestones
  (having held a job title or named a roadmap step is not knowing its
  contents), which are reported with ``propose: none``.
* A posting: every node is proposed as a ``target``.  Selected by default
  are the required ones: not in a "nice to have" section or sentence, and
  not one of several alternatives ("PyTorch or TensorFlow": the learner
  picks, so none is selected).
* A skill the text denies or only wishes for ("no experience with Docker",
  "Kubernetes is not required", "would like to learn MLflow") is not
  proposed (:mod:`recommender.onboarding_negation`); a wish on a CV is reported.
* Either way a proposal is only selected at confidence
  :data:`CONFIDENT` or more, and when applying it would change something
  for this learner.
* What the text names outside the curriculum ("Tableau", "Kotlin") is
  listed in ``not_in_curriculum`` with suggestions marked as suggestions;
  so is an unrecognised item of a skills list ("Python, Snorkel, SQL").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from graph.curriculum import CurriculumGraph
from graph.errors import InvalidRequestError
from graph.learners import Learner, LearnerChanges, Mark, MarkChange, Progress, Status, fit
from graph.models import FrozenModel, Kind, Level, NodeId
from recommender.matching import SkillMatcher, matcher_for
from recommender.matching_text import FILLER_WORDS, STOP_WORDS
from recommender.models import SkillMatch
from recommender.onboarding_negation import DENIED, WISHED, denied

__all__ = [
    "CONFIDENT",
    "DEFAULT_LEVEL",
    "MAX_IMPORT_TEXT",
    "Evidence",
    "ImportBodies",
    "Proposal",
    "TextImport",
    "TextImportRequest",
    "TextKind",
    "propose",
    "reselect",
]

#: A long CV is three pages, about 15,000 characters; four times a long
#: posting.  Beyond this a paste is a mistake (a whole file, a log), and the
#: matcher's time grows with the length.
MAX_IMPORT_TEXT = 20_000
#: Confidence from which a proposal is selected: the matcher is calibrated so
#: that of matches at 0.8 or more about 95 % are right (``docs/matching.md``).
CONFIDENT = 0.8
#: The level of a skill the text names without saying how well: a skill
#: someone lists on a CV is one they work with; a posting that names a skill
#: expects it used at work.
DEFAULT_LEVEL = Level.INTERMEDIATE
_LEVEL_RANK = {Level.BEGINNER: 0, Level.INTERMEDIATE: 1, Level.ADVANCED: 2}
#: Kinds a CV names without the learner knowing their contents.
_NOT_KNOWN_FROM_A_CV = frozenset({Kind.ROLE, Kind.MILESTONE})
_KNOWN = (Status.KNOWN, Status.DONE)

TextKind = Literal["cv", "posting"]


class TextImportRequest(FrozenModel):
    """A pasted CV, profile or job posting."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_IMPORT_TEXT)] = Field(
        description=f"The pasted text, at most {MAX_IMPORT_TEXT:,} characters.",
        examples=["Python (advanced), pandas, SQL; familiar with Docker"])
    kind: TextKind = Field(description="`cv` (a CV or profile: proposes known skills) or "
                                       "`posting` (a job posting: proposes targets).")


class Evidence(FrozenModel):
    """Where the text names the node: the words, their character offsets, and the level they state."""

    words: str
    start: int
    end: int
    level: Level | None = None


class Proposal(FrozenModel):
    """One node the text names, proposed as known (a CV) or as a target (a posting)."""

    node: NodeId
    name: str
    kind: Kind
    propose: Literal["known", "target", "none"] = Field(
        description="What the learner is asked to confirm the node as; `none`: only reported.")
    selected: bool = Field(description="Part of `apply` unless the learner deselects it.")
    why: str = Field(description="Why it is or is not selected.")
    level: Level = Field(description="The level the text states, else the default (see `level_stated`).")
    level_stated: bool
    confidence: float = Field(description="The matcher's calibrated confidence, the best over the mentions.")
    required: bool = Field(default=True, description="A posting: false for a nice-to-have.")
    alternatives: tuple[NodeId, ...] = Field(default=(), description="A posting: the other nodes it accepts instead ('PyTorch or TensorFlow').")
    alternatives_outside: tuple[str, ...] = Field(default=(), description="A posting: what else it accepts instead that the curriculum lacks, as written ('scikit-learn or XGBoost').")
    current: Status | None = Field(default=None, description="The learner's mark on the node now, if any.")
    evidence: tuple[Evidence, ...]


class ImportBodies(FrozenModel):
    """The requests that apply the selected proposals; ``null`` when there is nothing to send."""

    progress: Progress | None = Field(default=None, description="Body for POST /v1/learners/{id}/progress.")
    changes: LearnerChanges | None = Field(default=None, description="Body for PATCH /v1/learners/{id}: the learner's targets and the selected new ones.")


class TextImport(FrozenModel):
    """What a pasted text proposes; nothing is applied."""

    kind: TextKind
    proposals: tuple[Proposal, ...] = Field(description="Every curriculum node the text names, in order of first mention.")
    not_in_curriculum: tuple[SkillMatch, ...] = Field(description="What the text names that the curriculum does not teach, with suggestions (never matches).")
    apply: ImportBodies
    applied: bool = Field(default=False, description="Always false from the API: proposals are applied only by sending `apply`; "
                                                 "true when `mlpath learner import-text --apply` applied them.")


def propose(graph: CurriculumGraph, text: str, kind: TextKind, learner: Learner | None = None) -> TextImport:
    """The proposals ``text`` makes for ``learner`` (or for a learner with nothing marked)."""
    read = _read(graph, text, kind)
    fitted = fit(learner, graph) if learner is not None else None
    marks = fitted.marks if fitted else {}
    targets = fitted.targets if fitted else ()
    proposals = tuple(_proposal(graph, found, kind, marks.get(found.node), targets) for found in read.nodes.values())
    return TextImport(kind=kind, proposals=proposals, not_in_curriculum=tuple(read.elsewhere),
                      apply=_bodies(proposals, learner))


def reselect(found: TextImport, learner: Learner | None, *, add: Iterable[str] = (), drop: Iterable[str] = ()) -> TextImport:
    """``found`` with the learner's own choice: ``add`` selects proposals, ``drop`` deselects them.

    Raises :class:`~graph.errors.InvalidRequestError` for an id the text does
    not name, or one proposed as nothing (a role on a CV).
    """
    add, drop = set(add), set(drop)
    named = {p.node: p for p in found.proposals}
    for node in sorted(add | drop):
        if node not in named:
            raise InvalidRequestError(f"{node!r} is not among the proposals ({', '.join(named) or 'none'})")
        if node in add and named[node].propose == "none":
            raise InvalidRequestError(f"{node!r} is only reported: {named[node].why}")
    proposals = tuple(p.model_copy(update={"selected": p.node in add or (p.selected and p.node not in drop),
                                           "why": "chosen by the learner" if p.node in add else
                                                  "left out by the learner" if p.node in drop else p.why})
                      for p in found.proposals)
    return found.model_copy(update={"proposals": proposals, "apply": _bodies(proposals, learner)})


# -- reading the text -----------------------------------------------------------


@dataclass
class _Found:
    """Everything the text says about one node."""

    node: str
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    optional: bool = True  # until one mention is required
    alternatives: set[str] = field(default_factory=set)
    alone: bool = False  # named at least once not as one of alternatives
    wished: bool = True  # until one mention is not a wish ("I would like to learn MLflow")


@dataclass
class _Reading:
    nodes: dict[str, _Found] = field(default_factory=dict)
    elsewhere: list[SkillMatch] = field(default_factory=list)


#: A posting's words for "not required": in a heading they make the section optional, in a
#: sentence that sentence.
_NICE = re.compile(r"\b(nice[- ]to[- ]haves?|a plus|plus points?|bonus|preferred|desirable|desired|optional|"
                   r"an advantage|advantageous|ideally|would be great)\b", re.IGNORECASE)
#: Between two mentions, these make them alternatives ("PyTorch or TensorFlow", "AWS/GCP").
_OR = re.compile(r"^\s*(?:,\s*)?(?:or|/|either)\s*$|^\s*,\s*$", re.IGNORECASE)
_HAS_OR = re.compile(r"\bor\b|/", re.IGNORECASE)
_LIST_ITEM = re.compile(r"[^,;|\u2022\u00b7]+")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u2013]|\d+[.)])\s")
_WORDS = re.compile(r"[^\W\d_][\w+#.-]*")
_HEADING_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")
_CONTINUES = re.compile(r"^[a-z]")
_ENDED = re.compile(r"[.!?:;,)\]]\s*$")


def _lines(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` for each non-blank line, a prose line wrapped onto the next joined to it.

    A line continues the previous one when that one ends without
    punctuation and this one starts in lower case ("As our first machine" /
    "learning engineer").  The joined line has a space for each character
    of the line break, so offsets into it are offsets into ``text``.
    """
    units: list[tuple[int, str]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        if line.strip():
            previous = units[-1] if units else None
            gap = offset - (previous[0] + len(previous[1])) if previous else 0
            if previous is not None and gap in (1, 2) and _CONTINUES.match(line) and not _ENDED.search(previous[1]):
                units[-1] = (previous[0], previous[1] + " " * gap + line)  # "\n" or "\r\n" -> as many spaces
            else:
                units.append((offset, line))
        offset += len(raw)
    return units


def _read(graph: CurriculumGraph, text: str, kind: TextKind) -> _Reading:
    matcher = matcher_for(graph)
    reading = _Reading()
    seen_elsewhere: set[str] = set()
    optional_section = False
    for offset, line in _lines(text):
        # ``named``: a line naming nothing costs no "similar" search nobody would read.
        lead = len(line) - len(line.lstrip())
        found = [m.model_copy(update={"start": m.start + lead, "end": m.end + lead}) for m in matcher.named(line)]
        named = [m for m in found if m.status == "matched"]
        if kind == "posting" and _is_heading(line, found):
            optional_section = bool(_NICE.search(line))
            continue
        groups = _alternative_groups(line, found) if kind == "posting" else {}
        for m in named:
            said = denied(line, m.start, m.end)
            if said == DENIED or (said == WISHED and kind == "posting"):
                continue
            entry = reading.nodes.setdefault(m.id, _Found(m.id))
            entry.wished = entry.wished and said == WISHED
            entry.evidence.append(Evidence(words=line[m.start:m.end], start=m.start + offset, end=m.end + offset, level=m.level))
            entry.confidence = max(entry.confidence, m.confidence)
            entry.optional = entry.optional and kind == "posting" and (optional_section or _nice_to_have(line, m.start))
            others = groups.get(m.id, set())
            entry.alternatives |= others
            entry.alone = entry.alone or not others
        for m in [*_outside(line, found), *_unrecognised_items(matcher, line, found)]:
            key = (m.known_as or m.query).casefold()
            if key not in seen_elsewhere:
                seen_elsewhere.add(key)
                reading.elsewhere.append(m.model_copy(update={"start": m.start + offset, "end": m.end + offset}))
    return reading


def _nice_to_have(line: str, at: int) -> bool:
    """Whether the sentence of ``line`` around offset ``at`` says it is not required ("Spark is a plus")."""
    start = max((m.end() for m in _SENTENCE_END.finditer(line, 0, at)), default=0)
    end = _SENTENCE_END.search(line, at)
    return bool(_NICE.search(line, start, end.start() if end else len(line)))


def _outside(line: str, found: list[SkillMatch]) -> list[SkillMatch]:
    """Things the matcher recognises as outside the curriculum (a line naming nothing at all is not one),
    each as its own words (the matcher quotes a whole text that is one name and filler)."""
    return [m.model_copy(update={"query": line[m.start:m.end]}) for m in found if m.status != "matched" and m.known_as is not None]


def _is_heading(line: str, found: list[SkillMatch]) -> bool:
    """A section heading of a posting: "Nice to have:", "Requirements", "## What you bring".

    A line naming nothing, not a list item, ending in a colon or short and
    without a full stop.
    """
    if any(m.status == "matched" or m.known_as for m in found) or _BULLET.match(line):
        return False
    stripped = line.strip().strip("#*_ ").strip()
    return stripped.endswith(":") or (len(_WORDS.findall(stripped)) <= _HEADING_WORDS and not stripped.endswith("."))


def _alternative_groups(line: str, found: list[SkillMatch]) -> dict[str, set[str]]:
    """Node id -> what else its "X, Y or Z" run in this line names: node ids, and the words of things
    outside the curriculum ("scikit-learn or XGBoost")."""
    runs: list[list[SkillMatch]] = []
    joined_by_or: list[bool] = []
    for m in sorted((m for m in found if m.status == "matched" or m.known_as), key=lambda m: m.start):
        between = line[runs[-1][-1].end:m.start] if runs else ""
        if runs and _OR.match(between):
            runs[-1].append(m)
            joined_by_or[-1] = joined_by_or[-1] or bool(_HAS_OR.search(between))
        else:
            runs.append([m])
            joined_by_or.append(False)
    groups: dict[str, set[str]] = {}
    for run, has_or in zip(runs, joined_by_or):
        if has_or and len(run) > 1:
            for m in run:
                if m.id is not None:
                    groups[m.id] = {o.id or line[o.start:o.end] for o in run if o is not m and o.id != m.id}
    return groups


def _unrecognised_items(matcher: SkillMatcher, line: str, found: list[SkillMatch]) -> list[SkillMatch]:
    """Items of a skills list that name nothing known: "Python, Snorkel, SQL" reports Snorkel.

    A line is a skills list when it has items of a few words each, and at
    least two of them, and at least half, name something; prose lines are not
    searched for unknown words (a name, a company, a date are not skills).
    """
    items = [(m.start(), m.group()) for m in _LIST_ITEM.finditer(line) if _says_something(m.group())]
    if len(items) < 2 or any(len(_WORDS.findall(item)) > 4 for _, item in items):
        return []
    spans = [(m.start, m.end) for m in found]

    def names_something(start: int, item: str) -> bool:
        return any(s < start + len(item) and e > start for s, e in spans)

    empty = [(start, item) for start, item in items if not names_something(start, item)]
    if len(items) - len(empty) < 2 or len(empty) * 2 > len(items):
        return []
    reported = []
    for start, item in empty:
        lead = len(item) - len(item.lstrip())
        for m in matcher.match(item.strip()):
            if m.status != "matched" and m.start is not None:
                begin, end = start + lead + m.start, start + lead + m.end
                reported.append(m.model_copy(update={"query": line[begin:end], "start": begin, "end": end}))
    return reported


def _says_something(item: str) -> bool:
    """Not only filler, function words or numbers ("advanced", "3 yrs", "2019–2024")."""
    return any(w.casefold() not in FILLER_WORDS and w.casefold() not in STOP_WORDS for w in _WORDS.findall(item))


# -- proposals ------------------------------------------------------------------


def _proposal(graph: CurriculumGraph, found: _Found, kind: TextKind, mark: Mark | None, targets: tuple[str, ...]) -> Proposal:
    node = graph.nodes[found.node]
    stated = [e.level for e in found.evidence if e.level is not None]
    level = max(stated, key=_LEVEL_RANK.__getitem__) if stated else DEFAULT_LEVEL
    current = mark.status if mark else None
    others = set() if found.alone else found.alternatives
    alternatives = tuple(sorted(o for o in others if o in graph.nodes))
    outside = tuple(sorted(o for o in others if o not in graph.nodes))
    required = kind == "cv" or not found.optional
    if kind == "cv":
        propose_as, selected, why = _as_known(node.kind, found.confidence, mark, level if stated else None, found.wished)
    else:
        propose_as = "target"
        selected, why = _as_target(found, required, (*alternatives, *outside), current, targets)
    return Proposal(node=node.id, name=node.name, kind=node.kind, propose=propose_as, selected=selected, why=why,
                    level=level, level_stated=bool(stated), confidence=found.confidence, required=required,
                    alternatives=alternatives, alternatives_outside=outside, current=current, evidence=tuple(found.evidence))


def _as_known(kind: Kind, confidence: float, mark: Mark | None, stated: Level | None,
              wished: bool) -> tuple[str, bool, str]:
    if kind in _NOT_KNOWN_FROM_A_CV:
        return "none", False, f"a {kind.value}: naming it on a CV does not say its contents are known"
    if wished:
        return "none", False, "the text wants to learn it: not known yet"
    if confidence < CONFIDENT:
        return "known", False, f"confidence {confidence:.2f} is below {CONFIDENT}: confirm it is meant"
    if mark is None:
        return "known", True, "named in the text"
    if mark.status in _KNOWN:
        if stated is not None and stated is not mark.level:
            return "known", True, f"already {mark.status.value}; the text states the level {stated.value}"
        return "known", False, f"already {mark.status.value}"
    return "known", False, f"marked {mark.status.value} now: confirm to mark it known instead"


def _as_target(found: _Found, required: bool, alternatives: tuple[str, ...], current: Status | None,
               targets: tuple[str, ...]) -> tuple[bool, str]:
    if found.node in targets:
        return False, "already a target"
    if current in _KNOWN:
        return False, f"already {current.value}"
    if found.confidence < CONFIDENT:
        return False, f"confidence {found.confidence:.2f} is below {CONFIDENT}: confirm it is meant"
    if not required:
        return False, "a nice-to-have in the posting"
    if alternatives:
        return False, f"one of several the posting accepts ({', '.join(alternatives)}): choose one"
    return True, "required by the posting"


def _bodies(proposals: tuple[Proposal, ...], learner: Learner | None) -> ImportBodies:
    chosen = [p for p in proposals if p.selected]
    marks = [MarkChange(node=p.node, status=p.current if p.current in _KNOWN else Status.KNOWN, level=p.level)
             for p in chosen if p.propose == "known"]
    new_targets = [p.node for p in chosen if p.propose == "target"]
    existing = learner.targets if learner is not None else ()
    return ImportBodies(
        progress=Progress(marks=tuple(marks)) if marks else None,
        changes=LearnerChanges(targets=tuple(dict.fromkeys([*existing, *new_targets]))) if new_targets else None,
    )
