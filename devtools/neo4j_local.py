"""The local development server, for code that must have one: tests and benchmarks.

``scripts/neo4j-local`` does the work; this module only calls it from a
checkout, and gives tests and benchmarks a lock so that two of them never
rewrite the same database at once (the whole curriculum is replaced by each).
Production code never imports this (it is not installed with the package): it
connects to ``NEO4J_URI``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["SCRIPT", "PrivateServer", "local_uri", "start", "stop", "exclusive_use"]

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j-local"


def local_uri() -> str:
    """The Bolt URI of this checkout's server: ``MLPATH_NEO4J_PORT``, as the script reads it."""
    port = os.environ.get("MLPATH_NEO4J_PORT", "").strip() or "7687"
    return f"bolt://127.0.0.1:{port}"


def start() -> None:
    """Start the local server (idempotent); ``RuntimeError`` with its log tail if it cannot."""
    done = subprocess.run([str(SCRIPT), "start"], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"scripts/neo4j-local start failed:\n{done.stderr}")


def stop() -> None:
    subprocess.run([str(SCRIPT), "stop"], capture_output=True, text=True)


@contextlib.contextmanager
def exclusive_use(uri: str, *, wait: float = 1800.0) -> Iterator[None]:
    """Hold the machine-wide lock for the database at ``uri`` while the block runs.

    Raises ``TimeoutError`` if another holder keeps it longer than ``wait`` seconds.
    """
    name = "mlpath-neo4j-" + hashlib.sha256(uri.encode()).hexdigest()[:12] + ".lock"
    with open(Path(tempfile.gettempdir()) / name, "w") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another test or benchmark held the Neo4j at {uri} for over {wait:g} s") from None
                time.sleep(1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class PrivateServer:
    """``scripts/neo4j-local`` pointed at a home and a port of its own, for tests that stop or break it.

    The jars of this checkout's ``.neo4j/lib`` are linked in when present,
    so nothing is downloaded twice.
    """

    def __init__(self, home: Path, port: int, **settings: str):
        self.home, self.port = home, port
        self.uri = f"bolt://127.0.0.1:{port}"
        self.env = {**os.environ, "MLPATH_NEO4J_HOME": str(home), "MLPATH_NEO4J_PORT": str(port),
                    "MLPATH_NEO4J_HEAP": "256m", "MLPATH_NEO4J_PAGECACHE": "32m", "MLPATH_NEO4J_WAIT": "240", **settings}
        shared_lib = SCRIPT.parent.parent / ".neo4j" / "lib"
        if shared_lib.is_dir() and any(shared_lib.glob(".complete-*")) and not (home / "lib").exists():
            home.mkdir(parents=True, exist_ok=True)
            (home / "lib").symlink_to(shared_lib)

    def run(self, command: str) -> str:
        """Run ``scripts/neo4j-local COMMAND``; its messages, or ``RuntimeError`` with them."""
        done = subprocess.run([str(SCRIPT), command], env=self.env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"neo4j-local {command} failed:\n{done.stderr}")
        return done.stdout + done.stderr

    def pid(self) -> int | None:
        try:
            return int((self.home / "run" / "mlpath-neo4j.pid").read_text())
        except (OSError, ValueError):
            return None
