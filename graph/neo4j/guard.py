"""Running a stranger's Cypher read-only, with layered defences.

Read-only access mode alone is not a security boundary: in Neo4j Community a
"read" query may still ``LOAD CSV`` from any URL (server-side request
forgery), call ``dbms.*`` procedures (configuration leaks) or ``SHOW`` and
``TERMINATE`` other transactions, and a procedure allow-list in
``neo4j.conf`` does not cover built-in procedures.  Nor is a timeout a
bound by itself: the server stops a transaction only between rows, so work
inside one expression runs on after it.  So :func:`run_read_only` applies
six layers, cheapest first, and the query must pass them all:

1. **Text.**  Comments and string literals are removed and backtick names
   unquoted (so ``LoAd /* */ CsV`` and ```apoc`.x`` are seen for what they
   are); then clauses that read outside the graph, write, administer or
   change database are refused, and so is any procedure not on
   :data:`ALLOWED_PROCEDURES`.
2. **Cost.**  :mod:`graph.neo4j.cost` bounds the work one row does inside
   expressions (no ``reduce()``, bounded ``range()``, no iteration nested
   over data), since nothing stops that work once it started.
3. **Plan.**  ``EXPLAIN`` must report the query type ``'r'`` (read only);
   ``'rw'``, ``'w'`` and ``'s'`` (schema) are refused, and so is a
   cartesian product Neo4j itself expects to exceed
   :data:`CARTESIAN_ROW_LIMIT` rows.
4. **Transaction.**  The query runs in a READ transaction, which the server
   refuses to let write, with a transaction timeout; the server's memory
   limits (``neo4j/server.env``) end it if it collects or sorts too much.
5. **Size.**  At most ``row_limit`` rows and about ``byte_limit`` bytes of
   JSON are fetched; ``truncated`` says whether more existed.
6. **Deadline.**  The server does not stop a transaction while it writes
   one large row, however long that takes (a collected list returned a few
   times streamed for 45 s past a 10 s timeout).  So if the answer is still
   arriving :data:`DEADLINE_GRACE` seconds after the timeout, the guard
   closes the connection, and the server stops writing within a second or
   two.

The answer is a :class:`~graph.neo4j.result.CypherResult`, the one model of a
Cypher result that the CLI and the API both return.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, LiteralString, cast

from graph.errors import InvalidRequestError, Neo4jUnavailableError, UnsafeQueryError
from graph.neo4j import cypher
from graph.neo4j.cost import CostlyQueryError, check_query_cost
from graph.neo4j.lexer import LEXEMES
from graph.neo4j.result import CypherResult, json_safe, json_size_exceeds

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "ALLOWED_PROCEDURES",
    "CARTESIAN_ROW_LIMIT",
    "CostlyQueryError",
    "MAX_QUERY_LENGTH",
    "QueryTimeoutError",
    "check_query_text",
    "run_read_only",
]

#: Procedures a read query may CALL: schema introspection and full-text search.
ALLOWED_PROCEDURES = frozenset({
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.index.fulltext.querynodes",
})

MAX_QUERY_LENGTH = 10_000
MAX_TIMEOUT = 300.0

#: A cartesian product the planner expects to be larger than this is refused
#: before it runs.  The server would stop it at the timeout, but only after
#: the caller spent a core for that long; the seed's 175 nodes squared is
#: 30,625, cubed 5.4 million.
CARTESIAN_ROW_LIMIT = 1_000_000

#: Roughly how many bytes of JSON one answer may hold by default.
DEFAULT_BYTE_LIMIT = 4 * 1024 * 1024

#: Seconds past the timeout after which a query still answering has its
#: connection closed: the server marks timed-out transactions about once a
#: second and needs a moment to report it, which this leaves room for.
DEADLINE_GRACE = 2.0

logger = logging.getLogger("mlpath.neo4j")


class QueryTimeoutError(UnsafeQueryError, TimeoutError):
    """The query ran past its time limit and the server stopped it."""


# --- 1. the text check ---

#: (pattern over the normalised upper-case text, why it is refused)
_REFUSED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), reason) for pattern, reason in (
        (r";\s*\S", "several statements in one query: send one statement"),
        (r"(?<![\w.$])LOAD\s+CSV\b", "LOAD CSV reads files and URLs from the database server"),
        (r"(?<![\w.$])USING\s+PERIODIC\s+COMMIT\b", "PERIODIC COMMIT writes in batches"),
        (r"(?<![\w.$])TRANSACTIONS\b", "CALL { } IN TRANSACTIONS and transaction commands are not queries"),
        (r"(?<![\w.$])USE\b", "USE switches to another database; queries run on the curriculum's database"),
        (r"(?<![\w.$])SHOW\b", "SHOW commands list server internals (transactions, users, settings)"),
        (r"(?<![\w.$])TERMINATE\b", "TERMINATE stops other users' transactions"),
        (r"(?<![\w.$])(?:CREATE|MERGE|DELETE|DETACH|SET|REMOVE|FOREACH)\b", "it writes to the graph; only reads are allowed"),
        (r"(?<![\w.$])(?:DROP|ALTER|RENAME|GRANT|DENY|REVOKE|DEALLOCATE|REALLOCATE|DRYRUN)\b",
         "schema and administration commands are not allowed"),
        (r"(?<![\w.$])(?:START|STOP|ENABLE)\s+(?:DATABASE|SERVER)\b", "schema and administration commands are not allowed"),
        (r"(?<![\w.$])(?:EXPLAIN|PROFILE)\b", "EXPLAIN and PROFILE are added by mlpath itself; send the bare query"),
        (r"^\s*CYPHER\b", "query options (CYPHER ...) are not allowed"),
        (r"(?<![\w$])(?:APOC|DBMS)\.", "apoc.* and dbms.* procedures and functions reach outside the curriculum"),
    )
)

_CALL = re.compile(r"(?<![\w.$])CALL\b\s*(?P<next>[{(]|[\w.]*)")


def check_query_text(query: str) -> None:
    """Refuse a query whose text asks for anything but reading the graph.

    Raises
    ------
    UnsafeQueryError
        Naming what was refused and why.
    """
    text = _normalise(query)
    found = [(match.start(), match.group(0), reason) for pattern, reason in _REFUSED
             for match in [pattern.search(text)] if match]
    if found:  # name the first offence in the text, which is the one a reader looks for
        _, offence, reason = min(found, key=lambda item: item[0])
        raise UnsafeQueryError(f"refused {' '.join(offence.split())!r}: {reason}")
    for match in _CALL.finditer(text):
        name = match.group("next")
        if name in ("{", "("):  # CALL { ... } and CALL (x) { ... } are subqueries
            continue
        if name.lower() not in ALLOWED_PROCEDURES:
            allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
            raise UnsafeQueryError(f"refused 'CALL {name or '?'}': only these procedures may be called: {allowed}")


def _normalise(query: str) -> str:
    """Upper-case code with comments blanked, strings emptied and names unquoted."""
    def replace(match: re.Match[str]) -> str:
        if match.group("string") is not None:
            return "''"
        if match.group("name") is not None:
            return " " + match.group("name")[1:-1].replace("``", "`") + " "
        return " "

    code = LEXEMES.sub(replace, query)
    code = re.sub(r"\s*\.\s*", ".", code)  # "db . labels" is "db.labels"
    return code.upper()


# --- 2-6. the cost bound, the plan check, the run, its size and its deadline ---

def run_read_only(
    driver: neo4j.Driver,
    query: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    timeout: float = 5.0,
    row_limit: int = 1000,
    byte_limit: int = DEFAULT_BYTE_LIMIT,
    database: str | None = None,
) -> CypherResult:
    """Run ``query`` if, and only if, it only reads the graph.

    Parameters
    ----------
    driver : an open driver.
    query : one Cypher statement, with ``$parameters`` for values.
    parameters : values of the query's ``$parameters``.
    timeout : seconds the server lets the transaction run.
    row_limit : rows returned at most; ``truncated`` tells if more existed.
    byte_limit : about how many bytes of JSON the rows may take; rows past it
        are left out (``truncated``), and a single row larger than it is refused.
    database : the database to read (default: the server's default).

    Raises
    ------
    UnsafeQueryError
        The text or the plan is not a pure read (the message says which part).
    CostlyQueryError
        Its expressions could do unbounded work, its plan is a huge
        cartesian product, it needed more memory than one query may have,
        or one row is larger than ``byte_limit``.
    QueryTimeoutError
        It ran longer than ``timeout``.
    InvalidRequestError
        Neo4j rejected it (syntax, types, missing parameters).
    Neo4jUnavailableError
        The server cannot be reached.
    """
    query, parameters, timeout, row_limit, byte_limit = _run_read_only_iv(query, parameters, timeout, row_limit, byte_limit)
    check_query_text(query)
    check_query_cost(query, parameters)
    import neo4j

    deadline = _Deadline(timeout + DEADLINE_GRACE)
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=row_limit + 1) as session:
            with deadline.watching(session):
                _require_bounded_read_plan(session, query, parameters)
                with session.begin_transaction(timeout=timeout) as tx:
                    return _fetch(tx.run(cast(LiteralString, query), parameters), row_limit, byte_limit)
    except Exception as exc:
        if deadline.expired:
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped "
                                    "(its connection was closed while it was still answering)") from None
        raise _translated(exc, timeout) from None


def _translated(exc: Exception, timeout: float) -> Exception:
    """The guard's error for what the driver raised."""
    from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable

    if isinstance(exc, ClientError):
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Transaction.Terminated" in code:
            return QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped")
        if "AccessMode" in code or "Forbidden" in code:
            return UnsafeQueryError(f"refused by the server: {exc.message}")
        return InvalidRequestError(f"Neo4j rejected the query: {exc.message}")
    if isinstance(exc, UnsafeQueryError):  # a PermissionError, hence an OSError: not a connection problem
        return exc
    if isinstance(exc, (ServiceUnavailable, DriverError, OSError)):
        return Neo4jUnavailableError(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, Neo4jError):
        if "OutOfMemory" in (exc.code or ""):  # the per-transaction limit (or, never expected, the heap)
            return CostlyQueryError(f"the query needed more memory than one query may use and was stopped ({exc.message})")
        return InvalidRequestError(f"Neo4j could not run the query: {exc.message}")
    return exc


class _Deadline:
    """Closes a session's connection if the query is still running ``seconds`` after it started.

    The driver has no public way to abandon a result mid-record, so this
    shuts down the session's socket (``session._connection.socket``): the
    blocked read fails, the driver discards the connection, and the server,
    finding its client gone, stops writing.  ``tests/neo4j/test_cypher_guard.py``
    proves the private path still exists in the installed driver.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False

    def watching(self, session: neo4j.Session) -> _Watch:
        return _Watch(self, session)

    def sever(self, session: neo4j.Session) -> bool:
        """Shut the session's socket down now; ``False`` if the driver hides it."""
        raw = getattr(getattr(getattr(session, "_connection", None), "socket", None), "_socket", None)
        if not isinstance(raw, socket.socket):
            logger.warning("cannot close a Neo4j connection past its deadline: this driver hides its socket")
            return False
        self.expired = True
        try:
            raw.shutdown(socket.SHUT_RDWR)
        except OSError:  # already closed: the query ended as the deadline passed
            pass
        return True


class _Watch:
    """The timer of one :class:`_Deadline` while a transaction runs (a context manager)."""

    def __init__(self, deadline: _Deadline, session: neo4j.Session):
        self.timer = threading.Timer(deadline.seconds, deadline.sever, args=(session,))
        self.timer.daemon = True

    def __enter__(self) -> _Watch:
        self.timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.timer.cancel()


def _fetch(result: neo4j.Result, row_limit: int, byte_limit: int) -> CypherResult:
    """At most ``row_limit`` rows and about ``byte_limit`` bytes of them; the server discards the rest."""
    columns = tuple(result.keys())
    rows: list[tuple[Any, ...]] = []
    size = 0
    for record in result:
        if len(rows) == row_limit:
            return CypherResult(columns=columns, rows=tuple(rows), truncated=True)
        row, row_size = _row_within(record.values(), byte_limit - size)
        if row is None:
            if not rows:
                raise CostlyQueryError(f"refused: one row of the answer is larger than {byte_limit:,} bytes")
            return CypherResult(columns=columns, rows=tuple(rows), truncated=True)
        rows.append(row)
        size += row_size
    return CypherResult(columns=columns, rows=tuple(rows), truncated=False)


def _row_within(values: list[Any], budget: int) -> tuple[tuple[Any, ...] | None, int]:
    """The row as JSON-safe values and its JSON size; no row if it takes more than ``budget`` bytes.

    The cheap lower bound goes first: converting a huge row only to measure
    it was most of the time such a row cost the caller.
    """
    if json_size_exceeds(values, budget):
        return None, 0
    row = tuple(json_safe(value) for value in values)
    size = _json_size(row)
    return (row, size) if size <= budget else (None, 0)


def _json_size(row: tuple[Any, ...]) -> int:
    return len(json.dumps(row, ensure_ascii=False, separators=(",", ":")))


def _require_bounded_read_plan(session: neo4j.Session, query: str, parameters: Mapping[str, Any]) -> None:
    """Refuse unless EXPLAIN says the query only reads, and expects no huge cartesian product.

    EXPLAIN plans without running, so this costs one round trip and no data.
    Only cartesian products are judged by their estimate: Neo4j's estimates
    for variable-length patterns are astronomical even for the cookbook's
    quick queries (10^11 rows for ``prerequisites``, which returns 159).
    """
    summary = session.run(cast(LiteralString, cypher.EXPLAIN_PREFIX + query), parameters).consume()
    kind = summary.query_type
    if kind != "r":
        meaning = {"rw": "reads and writes", "w": "writes", "s": "changes the schema"}.get(kind or "", "is not a read")
        raise UnsafeQueryError(f"refused: Neo4j's plan says the query {meaning} (query type {kind!r}); only reads are allowed")
    largest = max((operator.get("args", {}).get("EstimatedRows", 0) for operator in _operators(summary.plan or {})
                   if operator.get("operatorType", "").startswith("CartesianProduct")), default=0)
    if largest > CARTESIAN_ROW_LIMIT:
        raise CostlyQueryError(f"refused: Neo4j expects a cartesian product of about {largest:,.0f} rows, more than "
                               f"{CARTESIAN_ROW_LIMIT:,}; connect the patterns, or narrow them with labels and properties")


def _operators(plan: Mapping[str, Any]):
    yield plan
    for child in plan.get("children", ()):
        yield from _operators(child)


def _run_read_only_iv(query: object, parameters: object, timeout: object, row_limit: object,
                      byte_limit: object) -> tuple[str, dict[str, Any], float, int, int]:
    if not isinstance(query, str) or not query.strip():
        raise ValueError("`query` must be a non-empty string")
    if len(query) > MAX_QUERY_LENGTH:
        raise ValueError(f"`query` is longer than {MAX_QUERY_LENGTH} characters")
    if parameters is None:
        parameters = {}
    if not isinstance(parameters, Mapping) or not all(isinstance(k, str) for k in parameters):
        raise ValueError("`parameters` must be a mapping with string keys")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= MAX_TIMEOUT:
        raise ValueError(f"`timeout` must be a number of seconds in (0, {MAX_TIMEOUT:g}], not {timeout!r}")
    if isinstance(row_limit, bool) or not isinstance(row_limit, int) or row_limit < 1:
        raise ValueError(f"`row_limit` must be a positive integer, not {row_limit!r}")
    if isinstance(byte_limit, bool) or not isinstance(byte_limit, int) or byte_limit < 1:
        raise ValueError(f"`byte_limit` must be a positive integer, not {byte_limit!r}")
    return query, dict(parameters), float(timeout), row_limit, byte_limit
