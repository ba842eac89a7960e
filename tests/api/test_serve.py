"""``mlpath serve`` as a real process: uvicorn, the factory, the log format."""

from __future__ import annotations

import os
import sys

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
