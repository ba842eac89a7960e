"""Which platform issues which certification, read from the curriculum's own prerequisites.

A cloud certification is written with its issuer's name in front of it: "AWS
Certified Machine Learning", "GCP Professional ML Engineer cert", "Google Cloud
Professional ML Engineer".  A CV reader takes such a phrase as the certificate,
not as the certificate *and* the cloud: the platform's name is part of the
certificate's name there.

The curriculum does not say who issues a certification, but its prerequisites
do: the AWS exam requires SageMaker and Kinesis, which both require AWS; the
Google exam requires Vertex AI, which requires GCP.  The *issuer* of a
certification is the platform every chain of platforms among its requirements
ends at (a platform requiring no other platform), when there is exactly one.
A certification requiring no platform (a course-based certificate) has none,
nor one whose platforms lead to two different clouds.  So the knowledge follows
the graph: a new exam requiring a new cloud's services is read the same way,
with no list of ids to keep.
"""

from __future__ import annotations

from dataclasses import replace

from graph.curriculum import CurriculumGraph
from graph.models import Kind

__all__ = ["issuers", "without_issuer"]


def _platform_roots(graph: CurriculumGraph, node_id: str, seen: set[str]) -> set[str]:
    """The platforms requiring no other platform that the platform ``node_id`` rests on (itself if none)."""
    if node_id in seen:
        return set()
    seen.add(node_id)
    above = {r for clause in graph.nodes[node_id].requires for r in clause
             if graph.nodes[r].kind is Kind.PLATFORM}
    if not above:
        return {node_id}
    roots: set[str] = set()
    for platform in sorted(above):
        roots |= _platform_roots(graph, platform, seen)
    return roots


def issuers(graph: CurriculumGraph) -> dict[str, str]:
    """For each certification with one issuing platform, that platform's id (see the module's docstring)."""
    found = {}
    for node in graph.nodes.values():
        if node.kind is not Kind.CERTIFICATION:
            continue
        platforms = {r for clause in node.requires for r in clause if graph.nodes[r].kind is Kind.PLATFORM}
        roots: set[str] = set()
        for platform in sorted(platforms):
            roots |= _platform_roots(graph, platform, set())
        if len(roots) == 1:
            found[node.id] = roots.pop()
    return found


def without_issuer(chosen: list, tokens: list, issued_by: dict[str, str], between) -> list:
    """``chosen`` mentions with each certification's issuing platform, written right before it in its
    clause (with only words ``between`` accepts between them: "AWS Certified Machine Learning", "GCP Professional ML Engineer cert"),
    taken into the certification's mention instead of standing as a platform of its own.

    A CV reader takes "GCP Professional ML Engineer" as one credential: the cloud's name is part
    of the certificate's name, and naming the cloud apart would add a skill the text does not claim
    (passing Google's exam is not the same as having worked on GCP).  Written apart ("GCP, and the
    Professional ML Engineer exam"), both stand."""
    drop, grown = set(), {}
    for c in chosen:
        issuer = issued_by.get(c.label.node_id)
        if issuer is None:
            continue
        for p in chosen:
            if (p.label.node_id == issuer and p.end <= c.start and tokens[p.start].group == tokens[c.start].group
                    and all(between(t) for t in tokens[p.end:c.start])
                    and all(t.compounds() for t in tokens[p.end:c.start + 1])):
                drop.add(id(p))
                grown[id(c)] = min(grown.get(id(c), c.start), p.start)
    return [replace(m, start=grown[id(m)]) if id(m) in grown else m for m in chosen if id(m) not in drop]
