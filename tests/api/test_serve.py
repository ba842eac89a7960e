"""``mlpath serve`` as a real process: uvicorn, the factory, the log format."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import httpx

from tests.servers import free_port, running_server


def test_serve_answers_and_logs_request_ids(toy_path, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MLPATH_"))}
    log = tmp_path / "serve.log"
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--graph", str(toy_path)]
    with running_server(command, ready_url=f"http://127.0.0.1:{port}/docs", env=env, log=log) as process:
        response = httpx.get(f"http://127.0.0.1:{port}/ready", headers={"X-Request-ID": "serve-test-1"})
        assert response.status_code == 200 and response.json()["source"] == str(toy_path)
    process.wait(timeout=30)
    text = log.read_text()
    assert process.returncode == 0
    assert f"serving on http://127.0.0.1:{port}" in text
    assert "[serve-test-1]" in text and "GET /ready" in text
    assert "httptools on uvloop" in text  # the C parser and loop, which scripts/setup installs


def test_serve_falls_back_to_h11_on_asyncio_and_says_so_without_the_c_modules(monkeypatch):
    """A platform without httptools or uvloop still serves, on uvicorn's pure-Python parser and asyncio."""
    from api.commands import server

    assert server.server_stack() == ("uvloop", "httptools", [])
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import raises ImportError
    assert server.server_stack() == ("asyncio", "httptools", ["uvloop"])
    monkeypatch.setitem(sys.modules, "httptools", None)
    assert server.server_stack() == ("asyncio", "h11", ["uvloop", "httptools"])


def test_serve_with_two_workers_runs_two_processes_on_the_chosen_graph(toy_path, tmp_path):
    """``--workers 2``: uvicorn's supervisor and two worker processes, each holding the --graph snapshot."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MLPATH_"))}
    log = tmp_path / "serve.log"
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--graph", str(toy_path), "--workers", "2"]
    with running_server(command, ready_url=f"http://127.0.0.1:{port}/ready", env=env, log=log) as process:
        workers = _children(process.pid)
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(process.pid)
        for _ in range(20):
            response = httpx.get(f"http://127.0.0.1:{port}/ready")
            assert response.status_code == 200 and response.json()["source"] == str(toy_path)
        assert len(workers) == 2
        worker_maps = [Path(f"/proc/{pid}/maps").read_text() for pid in workers]
    process.wait(timeout=30)
    assert process.returncode == 0
    assert f"serving on http://127.0.0.1:{port} with 2 workers" in log.read_text()
    assert "(OpenAPI docs at /docs; httptools on uvloop)" in log.read_text()
    # each worker serves on the C parser and loop too (that path builds its own uvicorn Config)
    assert all("httptools" in maps and "uvloop" in maps for maps in worker_maps)


def test_serve_refuses_a_worker_count_out_of_range(capsys):
    from api.cli import main

    assert main(["serve", "--workers", "0"]) == 2
    assert "between 1 and 64" in capsys.readouterr().err


def _children(pid: int) -> list[int]:
    """Worker processes ``pid`` spawned (not multiprocessing's resource tracker), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
            found.append(int(stat.parent.name))
    return found


def test_worker_connections_have_nagle_switched_off(monkeypatch):
    """uvicorn's pre-bound listener leaves Nagle on (uvicorn issue 3149); ours sets TCP_NODELAY, and accepted connections inherit it."""
    import socket

    import uvicorn.supervisors

    from api.commands import server

    captured = {}

    class CapturingSupervisor:
        def __init__(self, config, sockets):
            captured["config"], captured["sockets"] = config, sockets

        def run(self):
            [listener] = captured["sockets"]
            listener.listen()
            with socket.create_connection(listener.getsockname()[:2]):
                accepted, _ = listener.accept()
                with accepted:
                    captured["accepted nodelay"] = accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            listener.close()

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", CapturingSupervisor)
    server._run_workers(2, host="127.0.0.1", port=free_port(), log_config=None, access_log=False)
    assert captured["config"].workers == 2 and captured["config"].factory
    assert captured["accepted nodelay"] != 0
