"""The validated, immutable in-memory curriculum every consumer shares.

``load_graph(path)`` is the single door: read (``graph.seed``), check
(``graph.validate``), then build a :class:`CurriculumGraph`.  If any error is
found nothing is built and :class:`~graph.errors.GraphLoadError` carries every
fault, so a caller holding an older graph simply keeps it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import networkx as nx

from graph.errors import Fault, GraphLoadError, UnknownNodeError
from graph.models import AlternativeOffer, Curriculum, Node, NodeDetail
from graph.seed import default_graph_path, read_curriculum
from graph.validate import check_curriculum, prerequisite_digraph

__all__ = ["CurriculumGraph", "build_graph", "checked_graph", "load_graph", "validate_path", "to_interchange_json"]


@dataclass(frozen=True, eq=False)
class CurriculumGraph:
    """A curriculum plus its prerequisite digraph, frozen once built.

    ``digraph`` has an edge ``u -> v`` when ``u`` is an alternative in one of
    ``v``'s clauses (attribute ``clauses``: the clause indexes).  The
    authoritative AND/OR structure is always ``nodes[v].requires``.
    """

    curriculum: Curriculum
    nodes: Mapping[str, Node]
    digraph: nx.DiGraph
    warnings: tuple[Fault, ...] = ()
    source: str = ""
    #: node ids in a deterministic topological order (ties broken by id)
    topological_order: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def node(self, node_id: str) -> Node:
        """The node with this id, or :class:`UnknownNodeError` with close ids."""
        try:
            return self.nodes[node_id]
        except KeyError:
            close = difflib.get_close_matches(node_id, list(self.nodes), n=3, cutoff=0.6)
            raise UnknownNodeError(node_id, close) from None

    def unlocks(self, node_id: str) -> tuple[str, ...]:
        """Ids of nodes that list ``node_id`` in one of their clauses, sorted."""
        self.node(node_id)
        return tuple(sorted(self.digraph.successors(node_id)))

    def select(self, *, kind: str | None = None, stage: str | None = None, text: str = "") -> list[Node]:
        """Nodes in id order, filtered by kind, stage and a case-insensitive
        substring of the id, name or an alias (what ``mlpath nodes`` and
        ``GET /v1/nodes`` offer)."""
        needle = text.strip().casefold()
        kind = getattr(kind, "value", kind)
        stage = getattr(stage, "value", stage)
        return [
            node for node in self.nodes.values()
            if (kind is None or node.kind.value == kind)
            and (stage is None or node.stage.value == stage)
            and (not needle or any(needle in t.casefold() for t in (node.id, node.name, *node.aliases)))
        ]

    def detail(self, node_id: str) -> NodeDetail:
        """The node, what it unlocks, and the OR-clauses it takes part in."""
        node = self.node(node_id)
        unlocks = self.unlocks(node_id)
        offers = [
            AlternativeOffer(for_node=dependent, clause=index, alternatives=clause)
            for dependent in unlocks
            for index, clause in enumerate(self.nodes[dependent].requires)
            if node_id in clause and len(clause) > 1
        ]
        return NodeDetail(node=node, unlocks=unlocks, alternative_in=tuple(offers))

    def prerequisites(self, node_id: str) -> tuple[str, ...]:
        """Ids appearing in any clause of ``node_id``, sorted."""
        self.node(node_id)
        return tuple(sorted(self.digraph.predecessors(node_id)))


def build_graph(curriculum: Curriculum, *, warnings: tuple[Fault, ...] = (), source: str = "") -> CurriculumGraph:
    """Build the frozen graph of an already validated curriculum."""
    ordered = tuple(sorted(curriculum.nodes, key=lambda n: n.id))
    curriculum = Curriculum(nodes=ordered)
    digraph = prerequisite_digraph(ordered)
    for node in ordered:
        digraph.nodes[node.id]["node"] = node
    order = tuple(nx.lexicographical_topological_sort(digraph))
    return CurriculumGraph(
        curriculum=curriculum,
        nodes=MappingProxyType({n.id: n for n in ordered}),
        digraph=nx.freeze(digraph),
        warnings=warnings,
        source=source,
        topological_order=order,
    )


def validate_path(path: str | Path | None = None) -> tuple[Curriculum | None, list[Fault]]:
    """Read and check a curriculum; the curriculum is ``None`` if any error was found."""
    raw = read_curriculum(path if path is not None else default_graph_path())
    faults = list(raw.faults) + check_curriculum(raw.nodes, raw.origin, raw.occurrences)
    faults.sort()
    if any(f.severity == "error" for f in faults):
        return None, faults
    return Curriculum(nodes=raw.nodes), faults


def load_graph(path: str | Path | None = None) -> CurriculumGraph:
    """Load, validate and build; raise :class:`GraphLoadError` listing every fault."""
    path = Path(path) if path is not None else default_graph_path()
    curriculum, faults = validate_path(path)
    if curriculum is None:
        raise GraphLoadError(faults)
    return build_graph(curriculum, warnings=tuple(faults), source=str(path))


def checked_graph(curriculum: Curriculum, *, source: str) -> CurriculumGraph:
    """Check a curriculum that did not come from files (Neo4j, an API body) and build it.

    The same whole-graph checks as ``load_graph``; every node is attributed
    to ``source`` in the faults.  Raises :class:`GraphLoadError` on any error.
    """
    origin = {node.id: source for node in curriculum.nodes}
    faults = sorted(check_curriculum(curriculum.nodes, origin, [(source, n.id) for n in curriculum.nodes]))
    if any(f.severity == "error" for f in faults):
        raise GraphLoadError(faults)
    return build_graph(curriculum, warnings=tuple(faults), source=source)


def to_interchange_json(graph: CurriculumGraph | Curriculum) -> str:
    """The canonical interchange document: nodes sorted by id, stable bytes."""
    curriculum = graph.curriculum if isinstance(graph, CurriculumGraph) else graph
    ordered = Curriculum(nodes=tuple(sorted(curriculum.nodes, key=lambda n: n.id)))
    return json.dumps(ordered.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
