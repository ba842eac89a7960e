"""The answer to one Cypher query, as JSON-safe data: one model for the CLI and the API.

``mlpath cypher --json`` prints it and ``POST /v1/cypher`` answers it, in
the same shape::

    {"columns": ["id", "name"], "rows": [["python", "Python"]], "truncated": false}

Rows are arrays in column order (compact, and a column may repeat a name a
dict could not hold); :meth:`CypherResult.records` gives dicts for code that
prefers them.  Values are plain JSON: nodes become ``{"labels",
"properties"}``, relationships ``{"type", "properties"}``, paths a list
alternating both, temporal values ISO strings, NaN and infinities strings,
bytes base64; labels and keys are sorted, so the same data gives the same
bytes.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from typing import Any

from pydantic import Field

from graph.models import FrozenModel

__all__ = ["CypherResult", "json_safe", "json_size_exceeds"]


class CypherResult(FrozenModel):
    """Columns, JSON-safe rows, and whether rows were left out at the limit."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...] = Field(description="One array per row, values in column order.")
    truncated: bool = Field(default=False, description="True when more rows existed than the row limit.")

    def records(self) -> list[dict[str, Any]]:
        """The rows as ``{column: value}`` dicts."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def json_safe(value: Any) -> Any:
    """A driver value as plain JSON data (deterministic: labels and keys sorted)."""
    from neo4j.graph import Node, Path, Relationship
    from neo4j.spatial import Point

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": _properties(value)}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": _properties(value)}
    if isinstance(value, Path):  # node, relationship, node, ..., in walking order
        items: list[Any] = [json_safe(value.nodes[0])]
        for relationship, node in zip(value.relationships, value.nodes[1:]):
            items += [json_safe(relationship), json_safe(node)]
        return items
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime, Duration
        return value.iso_format()
    return str(value)


def _properties(entity: Any) -> dict[str, Any]:
    return {key: json_safe(entity[key]) for key in sorted(entity.keys())}


def json_size_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` as JSON would take more than ``limit`` bytes, decided without building it.

    It adds up a lower bound (brackets, commas, quotes, one byte per value)
    and stops as soon as that passes ``limit``, so a row of eight
    million-element lists is judged from the lengths of the first few,
    where converting it first (:func:`json_safe`, then ``json.dumps``) took
    eleven seconds of the caller's CPU.  Each value's first byte is counted
    by its container; numbers and nulls add nothing more.
    """
    from neo4j.graph import Node, Path, Relationship

    total, pending = 0, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item) + 1
        elif isinstance(item, (bytes, bytearray)):
            total += 4 * len(item) // 3 + 1
        elif isinstance(item, (list, tuple)):
            total += 1 + 2 * len(item)  # brackets, and each member's first byte with its comma
            if total > limit:
                return True
            pending.extend(member for member in item if not isinstance(member, _ATOMS))
        elif isinstance(item, Path):
            pending.extend([*item.nodes, *item.relationships])
        elif isinstance(item, (Node, Relationship)):
            pending.append(dict(item.items()))
        elif isinstance(item, Mapping):
            total += 1 + sum(len(str(key)) + 4 for key in item)  # braces, quoted keys, colons, commas
            pending.extend(item.values())
        if total > limit:
            return True
    return False


#: Values whose JSON is a few bytes at most: a container's count covers them.
_ATOMS = (bool, int, float, type(None))
