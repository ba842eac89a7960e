"""The curriculum designer's cookbook: named Cypher queries in ``graph/neo4j/queries``.

Each ``<name>.cypher`` file opens with a comment header (``//`` lines): a
one-line summary, an explanation, and one ``@param`` line per parameter::

    // @param id string  the node whose prerequisites to list
    // @param limit int = 10  how many nodes to return
    // @example id=pytorch

``@example`` gives the parameters ``docs/cypher.md`` runs the query with.
Parameter types are ``string``, ``int``, ``float``, ``bool`` and ``list`` (of
strings: comma-separated on the command line, a JSON array through the API);
a parameter with a default (a JSON literal after ``=``) is optional.  A query
whose required parameters have no ``@example`` (a learner's id, say) is
listed in ``docs/cypher.md`` without output.  Queries run through
:func:`graph.neo4j.guard.run_read_only` like any other read, so the cookbook
gets the same timeout and row limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from graph.errors import InvalidRequestError, UnknownNodeError

if TYPE_CHECKING:
    import neo4j

    from graph.neo4j.result import CypherResult

__all__ = ["Param", "NamedQuery", "cookbook", "get_query", "markdown", "run_named"]

_TYPES = {"string": str, "int": int, "float": float, "bool": bool, "list": list}
_PARAM_LINE = re.compile(r"^@param\s+(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?:\s*=\s*(?P<default>\S+))?\s*(?P<help>.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    help: str
    default: Any = None
    required: bool = True

    def convert(self, text: str) -> Any:
        """The value of ``--param name=text``, typed as the header declares."""
        try:
            if self.type == "bool":
                if text.lower() not in ("true", "false"):
                    raise ValueError(text)
                return text.lower() == "true"
            if self.type == "list":
                return [item.strip() for item in text.split(",") if item.strip()]
            return _TYPES[self.type](text)
        except ValueError:
            raise InvalidRequestError(f"parameter {self.name!r} must be a {self.type}, not {text!r}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str
    example: dict[str, str] = field(default_factory=dict)

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters with defaults filled in; unknown or missing ones are errors."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise InvalidRequestError(f"query {self.name!r} has no parameter(s) {', '.join(unknown)}; it takes: {', '.join(known) or 'none'}")
        bound = {}
        for param in self.params:
            if param.name in given:
                value = given[param.name]
                bound[param.name] = param.convert(value) if isinstance(value, str) and param.type != "string" else value
            elif param.required:
                raise InvalidRequestError(f"query {self.name!r} needs --param {param.name}=<{param.type}> ({param.help})")
            else:
                bound[param.name] = param.default
        return bound


@lru_cache(maxsize=1)
def cookbook() -> dict[str, NamedQuery]:
    """Every cookbook query by name, sorted by name."""
    folder = resources.files("graph.neo4j.queries")
    queries = [_parse(entry.name.removesuffix(".cypher"), entry.read_text(encoding="utf-8"))
               for entry in folder.iterdir() if entry.name.endswith(".cypher")]
    return {q.name: q for q in sorted(queries, key=lambda q: q.name)}


def get_query(name: str) -> NamedQuery:
    """The named query, or :class:`UnknownNodeError` listing close names."""
    import difflib

    queries = cookbook()
    if name not in queries:
        close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
        raise UnknownNodeError(name, close, message=f"no cookbook query named {name!r}" + (f"; did you mean: {', '.join(close)}?" if close else "; see `mlpath cypher --list`"))
    return queries[name]


def run_named(driver: neo4j.Driver, name: str, parameters: dict[str, Any] | None = None, *,
              timeout: float = 30.0, row_limit: int = 10_000, database: str | None = None) -> CypherResult:
    """Run one cookbook query with its parameters checked and defaulted."""
    from graph.neo4j.guard import run_read_only

    query = get_query(name)
    return run_read_only(driver, query.text, query.bind(parameters or {}),
                         timeout=timeout, row_limit=row_limit, database=database)


def markdown(driver: neo4j.Driver, *, row_limit: int = 12, database: str | None = None) -> str:
    """Every cookbook query with its real output on the stored curriculum, as Markdown.

    ``docs/cypher.md`` is this text: regenerate it with ``mlpath cypher --markdown``
    after ``mlpath neo4j sync``.  Long results are cut at ``row_limit`` rows.
    """
    import json

    from graph.neo4j.store import stored_learners, stored_size

    size = stored_size(driver, database=database)
    stats = f"{size.nodes} nodes, {size.relationships} relationships"
    parts = [
        "# The Cypher cookbook\n\n"
        "Named, parameterised, read-only queries for curriculum designers, kept in "
        "`graph/neo4j/queries/*.cypher`.  Run one with `mlpath cypher NAME [--param key=value]... [--json]`; "
        "list them with `mlpath cypher --list`; run any read-only query with `mlpath cypher --query \"...\"`.  "
        "Each is tested against an answer computed independently with networkx (`tests/neo4j/test_cookbook.py`).  "
        "Cookbook queries and your own go through the same read-only guard, with a timeout (30 s in the CLI, 5 s "
        "through `POST /v1/cypher`), a bound on the work one row may do inside expressions (no `reduce()`, "
        "`range()` up to 100,000 elements, no comprehension nested over collected lists: use `UNWIND`), and "
        "row and size limits; `docs/neo4j.md` explains each.\n\n"
        f"Everything below is real output on the bundled seed curriculum ({stats}), generated by "
        "`mlpath neo4j sync && mlpath cypher --markdown > docs/cypher.md`.  Long results show their first "
        f"{row_limit} rows.\n"
    ]
    parts.append(_LEARNERS_NOTE.format(learners=stored_learners(driver, database=database)))
    for query in cookbook().values():
        command = " ".join(["mlpath cypher", query.name] + [f"--param {k}={v}" for k, v in query.example.items()]
                           + [f"--param {p.name}=<{p.type}>" for p in query.params if p.required and p.name not in query.example])
        params = "".join(f"\n- `{p.name}` ({p.type}{'' if p.required else f', default {json.dumps(p.default)}'}): {p.help}"
                         for p in query.params)
        parts.append(f"## `{query.name}`\n\n{query.summary}\n\n{query.description}\n"
                     + (f"\nParameters:{params}\n" if params else "")
                     + f"\n```cypher\n{query.text}```\n\n`{command}`\n\n{_output(driver, query, row_limit, database)}\n")
    return "\n".join(parts)


#: What the learner queries of ``docs/cypher.md`` ran on.
_LEARNERS_NOTE = (
    "The `learners-*` queries and `course-gaps` read learners as the Neo4j learner store writes them "
    "(`(:Learner)-[:KNOWS {{status, level, at, source}}]->(:Node)`, `AIMS_AT`, the `plan_order` of the last plan "
    "shown; `docs/learners.md`).  Their output below is on a synthetic population of {learners} learners who follow "
    "their plans, stall, skip and stop, loaded with `python -m devtools.learner_population --learners 1000 --seed 1` "
    "after the sync and observed as of 2026-11-01 (`tests/neo4j/test_cookbook_learners.py` checks each query on such "
    "a population against counts made in Python from the simulation itself).\n"
)


def _output(driver: neo4j.Driver, query: NamedQuery, row_limit: int, database: str | None) -> str:
    """The query's result on its example parameters as a Markdown table; a note when it needs more."""
    missing = [p.name for p in query.params if p.required and p.name not in query.example]
    if missing:
        return f"(not run here: it needs {', '.join(f'`{name}`' for name in missing)})"
    result = run_named(driver, query.name, dict(query.example), row_limit=row_limit, database=database)
    rows = [" | ".join(_cell(v) for v in row) for row in result.rows]
    table = "\n".join(["| " + " | ".join(result.columns) + " |", "|" + " --- |" * len(result.columns)]
                      + [f"| {row} |" for row in rows])
    more = f"\n\n(first {row_limit} rows shown; there are more)" if result.truncated else ""
    empty = "\n\n(no rows)" if not result.rows else ""
    return f"{table}{more}{empty}"


def _cell(value: Any) -> str:
    import json

    if isinstance(value, float):
        value = round(value, 3)  # shares and days: three decimals say enough
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("|", "\\|")


def _parse(name: str, source: str) -> NamedQuery:
    header: list[str] = []
    lines = source.splitlines()
    while lines and lines[0].startswith("//"):
        header.append(lines.pop(0)[2:].strip())
    params = tuple(_param(line) for line in header if line.startswith("@param"))
    example = dict(item.split("=", 1) for line in header if line.startswith("@example") for item in line.split()[1:])
    prose = [line for line in header if not line.startswith("@")]
    if not prose or not prose[0]:
        raise ValueError(f"graph/neo4j/queries/{name}.cypher: the header must start with a one-line summary")
    description = " ".join(line for line in prose[1:] if line).strip()
    return NamedQuery(name=name, summary=prose[0], description=description, params=params,
                      text="\n".join(lines).strip() + "\n", example=example)


def _param(line: str) -> Param:
    match = _PARAM_LINE.match(line)
    if not match or match["type"] not in _TYPES:
        raise ValueError(f"bad @param line {line!r}: expected '@param name string|int|float|bool|list [= default] help'")
    default = match["default"]
    if default is None:
        return Param(match["name"], match["type"], match["help"].strip())
    return Param(match["name"], match["type"], match["help"].strip(), default=json.loads(default), required=False)
