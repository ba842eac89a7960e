"""Real server processes for tests: a free loopback port, a subprocess that
is known to answer before the test uses it and is always stopped after, and
a private Neo4j that a test may stop, start or kill, and a slow network link
to put in front of one."""

from __future__ import annotations

import contextlib
import copy
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from devtools.neo4j_local import PrivateServer

__all__ = ["LocalNeo4j", "SlowLink", "all_at_once", "free_port", "running_server"]


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(command: list[str], *, ready_url: str, env: dict[str, str], log: Path, cwd: Path | None = None, timeout: float = 60.0) -> Iterator[subprocess.Popen]:
    """Start ``command``, wait until ``ready_url`` answers 200, stop it with SIGINT.

    Output goes to ``log`` so a failure can show what the server said.
    """
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(ready_url, process, log, timeout)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {timeout:.0f} s:\n{log.read_text()}")


def all_at_once(base: str, requests: list[tuple[str, str, dict]]) -> list[tuple[str, int, float]]:
    """Send each ``(method, url, httpx keywords)`` from its own thread and connection, all released together.

    Returns ``(url, status, seconds)`` per request, in the order they were
    answered: the way to meet a server with truly concurrent first requests.
    """
    import httpx

    barrier = threading.Barrier(len(requests))
    answers: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def send(method: str, url: str, kwargs: dict) -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            barrier.wait()
            began = time.monotonic()
            status = client.request(method, url, **kwargs).status_code
        with lock:
            answers.append((url, status, time.monotonic() - began))

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
#: A throwaway server does little work once it answers, and its start is mostly the JVM
#: compiling Neo4j's own code: with the C1 JIT alone a start takes about half as long
#: on this busy machine (docs/neo4j.md).
QUICK_START = {"MLPATH_NEO4J_JAVA_OPTS": "-XX:TieredStopAtLevel=1"}


class LocalNeo4j(PrivateServer):
    """A :class:`~devtools.neo4j_local.PrivateServer` started for a ``with`` block, which a test may crash.

    It starts with :data:`QUICK_START` unless told otherwise, and at the end
    of the block it is killed, not stopped: its home is thrown away, so a
    clean shutdown would only be waited for.
    """

    def __init__(self, home: Path, port: int, **settings: str):
        super().__init__(home, port, **{**QUICK_START, **settings})

    def __enter__(self) -> LocalNeo4j:
        self.run("start")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.is_running():
            self.kill()

    def with_settings(self, **settings: str) -> LocalNeo4j:
        """The same server (home, port, process), driven by ``scripts/neo4j-local`` with ``settings`` added."""
        other = copy.copy(self)
        other.env = {**self.env, **settings}
        return other

    def is_running(self) -> bool:
        pid = self.pid()
        return pid is not None and Path(f"/proc/{pid}").exists()

    def kill(self) -> None:
        """SIGKILL the server's JVM: no shutdown, no flush, as in a crash."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        while Path(f"/proc/{pid}").exists():
            time.sleep(0.1)


class SlowLink:
    """A loopback TCP relay to ``port`` that passes answers at ``bytes_per_second``: a slow network.

    Requests go through at full speed; what the server sends back trickles.
    When either end closes, the relay closes the other, as a real link would,
    so a client giving up is seen by the server.  ``delivered`` counts the
    bytes that reached clients.
    """

    def __init__(self, port: int, bytes_per_second: int):
        self.upstream, self.rate = port, bytes_per_second
        self.delivered = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []

    def __enter__(self) -> SlowLink:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for each in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                each.close()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self._listener.accept()
                server = socket.create_connection(("127.0.0.1", self.upstream))
                self._sockets += [client, server]
                threading.Thread(target=self._pump, args=(client, server, None), daemon=True).start()
                threading.Thread(target=self._pump, args=(server, client, self.rate), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, rate: int | None) -> None:
        chunk = 64 * 1024 if rate is None else max(1, rate // 20)
        try:
            while data := source.recv(chunk):
                target.sendall(data)
                if rate is not None:
                    self.delivered += len(data)
                    time.sleep(len(data) / rate)
        except OSError:
            pass
        finally:
            for each in (source, target):
                with contextlib.suppress(OSError):
                    each.shutdown(socket.SHUT_RDWR)
