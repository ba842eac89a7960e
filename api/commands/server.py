"""``mlpath serve``: the HTTP API under uvicorn."""

from __future__ import annotations

import argparse
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
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument("--no-access-log", dest="access_log", action="store_false", help="do not log every request")
    p.set_defaults(run="api.commands.server:run_serve")


def run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import uvicorn

    from api.app import create_app
    from api.settings import get_settings

    settings = get_settings()
    if args.graph:
        settings = settings.model_copy(update={"graph": args.graph})
    app = create_app(settings)
    print(f"mlpath: serving on http://{args.host}:{args.port} (OpenAPI docs at /docs)", file=err)
    uvicorn.run(app, host=args.host, port=args.port, log_config=log_config(args.log_level.upper()),
                access_log=args.access_log)
    return 0


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
