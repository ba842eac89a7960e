"""Commands over Neo4j: ``mlpath neo4j sync|status`` and ``mlpath cypher``.

The server is the one the API uses: ``NEO4J_URI``, with ``NEO4J_USER`` /
``NEO4J_PASSWORD`` / ``NEO4J_DATABASE`` when needed, read by
``api.settings`` and turned into a driver by ``graph.neo4j.connection``.
Without ``NEO4J_URI`` these commands stop with a usage error saying how to
set it.  The driver is imported and opened only when one of these commands
runs, and always closed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from api.commands._common import add_graph_option, add_json_option, write_json

if TYPE_CHECKING:
    from api.settings import Settings
    from graph.neo4j.connection import Neo4jSettings

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("neo4j", help="store the curriculum in Neo4j")
    commands = group.add_subparsers(dest="neo4j_command", metavar="COMMAND")

    p = commands.add_parser("sync", help="validate the curriculum, then make Neo4j hold exactly it (one transaction)")
    add_graph_option(p)
    add_json_option(p)
    p.add_argument("--batch-size", type=int, default=2000, metavar="N", help="rows per UNWIND batch (default 2000)")
    p.set_defaults(run="api.commands.neo4j:run_sync")

    p = commands.add_parser("status", help="is Neo4j reachable, and how many curriculum nodes does it hold")
    add_json_option(p)
    p.set_defaults(run="api.commands.neo4j:run_status")

    p = subparsers.add_parser(
        "cypher",
        help="run a cookbook query, or any read-only Cypher query, on Neo4j",
        description="Run a named cookbook query (see --list) or, with --query, any read-only query. "
                    "Writes, procedures outside a small allow-list, LOAD CSV and admin commands are refused.",
    )
    p.add_argument("name", nargs="?", help="cookbook query name")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a query parameter (repeatable)")
    p.add_argument("--list", action="store_true", help="list the cookbook queries and their parameters")
    p.add_argument("--query", metavar="CYPHER", help="run this read-only query instead of a named one")
    p.add_argument("--markdown", action="store_true",
                   help="run every cookbook query with its example parameters and print Markdown (docs/cypher.md)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="transaction timeout (default 30)")
    p.add_argument("--limit", type=int, default=1000, metavar="ROWS", help="rows shown at most (default 1000)")
    add_json_option(p)
    p.set_defaults(run="api.commands.neo4j:run_cypher")


def run_sync(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from dataclasses import asdict

    from graph.curriculum import load_graph
    from graph.neo4j.connection import connect
    from graph.neo4j.sync import StderrProgress, sync_curriculum

    settings = _settings()
    graph = load_graph(args.graph or settings.graph)  # invalid files stop here
    server = _server(settings)
    driver = connect(server)
    try:
        report = sync_curriculum(driver, graph, database=server.database, batch_size=args.batch_size,
                                 on_batch=StderrProgress(err))
    finally:
        driver.close()
    if args.json:
        write_json({**asdict(report), "changed": report.changed}, out)
    else:
        print(report.summary(), file=out)
    return 0


def run_status(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from neo4j.exceptions import DriverError, Neo4jError

    from graph.errors import Neo4jUnavailableError
    from graph.neo4j.connection import connect
    from graph.neo4j.store import server_version, stored_size

    server = _server(_settings())
    driver = connect(server)
    try:
        size = stored_size(driver, database=server.database)
        version, edition = server_version(driver, database=server.database)
    except (DriverError, Neo4jError) as exc:  # reachable, but not answering (still starting, overloaded)
        raise Neo4jUnavailableError(f"{server.uri} did not answer the status queries: {exc}") from exc
    finally:
        driver.close()
    status = {"uri": server.uri, "version": version, "edition": edition,
              "nodes": size.nodes, "requires": size.requires, "learn_on": size.learn_on,
              "has_part": size.has_part, "covers": size.covers, "stages": size.stages}
    if args.json:
        write_json(status, out)
    else:
        print(f"{server.uri}: Neo4j {version} {edition}, {size.nodes} curriculum nodes, "
              f"{size.requires} REQUIRES, {size.learn_on} LEARN_ON, {size.has_part} HAS_PART and {size.covers} COVERS "
              f"relationships, {size.stages} stages", file=out)
    return 0


def run_cypher(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from graph.neo4j.cookbook import cookbook, get_query

    if args.list:
        _print_cookbook(cookbook(), args.json, out)
        return 0
    if args.markdown:
        return _print_markdown(out)
    if bool(args.name) == bool(args.query):
        print("mlpath cypher: give a query NAME, or --query CYPHER, or --list", file=err)
        return 2
    given = _parse_params(args.param)
    from graph.neo4j.connection import connect
    from graph.neo4j.guard import run_read_only

    if args.name:
        query = get_query(args.name)  # unknown names and bad parameters fail before connecting
        text, parameters = query.text, query.bind(given)
    else:
        text, parameters = args.query, given
    server = _server(_settings())
    driver = connect(server)
    try:
        result = run_read_only(driver, text, parameters, timeout=args.timeout, row_limit=args.limit, database=server.database)
    finally:
        driver.close()
    if args.json:
        write_json(result, out)
    else:
        _print_table(result, out)
        note = f" (truncated at {args.limit})" if result.truncated else ""
        print(f"{len(result.rows)} row(s){note}", file=err)
    return 0


def _print_markdown(out: TextIO) -> int:
    from graph.neo4j.connection import connect
    from graph.neo4j.cookbook import markdown

    server = _server(_settings())
    driver = connect(server)
    try:
        out.write(markdown(driver, database=server.database))
    finally:
        driver.close()
    return 0


def _settings() -> Settings:
    """The environment's settings, read afresh for this command (a bad one is a usage error)."""
    from api.settings import load_settings

    return load_settings()


def _server(settings: Settings) -> Neo4jSettings:
    """The configured Neo4j; these commands have nothing to do without one."""
    from api.settings import SettingsError

    if settings.neo4j is None:
        raise SettingsError([("NEO4J_URI", "not set, and this command needs a Neo4j server: export NEO4J_URI=bolt://HOST:7687 "
                                           "(for the local development server, scripts/neo4j-local start prints its URI)")])
    return settings.neo4j


def _parse_params(items: list[str]) -> dict[str, str]:
    from graph.errors import InvalidRequestError

    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidRequestError(f"--param expects KEY=VALUE, not {item!r}")
        params[key.strip()] = value
    return params


def _print_cookbook(queries: dict, as_json: bool, out: TextIO) -> None:
    if as_json:
        write_json([{"name": q.name, "summary": q.summary, "description": q.description,
                     "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default, "help": p.help}
                                for p in q.params]} for q in queries.values()], out)
        return
    for q in queries.values():
        params = " ".join(f"{p.name}=<{p.type}>" if p.required else f"[{p.name}={p.default}]" for p in q.params)
        print(f"{q.name:<24} {q.summary}" + (f"\n{'':<24}   params: {params}" if params else ""), file=out)


def _print_table(result, out: TextIO) -> None:
    import json

    def cell(value) -> str:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    rows = [[cell(v) for v in row] for row in result.rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(result.columns)]
    print("  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip(), file=out)
