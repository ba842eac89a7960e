"""Read-only Cypher for curriculum designers, behind an API key.

Safety lives in ``graph.neo4j.guard`` (EXPLAIN must say read-only, dangerous
clauses and procedures are refused, the cost of a query is bounded, a
transaction timeout, a deadline and row and size limits apply); this route
adds authentication and each key's limits (``api.limits``) and maps errors
to HTTP.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ApiKeyDep, CypherLimitsDep, DriverDep, SettingsDep
from api.errors import problem_responses
from api.schemas import CypherRequest
from graph.neo4j.guard import run_read_only
from graph.neo4j.result import CypherResult

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["cypher"])


@router.post("/cypher", response_model=CypherResult, summary="Run one read-only Cypher query",
             responses=problem_responses(401, 403, 413, 422, 429, 503))
def run_cypher(body: CypherRequest, key: ApiKeyDep, driver: DriverDep, settings: SettingsDep,
               limits: CypherLimitsDep) -> CypherResult:
    """The key is checked before anything else, so strangers learn nothing
    about the server's Neo4j; without Neo4j the answer is 503.  A key over
    its limits gets 429 with ``Retry-After`` (503 when all keys together are
    at theirs).  A refused query is 403; one Neo4j rejects (syntax), that is
    too costly or that runs too long is 422."""
    with limits.admit(key):
        return run_read_only(driver, body.query, body.parameters, timeout=settings.cypher_timeout,
                             row_limit=settings.cypher_row_limit, byte_limit=settings.cypher_max_bytes,
                             database=settings.neo4j_database)
