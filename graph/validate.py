"""Whole-curriculum checks that a single node's schema cannot express.

Each check returns faults instead of raising, so one run reports everything:
duplicate ids, dangling references (with a did-you-mean), self-requirements,
empty or duplicate clauses, resources that are not platforms, cycles (printed
as a path), and nodes that no role or milestone needs (a warning).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx

from graph.errors import Fault
from graph.models import Kind, Node

__all__ = ["check_curriculum", "prerequisite_digraph"]

#: Kinds that give a curriculum its purpose: every node should serve one.
GOAL_KINDS = frozenset({Kind.ROLE, Kind.MILESTONE})


def check_curriculum(
    nodes: Iterable[Node],
    origin: Mapping[str, str],
    occurrences: Iterable[tuple[str, str]] = (),
) -> list[Fault]:
    """Every semantic fault of a set of schema-valid nodes."""
    nodes = list(nodes)
    by_id = {n.id: n for n in nodes}
    faults = _duplicate_ids(occurrences)
    for node in nodes:
        file = origin.get(node.id, "?")
        faults += _clause_faults(file, node, by_id)
        faults += _resource_faults(file, node, by_id)
    digraph = prerequisite_digraph(nodes, by_id)
    faults += _cycle_faults(digraph, origin)
    faults += _unreachable_warnings(digraph, nodes, by_id, origin)
    return faults


def prerequisite_digraph(nodes: Iterable[Node], known_ids: Iterable[str] | None = None) -> nx.DiGraph:
    """Edges ``prerequisite -> dependent``, one per alternative of every clause.

    Edge attribute ``clauses`` lists the dependent's clause indexes that the
    prerequisite appears in.  References to ids outside ``known_ids`` are
    skipped (they are reported elsewhere).
    """
    nodes = list(nodes)
    known = set(known_ids) if known_ids is not None else {n.id for n in nodes}
    edges: dict[tuple[str, str], tuple[int, ...]] = {}
    for node in nodes:
        for index, clause in enumerate(node.requires):
            for alternative in clause:
                if alternative in known and alternative != node.id:
                    key = (alternative, node.id)
                    edges[key] = edges.get(key, ()) + (index,)
    digraph = nx.DiGraph()
    digraph.add_nodes_from(n.id for n in nodes)
    digraph.add_edges_from((u, v, {"clauses": clauses}) for (u, v), clauses in edges.items())
    return digraph


def _duplicate_ids(occurrences: Iterable[tuple[str, str]]) -> list[Fault]:
    occurrences = list(occurrences)
    counts = Counter(node_id for _, node_id in occurrences)
    faults = []
    for node_id in sorted(i for i, c in counts.items() if c > 1):
        files = [f for f, i in occurrences if i == node_id]
        listing = ", ".join(files)
        for file in dict.fromkeys(files):
            faults.append(Fault(file, node_id, f"duplicate id, defined {counts[node_id]} times (in {listing})", code="duplicate-id"))
    return faults


def _clause_faults(file: str, node: Node, by_id: Mapping[str, Node]) -> list[Fault]:
    faults = []
    seen: set[frozenset[str]] = set()
    for index, clause in enumerate(node.requires):
        where = f"requires[{index}]"
        if not clause:
            faults.append(Fault(file, node.id, f"{where} is an empty clause: it can never be satisfied", code="empty-clause"))
            continue
        for alternative in clause:
            if alternative == node.id:
                faults.append(Fault(file, node.id, f"{where} requires the node itself", code="self-requirement"))
            elif alternative not in by_id:
                faults.append(Fault(file, node.id, f"{where} refers to unknown id {alternative!r}{_did_you_mean(alternative, by_id)}", code="missing-reference"))
        repeated = sorted(a for a, c in Counter(clause).items() if c > 1)
        if repeated:
            faults.append(Fault(file, node.id, f"{where} lists {', '.join(repeated)} more than once", code="duplicate-alternative"))
        key = frozenset(clause)
        if key in seen:
            faults.append(Fault(file, node.id, f"{where} duplicates an earlier clause", code="duplicate-clause"))
        seen.add(key)
    return faults


def _resource_faults(file: str, node: Node, by_id: Mapping[str, Node]) -> list[Fault]:
    faults = []
    for resource in node.resources:
        target = by_id.get(resource)
        if target is None:
            faults.append(Fault(file, node.id, f"resources refers to unknown id {resource!r}{_did_you_mean(resource, by_id)}", code="missing-reference"))
        elif target.kind is not Kind.PLATFORM:
            faults.append(Fault(file, node.id, f"resources entry {resource!r} is a {target.kind.value}, not a platform", code="bad-resource"))
    return faults


def _did_you_mean(name: str, by_id: Mapping[str, Node]) -> str:
    close = difflib.get_close_matches(name, sorted(by_id), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def _cycle_faults(digraph: nx.DiGraph, origin: Mapping[str, str]) -> list[Fault]:
    """One fault per strongly connected component, printing one concrete cycle."""
    faults = []
    components = [c for c in nx.strongly_connected_components(digraph) if len(c) > 1]
    for component in sorted(components, key=min):
        start = min(component)
        cycle = nx.find_cycle(digraph.subgraph(component), source=start)
        path = [u for u, _ in cycle] + [cycle[-1][1]]
        # Edges point prerequisite -> dependent; print "a requires b requires ...".
        text = " -> ".join(reversed(path))
        faults.append(Fault(origin.get(start, "?"), start, f"prerequisite cycle: {text} (read 'x -> y' as 'x requires y')", code="cycle"))
    return faults


def _unreachable_warnings(digraph: nx.DiGraph, nodes: list[Node], by_id: Mapping[str, Node], origin: Mapping[str, str]) -> list[Fault]:
    goals = [n.id for n in nodes if n.kind in GOAL_KINDS]
    needed: set[str] = set(goals)
    for goal in goals:
        needed |= nx.ancestors(digraph, goal)
    # A platform recommended for learning a needed node serves a goal too.
    needed |= {r for node_id in list(needed) if node_id in by_id for r in by_id[node_id].resources}
    return [
        Fault(origin.get(n.id, "?"), n.id, "no role or milestone requires this node, directly or indirectly", severity="warning", code="unreachable")
        for n in nodes
        if n.id not in needed
    ]
