"""Without NEO4J_URI the server never imports the Neo4j driver (about 40 MB)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_serving_without_neo4j_never_imports_the_driver(toy_path):
    program = textwrap.dedent(f"""
        import sys
        from fastapi.testclient import TestClient
        from api.app import create_app
        from api.settings import Settings

        with TestClient(create_app(Settings(graph={str(toy_path)!r}, neo4j_uri=None))) as client:
            assert client.get("/ready").json()["neo4j"] == "not configured"
            assert client.post("/v1/cypher", json={{"query": "RETURN 1"}}).status_code == 401
        print("neo4j" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
