"""Make Neo4j hold exactly the curriculum of the files, atomically.

:func:`sync_path` validates first (``load_graph``), so an invalid curriculum
never reaches the database.  :func:`sync_curriculum` then

1. creates the constraint and indexes, each in its own schema transaction;
2. parks the learners' links on nodes about to go (below);
3. opens ONE write transaction, reads what the database holds, and computes
   the difference with the curriculum in Python: rows to create, to update
   (their properties differ) and to remove;
4. sends only those rows, in batches of ``UNWIND $rows``;
5. commits.  Any failure before the commit rolls everything back, so the
   database keeps the previous curriculum whole;
6. places the learners' links on the nodes they now belong to.

Nodes are those labelled ``:Node``; relationships are ``REQUIRES``,
``LEARN_ON``, ``HAS_PART`` and ``COVERS`` between them; the curriculum's
stages are ``:Stage`` nodes.  Anything else in the database is left alone,
learners above all (``docs/learners.md``): a learner's link to a node about
to be removed moves first to a ``:MissingNode`` of the link's own id
(:func:`park_learner_links`), and once the curriculum is written, links on a
``:MissingNode`` move to the node that now has the id or ``replaces`` it
(:func:`place_learner_links`).  A thousand learners have tens of thousands of
links, more than one transaction may hold under the server's memory limit,
so both steps move at most :data:`LEARNER_LINK_BATCH` links per transaction
of their own.  Where a link points never changes what a learner reads (the
store reads the id on the link), so a state between two steps is harmless,
and each step moves whatever is still to move: a sync that died between
steps, or whose curriculum transaction failed, is finished by the next one
(and a failed one puts the parked links straight back).  A second sync of
the same files finds no difference and writes nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, LiteralString, TextIO

from graph.neo4j import cypher
from graph.curriculum import CurriculumGraph, load_graph
from graph.errors import MlpathError
from graph.models import Curriculum
from graph.neo4j.store import ensure_schema, node_properties

if TYPE_CHECKING:
    import neo4j

__all__ = ["SyncReport", "SyncTooLargeError", "Batch", "sync_curriculum", "sync_path", "StderrProgress", "desired_state",
           "park_learner_links", "place_learner_links", "LEARNER_LINK_BATCH"]

#: Rows per ``UNWIND`` batch: large enough to amortise a round trip, small
#: enough that one batch never dominates the transaction's memory.
DEFAULT_BATCH_SIZE = 2_000

#: Seconds the one write transaction may take; the server default (10 s) is
#: meant for ad-hoc queries, not for loading a 100k-node curriculum.
DEFAULT_TIMEOUT = 900.0

#: Learner links moved per transaction before and after the curriculum's.  Moving one costs a
#: few KB of transaction state (10,000 in one transaction fitted the server's 64 MB limit,
#: ``neo4j/server.env``, and 19,458 did not), so a batch stays far below it.
LEARNER_LINK_BATCH = 2_000


class SyncTooLargeError(MlpathError, RuntimeError):
    """The change did not fit in the server's transaction memory; nothing was written."""


@dataclass(frozen=True)
class SyncReport:
    """What one sync changed; all zero means the database was already in sync."""

    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_removed: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_removed: int = 0
    nodes_total: int = 0
    relationships_total: int = 0
    #: stages created or changed, and removed
    stages_written: int = 0
    stages_removed: int = 0

    @property
    def changed(self) -> bool:
        return any((self.nodes_created, self.nodes_updated, self.nodes_removed,
                    self.relationships_created, self.relationships_updated, self.relationships_removed,
                    self.stages_written, self.stages_removed))

    def summary(self) -> str:
        """One line for people, e.g. ``nodes: 3 created, 1 updated, 0 removed; ...``."""
        if not self.changed:
            return f"already in sync: {self.nodes_total} nodes, {self.relationships_total} relationships"
        stages = f"; stages: {self.stages_written} written, {self.stages_removed} removed" if self.stages_written or self.stages_removed else ""
        return (f"nodes: {self.nodes_created} created, {self.nodes_updated} updated, {self.nodes_removed} removed; "
                f"relationships: {self.relationships_created} created, {self.relationships_updated} updated, "
                f"{self.relationships_removed} removed{stages} ({self.nodes_total} nodes, {self.relationships_total} relationships now)")


@dataclass(frozen=True)
class Batch:
    """One ``UNWIND`` batch, as reported to the progress callback after it ran."""

    step: str
    rows: int
    sent: int  # rows sent so far over the whole sync, this batch included
    total: int  # rows the whole sync will send


@dataclass
class _Plan:
    """The difference between the database and the curriculum, as rows to send."""

    upserts: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    deletes: list[dict[str, Any]] = field(default_factory=list)
    rel_creates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rel_updates: list[dict[str, Any]] = field(default_factory=list)
    rel_deletes: list[dict[str, Any]] = field(default_factory=list)
    stage_upserts: list[dict[str, Any]] = field(default_factory=list)
    stage_deletes: list[dict[str, Any]] = field(default_factory=list)

    def steps(self) -> list[tuple[str, LiteralString, list[dict[str, Any]]]]:
        # Relationships go before the nodes they hang on are deleted, and are
        # created after the nodes they join exist.
        return [
            ("remove relationships", cypher.DELETE_RELATIONSHIPS, self.rel_deletes),
            ("remove nodes", cypher.DELETE_NODES, self.deletes),
            ("write nodes", cypher.UPSERT_NODES, self.upserts),
            ("update relationships", cypher.UPDATE_RELATIONSHIPS, self.rel_updates),
            ("create REQUIRES", cypher.CREATE_REQUIRES, self.rel_creates.get("REQUIRES", [])),
            ("create LEARN_ON", cypher.CREATE_LEARN_ON, self.rel_creates.get("LEARN_ON", [])),
            ("create HAS_PART", cypher.CREATE_HAS_PART, self.rel_creates.get("HAS_PART", [])),
            ("create COVERS", cypher.CREATE_COVERS, self.rel_creates.get("COVERS", [])),
            ("remove stages", cypher.DELETE_STAGES, self.stage_deletes),
            ("write stages", cypher.UPSERT_STAGES, self.stage_upserts),
        ]


def sync_path(driver: neo4j.Driver, path: str | Path | None = None, **options: Any) -> SyncReport:
    """Validate the curriculum at ``path`` (default: the bundled seed), then sync it.

    Raises :class:`~graph.errors.GraphLoadError` before touching the
    database if the files are invalid.  ``options`` go to :func:`sync_curriculum`.
    """
    return sync_curriculum(driver, load_graph(path), **options)


def sync_curriculum(
    driver: neo4j.Driver,
    curriculum: CurriculumGraph | Curriculum,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    timeout: float = DEFAULT_TIMEOUT,
    on_batch: Callable[[Batch], None] | None = None,
) -> SyncReport:
    """Make the database hold exactly ``curriculum``: the curriculum in one transaction, learner links in batches.

    Parameters
    ----------
    driver : an open driver.
    curriculum : a validated curriculum; a :class:`CurriculumGraph` proves it was.
    database : the database to write (default: the server's default).
    batch_size : rows per ``UNWIND`` statement.
    timeout : seconds the write transaction may take before the server aborts it.
    on_batch : called after each batch was sent, with a :class:`Batch`; for
        progress reports.  If it raises, the transaction is rolled back and
        the exception propagates: the database is left as it was.

    Returns
    -------
    SyncReport
        Counts of nodes and relationships created, updated and removed.
    """
    batch_size, timeout = _sync_iv(batch_size, timeout)
    if isinstance(curriculum, CurriculumGraph):
        curriculum = curriculum.curriculum
    nodes, relationships = desired_state(curriculum)
    stages = {stage.id: stage.model_dump(mode="json") for stage in curriculum.stages}
    ensure_schema(driver, database=database)

    from neo4j.exceptions import TransientError

    park_learner_links(driver, _linked_ids_leaving(driver, nodes, database), database=database)
    try:
        with driver.session(database=database) as session:
            with session.begin_transaction(timeout=timeout) as tx:  # any exception rolls it back
                plan = _difference(tx, nodes, relationships)
                _stage_difference(tx, stages, plan)
                _detach_learners(tx, plan.deletes, batch_size)
                _send(tx, plan, batch_size, on_batch)
                tx.commit()
    except BaseException as exc:
        _put_back_parked_links(driver, database)
        if not isinstance(exc, TransientError) or "MemoryPoolOutOfMemory" not in (exc.code or ""):
            raise
        raise SyncTooLargeError(
            f"the sync of {len(nodes)} nodes and {len(relationships)} relationships needs more transaction memory "
            f"than the server allows ({exc.message}); nothing was changed.  All changes go in one transaction "
            "so that a failure never leaves half a curriculum: give the server a larger heap "
            "(server.memory.heap.max_size, or MLPATH_NEO4J_HEAP=2g for scripts/neo4j-local)") from exc
    place_learner_links(driver, database=database)
    return _report(plan, nodes, relationships)


def park_learner_links(driver: neo4j.Driver, node_ids: list[str], *, database: str | None = None,
                       limit: int = LEARNER_LINK_BATCH) -> int:
    """Move learners' links off the nodes ``node_ids`` onto the ``:MissingNode`` of each link's id.

    In transactions of at most ``limit`` links; returns how many moved.  Run
    before a curriculum transaction that deletes those nodes, so it has (almost)
    no learner links left to move itself.
    """
    if not node_ids:
        return 0
    return _in_batches(driver, cypher.PARK_LEARNER_LINKS, database, limit, ids=node_ids)


def place_learner_links(driver: neo4j.Driver, *, database: str | None = None, limit: int = LEARNER_LINK_BATCH) -> int:
    """Move links on ``:MissingNode``s to the node that now has their id or replaces it; drop empty placeholders.

    Read against the curriculum the database holds, so it finishes any earlier
    sync's moves, whichever curriculum that sync was writing.  In
    transactions of at most ``limit`` links; returns how many moved.
    """
    records = driver.execute_query(cypher.MISSING_NODE_HOMES, database_=database).records
    homes = [{"id": r["id"], "home": r["home"]} for r in records if r["home"] is not None]
    moved = _in_batches(driver, cypher.PLACE_LEARNER_LINKS, database, limit, homes=homes) if homes else 0
    if records:
        _in_batches(driver, cypher.DROP_EMPTY_MISSING_NODES, database, limit)
    return moved


def _linked_ids_leaving(driver: neo4j.Driver, nodes: Mapping[str, Any], database: str | None) -> list[str]:
    """Ids of the nodes learners link to that the curriculum no longer has."""
    records = driver.execute_query(cypher.LINKED_NODE_IDS, database_=database).records
    return sorted(r["id"] for r in records if r["id"] not in nodes)


def _in_batches(driver: neo4j.Driver, query: LiteralString, database: str | None, limit: int, **parameters: Any) -> int:
    """Run ``query`` (which changes at most ``$limit`` things and returns how many) until it changes fewer.

    Each run is its own managed transaction: the driver retries one that hit
    a deadlock with a learner's write, which is safe since every run does
    only what is still to do.
    """
    import neo4j

    total = 0
    with driver.session(database=database, default_access_mode=neo4j.WRITE_ACCESS) as session:
        while True:
            changed = session.execute_write(lambda tx: tx.run(query, limit=limit, **parameters).single()[0])
            total += changed
            if changed < limit:
                return total


def _put_back_parked_links(driver: neo4j.Driver, database: str | None) -> None:
    """After a failed curriculum transaction: the links parked for it go back onto the nodes that stayed.

    Best effort: when the server is gone this fails too, the links stay
    parked (which no learner notices) and the next sync places them.
    """
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        place_learner_links(driver, database=database)
    except (Neo4jError, DriverError, OSError):
        pass


def _detach_learners(tx: neo4j.Transaction, deletes: list[dict[str, Any]], batch_size: int) -> None:
    """Move learners' links still on the nodes about to be removed, so removing them keeps every mark.

    :func:`park_learner_links` moved nearly all of them before this transaction;
    what is left are the links learners wrote in between.
    """
    for chunk in _chunks(deletes, batch_size):
        tx.run(cypher.DETACH_LEARNERS, rows=chunk).consume()


def desired_state(curriculum: Curriculum) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str, int], dict[str, Any]]]:
    """The curriculum as the database should hold it.

    Returns ``(nodes, relationships)``: node id -> properties (plus its kind
    label under ``"label"``), and relationship key -> properties.  A
    relationship's key is what identifies it across syncs:
    ``("REQUIRES", dependent, prerequisite, clause)``,
    ``("LEARN_ON", node, platform, 0)``, ``("HAS_PART", whole, part, 0)``
    and ``("COVERS", course, taught, 0)``; its properties (the ``position``)
    may change without it being a different relationship.
    """
    nodes: dict[str, dict[str, Any]] = {}
    relationships: dict[tuple[str, str, str, int], dict[str, Any]] = {}
    for node in curriculum.nodes:
        nodes[node.id] = {"props": node_properties(node), "label": cypher.KIND_LABELS[node.kind.value]}
        for clause, alternatives in enumerate(node.requires):
            for position, prerequisite in enumerate(alternatives):
                relationships[("REQUIRES", node.id, prerequisite, clause)] = {"clause": clause, "position": position}
        for kind, targets in (("LEARN_ON", node.resources), ("HAS_PART", node.parts), ("COVERS", node.covers)):
            for position, target in enumerate(targets):
                relationships[(kind, node.id, target, 0)] = {"position": position}
    return nodes, relationships


def _sync_iv(batch_size: int, timeout: float) -> tuple[int, float]:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"`batch_size` must be a positive integer, not {batch_size!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"`timeout` must be a positive number of seconds, not {timeout!r}")
    return batch_size, float(timeout)


def _difference(tx: neo4j.Transaction, nodes: Mapping[str, dict[str, Any]],
                relationships: Mapping[tuple[str, str, str, int], dict[str, Any]]) -> _Plan:
    """Compare what ``tx`` sees with what should be there."""
    plan = _Plan()
    present: set[str] = set()
    seen: set[tuple[str, str, str, int]] = set()
    for node_id, labels, props, stored_relationships in tx.run(cypher.CURRENT_STATE):
        wanted = nodes.get(node_id)
        if wanted is None or node_id in present:  # gone from the files, or a duplicate
            plan.deletes.append({"id": node_id})
        else:
            present.add(node_id)
            stale = sorted(set(labels) - {"Node", wanted["label"]})
            if props != wanted["props"] or stale or wanted["label"] not in labels:
                plan.upserts.append({"id": node_id, "props": wanted["props"], "label": wanted["label"], "stale_labels": stale})
        for kind, target, rel_props, element_id in stored_relationships:
            key = (kind, node_id, target, rel_props.get("clause", 0) if kind == "REQUIRES" else 0)
            wanted_props = relationships.get(key)
            if wanted_props is None or key in seen:
                plan.rel_deletes.append({"element_id": element_id})
                continue
            seen.add(key)
            if rel_props != wanted_props:
                plan.rel_updates.append({"element_id": element_id, "props": wanted_props})
    for node_id in sorted(set(nodes) - present):
        plan.upserts.append({"id": node_id, "props": nodes[node_id]["props"], "label": nodes[node_id]["label"], "stale_labels": []})
        plan.created += 1
    for key in sorted(set(relationships) - seen):
        kind, source, target, _ = key
        plan.rel_creates.setdefault(kind, []).append({"source": source, "target": target, "props": relationships[key]})
    return plan


def _stage_difference(tx: neo4j.Transaction, stages: Mapping[str, dict[str, Any]], plan: _Plan) -> None:
    """Add to ``plan`` the stage rows that differ from what ``tx`` sees."""
    present = {}
    for stage_id, props in tx.run(cypher.CURRENT_STAGES):
        present[stage_id] = props
    plan.stage_deletes.extend({"id": stage_id} for stage_id in sorted(set(present) - set(stages)))
    plan.stage_upserts.extend({"id": stage_id, "props": props} for stage_id, props in sorted(stages.items())
                              if present.get(stage_id) != props)


def _send(tx: neo4j.Transaction, plan: _Plan, batch_size: int, on_batch: Callable[[Batch], None] | None) -> None:
    total = sum(len(rows) for _, _, rows in plan.steps())
    sent = 0
    for step, query, rows in plan.steps():
        for chunk in _chunks(rows, batch_size):
            tx.run(query, rows=chunk).consume()
            sent += len(chunk)
            if on_batch is not None:
                on_batch(Batch(step=step, rows=len(chunk), sent=sent, total=total))


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _report(plan: _Plan, nodes: Mapping[str, Any], relationships: Mapping[Any, Any]) -> SyncReport:
    return SyncReport(
        nodes_created=plan.created,
        nodes_updated=len(plan.upserts) - plan.created,
        nodes_removed=len(plan.deletes),
        relationships_created=sum(len(rows) for rows in plan.rel_creates.values()),
        relationships_updated=len(plan.rel_updates),
        relationships_removed=len(plan.rel_deletes),
        nodes_total=len(nodes),
        relationships_total=len(relationships),
        stages_written=len(plan.stage_upserts),
        stages_removed=len(plan.stage_deletes),
    )


class StderrProgress:
    """A one-line progress bar on a terminal stream, for syncs of many rows.

    Small syncs print nothing (``threshold`` rows); the line is redrawn at
    most ``interval`` times per second and finished with a newline.
    """

    def __init__(self, stream: TextIO | None = None, *, threshold: int = 10_000, width: int = 30, interval: float = 0.2):
        self.stream = stream or sys.stderr
        self.threshold = threshold
        self.width = width
        self.interval = interval
        self._last = 0.0

    def __call__(self, batch: Batch) -> None:
        if batch.total < self.threshold:
            return
        now = time.monotonic()
        done = batch.sent >= batch.total
        if not done and now - self._last < self.interval:
            return
        self._last = now
        filled = self.width * batch.sent // batch.total
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {batch.sent}/{batch.total} rows ({batch.step})" + ("\n" if done else ""))
        self.stream.flush()
