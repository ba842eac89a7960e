"""The recommender as the API, the CLI and the visualisation call it: free text in, models out.

* :func:`recommend` resolves a :class:`PlanRequest`'s items to nodes, then
  plans.  A target that matches nothing is an error (the learner must say
  what they want); a known skill that matches nothing is reported in
  ``unmatched`` with suggestions and the plan goes ahead without it.
* :func:`next_steps` lists what can be learned now.
* :func:`match` shows how one piece of text resolves.

Splitting "python, numpy" on commas is the caller's job; each list item is
one skill, or, when it is a sentence, text to extract every skill from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.curriculum import CurriculumGraph
from graph.errors import UnknownNodeError
from graph.models import Kind, Level
from recommender.frontier import ready
from recommender.matching import matcher_for
from recommender.models import NextSteps, Plan, PlanRequest, SkillMatch
from recommender.planner import plan

__all__ = ["recommend", "next_steps", "match", "resolve"]

_KINDS = {kind.value for kind in Kind}


@dataclass
class _Resolved:
    ids: list[str] = field(default_factory=list)
    matches: list[SkillMatch] = field(default_factory=list)
    unmatched: list[SkillMatch] = field(default_factory=list)

    def add(self, found: list[SkillMatch]) -> None:
        for m in found:
            if m.id is None:
                self.unmatched.append(m)
            else:
                self.matches.append(m)
                if m.id not in self.ids:
                    self.ids.append(m.id)


def match(graph: CurriculumGraph, text: str) -> list[SkillMatch]:
    """Every node ``text`` names (one unmatched entry with suggestions if none)."""
    return matcher_for(graph).match(text)


def recommend(graph: CurriculumGraph, request: PlanRequest, *, time_limit: float = 10.0, keep: Sequence[str] = ()) -> Plan:
    """The least-effort plan for a free-text request.

    ``keep`` is an earlier plan's step ids, in its order (a saved learner
    re-planning): see :func:`recommender.planner.plan`.  Raises
    :class:`~graph.errors.UnknownNodeError` naming the text of a target that
    matches nothing, and whatever :func:`recommender.planner.plan` raises.
    """
    targets = _targets(graph, request.targets)
    known = _resolve(graph, request.known)
    prefer, prefer_kinds = _resolve_or_kind(graph, request.prefer)
    avoid, avoid_kinds = _resolve_or_kind(graph, request.avoid)
    levels, level_matches = _proficiency(graph, request)
    result = plan(
        graph,
        targets.ids,
        known=known.ids,
        prefer=prefer.ids + prefer_kinds,
        avoid=avoid.ids + avoid_kinds,
        proficiency=levels,
        keep=keep,
        hours_per_week=request.hours_per_week,
        time_limit=time_limit,
    )
    unmatched = known.unmatched + prefer.unmatched + avoid.unmatched + level_matches.unmatched
    notes = list(result.notes) + [_unmatched_note(m) for m in unmatched]
    matches = targets.matches + known.matches + prefer.matches + avoid.matches + level_matches.matches
    return result.model_copy(update={"matches": tuple(matches), "unmatched": tuple(unmatched), "notes": tuple(notes)})


def next_steps(graph: CurriculumGraph, known_items: Iterable[str], *, targets: Iterable[str] | None = None) -> NextSteps:
    """What is learnable now given free-text ``known_items``; ``on_plan`` marks the way to ``targets``."""
    known = _resolve(graph, known_items)
    wanted = _targets(graph, targets) if targets is not None else None
    result = ready(graph, known.ids, targets=wanted.ids if wanted else None)
    matches = known.matches + (wanted.matches if wanted else [])
    return result.model_copy(update={"matches": tuple(matches), "unmatched": tuple(known.unmatched)})


def resolve(graph: CurriculumGraph, items: Iterable[str], *, kinds: bool = False) -> tuple[list[str], list[SkillMatch]]:
    """The ids ``items`` name, each item required to name at least one, and how each resolved.

    For input that will be stored (a learner's marks, targets, preferences):
    an item that names nothing raises :class:`~graph.errors.UnknownNodeError`
    with suggestions instead of being left out.  With ``kinds``, a kind word
    ("certification", "certifications") is kept as the kind.
    """
    items = list(items)
    words = [_kind_word(graph, item) if kinds else None for item in items]
    resolved = _targets(graph, [item for item, kind in zip(items, words) if kind is None], what="nothing in the curriculum matches")
    return resolved.ids + [kind for kind in words if kind], resolved.matches


def _resolve(graph: CurriculumGraph, items: Iterable[str]) -> _Resolved:
    resolved = _Resolved()
    matcher = matcher_for(graph)
    for item in items:
        resolved.add(matcher.match(item))
    return resolved


def _targets(graph: CurriculumGraph, items: Iterable[str], *, what: str = "no skill, role or certification matches the target") -> _Resolved:
    resolved = _Resolved()
    matcher = matcher_for(graph)
    for item in items:
        found = matcher.match(item)
        if all(m.id is None for m in found):
            suggestions = [s.id for m in found for s in m.suggestions]
            hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
            raise UnknownNodeError(item, suggestions, message=f"{what} {item!r}{hint}")
        resolved.add([m for m in found if m.id is not None])
    return resolved


def _resolve_or_kind(graph: CurriculumGraph, items: Iterable[str]) -> tuple[_Resolved, list[str]]:
    """Items naming a kind ("certification", "certifications") stay kinds; the rest are matched."""
    kinds: list[str] = []
    rest: list[str] = []
    for item in items:
        kind = _kind_word(graph, item)
        if kind:
            kinds.append(kind)
        else:
            rest.append(item)
    return _resolve(graph, rest), kinds


def _kind_word(graph: CurriculumGraph, item: str) -> str | None:
    """The kind ``item`` names ("certification", "certifications"), unless a node has that id."""
    word = item.strip().casefold()
    kind = word if word in _KINDS else word[:-1] if word.endswith("s") and word[:-1] in _KINDS else None
    return kind if kind and kind not in graph.nodes else None


def _proficiency(graph: CurriculumGraph, request: PlanRequest) -> tuple[dict[str, str], _Resolved]:
    """Levels keyed by the id each item resolves to; a sentence gives every skill it names that level."""
    levels: dict[str, str] = {}
    resolved = _Resolved()
    matcher = matcher_for(graph)
    for item, level in request.proficiency.items():
        found = matcher.match(item)
        resolved.add(found)
        for m in found:
            if m.id is not None:
                levels[m.id] = Level(level).value
    return levels, resolved


def _unmatched_note(m: SkillMatch) -> str:
    hint = f" (did you mean {', '.join(s.name for s in m.suggestions)}?)" if m.suggestions else ""
    return f"{m.query!r} matched no skill and was left out{hint}"
