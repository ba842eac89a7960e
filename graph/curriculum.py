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

from graph.errors import Fault, GraphLoadError, UnknownNodeError, UnknownStageError
from graph.models import AlternativeOffer, Curriculum, Node, NodeDetail, Stage
from graph.seed import default_graph_path, read_curriculum
from graph.validate import check_curriculum, covered_closure, part_closure, prerequisite_digraph

__all__ = ["CurriculumGraph", "build_graph", "checked_graph", "curriculum_json_schema", "load_graph", "validate_path",
           "to_interchange_json"]


@dataclass(frozen=True, eq=False)
class CurriculumGraph:
    """A curriculum plus its prerequisite digraph, frozen once built.

    ``digraph`` has an edge ``u -> v`` when ``u`` is an alternative in one of
    ``v``'s clauses (attribute ``clauses``: the clause indexes) or one of
    ``v``'s parts (attribute ``part``).  The authoritative structure is
    always ``nodes[v].requires`` and ``nodes[v].parts``; what a course
    teaches (``covers``) is not a prerequisite and has no edge.
    """

    curriculum: Curriculum
    nodes: Mapping[str, Node]
    digraph: nx.DiGraph
    warnings: tuple[Fault, ...] = ()
    source: str = ""
    #: node ids in a deterministic topological order (ties broken by id)
    topological_order: tuple[str, ...] = field(default=())
    #: the curriculum's stages by id, in stage order
    stages: Mapping[str, Stage] = field(default_factory=dict)
    #: position of each stage id in stage order (0 first): what figures and listings sort by
    stage_rank: Mapping[str, int] = field(default_factory=dict)
    #: courses teaching each node (directly or as a part of a whole they cover), sorted
    covered_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the live id of every retired one (``Node.replaces``)
    replaced_by: Mapping[str, str] = field(default_factory=dict)

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

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id, or :class:`UnknownStageError` with close stage ids."""
        try:
            return self.stages[stage_id]
        except KeyError:
            close = difflib.get_close_matches(stage_id, list(self.stages), n=3, cutoff=0.5)
            raise UnknownStageError(stage_id, close, message=f"no stage {stage_id!r} in this curriculum; "
                                                             f"its stages are {', '.join(self.stages)}") from None

    def unlocks(self, node_id: str) -> tuple[str, ...]:
        """Ids of nodes that list ``node_id`` in one of their clauses, sorted."""
        self.node(node_id)
        edges = self.digraph.succ[node_id]
        return tuple(sorted(v for v, edge in edges.items() if edge["clauses"]))

    def part_of(self, node_id: str) -> tuple[str, ...]:
        """Ids of the wholes that list ``node_id`` among their parts, sorted."""
        self.node(node_id)
        edges = self.digraph.succ[node_id]
        return tuple(sorted(v for v, edge in edges.items() if edge["part"]))

    def parts_closure(self, node_ids) -> set[str]:
        """``node_ids`` and every part of each, transitively: what knowing them means."""
        return part_closure(self.nodes, node_ids)

    def teaches(self, course_id: str) -> set[str]:
        """What completing ``course_id`` makes known: what it covers and every part of those."""
        self.node(course_id)
        return covered_closure(self.nodes, course_id)

    def select(self, *, kind: str | None = None, stage: str | None = None, text: str = "") -> list[Node]:
        """Nodes in id order, filtered by kind, stage and a case-insensitive
        substring of the id, name or an alias (what ``mlpath nodes`` and
        ``GET /v1/nodes`` offer)."""
        needle = text.strip().casefold()
        kind = getattr(kind, "value", kind)
        return [
            node for node in self.nodes.values()
            if (kind is None or node.kind.value == kind)
            and (stage is None or node.stage == stage)
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
        return NodeDetail(node=node, unlocks=unlocks, alternative_in=tuple(offers),
                          part_of=self.part_of(node_id), covered_by=self.covered_by.get(node_id, ()))

    def prerequisites(self, node_id: str) -> tuple[str, ...]:
        """Ids appearing in any clause of ``node_id`` or among its parts, sorted."""
        self.node(node_id)
        return tuple(sorted(self.digraph.predecessors(node_id)))


def build_graph(curriculum: Curriculum, *, warnings: tuple[Fault, ...] = (), source: str = "") -> CurriculumGraph:
    """Build the frozen graph of an already validated curriculum."""
    ordered = tuple(sorted(curriculum.nodes, key=lambda n: n.id))
    stages = tuple(sorted(curriculum.stages, key=lambda s: (s.order, s.id)))
    curriculum = Curriculum(stages=stages, nodes=ordered)
    digraph = prerequisite_digraph(ordered)
    for node in ordered:
        digraph.nodes[node.id]["node"] = node
    order = tuple(nx.lexicographical_topological_sort(digraph))
    nodes = MappingProxyType({n.id: n for n in ordered})
    teachers: dict[str, list[str]] = {}
    for node in ordered:
        if node.covers:
            for taught in sorted(covered_closure(nodes, node.id)):
                teachers.setdefault(taught, []).append(node.id)
    return CurriculumGraph(
        curriculum=curriculum,
        nodes=nodes,
        digraph=nx.freeze(digraph),
        warnings=warnings,
        source=source,
        topological_order=order,
        stages=MappingProxyType({s.id: s for s in stages}),
        stage_rank=MappingProxyType({s.id: i for i, s in enumerate(stages)}),
        covered_by=MappingProxyType({k: tuple(v) for k, v in sorted(teachers.items())}),
        replaced_by=MappingProxyType({old: n.id for n in ordered for old in n.replaces}),
    )


def validate_path(path: str | Path | None = None) -> tuple[Curriculum | None, list[Fault]]:
    """Read and check a curriculum; the curriculum is ``None`` if any error was found."""
    raw = read_curriculum(path if path is not None else default_graph_path())
    faults = list(raw.faults) + check_curriculum(raw.nodes, raw.origin, raw.occurrences,
                                                  stages=raw.stages, stage_occurrences=raw.stage_occurrences)
    faults.sort()
    if any(f.severity == "error" for f in faults):
        return None, faults
    return Curriculum(stages=raw.stages, nodes=raw.nodes), faults


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
    faults = sorted(check_curriculum(curriculum.nodes, origin, [(source, n.id) for n in curriculum.nodes],
                                     stages=curriculum.stages, stage_occurrences=[(source, s.id) for s in curriculum.stages]))
    if any(f.severity == "error" for f in faults):
        raise GraphLoadError(faults)
    return build_graph(curriculum, warnings=tuple(faults), source=source)


def to_interchange_json(graph: CurriculumGraph | Curriculum) -> str:
    """The canonical interchange document (format version 2): stages in
    stage order, nodes sorted by id, stable bytes."""
    curriculum = graph.curriculum if isinstance(graph, CurriculumGraph) else graph
    ordered = Curriculum(
        stages=tuple(sorted(curriculum.stages, key=lambda s: (s.order, s.id))),
        nodes=tuple(sorted(curriculum.nodes, key=lambda n: n.id)),
    )
    return json.dumps(ordered.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def curriculum_json_schema() -> str:
    """The JSON Schema of the interchange format, generated from the models (stable bytes).

    Published as ``docs/curriculum.schema.json`` and ``GET /v1/schema/curriculum``;
    a test keeps the file equal to this.
    """
    schema = Curriculum.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:mlpath:curriculum:2", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
