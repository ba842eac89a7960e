"""A freshly started server answers concurrent first requests at every route without a race.

Fuzzing a fresh server once produced a 500: two first figure requests
imported plotly's dependency narwhals from two worker threads at once and
Python raised ``_DeadlockError``.  The server now does everything its
routes import lazily while it starts (``api.state.prepare_routes``).  Two
checks:

* deterministic: once the lifespan has run, a request to any route
  imports no module that was not already imported;
* the symptom: fresh ``mlpath serve`` processes, several times over, each
  hit by concurrent first requests at every route at once, answer no 5xx.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.api.conftest import API_KEY
from tests.servers import all_at_once, free_port, running_server

PLAN = {"known": ["python"], "targets": ["machine-learning-engineer"], "hours_per_week": 10}

#: One request for each route, in the app's OpenAPI paths or served beside them.
REQUESTS: dict[str, tuple[str, str, dict | None]] = {
    "/v1/paths": ("POST", "/v1/paths", PLAN),
    "/v1/next-steps": ("GET", "/v1/next-steps?known=python&targets=pytorch", None),
    "/v1/match": ("POST", "/v1/match", {"text": "torch, numpy and some stats"}),
    "/v1/nodes": ("GET", "/v1/nodes?kind=tool", None),
    "/v1/nodes/{node_id}": ("GET", "/v1/nodes/pytorch", None),
    "/v1/graph": ("GET", "/v1/graph", None),
    "/v1/schema/curriculum": ("GET", "/v1/schema/curriculum", None),
    "/v1/cypher": ("POST", "/v1/cypher", {"query": "RETURN 1 AS one"}),
    "/health": ("GET", "/health", None),
    "/ready": ("GET", "/ready", None),
    "/": ("GET", "/", None),
    "/roadmap": ("GET", "/roadmap", None),
    "/v1/paths/view": ("GET", "/v1/paths/view?known=python&targets=machine-learning-engineer", None),
    "/v1/figures/graph": ("GET", "/v1/figures/graph", None),
    "/v1/figures/path": ("POST", "/v1/figures/path", PLAN),
    "static": ("GET", "/static/plotly.min.js", None),
    # the learner routes: the first creates the learner the others then use (``{learner}`` and its token)
    "/v1/learners": ("POST", "/v1/learners", {"targets": ["pytorch"], "hours_per_week": 5}),
    "/v1/learners/{learner_id}": ("GET", "/v1/learners/{learner}", None),
    "/v1/learners/{learner_id}/progress": ("POST", "/v1/learners/{learner}/progress",
                                           {"marks": [{"node": "python", "status": "done"}]}),
    "/v1/learners/{learner_id}/plan": ("GET", "/v1/learners/{learner}/plan", None),
    "/v1/learners/{learner_id}/next": ("GET", "/v1/learners/{learner}/next", None),
    "/v1/learners/{learner_id}/export": ("GET", "/v1/learners/{learner}/export", None),
    "/v1/learners/{learner_id}/import-text": ("POST", "/v1/learners/{learner}/import-text",
                                              {"text": "Python, NumPy and some PyTorch", "kind": "cv"}),
    "/v1/learners/{learner_id}/calendar.ics": ("GET", "/v1/learners/{learner}/calendar.ics", None),
    "/v1/learners/{learner_id}/checklist": ("GET", "/v1/learners/{learner}/checklist", None),
    "/v1/learners/{learner_id}/figures": ("GET", "/v1/learners/{learner}/figures", None),
    "/v1/learners/import": ("POST", "/v1/learners/import", {"learner": {}}),
    "docs": ("GET", "/docs", None),
    "openapi": ("GET", "/openapi.json", None),
}


def test_the_requests_cover_every_route_of_the_schema():
    from api.app import create_app
    from api.settings import Settings

    paths = set(create_app(Settings(neo4j_uri=None)).openapi()["paths"])
    assert paths <= set(REQUESTS), f"add a request for: {sorted(paths - set(REQUESTS))}"


def test_after_start_no_request_imports_anything(toy_path, tmp_path):
    requests = [(method, url, body) for method, url, body in REQUESTS.values()]
    program = textwrap.dedent(f"""
        import sys
        from fastapi.testclient import TestClient
        from api.app import create_app
        from api.settings import Settings

        settings = Settings(graph={str(toy_path)!r}, neo4j_uri=None, api_keys=({API_KEY!r},),
                            data_dir={str(tmp_path)!r})
        with TestClient(create_app(settings)) as client:
            started = set(sys.modules)
            learner, headers = None, {{}}
            for method, url, body in {requests!r}:
                if "{{learner}}" in url:
                    url = url.replace("{{learner}}", learner)
                response = client.request(method, url, json=body, headers=headers)
                if url == "/v1/learners" and method == "POST":
                    assert response.status_code == 201, response.text[:300]
                    learner = response.json()["learner"]["id"]
                    headers = {{"Authorization": "Bearer " + response.json()["token"]}}
                assert response.status_code < 500, (url, response.status_code, response.text[:300])
            print(sorted(set(sys.modules) - started))
    """)
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", program], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"imported by the first requests, not at start: {done.stdout.strip()}"


@pytest.mark.parametrize("run", range(4))
def test_concurrent_first_requests_at_every_route_of_a_fresh_server(toy_path, tmp_path, run):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MLPATH_"))} | {
        "MLPATH_API_KEYS": API_KEY, "MLPATH_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-c", "from api.cli import entry_point; entry_point()",
               "serve", "--port", str(port), "--graph", str(toy_path), "--no-access-log"]
    with running_server(command, ready_url=f"http://127.0.0.1:{port}/health", env=env, log=tmp_path / "serve.log"):
        # learners nobody created: their routes answer 401 without a token, and must not fail
        answers = all_at_once(f"http://127.0.0.1:{port}",
                              [(method, url.replace("{learner}", "0" * 32), {"json": body})
                               for method, url, body in REQUESTS.values() for _ in range(2)])
    failures = [(url, status) for url, status, _ in answers if status >= 500]
    assert failures == [], (tmp_path / "serve.log").read_text()[-3000:]
    assert len(answers) == 2 * len(REQUESTS)
