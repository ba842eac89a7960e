"""``mlpath serve`` as a real process: uvicorn, the factory, the log format."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_and_logs_request_ids(toy_path, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MLPATH_"))}
    log = tmp_path / "serve.log"
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--graph", str(toy_path)]
    with open(log, "w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/ready", headers={"X-Request-ID": "serve-test-1"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["source"] == str(toy_path)
        assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    text = log.read_text()
    assert process.returncode == 0
    assert f"serving on http://127.0.0.1:{port}" in text
    assert "[serve-test-1]" in text and "GET /ready" in text
