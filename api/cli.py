"""The ``mlpath`` command line.

``main(argv, stdout=..., stderr=...)`` takes its streams as arguments and
returns an exit status, so tests drive it in-process.  Each group of commands
lives in ``api/commands/<module>.py`` with a ``register(subparsers)``
function; those modules import only ``argparse`` at module level, and every
heavy library (scipy, scikit-learn, plotly, neo4j, uvicorn) is imported inside
the function that runs the command, so ``mlpath --help`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from enum import IntEnum
from typing import TextIO

__all__ = ["ExitStatus", "main", "build_parser"]

#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES = (
    "api.commands.curriculum",
    "api.commands.plans",
    "api.commands.learners",
    "api.commands.viz",
    "api.commands.server",
    "api.commands.neo4j",
)


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    INFEASIBLE = 3
    INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlpath",
        description="Least-effort learning paths to becoming a Machine Learning Engineer.",
    )
    parser.add_argument("--traceback", action="store_true", help="show the full traceback of an error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one command; return its exit status instead of exiting."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(stdout)
        return ExitStatus.USAGE
    module_name, _, function_name = args.run.partition(":")
    command = getattr(importlib.import_module(module_name), function_name)
    try:
        return int(command(args, stdout, stderr))
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:  # the reader went away (``mlpath ... | head``): not an error
        _silence_stdout()
        return ExitStatus.OK
    except Exception as exc:  # one readable line, unless --traceback
        if args.traceback:
            raise
        from graph.errors import InfeasiblePlanError, MlpathError

        from api.settings import SettingsError

        print(f"{type(exc).__name__}: {exc}", file=stderr)
        if isinstance(exc, InfeasiblePlanError):
            return ExitStatus.INFEASIBLE
        if isinstance(exc, SettingsError):  # the environment is the command's input too
            return ExitStatus.USAGE
        if not isinstance(exc, MlpathError):
            print("(an unexpected error: rerun with --traceback and report it)", file=stderr)
        return ExitStatus.ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def entry_point() -> None:
    sys.exit(main())
