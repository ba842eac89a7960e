"""POST /v1/cypher without a reachable Neo4j: authentication first, then 503.

The behaviour with a real Neo4j (results, refused queries, recovery) is in
``test_end_to_end.py``, marked ``neo4j``.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import API_KEY

QUERY = {"query": "MATCH (n:Node) RETURN count(n) AS nodes"}


def assert_401(response):
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["type"].endswith("api-key-required")


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-key-0123456789"},
    {"Authorization": f"Bearer {API_KEY}x"},
    {"Authorization": f"Bearer {API_KEY[:-1]}"},
    {"Authorization": f"Basic {API_KEY}"},
    {"Authorization": API_KEY},
], ids=["none", "wrong", "longer", "prefix", "basic", "no-scheme"])
def test_without_a_valid_key_is_401(client, headers):
    assert_401(client.post("/v1/cypher", json=QUERY, headers=headers))


def test_401_comes_before_revealing_the_neo4j_configuration(client):
    response = client.post("/v1/cypher", json=QUERY)
    assert "NEO4J" not in response.text


def test_with_a_key_but_no_neo4j_configured_is_503_explaining_how(client):
    response = client.post("/v1/cypher", json=QUERY, headers={"Authorization": f"Bearer {API_KEY}"})
    body = response.json()
    assert response.status_code == 503 and response.headers["content-type"] == "application/problem+json"
    assert body["type"].endswith("neo4j-unavailable") and "NEO4J_URI" in body["detail"]


def test_no_keys_configured_refuses_everyone(settings):
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(settings.model_copy(update={"api_keys": ()}))) as client:
        assert_401(client.post("/v1/cypher", json=QUERY, headers={"Authorization": "Bearer "}))
        assert_401(client.post("/v1/cypher", json=QUERY, headers={"Authorization": f"Bearer {API_KEY}"}))



# --- each key's limits (api/limits.py), on a clock the test moves ---

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limits(clock, **changes):
    from api.limits import CypherLimits

    options = dict(per_key=2, total=3, per_minute=60, burst=3, seconds_per_minute=30.0) | changes
    return CypherLimits(clock=clock, **options)


def refusal(gate, key="k"):
    """The exception ``gate`` refuses ``key``'s next query with (the test fails if it admits it)."""
    from api.limits import RateLimited

    with pytest.raises(RateLimited) as caught:
        with gate.admit(key):
            pass
    return caught.value


def test_a_key_may_run_only_so_many_queries_at_once():
    from api.limits import TooManyCypherQueries

    clock = Clock()
    gate = limits(clock)
    with gate.admit("k1"), gate.admit("k1"):
        refused = refusal(gate, "k1")
        assert isinstance(refused, TooManyCypherQueries) and "at most 2 at once" in str(refused)
        assert refused.retry_after == 1
        with gate.admit("k2"):  # another key is not held back by this one
            pass
    with gate.admit("k1"):  # a finished query frees its place
        pass


def test_all_keys_together_may_run_only_so_many_at_once():
    from api.limits import CypherBusy

    gate = limits(Clock(), per_key=5, total=2)
    with gate.admit("k1"), gate.admit("k2"):
        refused = refusal(gate, "k3")
        assert isinstance(refused, CypherBusy) and "its limit" in str(refused)


def test_a_key_may_send_a_burst_then_one_query_per_token():
    from api.limits import TooManyCypherQueries

    clock = Clock()
    gate = limits(clock, per_minute=30, burst=3)  # a token every 2 s
    for _ in range(3):
        with gate.admit("k"):
            pass
    refused = refusal(gate)
    assert isinstance(refused, TooManyCypherQueries) and "more than 30 Cypher queries a minute" in str(refused)
    assert refused.retry_after == 2
    clock.now += 2
    with gate.admit("k"):
        pass
    assert isinstance(refusal(gate), TooManyCypherQueries)


def test_a_key_may_use_only_so_many_seconds_of_query_time_a_minute():
    from api.limits import TooManyCypherQueries

    clock = Clock()
    gate = limits(clock, per_minute=1000, burst=1000, seconds_per_minute=12.0)  # 0.2 s of query time a second
    for _ in range(2):
        with gate.admit("k"):
            clock.now += 7  # a query that ran for 7 s
    refused = refusal(gate)
    assert isinstance(refused, TooManyCypherQueries) and "used its 12 s of Cypher query time a minute" in str(refused)
    # 14 s used, 12 s in the bucket, 2.8 s refilled while they ran: 0.8 s short, back after 4 s
    assert refused.retry_after == 4
    clock.now += 4
    with gate.admit("k"):
        pass


def test_over_the_limit_is_429_problem_json_with_retry_after(settings):
    """Neo4j configured but down: the first query is admitted (and fails with 503), the second is not."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from tests.servers import free_port

    changes = {"neo4j_uri": f"bolt://127.0.0.1:{free_port()}", "neo4j_check_timeout": 0.5,
               "cypher_burst": 1, "cypher_requests_per_minute": 6, "max_body_bytes": 64 * 1024}
    with TestClient(create_app(settings.model_copy(update=changes))) as client:
        auth = {"Authorization": f"Bearer {API_KEY}"}
        assert client.post("/v1/cypher", json=QUERY, headers=auth).status_code == 503
        response = client.post("/v1/cypher", json=QUERY, headers=auth)
    body = response.json()
    assert response.status_code == 429 and response.headers["content-type"] == "application/problem+json"
    assert response.headers["Retry-After"] == "10" and body["retry_after"] == 10
    assert body["type"].endswith("too-many-queries") and "6 Cypher queries a minute" in body["detail"]


def test_the_api_default_timeout_is_at_most_ten_seconds():
    from api.settings import Settings

    assert Settings.model_fields["cypher_timeout"].default <= 10
