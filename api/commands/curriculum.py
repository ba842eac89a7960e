"""Commands over the curriculum itself: validate, export, nodes, show."""

from __future__ import annotations

import argparse
from typing import TextIO

from api.commands._common import add_graph_option, add_json_option, load_graph_for, write_json

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("validate", help="check a curriculum and list every fault")
    add_graph_option(p)
    add_json_option(p)
    p.set_defaults(run="api.commands.curriculum:run_validate")

    p = subparsers.add_parser("export", help="write the curriculum as one interchange JSON document")
    add_graph_option(p)
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--schema", action="store_true", help="write the JSON Schema of the interchange format instead")
    p.set_defaults(run="api.commands.curriculum:run_export")

    p = subparsers.add_parser("nodes", help="list nodes, optionally by kind or text")
    add_graph_option(p)
    add_json_option(p)
    p.add_argument("--kind", help="only nodes of this kind (topic, tool, certification, ...)")
    p.add_argument("--stage", help="only nodes of this stage (one of the curriculum's stage ids)")
    p.add_argument("--search", metavar="TEXT", help="only nodes whose id, name or alias contains TEXT")
    p.set_defaults(run="api.commands.curriculum:run_nodes")

    p = subparsers.add_parser("show", help="one node: prerequisites, what it unlocks, alternatives")
    add_graph_option(p)
    add_json_option(p)
    p.add_argument("id", help="node id")
    p.set_defaults(run="api.commands.curriculum:run_show")


def run_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from graph.curriculum import validate_path
    from graph.seed import default_graph_path
    import os

    path = args.graph or os.environ.get("MLPATH_GRAPH") or default_graph_path()
    curriculum, faults = validate_path(path)
    errors = [f for f in faults if f.severity == "error"]
    warnings = [f for f in faults if f.severity != "error"]
    count = len(curriculum.nodes) if curriculum else 0
    if args.json:
        write_json({
            "valid": curriculum is not None,
            "path": str(path),
            "nodes": count,
            "errors": len(errors),
            "warnings": len(warnings),
            "faults": [{"file": f.file, "node": f.node, "severity": f.severity, "code": f.code, "message": f.message} for f in faults],
        }, out)
    else:
        for fault in faults:
            print(fault, file=err if fault.severity == "error" else out)
        verdict = "valid" if curriculum is not None else "INVALID"
        print(f"{path}: {verdict}: {count} nodes, {len(errors)} error(s), {len(warnings)} warning(s)", file=out)
    return 0 if curriculum is not None else 1


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from graph.curriculum import curriculum_json_schema, to_interchange_json

    document = curriculum_json_schema() if args.schema else to_interchange_json(load_graph_for(args))
    if args.out:
        Path(args.out).write_text(document, encoding="utf-8")
        print(f"wrote {args.out}", file=err)
    else:
        out.write(document)
    return 0


def run_nodes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    graph = load_graph_for(args)
    if args.stage is not None:
        graph.stage(args.stage)  # an unknown stage is an error with close ids, not an empty list
    selected = graph.select(kind=args.kind, stage=args.stage, text=args.search or "")
    if args.json:
        write_json([n.model_dump(mode="json") for n in selected], out)
        return 0
    # as wide as this curriculum's longest stage id, so the columns line up
    stage_width = max(map(len, graph.stages), default=0) + 1
    for n in selected:
        print(f"{n.id:<42} {n.kind.value:<13} {n.stage:<{stage_width}} {n.effort_hours:>7g} h  {n.name}", file=out)
    print(f"{len(selected)} of {len(graph)} nodes", file=err)
    return 0


def run_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    graph = load_graph_for(args)
    detail = graph.detail(args.id)
    if args.json:
        write_json(detail, out)
        return 0
    node = detail.node
    name = lambda i: graph.nodes[i].name  # noqa: E731 - tiny local formatter
    print(f"{node.name}  [{node.id}]", file=out)
    print(f"  {node.kind.value}, {node.level.value}, stage {node.stage}, about {node.effort_hours:g} h", file=out)
    if node.description:
        print(f"  {node.description}", file=out)
    if node.aliases:
        print(f"  also known as: {', '.join(node.aliases)}", file=out)
    print(f"  source: {node.source}", file=out)
    if node.resources:
        print(f"  learn on: {', '.join(name(r) for r in node.resources)}", file=out)
    print("  requires:" if node.requires else "  requires: nothing (an entry point)", file=out)
    for clause in node.requires:
        text = " OR ".join(name(a) for a in clause)
        print(f"    - {text}" if len(clause) == 1 else f"    - one of: {text}", file=out)
    if node.parts:
        print(f"  consists of: {', '.join(name(p) for p in node.parts)}", file=out)
    if node.covers:
        print(f"  teaches: {', '.join(name(c) for c in node.covers)}", file=out)
    if detail.unlocks:
        print(f"  unlocks: {', '.join(name(u) for u in detail.unlocks)}", file=out)
    if detail.part_of:
        print(f"  part of: {', '.join(name(w) for w in detail.part_of)}", file=out)
    if detail.covered_by:
        print(f"  taught by: {', '.join(name(c) for c in detail.covered_by)}", file=out)
    for offer in detail.alternative_in:
        others = [name(a) for a in offer.alternatives if a != node.id]
        print(f"  for {name(offer.for_node)} it can replace: {', '.join(others)}", file=out)
    return 0
