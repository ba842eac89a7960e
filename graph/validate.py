"""Whole-curriculum checks that a single node's schema cannot express.

Each check returns faults instead of raising, so one run reports everything:
duplicate ids, dangling references (with a did-you-mean), self-requirements,
empty or duplicate clauses, resources that are not platforms, undefined or
duplicate stages, misused parts, covers and replaces, cycles (printed as a
path, through requirements and parts alike), courses whose entry
requirements depend on what they teach, and two warnings: nodes that no role
or milestone needs, and courses that teach a node without teaching (or
requiring) what that node needs.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx

from graph.errors import Fault
from graph.models import Kind, Node, Stage

__all__ = ["check_curriculum", "prerequisite_digraph", "covered_closure", "part_closure", "TEACHING_KINDS"]

#: Kinds that give a curriculum its purpose: every node should serve one.
GOAL_KINDS = frozenset({Kind.ROLE, Kind.MILESTONE})
#: Kinds that may list ``covers``: courses and the course-based certificates.
TEACHING_KINDS = frozenset({Kind.COURSE, Kind.CERTIFICATION})
#: Kinds a course cannot make known by teaching them: they are earned, held or reached.
UNTEACHABLE_KINDS = frozenset({Kind.ROLE, Kind.MILESTONE, Kind.CERTIFICATION, Kind.COURSE, Kind.EDUCATION, Kind.PLATFORM})


def check_curriculum(
    nodes: Iterable[Node],
    origin: Mapping[str, str],
    occurrences: Iterable[tuple[str, str]] = (),
    *,
    stages: Iterable[Stage] = (),
    stage_occurrences: Iterable[tuple[str, str]] = (),
) -> list[Fault]:
    """Every semantic fault of a set of schema-valid nodes and stages."""
    nodes = list(nodes)
    by_id = {n.id: n for n in nodes}
    stages = list(stages)
    faults = _duplicate_ids(occurrences)
    faults += _stage_faults(stages, stage_occurrences)
    stage_ids = {stage.id for stage in stages}
    retired: Counter[str] = Counter(old for n in nodes for old in n.replaces)
    for node in nodes:
        file = origin.get(node.id, "?")
        faults += _clause_faults(file, node, by_id)
        faults += _resource_faults(file, node, by_id)
        faults += _part_faults(file, node, by_id)
        faults += _cover_faults(file, node, by_id)
        faults += _replace_faults(file, node, by_id, retired)
        if node.stage not in stage_ids:
            faults.append(Fault(file, node.id, f"stage {node.stage!r} is not defined{_did_you_mean(node.stage, stage_ids)}", code="unknown-stage"))
    digraph = prerequisite_digraph(nodes, by_id)
    faults += _cycle_faults(digraph, origin)
    if not any(f.code == "cycle" for f in faults):  # the closures below need an acyclic graph
        faults += _course_faults(digraph, nodes, by_id, origin)
    faults += _unreachable_warnings(digraph, nodes, by_id, origin)
    return faults


def prerequisite_digraph(nodes: Iterable[Node], known_ids: Iterable[str] | None = None) -> nx.DiGraph:
    """Edges ``prerequisite -> dependent``: one per alternative of every clause, one per part.

    Edge attribute ``clauses`` lists the dependent's clause indexes that the
    prerequisite appears in (empty for a part only), and ``part`` tells
    whether the prerequisite is one of the dependent's parts.  References to
    ids outside ``known_ids`` are skipped (they are reported elsewhere).
    """
    nodes = list(nodes)
    known = set(known_ids) if known_ids is not None else {n.id for n in nodes}
    edges: dict[tuple[str, str], dict] = {}
    for node in nodes:
        for index, clause in enumerate(node.requires):
            for alternative in clause:
                if alternative in known and alternative != node.id:
                    edge = edges.setdefault((alternative, node.id), {"clauses": (), "part": False})
                    edge["clauses"] += (index,)
        for part in node.parts:
            if part in known and part != node.id:
                edges.setdefault((part, node.id), {"clauses": (), "part": False})["part"] = True
    digraph = nx.DiGraph()
    digraph.add_nodes_from(n.id for n in nodes)
    digraph.add_edges_from((u, v, data) for (u, v), data in edges.items())
    return digraph


def part_closure(by_id: Mapping[str, Node], ids: Iterable[str]) -> set[str]:
    """``ids`` and, transitively, every part of each (ids outside ``by_id`` are kept, not followed)."""
    closed: set[str] = set()
    stack = list(ids)
    while stack:
        node_id = stack.pop()
        if node_id in closed:
            continue
        closed.add(node_id)
        node = by_id.get(node_id)
        if node is not None:
            stack.extend(node.parts)
    return closed


def covered_closure(by_id: Mapping[str, Node], course_id: str) -> set[str]:
    """What completing ``course_id`` makes known: what it covers, with every part of those."""
    return part_closure(by_id, by_id[course_id].covers)


def _duplicate_ids(occurrences: Iterable[tuple[str, str]], *, what: str = "id") -> list[Fault]:
    occurrences = list(occurrences)
    counts = Counter(node_id for _, node_id in occurrences)
    faults = []
    for node_id in sorted(i for i, c in counts.items() if c > 1):
        files = [f for f, i in occurrences if i == node_id]
        listing = ", ".join(files)
        label = node_id if what == "id" else f"stage {node_id}"
        for file in dict.fromkeys(files):
            faults.append(Fault(file, label, f"duplicate {what}, defined {counts[node_id]} times (in {listing})",
                                code="duplicate-id" if what == "id" else "duplicate-stage"))
    return faults


def _stage_faults(stages: list[Stage], occurrences: Iterable[tuple[str, str]]) -> list[Fault]:
    occurrences = list(occurrences)
    faults = _duplicate_ids(occurrences, what="stage id")
    file_of = dict(reversed(occurrences))
    by_order: dict[int, list[str]] = {}
    for stage in stages:
        by_order.setdefault(stage.order, []).append(stage.id)
    for order, ids in sorted(by_order.items()):
        if len(set(ids)) > 1:
            for stage_id in sorted(set(ids)):
                others = ", ".join(i for i in sorted(set(ids)) if i != stage_id)
                faults.append(Fault(file_of.get(stage_id, "?"), f"stage {stage_id}", f"order {order} is also the order of {others}: stage order must be unique", code="duplicate-stage"))
    return faults


def _part_faults(file: str, node: Node, by_id: Mapping[str, Node]) -> list[Fault]:
    faults = []
    for part in node.parts:
        if part == node.id:
            faults.append(Fault(file, node.id, "parts lists the node itself: a whole cannot be its own part", code="part-cycle"))
        elif part not in by_id:
            faults.append(Fault(file, node.id, f"parts refers to unknown id {part!r}{_did_you_mean(part, by_id)}", code="missing-reference"))
        elif any(part in clause for clause in node.requires):
            faults.append(Fault(file, node.id, f"{part!r} is both a part and a requirement: list it once, as a part", code="part-and-requirement"))
    repeated = sorted(p for p, c in Counter(node.parts).items() if c > 1)
    if repeated:
        faults.append(Fault(file, node.id, f"parts lists {', '.join(repeated)} more than once", code="duplicate-alternative"))
    return faults


def _cover_faults(file: str, node: Node, by_id: Mapping[str, Node]) -> list[Fault]:
    if not node.covers:
        return []
    if node.kind not in TEACHING_KINDS:
        kinds = " or ".join(k.value for k in sorted(TEACHING_KINDS, key=lambda k: k.value))
        return [Fault(file, node.id, f"a {node.kind.value} cannot cover nodes: only a {kinds} teaches", code="bad-cover")]
    faults = []
    for covered in node.covers:
        target = by_id.get(covered)
        if covered == node.id:
            faults.append(Fault(file, node.id, "covers lists the course itself", code="bad-cover"))
        elif target is None:
            faults.append(Fault(file, node.id, f"covers refers to unknown id {covered!r}{_did_you_mean(covered, by_id)}", code="missing-reference"))
        elif target.kind in UNTEACHABLE_KINDS:
            faults.append(Fault(file, node.id, f"covers {covered!r}, a {target.kind.value}: a course teaches topics, skills, tools and projects", code="bad-cover"))
    repeated = sorted(c for c, n in Counter(node.covers).items() if n > 1)
    if repeated:
        faults.append(Fault(file, node.id, f"covers lists {', '.join(repeated)} more than once", code="duplicate-alternative"))
    return faults


def _replace_faults(file: str, node: Node, by_id: Mapping[str, Node], retired: Counter[str]) -> list[Fault]:
    faults = []
    for old in dict.fromkeys(node.replaces):
        if old in by_id:
            faults.append(Fault(file, node.id, f"replaces {old!r}, which is still a node: retire an id before replacing it", code="bad-replaces"))
        elif retired[old] > 1:
            faults.append(Fault(file, node.id, f"{old!r} is replaced by more than one node: its progress needs one heir", code="bad-replaces"))
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
        # Edges point prerequisite -> dependent; print "a requires b, b has part c, ...".
        steps = [(v, u, digraph.edges[u, v]) for u, v in reversed(cycle)]
        text = ", ".join(f"{v} {'requires' if edge['clauses'] else 'has part'} {u}" for v, u, edge in steps)
        only_parts = all(not edge["clauses"] for _, _, edge in steps)
        what = "a whole is part of itself" if only_parts else "prerequisite cycle"
        faults.append(Fault(origin.get(start, "?"), start, f"{what}: {text}", code="part-cycle" if only_parts else "cycle"))
    return faults


def _course_faults(digraph: nx.DiGraph, nodes: list[Node], by_id: Mapping[str, Node], origin: Mapping[str, str]) -> list[Fault]:
    """Courses that depend on what they teach (errors) or leave gaps in it (warnings).

    A course's entry requirements are everything it needs before it starts:
    its ancestors through requirements and parts.  If one of them is, or
    needs, a node the course covers, the course would be needed to start
    itself.  A covered node's own clause that nothing covered and nothing
    required meets is a gap the learner must fill alone (a warning).
    Cycles that run through more than one course (course A needs what B
    teaches, B needs what A teaches) are found on the graph where a course
    stands in for what it covers.
    """
    faults = []
    courses = [n for n in nodes if n.covers and n.kind in TEACHING_KINDS]
    circular: set[str] = set()
    for course in courses:
        file = origin.get(course.id, "?")
        covered = covered_closure(by_id, course.id) & by_id.keys()
        entry = nx.ancestors(digraph, course.id)
        looped = sorted(covered & entry)
        if looped:
            circular.add(course.id)
            faults.append(Fault(file, course.id, f"its entry requirements depend on {', '.join(looped)}, which it covers: "
                                "a course cannot be needed to start itself", code="course-requires-covered"))
            continue
        known_after = covered | entry
        for covered_id in sorted(covered):
            for index, clause in enumerate(by_id[covered_id].requires):
                if known_after.isdisjoint(clause):
                    faults.append(Fault(file, course.id, f"covers {covered_id!r}, whose requires[{index}] ({' or '.join(clause)}) "
                                        "the course neither covers nor requires", severity="warning", code="course-gap"))
    faults += _course_cycle_faults(digraph, courses, by_id, origin, circular)
    return faults


def _course_cycle_faults(digraph: nx.DiGraph, courses: list[Node], by_id: Mapping[str, Node], origin: Mapping[str, str],
                         reported: set[str]) -> list[Fault]:
    """Cycles that appear once each course stands in for the nodes it covers."""
    if not courses:
        return []
    compiled = nx.DiGraph(digraph)
    for course in courses:
        for covered_id in covered_closure(by_id, course.id) & by_id.keys():
            for dependent in digraph.successors(covered_id):
                if dependent != course.id:
                    compiled.add_edge(course.id, dependent)
    faults = []
    for component in sorted((c for c in nx.strongly_connected_components(compiled) if len(c) > 1), key=min):
        members = sorted(component & {c.id for c in courses})
        if not members or reported & component:
            continue
        first = members[0]
        faults.append(Fault(origin.get(first, "?"), first, f"courses {', '.join(members)} each need what another of them teaches "
                            f"(through {', '.join(sorted(component - set(members)))}): no order can start any of them", code="course-cycle"))
    return faults


def _unreachable_warnings(digraph: nx.DiGraph, nodes: list[Node], by_id: Mapping[str, Node], origin: Mapping[str, str]) -> list[Fault]:
    goals = [n.id for n in nodes if n.kind in GOAL_KINDS]
    needed: set[str] = set(goals)
    for goal in goals:
        needed |= nx.ancestors(digraph, goal)
    # A platform recommended for learning a needed node serves a goal too, and
    # so does a course teaching one (with what the course itself needs).
    needed |= {r for node_id in list(needed) if node_id in by_id for r in by_id[node_id].resources}
    teaching = [n.id for n in nodes if n.covers and not needed.isdisjoint(n.covers)]
    for course in teaching:
        needed |= {course} | nx.ancestors(digraph, course)
    return [
        Fault(origin.get(n.id, "?"), n.id, "no role or milestone requires this node, directly or indirectly", severity="warning", code="unreachable")
        for n in nodes
        if n.id not in needed
    ]
