"""``mlpath serve``: the HTTP API under uvicorn."""

from __future__ import annotations

import argparse
import os
from typing import Any, TextIO

from api.commands._common import add_graph_option

__all__ = ["register", "run_serve"]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the HTTP API (docs at /docs)",
        description="Serve the HTTP API. With NEO4J_URI set the curriculum is read from Neo4j, "
                    "falling back to the seed files if Neo4j is unreachable; see docs/api.md.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    add_graph_option(p)
    p.add_argument("--workers", type=_worker_count, default=1,
                   help="worker processes (default 1); solving plans is CPU-bound, so one per core serves more")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument("--no-access-log", dest="access_log", action="store_false", help="do not log every request")
    p.set_defaults(run="api.commands.server:run_serve")


def run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import uvicorn

    from api.app import create_app
    from api.settings import get_settings

    settings = get_settings()  # read now, so a bad setting fails here and not in every worker
    if args.graph:
        settings = settings.model_copy(update={"graph": args.graph})
        # worker processes build their own app from the environment: pass the choice on there
        os.environ["MLPATH_GRAPH"] = args.graph
    workers = f" with {args.workers} workers" if args.workers > 1 else ""
    loop, http, missing = server_stack()
    print(f"mlpath: serving on http://{args.host}:{args.port}{workers} (OpenAPI docs at /docs; {http} on {loop})", file=err)
    if missing:
        print(f"mlpath: {' and '.join(missing)} not installed, so HTTP is parsed in pure Python (more CPU per request); "
              "scripts/setup installs them", file=err)
    options = dict(host=args.host, port=args.port, loop=loop, http=http,
                   log_config=log_config(args.log_level.upper()), access_log=args.access_log)
    if args.workers > 1:
        _run_workers(args.workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)
    return 0


def server_stack() -> tuple[str, str, list[str]]:
    """uvicorn's event loop and HTTP protocol, named explicitly: ``uvloop`` and ``httptools`` when
    they import, else ``asyncio`` and ``h11``; and the modules that were missing.

    httptools is a C HTTP parser (llhttp) and uvloop a C event loop (libuv): with them a
    request costs the API about a third less CPU than with uvicorn's pure-Python h11 on
    asyncio (docs/benchmarks.md, "HTTP stack"), and with 8 clients on one process CPU per
    request is latency.  Both are dependencies; the fallback only keeps ``mlpath serve``
    working where one has no build for the platform (uvloop has none on Windows), and says so.
    """
    missing = []
    try:
        import uvloop  # noqa: F401
        loop = "uvloop"
    except ImportError:
        loop, missing = "asyncio", [*missing, "uvloop"]
    try:
        import httptools  # noqa: F401
        http = "httptools"
    except ImportError:
        http, missing = "h11", [*missing, "httptools"]
    return loop, http, missing


def _run_workers(workers: int, **options: Any) -> None:
    """uvicorn's supervisor over ``workers`` processes, each importing the factory and loading its own snapshot.

    This is what ``uvicorn.run(..., workers=N)`` does, plus one socket
    option.  uvicorn binds the shared listener itself with ``proto`` 0, so
    asyncio does not switch Nagle's algorithm off on accepted connections
    (uvicorn issue 3149) and every keep-alive response whose body goes out
    in a second write waits about 40 ms for the client's delayed ACK.
    Setting ``TCP_NODELAY`` on the listener fixes it: Linux copies it to
    every accepted connection.
    """
    import socket

    from uvicorn import Config
    from uvicorn.supervisors import Multiprocess

    config = Config("api.app:create_app", factory=True, workers=workers, **options)
    listener = config.bind_socket()
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        Multiprocess(config, sockets=[listener]).run()
    except KeyboardInterrupt:
        pass


def _worker_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"must be between 1 and 64, not {count}")
    return count


def log_config(level: str) -> dict[str, Any]:
    """uvicorn's and mlpath's records on stderr, each tagged with its request id."""
    handler = {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"], "stream": "ext://sys.stderr"}
    logger = {"handlers": ["stderr"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "api.middleware.RequestIdFilter"}},
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
        "handlers": {"stderr": handler},
        "loggers": {"uvicorn": logger, "uvicorn.access": logger, "mlpath": logger},
    }
