"""Running a stranger's Cypher read-only, with layered defences.

Read-only access mode alone is not a security boundary: in Neo4j Community a
"read" query may still ``LOAD CSV`` from any URL (server-side request
forgery), call ``dbms.*`` procedures (configuration leaks) or ``SHOW`` and
``TERMINATE`` other transactions, and a procedure allow-list in
``neo4j.conf`` does not cover built-in procedures.  So :func:`run_read_only`
applies four checks, cheapest first, and the query must pass them all:

1. **Text.**  Comments and string literals are removed and backtick names
   unquoted (so ``LoAd /* */ CsV`` and ```apoc`.x`` are seen for what they
   are); then clauses that read outside the graph, write, administer or
   change database are refused, and so is any procedure not on
   :data:`ALLOWED_PROCEDURES`.
2. **Plan.**  ``EXPLAIN`` must report the query type ``'r'`` (read only);
   ``'rw'``, ``'w'`` and ``'s'`` (schema) are refused.
3. **Transaction.**  The query runs in a READ transaction, which the server
   refuses to let write, with a transaction timeout.
4. **Size.**  At most ``row_limit`` rows are fetched; ``truncated`` says
   whether more existed.

The answer is a :class:`~graph.neo4j.result.CypherResult`, the one model of a
Cypher result that the CLI and the API both return.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, LiteralString, cast

from graph.errors import InvalidRequestError, Neo4jUnavailableError, UnsafeQueryError
from graph.neo4j import cypher
from graph.neo4j.result import CypherResult, json_safe

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "ALLOWED_PROCEDURES",
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


class QueryTimeoutError(UnsafeQueryError, TimeoutError):
    """The query ran past its time limit and the server stopped it."""


# --- 1. the text check ---

# One alternation scanned left to right, so a "//" inside a string is part of
# the string and a quote inside a comment is part of the comment.
_LEXEMES = re.compile(
    r"""
      (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
    | (?P<name>`(?:``|[^`])*`)
    """,
    re.VERBOSE | re.DOTALL,
)

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

    code = _LEXEMES.sub(replace, query)
    code = re.sub(r"\s*\.\s*", ".", code)  # "db . labels" is "db.labels"
    return code.upper()


# --- 2-4. the plan check and the run ---

def run_read_only(
    driver: neo4j.Driver,
    query: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    timeout: float = 5.0,
    row_limit: int = 1000,
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
    database : the database to read (default: the server's default).

    Raises
    ------
    UnsafeQueryError
        The text or the plan is not a pure read (the message says which part).
    QueryTimeoutError
        It ran longer than ``timeout``.
    InvalidRequestError
        Neo4j rejected it (syntax, types, missing parameters).
    Neo4jUnavailableError
        The server cannot be reached.
    """
    query, parameters, timeout, row_limit = _run_read_only_iv(query, parameters, timeout, row_limit)
    check_query_text(query)
    import neo4j
    from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable

    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=row_limit + 1) as session:
            _require_read_plan(session, query, parameters)
            with session.begin_transaction(timeout=timeout) as tx:
                result = tx.run(cast(LiteralString, query), parameters)
                columns = tuple(result.keys())
                rows = []
                for record in result:
                    if len(rows) == row_limit:
                        return CypherResult(columns=columns, rows=tuple(rows), truncated=True)
                    rows.append(tuple(json_safe(value) for value in record.values()))
                return CypherResult(columns=columns, rows=tuple(rows), truncated=False)
    except ClientError as exc:
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Transaction.Terminated" in code:
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped") from None
        if "AccessMode" in code or "Forbidden" in code:
            raise UnsafeQueryError(f"refused by the server: {exc.message}") from None
        raise InvalidRequestError(f"Neo4j rejected the query: {exc.message}") from None
    except UnsafeQueryError:  # a PermissionError, hence an OSError: not a connection problem
        raise
    except (ServiceUnavailable, DriverError, OSError) as exc:
        raise Neo4jUnavailableError(f"{type(exc).__name__}: {exc}") from exc
    except Neo4jError as exc:
        raise InvalidRequestError(f"Neo4j could not run the query: {exc.message}") from None


def _require_read_plan(session: neo4j.Session, query: str, parameters: Mapping[str, Any]) -> None:
    """Refuse unless EXPLAIN says the query only reads.

    EXPLAIN plans without running, so this costs one round trip and no data.
    """
    summary = session.run(cast(LiteralString, cypher.EXPLAIN_PREFIX + query), parameters).consume()
    kind = summary.query_type
    if kind != "r":
        meaning = {"rw": "reads and writes", "w": "writes", "s": "changes the schema"}.get(kind or "", "is not a read")
        raise UnsafeQueryError(f"refused: Neo4j's plan says the query {meaning} (query type {kind!r}); only reads are allowed")


def _run_read_only_iv(query: object, parameters: object, timeout: object, row_limit: object) -> tuple[str, dict[str, Any], float, int]:
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
    return query, dict(parameters), float(timeout), row_limit
