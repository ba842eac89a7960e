"""CV verbs in the past tense naming a practice whose noun has an everyday sense.

CVs write what was done: "orchestrated the Docker containers", "profiled slow
NumPy code", "branched off main in Git", "pruned the PyTorch model".  The
practice's own label is a noun with an everyday sense ("orchestration",
"profiling", "branching", "pruning": see ``EVERYDAY_SENSES``), so the verb is
everyday English just as often ("orchestrated a merger", "pruned the roses",
"optimised SQL queries").  The verb is read as the practice only where its
clause (or a neighbouring item of its list: "clean, tested, maintainable code") names a node next to the practice in the graph (a prerequisite, what it
unlocks, a whole, a part or a sibling) that does not already say it: naming
k-means says clustering, and "clustered shoppers with k-means" is k-means.
"""

from __future__ import annotations

from graph.curriculum import CurriculumGraph
from recommender.matching_text import EVERYDAY_SENSES, root

__all__ = ["PastTenses"]

#: A past tense is at least this long ("logged", "tested"): shorter "-ed" words are not verbs of a practice.
_SHORTEST = 6


def _same_clause_or_list(tokens: list, a: int, b: int) -> bool:
    """Tokens ``a`` and ``b`` are in one clause, or in neighbouring items of one list ("clean, tested,
    maintainable code"): a comma, not a sentence end or a bracket, between their groups."""
    first, second = sorted((tokens[a].group, tokens[b].group))
    if second - first > 1:
        return False
    if first == second:
        return True
    start = next(t for t in tokens if t.group == second)
    return start.before.strip() == ","


class PastTenses:
    """The everyday-sense one-word labels of practices, by the root their verbs share."""

    def __init__(self, graph: CurriculumGraph, labels, related: dict[str, frozenset[str]]):
        self._digraph = graph.digraph
        self._related = related
        self._by_root: dict[str, list] = {}
        for label in labels:
            if label.node_id is None or len(label.stems) != 1 or label.stems[0] not in EVERYDAY_SENSES:
                continue
            word = label.stems[0]
            noun = word[:-len("ment")] if word.endswith("ment") else word  # "deployment": "deploy"
            if noun != word or word.endswith(("ing", "ation", "ization")):
                self._by_root.setdefault(root(noun), []).append(label)

    def found(self, chosen: list, tokens: list) -> list[tuple[int, object]]:
        """``(position, label)`` for each past tense in ``tokens`` no chosen mention covers whose practice
        a chosen mention in its clause stands next to (see the module's docstring)."""
        covered = {k for m in chosen for k in range(m.start, m.end)}
        found = []
        for k, token in enumerate(tokens):
            if k in covered or not token.fold.endswith("ed") or len(token.fold) < _SHORTEST:
                continue
            for label in self._by_root.get(root(token.stem), ()):
                near = self._related.get(label.node_id, frozenset())
                if any(o.label.node_id in near and _same_clause_or_list(tokens, k, o.start)
                       and not self.implies(o.label.node_id, label.node_id) for o in chosen):
                    found.append((k, label))
                    break
        return found

    def implies(self, specific: str, general: str) -> bool:
        """``specific`` requires ``general`` or is one of its parts: naming it says ``general`` already."""
        if specific in self._digraph.succ[general]:
            return True  # "k-means" requires clustering
        edge = self._digraph.get_edge_data(specific, general)
        return bool(edge and edge["part"])  # a part of the practice
