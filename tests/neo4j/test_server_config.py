"""One Neo4j configuration, used by scripts/neo4j-local and docker-compose.yml alike, and a stop that always ends.

``neo4j/server.env`` is written once, in the Neo4j Docker image's spelling.
Compose passes it to the image unchanged; the script turns it into
``neo4j.conf`` lines.  These tests translate the file independently and
compare, read the compose file, ask the running server what it runs with,
and stop a private server while a query it cannot interrupt is running.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import yaml

from devtools.neo4j_local import SCRIPT, PrivateServer
from tests.neo4j.expensive_queries import RUNAWAY
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVER_ENV = ROOT / "neo4j" / "server.env"
#: Settings scripts/neo4j-local lets this machine override, and the variables that do it.
OVERRIDABLE = {
    "server.memory.heap.initial_size": "MLPATH_NEO4J_HEAP",
    "server.memory.heap.max_size": "MLPATH_NEO4J_HEAP",
    "server.memory.pagecache.size": "MLPATH_NEO4J_PAGECACHE",
    "db.transaction.timeout": "MLPATH_NEO4J_TX_TIMEOUT",
    "db.memory.transaction.max": "MLPATH_NEO4J_TX_MEMORY",
    "dbms.memory.transaction.total.max": "MLPATH_NEO4J_TX_TOTAL_MEMORY",
}


def docker_settings() -> dict[str, str]:
    """``NEO4J_...=value`` lines of server.env, comments and blanks left out."""
    lines = [line for line in SERVER_ENV.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def setting_name(variable: str) -> str:
    """The Docker image's rule, undone: drop ``NEO4J_``, ``__`` is ``_``, ``_`` is ``.``."""
    return ".".join(part.replace("\0", "_") for part in variable.removeprefix("NEO4J_").replace("__", "\0").split("_"))


def script_settings(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLPATH_NEO4J_")} | overrides
    done = subprocess.run([str(SCRIPT), "conf"], env=env, capture_output=True, text=True, check=True, timeout=60)
    return dict(line.split("=", 1) for line in done.stdout.splitlines())


def test_the_file_holds_the_policies_the_issue_names():
    names = {setting_name(v) for v in docker_settings()}
    assert {"db.transaction.timeout", "db.memory.transaction.max", "dbms.memory.transaction.total.max",
            "dbms.security.procedures.allowlist", "dbms.security.allow_csv_import_from_file_urls",
            "db.shutdown_transaction_end_timeout"} <= names
    assert all(variable.startswith("NEO4J_") for variable in docker_settings())


def test_the_script_runs_exactly_the_file():
    expected = {setting_name(variable): value for variable, value in docker_settings().items()}
    assert script_settings() == expected
    assert setting_name("NEO4J_dbms_security_allow__csv__import__from__file__urls") == "dbms.security.allow_csv_import_from_file_urls"


def test_the_script_overrides_only_what_it_says():
    base = script_settings()
    for setting, variable in OVERRIDABLE.items():
        changed = script_settings(**{variable: "123m"})
        assert changed[setting] == "123m"
        assert {k: v for k, v in changed.items() if OVERRIDABLE.get(k) != variable} == \
               {k: v for k, v in base.items() if OVERRIDABLE.get(k) != variable}


def test_compose_gives_the_image_the_same_file_and_nothing_else():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j = compose["services"]["neo4j"]
    assert neo4j["env_file"] == "neo4j/server.env" and (ROOT / neo4j["env_file"]) == SERVER_ENV
    assert set(neo4j["environment"]) == {"NEO4J_AUTH"}  # the password is the deployment's, not policy


def _bytes(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)\s*([a-zA-Z]*)", text.strip()).groups()
    return float(number) * 1024 ** {"": 0, "k": 1, "kib": 1, "m": 2, "mib": 2, "g": 3, "gib": 3}[unit.lower()]


def _same(setting: str, configured: str, reported: str) -> bool:
    if "memory" in setting:
        return _bytes(configured) == _bytes(reported)
    if setting.endswith("allowlist"):
        return configured.split(",") == [part.strip() for part in reported.split(",")]
    return configured.lower() == reported.lower()


@pytest.mark.neo4j
def test_the_running_server_runs_with_the_file(neo4j_driver):
    if os.environ.get("NEO4J_URI", "").strip() and not os.environ.get("NEO4J_URI", "").startswith("bolt://127.0.0.1"):
        pytest.skip("the server under test was not started from this checkout")
    wanted = {setting_name(v): value for v, value in docker_settings().items()}
    wanted = {k: v for k, v in wanted.items() if k not in OVERRIDABLE or not os.environ.get(OVERRIDABLE[k])}
    records = neo4j_driver.execute_query("CALL dbms.listConfig() YIELD name, value WHERE name IN $names RETURN name, value",
                                         names=list(wanted)).records
    reported = {r["name"]: r["value"] for r in records}
    assert set(reported) == set(wanted)
    assert [k for k in wanted if not _same(k, wanted[k], reported[k])] == []


@pytest.mark.neo4j
def test_stop_ends_a_server_stuck_in_a_runaway_query_and_the_data_survives(private_neo4j):
    """The runaway is sent with the bare driver, past the guard: the worst a server can meet."""
    import neo4j

    server = private_neo4j.with_settings(MLPATH_NEO4J_STOP_WAIT="3")
    server.run("start")
    kept_id = f"kept-{uuid.uuid4()}"  # the server is the session's: only this test's node counts
    try:
        with neo4j.GraphDatabase.driver(server.uri, auth=None) as driver:
            # A fresh server's first statement compiles and warms up; on a loaded machine that
            # outlasted the server's default 10 s timeout, which is not what this test is about.
            driver.execute_query(neo4j.Query("CREATE (:Node {id: $id})", timeout=120), id=kept_id)
            stuck = threading.Thread(target=_run_quietly, args=(driver, RUNAWAY), daemon=True)
            stuck.start()
            _wait_until_running(driver, RUNAWAY)
            pid = server.pid()
            said = server.run("stop")
    except BaseException:
        if server.is_running():
            server.kill()  # a runaway must not outlive this test in the session's server
        raise
    assert "still running 3s after SIGTERM; sending SIGKILL" in said and "killed" in said
    assert not Path(f"/proc/{pid}").exists()
    server.run("start")  # recovers from the transaction log
    with neo4j.GraphDatabase.driver(server.uri, auth=None) as driver:
        kept = neo4j.Query("MATCH (n:Node {id: $id}) RETURN count(n) AS n", timeout=120)
        assert driver.execute_query(kept, id=kept_id).records[0]["n"] == 1


def test_stop_without_a_server_says_so(tmp_path):
    server = PrivateServer(tmp_path / "home", free_port())
    assert "not running" in server.run("stop")


def _run_quietly(driver, query: str) -> None:
    try:
        with driver.session() as session:
            session.run(query, timeout=1).consume()
    except Exception:  # the server goes away under it: that is the point
        pass


def _wait_until_running(driver, query: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        queries = [r["q"] for r in driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery AS q RETURN q").records]
        if query in queries:
            time.sleep(2)  # past its one-second timeout: terminated, and still running
            return
        time.sleep(0.2)
    raise AssertionError(f"the runaway query never showed up in SHOW TRANSACTIONS: {queries}")
