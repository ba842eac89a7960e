"""Learners in Neo4j, in the same graph as the curriculum, so designers can query them.

::

    (:Learner {id, token_hash, version, created_at, updated_at, hours_per_week,
               prefer, avoid, plan_order})
    (:Learner)-[:KNOWS {node, status, level, at, source}]->(:Node)
    (:Learner)-[:AIMS_AT {node, position}]->(:Node)

A link's ``node`` is the id the learner marked, and it is what is read back:
like the embedded store, this one never rewrites a stored id.  Where the
link points follows the curriculum: the node with that id, after a sync the
node that ``replaces`` it, and a ``(:MissingNode {id})`` while no node has
it (retired without a replacement, or not synced yet).  The curriculum sync
moves links onto a ``:MissingNode`` before it deletes a node and back once a
node has the id or replaces it (:func:`graph.neo4j.sync.park_learner_links`,
:func:`~graph.neo4j.sync.place_learner_links`), so no sync ever deletes
learner data.  A write is computed from the learner as read and committed
by one statement that takes the learner's write lock, checks that the
version is still the one read, and writes; writes of several learners that
overlap in time share that statement and its commit (group commit,
:mod:`graph.group_commit`).  The rules are
:mod:`graph.learners`' and :class:`graph.learner_store.LearnerStore`'s.
The statements live in :mod:`graph.neo4j.cypher`.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, LiteralString, TypeVar

from graph.errors import LearnerExistsError, LearnerNotFoundError, LearnerStoreUnavailableError
from graph.learner_store import LearnerStore, PendingWrite, Stored, _checked
from graph.learners import Edit, Learner, Mark, utc_now
from graph.neo4j import cypher
from graph.neo4j.connection import FIRST_RETRY_DELAY, RETRY_JITTER
from graph.neo4j.store import ensure_schema

if TYPE_CHECKING:
    import neo4j

__all__ = ["Neo4jLearnerStore", "retry_transient"]

T = TypeVar("T")

#: Seconds a client should wait before retrying when Neo4j does not answer.
RETRY_AFTER = 5
#: Seconds an auto-commit write is retried after transient errors (the driver retries managed
#: transactions itself, on the schedule :mod:`graph.neo4j.connection` gives it and this one follows).
RETRY_SECONDS = 2.0
#: Error codes of a transaction the server ended (time limit, shutdown): rolled back, worth retrying.
_TERMINATED = ("Neo.ClientError.Transaction.TransactionTimedOut", "Neo.ClientError.Transaction.LockClientStopped",
               "Neo.ClientError.Transaction.Terminated")


class Neo4jLearnerStore(LearnerStore):
    """The :class:`~graph.learner_store.LearnerStore` on a driver the caller owns (and closes).

    The schema (uniqueness of learner and missing-node ids, and the
    curriculum's own) is made on first use, not when the store is built, so
    an API whose Neo4j is down at start still starts and answers 503 on the
    learner routes until Neo4j is back.
    """

    def __init__(self, driver: neo4j.Driver, *, location: str, database: str | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(clock=clock)
        self.driver = driver
        self.database = database
        self.location = f"{location}#{database or 'default'}"
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    def close(self) -> None:
        """Nothing of its own to release: the driver belongs to the caller."""

    # --- plumbing ---

    @contextmanager
    def _answering(self) -> Iterator[None]:
        """Driver failures become :class:`LearnerStoreUnavailableError` (503, ``Retry-After``)."""
        from neo4j.exceptions import ClientError, DriverError, IncompleteCommit, ServiceUnavailable, SessionExpired, TransientError

        try:
            yield
        except ClientError as exc:
            if not (exc.code or "").startswith(_TERMINATED):
                raise
            raise LearnerStoreUnavailableError(
                f"Neo4j at {self.location} ended the transaction before it finished ({exc.code}: it ran past the "
                "server's time limit, or the server is shutting down); nothing was written", retry_after=RETRY_AFTER) from exc
        except IncompleteCommit as exc:
            raise LearnerStoreUnavailableError(
                f"Neo4j at {self.location} went away while committing: the write may or may not be stored; "
                "read the learner before writing again", retry_after=RETRY_AFTER) from exc
        except (ServiceUnavailable, SessionExpired, TransientError, DriverError, OSError) as exc:
            raise LearnerStoreUnavailableError(
                f"Neo4j at {self.location} did not answer ({type(exc).__name__}); nothing was written",
                retry_after=RETRY_AFTER) from exc

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if not self._schema_ready:
                ensure_schema(self.driver, database=self.database)
                for statement in cypher.LEARNER_SCHEMA:
                    self.driver.execute_query(statement, database_=self.database)
                self._schema_ready = True

    def _transaction(self, work: Callable[[Any], Any]) -> Any:
        """``work(tx)`` in one managed write transaction (retried by the driver on transient errors)."""
        import neo4j

        with self._answering():
            self._ensure_schema()
            with self.driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS) as session:
                return session.execute_write(work)

    # --- reads ---

    def find(self, learner_id: str) -> Stored | None:
        """One statement, sent as an auto-commit query: one round trip fewer than a managed
        read transaction, on the path of every learner request (a single statement reads
        one consistent state either way).  Marks and targets come only if the learner seen
        (:attr:`seen`) is not the one stored."""
        import neo4j

        seen = self.seen.get(learner_id)
        with self._answering():
            self._ensure_schema()
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                record = session.run(cypher.READ_LEARNER, id=learner_id, seen_version=seen.learner.version if seen else None,
                                     seen_hash=seen.token_hash if seen else None).single()
        if record is None:
            return None
        if record["marks"] is None and seen is not None:  # the server found the stored learner to be the one seen
            props = record["props"]
            return Stored(seen.learner, tuple(props.get("plan_order", ())), bytes(props["token_hash"]))
        return _stored(record)

    # --- writes ---

    def _insert(self, rows: Sequence[tuple[Learner, bytes, Sequence[str]]]) -> None:
        from neo4j.exceptions import ConstraintError

        def work(tx) -> None:
            tx.run(cypher.ENSURE_LINK_TARGETS, ids=sorted({i for learner, _, _ in rows for i in _linked_ids(learner)})).consume()
            tx.run(cypher.CREATE_LEARNERS, rows=[{"props": _properties(learner, digest, order)} for learner, digest, order in rows]).consume()
            tx.run(cypher.CREATE_KNOWS, rows=[{"learner": learner.id, **_mark_row(m)} for learner, _, _ in rows for m in learner.marks]).consume()
            tx.run(cypher.REPLACE_AIMS_AT, rows=[{"learner": learner.id, "targets": list(learner.targets)} for learner, _, _ in rows]).consume()

        try:
            self._transaction(work)
        except ConstraintError as exc:
            raise LearnerExistsError("a learner with this id already exists; nothing was imported") from exc

    def _commit_group(self, writes: Sequence[PendingWrite]) -> list[bool]:
        """Batches of marks are one statement (:data:`~graph.neo4j.cypher.WRITE_LEARNERS`, over
        ``$batches`` in learner id order) run as an auto-commit transaction: one round trip (RUN and
        PULL; the server commits before it answers the PULL) and one forced commit for the whole
        group, and no lock is held while a message crosses the network.  A managed transaction took
        two round trips (BEGIN with RUN and PULL, then COMMIT), holding the locks across the second.
        A profile change needs more statements (the targets), so a group holding one is a managed
        transaction: each write's statements in turn, in learner id order."""
        order = sorted(range(len(writes)), key=lambda i: writes[i].done.learner.id)
        if any(w.done.profile for w in writes):
            def work(tx) -> dict[int, bool]:
                return {i: _send_edit(tx, writes[i].done, writes[i].version, writes[i].token_hash) for i in order}

            outcomes = self._transaction(work)
            return [outcomes[i] for i in range(len(writes))]
        batches = [_edit_parameters(writes[i].done, writes[i].version, writes[i].token_hash) for i in order]
        written = {record["id"] for record in self._auto_commit_write(cypher.WRITE_LEARNERS, {"batches": batches})}
        return [w.done.learner.id in written for w in writes]

    def _auto_commit_write(self, statement: LiteralString, parameters: dict[str, Any]) -> list[Any]:
        """The records of ``statement``, run as one auto-commit write transaction, retried after
        transient errors (:func:`retry_transient`): the driver retries only managed ones."""
        import neo4j

        def attempt() -> list[Any]:
            with self.driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS) as session:
                result = session.run(statement, parameters)
                records = list(result)
                result.consume()
                return records

        with self._answering():
            self._ensure_schema()
            with self._outcome_unknown_if_cut():
                return retry_transient(attempt)

    @contextmanager
    def _outcome_unknown_if_cut(self) -> Iterator[None]:
        """A connection lost during an auto-commit write may have lost it before or after the
        commit: say so (the 503 of :meth:`_answering` would otherwise say nothing was written)."""
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        try:
            yield
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise LearnerStoreUnavailableError(
                f"Neo4j at {self.location} went away during a write ({type(exc).__name__}): it may or may not be "
                "stored; read the learner before writing again", retry_after=RETRY_AFTER) from exc

    def _write_locked(self, learner_id: str, change: Callable[[Learner], Edit | None]) -> Learner:
        def work(tx) -> Learner:
            learner = _locked(tx, learner_id)
            done = change(learner)
            if done is None:
                return learner
            _send_edit(tx, done, learner.version)
            return done.learner

        return self._transaction(work)

    def _set_token_hash(self, learner_id: str, digest: bytes) -> None:
        def work(tx) -> None:
            _locked(tx, learner_id)
            tx.run(cypher.SET_LEARNER, id=learner_id, props={"token_hash": digest}).consume()

        self._transaction(work)

    def remember_plan(self, learner_id: str, order: Sequence[str]) -> None:
        """One statement, so one auto-commit write (one round trip): a saved plan whose order
        changed, as after every progress mark, writes it before answering."""
        self._auto_commit_write(cypher.SET_LEARNER, {"id": learner_id, "props": {"plan_order": list(order)}})

    def delete(self, learner_id: str, *, expected_version: int | None = None) -> None:
        def work(tx) -> None:
            _checked(_locked(tx, learner_id), expected_version)
            tx.run(cypher.DELETE_LEARNER, id=learner_id).consume()

        self._transaction(work)


def retry_transient(attempt: Callable[[], T], *, seconds: float = RETRY_SECONDS, first_delay: float = FIRST_RETRY_DELAY) -> T:
    """``attempt()``, again after each error the server calls transient, for about ``seconds``.

    A transient error (a deadlock detected, a lock not granted in time) means
    the server rolled the transaction back and nothing was written, so trying
    again is safe; the delay starts at ``first_delay`` and doubles, give or
    take :data:`~graph.neo4j.connection.RETRY_JITTER` of it, as the
    driver's own retries do.  Any other error, and the
    last transient one, is raised as it is.
    """
    from neo4j.exceptions import TransientError

    deadline, delay = time.monotonic() + seconds, first_delay
    while True:
        try:
            return attempt()
        except TransientError as exc:
            if not exc.is_retryable() or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay * random.uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER))
        delay *= 2


def _edit_parameters(done: Edit, version: int, token_hash: bytes | None = None) -> dict[str, Any]:
    after = done.learner
    props: dict[str, Any] = {"version": after.version, "updated_at": after.updated_at}
    if done.profile:
        props.update(hours_per_week=after.hours_per_week, prefer=list(after.prefer), avoid=list(after.avoid))
    return {"id": after.id, "version": version, "token_hash": token_hash, "props": props, "removed": sorted(done.removed),
            "rows": [_mark_row(m) for m in sorted(done.marks, key=lambda m: m.node)]}


def _send_edit(tx, done: Edit, version: int, token_hash: bytes | None = None) -> bool:
    """WRITE_LEARNERS for this one write, and the targets when they changed, in ``tx``; ``False``
    if the version moved on (or the token hash is no longer ``token_hash``)."""
    if tx.run(cypher.WRITE_LEARNERS, batches=[_edit_parameters(done, version, token_hash)]).single() is None:
        return False
    if done.profile:
        targets = list(done.learner.targets)
        tx.run(cypher.ENSURE_LINK_TARGETS, ids=targets).consume()
        tx.run(cypher.REPLACE_AIMS_AT, rows=[{"learner": done.learner.id, "targets": targets}]).consume()
    return True


def _locked(tx, learner_id: str) -> Learner:
    """The learner, read after taking its write lock (held until the transaction ends)."""
    record = tx.run(cypher.LOCK_AND_READ_LEARNER, id=learner_id).single()
    if record is None:
        raise LearnerNotFoundError(learner_id)
    return _stored(record).learner


def _stored(record) -> Stored:
    """A learner from READ_LEARNER's columns."""
    props = record["props"]
    marks: dict[str, dict[str, Any]] = {}
    for mark in record["marks"]:
        # One id linked twice (left by a write racing a sync): the later mark counts.
        if mark["node"] not in marks or datetime.fromisoformat(mark["at"]) > datetime.fromisoformat(marks[mark["node"]]["at"]):
            marks[mark["node"]] = mark
    learner = Learner.model_validate({
        "id": props["id"], "version": props["version"],
        "created_at": props["created_at"], "updated_at": props["updated_at"],  # ISO 8601 text, parsed by the model
        "targets": list(dict.fromkeys(node for _, node in sorted(record["targets"]))),
        "hours_per_week": props["hours_per_week"], "prefer": props["prefer"], "avoid": props["avoid"],
        "marks": list(marks.values()),
    })
    return Stored(learner, tuple(props.get("plan_order", ())), bytes(props["token_hash"]))


def _properties(learner: Learner, digest: bytes, plan_order: Sequence[str]) -> dict[str, Any]:
    return {"id": learner.id, "token_hash": digest, "version": learner.version, "created_at": learner.created_at,
            "updated_at": learner.updated_at, "hours_per_week": learner.hours_per_week, "prefer": list(learner.prefer),
            "avoid": list(learner.avoid), "plan_order": list(plan_order)}


def _mark_row(mark: Mark) -> dict[str, Any]:
    props = {"node": mark.node, "status": mark.status.value, "at": mark.at, "source": mark.source.value}
    if mark.level is not None:
        props["level"] = mark.level.value
    return {"node": mark.node, "props": props}


def _linked_ids(learner: Learner) -> set[str]:
    return {m.node for m in learner.marks} | set(learner.targets)
