"""Where learners live: one interface, the embedded SQLite store, and the learners' secrets.

:class:`LearnerStore` is what the API and the CLI use; it holds the rules
(a version check on every write, a batch of marks all or nothing, a no-op
write changing nothing) once, and asks each store for a few primitives:
insert whole learners, read one, commit one change if the learner is still
at the version it was computed from, make one change under the learner's
lock, and delete one.  Two stores implement it: :class:`SqliteLearnerStore`
here, for a machine with no server (the CLI's default profile, ``mlpath serve``
without Neo4j), and :class:`graph.neo4j.learner_store.Neo4jLearnerStore`,
which keeps learners in the curriculum's own graph.

Tokens are ``mlp_<learner id>_<secret>``: the id says whose token it is, so
checking one is a constant-time comparison with that learner's stored hash,
never a search.  The secret is 256 random bits, so a plain SHA-256 is the
right hash (a slow password hash protects low-entropy secrets; this one
cannot be guessed to begin with).  Only the hash is stored.

Each store remembers, per process, the learners it last read or wrote with
their token hashes (:mod:`graph.seen_learners`): a progress write may start
from there because the write itself checks version and hash, and a read
skips decoding a learner that is still the one seen.

Conditional writes (computed from a read, committed if the version and the
token hash still hold) go through the store's group commit
(:mod:`graph.group_commit`): those of different learners that overlap in
time share one transaction, each on its own condition.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.errors import (
    InvalidRequestError,
    LearnerExistsError,
    LearnerNotFoundError,
    LearnerStoreUnavailableError,
    MlpathError,
    StaleVersionError,
)
from graph.group_commit import GroupCommit, GroupStats
from graph.learners import (
    Edit,
    Learner,
    LearnerChanges,
    LearnerDraft,
    LearnerExport,
    Mark,
    MarkChange,
    edit,
    export_document,
    imported_learner,
    new_learner,
    utc_now,
)
from graph.seen_learners import SeenLearners

__all__ = [
    "Issued",
    "PendingWrite",
    "Stored",
    "LearnerStore",
    "SqliteLearnerStore",
    "authenticate",
    "default_data_dir",
    "new_learner_id",
    "issue_token",
    "looks_like_learner_id",
    "token_digest",
    "DB_FILENAME",
]

TOKEN_PREFIX = "mlp_"
DB_FILENAME = "learners.sqlite3"
_ID_LENGTH = 32


def new_learner_id() -> str:
    """128 random bits as 32 hex digits."""
    return secrets.token_hex(_ID_LENGTH // 2)


def looks_like_learner_id(text: str) -> bool:
    return len(text) == _ID_LENGTH and all(c in "0123456789abcdef" for c in text)


def issue_token(learner_id: str) -> tuple[str, bytes]:
    """A new token for ``learner_id`` and the hash to store; the token itself is never stored."""
    token = f"{TOKEN_PREFIX}{learner_id}_{secrets.token_urlsafe(32)}"
    return token, token_digest(token)


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def _token_owner(token: str) -> str | None:
    """The learner id a well-formed token names, else ``None``."""
    if not token.startswith(TOKEN_PREFIX) or len(token) < len(TOKEN_PREFIX) + _ID_LENGTH + 2:
        return None
    learner_id = token[len(TOKEN_PREFIX):len(TOKEN_PREFIX) + _ID_LENGTH]
    if token[len(TOKEN_PREFIX) + _ID_LENGTH] != "_" or not looks_like_learner_id(learner_id):
        return None
    return learner_id


#: Compared against when a token names no stored learner, so that case costs the same.
_NO_HASH = hashlib.sha256(b"no learner").digest()


def authenticate(store: LearnerStore, token: str) -> Stored | None:
    """The learner ``token`` belongs to, as stored, or ``None`` if it belongs to nobody.

    One read: the learner the token names, whose hash is compared with the
    offered token's in constant time; the caller gets the learner from the
    same read, so a learner route costs one transaction.  Nothing here logs
    or keeps the token.  The learner and its hash are remembered
    (:attr:`LearnerStore.seen`) for the next write that token makes.
    """
    owner = _token_owner(token)
    stored = store.find(owner) if owner else None
    matches = hmac.compare_digest(token_digest(token), stored.token_hash if stored else _NO_HASH)
    if not matches or stored is None:
        return None
    store.seen.put(stored.learner, stored.token_hash)
    return stored


@dataclass(frozen=True)
class Stored:
    """One read of a learner: the profile, the plan order last shown, and the token hash."""

    learner: Learner
    plan_order: tuple[str, ...]
    token_hash: bytes = field(repr=False)


@dataclass(frozen=True)
class PendingWrite:
    """One conditional write waiting for its commit: the edit, the version it was computed from,
    and the token hash the stored learner must still have (``None``: not compared)."""

    done: Edit
    version: int
    token_hash: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Issued:
    """A learner just created or imported, and its token: shown once, then only its hash exists."""

    learner: Learner
    token: str = field(repr=False)


def default_data_dir(env: dict[str, str] | None = None) -> Path:
    """Where mlpath keeps a user's data: ``MLPATH_DATA_DIR``, else the platform's place.

    ``$XDG_DATA_HOME/mlpath`` (``~/.local/share/mlpath``) on Linux and the
    BSDs, ``~/Library/Application Support/mlpath`` on macOS,
    ``%LOCALAPPDATA%\\mlpath`` on Windows.
    """
    env = os.environ if env is None else env
    if env.get("MLPATH_DATA_DIR", "").strip():
        return Path(env["MLPATH_DATA_DIR"].strip()).expanduser()
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "mlpath"
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local") / "mlpath"
    return Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / "mlpath"


class LearnerStore(ABC):
    """Learners, their marks and tokens; every write is one transaction, checked against a version.

    Writes take ``expected_version``: when given and not the stored version,
    :class:`~graph.errors.StaleVersionError` is raised and nothing is
    written.  A write that changes nothing returns the learner as it was,
    version included.  Reads of a missing learner raise
    :class:`~graph.errors.LearnerNotFoundError`; a store that cannot answer
    raises :class:`~graph.errors.LearnerStoreUnavailableError`.
    """

    #: Where the learners are, for messages: a file path or a Neo4j URI.
    location: str

    def __init__(self, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.clock = clock
        #: What this process last read or wrote of each learner, with its token hash (:mod:`graph.seen_learners`).
        self.seen = SeenLearners()
        #: Conditional writes of this process that overlap, committed together (:mod:`graph.group_commit`).
        self._group: GroupCommit[PendingWrite] = GroupCommit(
            self._commit_group, key=lambda write: write.done.learner.id, shared=(LearnerStoreUnavailableError,))

    @property
    def group_stats(self) -> GroupStats:
        """How many transactions this store's conditional writes took, and how many writes they held."""
        return self._group.stats

    # --- what callers use -------------------------------------------------

    def create(self, draft: LearnerDraft | None = None) -> Issued:
        """A new learner with a fresh id and token; without a draft, one with no targets or marks yet."""
        learner = new_learner(new_learner_id(), draft, now=self.clock())
        token, digest = issue_token(learner.id)
        self._insert([(learner, digest, ())])
        return Issued(learner, token)

    def import_learner(self, document: LearnerExport) -> Issued:
        """The exported learner under its own id, with a new token.

        Raises :class:`~graph.errors.LearnerExistsError` if the id is taken.
        """
        return self.import_many([document])[0]

    def import_many(self, documents: Iterable[LearnerExport]) -> list[Issued]:
        """Several exported learners in one transaction: all of them, or none if any id is taken."""
        now = self.clock()
        rows, tokens = [], []
        for document in documents:
            learner = imported_learner(document, learner_id=document.learner.id, now=now)
            token, digest = issue_token(learner.id)
            rows.append((learner, digest, document.plan_order))
            tokens.append(token)
        self._insert(rows)
        return [Issued(learner, token) for (learner, _, _), token in zip(rows, tokens)]

    def edit(self, learner_id: str, *, changes: LearnerChanges | None = None, marks: Sequence[MarkChange] = (),
             expected_version: int | None = None, current: Learner | None = None,
             token_hash: bytes | None = None) -> Learner:
        """Replace profile fields and apply a batch of marks, in one transaction: all or nothing.

        ``current`` is the learner as the caller has just read it (the API's
        token check reads it anyway): the change is computed from it and
        written only if the stored version is still its version (and, with
        ``token_hash``, the stored token hash still that one), so a caller
        that passes it saves a read; if another write came in between, this one
        is made again under the learner's lock.
        """
        return self._write(learner_id, expected_version,
                           lambda learner: edit(learner, changes=changes, marks=marks, now=self.clock()), current, token_hash)

    def record(self, learner_id: str, marks: Sequence[MarkChange], *, expected_version: int | None = None,
               current: Learner | None = None, token_hash: bytes | None = None) -> Learner:
        """Apply a batch of marks, all or nothing."""
        return self.edit(learner_id, marks=marks, expected_version=expected_version, current=current, token_hash=token_hash)

    def record_as_seen(self, token: str, learner_id: str, marks: Sequence[MarkChange], *,
                       expected_version: int | None = None) -> Learner | None:
        """The marks written for ``learner_id`` without reading it first, if this process has seen
        that learner with ``token``'s hash; ``None``, with nothing written, whenever that does not
        hold or the stored learner is not exactly as seen, and then the caller goes the way that
        reads and checks (:func:`authenticate`, :meth:`record`), which answers every refusal.

        The token's hash is compared in constant time with the one seen, and the write applies
        only if the stored learner still has that version and that hash (compared by the write
        itself, under the learner's lock): a token rotated or a learner deleted by another
        process, or a write it made, makes this write apply nothing (:mod:`graph.seen_learners`).
        A no-op, a stale ``expected_version`` and a batch past the mark limit are also left to
        the other way, so that nothing is answered from memory alone.
        """
        owner = _token_owner(token)
        seen = self.seen.get(owner) if owner else None
        if seen is None or not hmac.compare_digest(token_digest(token), seen.token_hash):
            return None
        if not hmac.compare_digest(owner, learner_id) or expected_version not in (None, seen.learner.version):
            return None
        try:
            done = edit(seen.learner, marks=marks, now=self.clock())
        except InvalidRequestError:
            return None
        if done is None:
            return None
        if not self._commit(done, seen.learner.version, token_hash=seen.token_hash):
            self.seen.forget(owner)
            return None
        self.seen.put(done.learner, seen.token_hash)
        return done.learner

    def update(self, learner_id: str, changes: LearnerChanges, *, expected_version: int | None = None,
               current: Learner | None = None) -> Learner:
        """Replace the given profile fields (targets, hours, preferences)."""
        return self.edit(learner_id, changes=changes, expected_version=expected_version, current=current)

    def rotate_token(self, learner_id: str) -> str:
        """A new token for the learner; the old one stops working at once."""
        token, digest = issue_token(learner_id)
        self.seen.forget(learner_id)
        self._set_token_hash(learner_id, digest)
        return token

    def export(self, learner_id: str) -> LearnerExport:
        learner, plan_order = self.get_with_plan(learner_id)
        return export_document(learner, plan_order, now=self.clock())

    def get(self, learner_id: str) -> Learner:
        """The stored learner."""
        return self.get_with_plan(learner_id)[0]

    def get_with_plan(self, learner_id: str) -> tuple[Learner, tuple[str, ...]]:
        """The learner and the step order of the last plan shown to them (empty if none yet), read together."""
        stored = self.find(learner_id)
        if stored is None:
            raise LearnerNotFoundError(learner_id)
        return stored.learner, stored.plan_order

    def plan_order(self, learner_id: str) -> tuple[str, ...]:
        return self.get_with_plan(learner_id)[1]

    def token_hash(self, learner_id: str) -> bytes | None:
        """The stored token hash, or ``None`` when there is no such learner."""
        stored = self.find(learner_id)
        return stored.token_hash if stored else None

    # --- what each store provides -----------------------------------------

    @abstractmethod
    def find(self, learner_id: str) -> Stored | None:
        """Everything stored about the learner, in one read; ``None`` if there is no such learner."""

    @abstractmethod
    def remember_plan(self, learner_id: str, order: Sequence[str]) -> None:
        """Keep the step order just shown, so the next plan can keep it.

        Not a change of the profile: the version stays.
        """

    @abstractmethod
    def delete(self, learner_id: str, *, expected_version: int | None = None) -> None:
        """Erase the learner, its marks, targets, plan and token hash."""

    @abstractmethod
    def close(self) -> None:
        """Release connections; the store is unusable afterwards."""

    @abstractmethod
    def _insert(self, rows: Sequence[tuple[Learner, bytes, Sequence[str]]]) -> None:
        """Store whole learners (learner, token hash, plan order) in one transaction.

        Raises :class:`~graph.errors.LearnerExistsError` if any id is taken.
        """

    @abstractmethod
    def _set_token_hash(self, learner_id: str, digest: bytes) -> None:
        """Replace the stored token hash; :class:`~graph.errors.LearnerNotFoundError` if there is no such learner."""

    def _commit(self, done: Edit, version: int, *, token_hash: bytes | None = None) -> bool:
        """Persist ``done`` if the stored learner is still at ``version`` (and, when ``token_hash``
        is given, still has that token hash); ``False``, with nothing written, if the version moved
        on, the token changed or the learner is gone.

        The write goes through this process's group commit (:mod:`graph.group_commit`): alone
        when no other commit is in flight, else in one transaction with the batches of other
        learners that queued meanwhile.  It returns once that transaction is durable; the
        condition is the batch's own, compared under the learner's lock, so two writers computed
        from the same version cannot both succeed, grouped or not.
        """
        return self._group.commit(PendingWrite(done, version, token_hash))

    @abstractmethod
    def _commit_group(self, writes: Sequence[PendingWrite]) -> list[bool]:
        """Persist ``writes`` (of different learners) in one write transaction, each only if its
        condition holds (:meth:`_commit`): one outcome per write, in order.  Called by one thread
        at a time.  Raising fails the whole transaction; the group commit then tries each write
        alone (:class:`~graph.errors.LearnerStoreUnavailableError` excepted: it is every write's)."""

    @abstractmethod
    def _write_locked(self, learner_id: str, change: Callable[[Learner], Edit | None]) -> Learner:
        """In one write transaction that locks the learner first: read it, compute ``change``
        and persist it.  Returns the learner after the write."""

    def _write(self, learner_id: str, expected_version: int | None,
               change: Callable[[Learner], Edit | None], current: Learner | None = None,
               token_hash: bytes | None = None) -> Learner:
        """The change computed from ``current`` (the caller's read) and committed against its
        version, else, when there is no such read or another write came first, computed and
        written under the learner's lock.

        The first way holds no lock while the change is computed and needs no
        read of its own (one statement in Neo4j); the second always makes
        progress, however many clients write to one learner at once.  A no-op
        computed from ``current`` is answered without writing: that read was
        made during this request, so the answer is the state at a moment inside it.
        What this process remembers of the learner (:attr:`seen`) is then the
        state written, with ``token_hash`` when the caller checked that one, else forgotten.
        """
        if current is not None and expected_version in (None, current.version):
            done = change(current)
            if done is None:
                return current
            if self._commit(done, current.version, token_hash=token_hash):
                self._seen_after_write(done.learner, token_hash)
                return done.learner
        learner = self._write_locked(learner_id, lambda learner: change(_checked(learner, expected_version)))
        self.seen.forget(learner_id)
        return learner

    def _seen_after_write(self, learner: Learner, token_hash: bytes | None) -> None:
        if token_hash is None:
            self.seen.forget(learner.id)
        else:
            self.seen.put(learner, token_hash)

    def __enter__(self) -> LearnerStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _checked(learner: Learner, expected_version: int | None) -> Learner:
    """``learner`` if its version is the one the writer expected."""
    if expected_version is not None and learner.version != expected_version:
        raise StaleVersionError(learner.id, expected_version, learner.version)
    return learner


# --- the embedded store ------------------------------------------------------

_SCHEMA_VERSION = 1
_SCHEMA = """-- SQLite, not Cypher: the embedded store's two tables.
CREATE TABLE learners (
    id TEXT PRIMARY KEY,
    token_hash BLOB NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    hours_per_week REAL NOT NULL,
    targets TEXT NOT NULL,      -- JSON arrays of node ids (or kinds), in order
    prefer TEXT NOT NULL,
    avoid TEXT NOT NULL,
    plan_order TEXT NOT NULL
) STRICT;
CREATE TABLE marks (
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    node TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (learner_id, node)
) STRICT, WITHOUT ROWID;
"""

_LEARNER_COLUMNS = "id, version, created_at, updated_at, hours_per_week, targets, prefer, avoid"
_UPSERT_MARK = """
INSERT INTO marks (learner_id, node, status, level, at, source) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (learner_id, node) DO UPDATE SET
    status = excluded.status, level = excluded.level, at = excluded.at, source = excluded.source
"""


class SqliteLearnerStore(LearnerStore):
    """Learners in one SQLite file: safe for several processes, and an acknowledged write survives a crash.

    WAL mode lets readers run while one writer writes, across processes (the
    API with ``--workers 2`` and a CLI at once); every write transaction
    starts with ``BEGIN IMMEDIATE``, taking the write lock before it reads,
    so two writers never interleave and a version check cannot race; the
    conditional writes of several learners that overlap share one such
    transaction and its one sync (:meth:`_commit_group`).  A write
    runs on the caller's thread (a grouped one on its group's leader's), on this process's one writing connection,
    after taking a lock of this process's: its threads queue on that lock in
    turn and never meet SQLite's busy handler, which sleeps and polls (up to
    100 ms between tries); only a writer in another process does.  Reads use
    a connection per thread.

    Durability is ``synchronous=FULL``: a write is acknowledged only once its
    commit is on the disk, so it survives the writing process being killed at
    any moment (``tests/learners/test_faults_embedded.py`` kills it
    mid-stream) and an operating-system crash or a power cut too, as a
    commit to Neo4j does (the server forces its transaction log).  That sync
    is most of a write's time: 4 to 6 ms at p50 and 12 to 24 ms at p99 on the
    team's machine under load (``NORMAL`` would make it 0.02 ms and could
    lose the last commits on a power cut; ``docs/learners.md``).  Deleting a learner
    overwrites its rows (``secure_delete``) and then truncates the
    write-ahead log.
    """

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = utc_now, busy_timeout: float = 10.0) -> None:
        super().__init__(clock=clock)
        self.path = Path(path)
        self.location = str(self.path)
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._prepare_file()
        self._writer = self._connect()
        self._write_lock = threading.Lock()
        self._writing(self._migrate)

    @classmethod
    def in_directory(cls, directory: str | Path, **options: Any) -> SqliteLearnerStore:
        return cls(Path(directory) / DB_FILENAME, **options)

    # --- connections and transactions ---

    def _prepare_file(self) -> None:
        """Create the directory and file readable by their owner only: they hold token hashes."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")  # see the class docstring: an acknowledged write is on the disk
        db.execute("PRAGMA secure_delete = ON")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            db.close()
            raise MlpathError(f"{self.location}: SQLite cannot use write-ahead logging here (journal mode {mode!r}); "
                              "put MLPATH_DATA_DIR on a local disk")
        return db

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection for reading."""
        db = getattr(self._local, "db", None)
        if db is None:
            if self._closed:
                raise MlpathError(f"the learner store at {self.location} is closed")
            db = self._local.db = self._connect()
            with self._lock:
                self._connections.append(db)
        return db

    def _unavailable(self, exc: sqlite3.OperationalError) -> Exception:
        """What a failed statement means to a caller: a lock held too long is 503, anything else itself."""
        if "locked" in str(exc) or "busy" in str(exc):
            return LearnerStoreUnavailableError(
                f"the learner store at {self.location} stayed locked for {self.busy_timeout:g} s; nothing was written",
                retry_after=1)
        return exc

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: a consistent snapshot across its statements."""
        db = self._connection()
        try:
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise self._unavailable(exc) from exc

    def _writing(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """``work(connection)`` in one ``BEGIN IMMEDIATE`` transaction on this thread; its result once committed."""
        with self._write_lock:
            db = self._writer
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(db)
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            except sqlite3.OperationalError as exc:  # the lock held too long elsewhere, or the commit failed
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise self._unavailable(exc) from exc
            return result

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            # One statement at a time: executescript() would commit mid-way.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        elif version > _SCHEMA_VERSION:
            raise MlpathError(f"{self.location} was written by a newer mlpath (schema {version}); upgrade mlpath")

    def close(self) -> None:
        with self._write_lock:
            self._writer.close()
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for db in connections:
            db.close()

    # --- reads ---

    def find(self, learner_id: str) -> Stored | None:
        """The learner's row, then its marks only if the learner seen (:attr:`seen`) is not the one stored."""
        seen = self.seen.get(learner_id)
        with self._reading() as db:
            row = db.execute("SELECT token_hash, plan_order, version FROM learners WHERE id = ?", (learner_id,)).fetchone()
            if row is None:
                return None
            token_hash, plan_order, version = row
            learner = seen.learner if seen is not None and seen.is_stored(version, token_hash) else _load(db, learner_id)
            return Stored(learner, tuple(json.loads(plan_order)), token_hash)

    # --- writes: each a function of the writing connection, run in its own transaction ---

    def _insert(self, rows: Sequence[tuple[Learner, bytes, Sequence[str]]]) -> None:
        def work(db: sqlite3.Connection) -> None:
            for learner, digest, plan_order in rows:
                db.execute(
                    "INSERT INTO learners (id, token_hash, version, created_at, updated_at, hours_per_week, "
                    "targets, prefer, avoid, plan_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (learner.id, digest, learner.version, learner.created_at.isoformat(), learner.updated_at.isoformat(),
                     learner.hours_per_week, json.dumps(learner.targets), json.dumps(learner.prefer),
                     json.dumps(learner.avoid), json.dumps(list(plan_order))))
                db.executemany(_UPSERT_MARK, [_mark_row(learner.id, m) for m in learner.marks])

        try:
            self._writing(work)
        except sqlite3.IntegrityError as exc:
            raise LearnerExistsError("a learner with this id already exists; nothing was imported") from exc

    def _commit_group(self, writes: Sequence[PendingWrite]) -> list[bool]:
        """One ``BEGIN IMMEDIATE`` ... ``COMMIT`` (one sync) over every write of the group; a write
        whose condition fails writes nothing (its first statement is the conditional update)."""
        return self._writing(lambda db: [_store_edit(db, w.done, w.version, w.token_hash) for w in writes])

    def _write_locked(self, learner_id: str, change: Callable[[Learner], Edit | None]) -> Learner:
        def work(db: sqlite3.Connection) -> Learner:
            learner = _load(db, learner_id)
            done = change(learner)
            if done is None:
                return learner
            _store_edit(db, done, learner.version)
            return done.learner

        return self._writing(work)

    def _set_token_hash(self, learner_id: str, digest: bytes) -> None:
        def work(db: sqlite3.Connection) -> None:
            if db.execute("UPDATE learners SET token_hash = ? WHERE id = ?", (digest, learner_id)).rowcount == 0:
                raise LearnerNotFoundError(learner_id)

        self._writing(work)

    def remember_plan(self, learner_id: str, order: Sequence[str]) -> None:
        self._writing(lambda db: db.execute("UPDATE learners SET plan_order = ? WHERE id = ?",
                                               (json.dumps(list(order)), learner_id)))

    def delete(self, learner_id: str, *, expected_version: int | None = None) -> None:
        def work(db: sqlite3.Connection) -> None:
            _checked(_load(db, learner_id), expected_version)
            db.execute("DELETE FROM learners WHERE id = ?", (learner_id,))

        self._writing(work)
        # The deleted rows were overwritten in the log; moving the log into the
        # file and truncating it leaves no copy of them behind.  Best effort:
        # a reader still holding an old snapshot keeps part of the log alive.
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _store_edit(db: sqlite3.Connection, done: Edit, version: int, token_hash: bytes | None = None) -> bool:
    """Write ``done`` if the learner is at ``version`` and has ``token_hash`` when one is given
    (inside ``BEGIN IMMEDIATE``: the write lock is held)."""
    after = done.learner
    if db.execute("UPDATE learners SET version = ?, updated_at = ? "
                  "WHERE id = ? AND version = ? AND token_hash = coalesce(?, token_hash)",
                  (after.version, after.updated_at.isoformat(), after.id, version, token_hash)).rowcount == 0:
        return False
    if done.profile:
        db.execute("UPDATE learners SET hours_per_week = ?, targets = ?, prefer = ?, avoid = ? WHERE id = ?",
                   (after.hours_per_week, json.dumps(after.targets), json.dumps(after.prefer),
                    json.dumps(after.avoid), after.id))
    db.executemany(_UPSERT_MARK, [_mark_row(after.id, m) for m in done.marks])
    db.executemany("DELETE FROM marks WHERE learner_id = ? AND node = ?", [(after.id, n) for n in done.removed])
    return True


def _load(db: sqlite3.Connection, learner_id: str) -> Learner:
    row = db.execute(f"SELECT {_LEARNER_COLUMNS} FROM learners WHERE id = ?", (learner_id,)).fetchone()
    if row is None:
        raise LearnerNotFoundError(learner_id)
    marks = db.execute("SELECT node, status, level, at, source FROM marks WHERE learner_id = ? ORDER BY node",
                       (learner_id,)).fetchall()
    id_, version, created_at, updated_at, hours, targets, prefer, avoid = row
    return Learner.model_validate({
        "id": id_, "version": version, "created_at": created_at, "updated_at": updated_at,
        "hours_per_week": hours, "targets": json.loads(targets), "prefer": json.loads(prefer),
        "avoid": json.loads(avoid),
        "marks": [{"node": n, "status": s, "level": lv, "at": at, "source": src} for n, s, lv, at, src in marks],
    })


def _mark_row(learner_id: str, mark: Mark) -> tuple[str, str, str, str | None, str, str]:
    level = mark.level.value if mark.level is not None else None
    return (learner_id, mark.node, mark.status.value, level, mark.at.isoformat(), mark.source.value)
