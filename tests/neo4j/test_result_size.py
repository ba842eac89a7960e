"""The answer-size bound the guard checks before converting a row (graph/neo4j/result.py); no server needed.

``json_size_exceeds`` must never refuse a row that fits (it is a lower bound
on the JSON the row becomes), and must judge a huge row from its first
containers rather than by walking it all.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.neo4j.result import json_safe, json_size_exceeds

_scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(max_size=30) | st.binary(max_size=30)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=6)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=40)


def _json_size(value) -> int:
    return len(json.dumps(json_safe(value), ensure_ascii=False, separators=(",", ":")))


@settings(deadline=None)  # the first example imports the driver
@given(_values, st.integers(0, 400))
def test_it_never_refuses_a_row_that_fits(value, limit):
    if json_size_exceeds(value, limit):
        assert _json_size(value) > limit


@settings(deadline=None)
@given(_values)
def test_it_is_a_tight_enough_bound_to_refuse_what_is_far_too_large(value):
    """Anything whose JSON is over eight times the limit is refused.

    The bound counts a number, a boolean or a null as one byte and an escaped
    character (``\\u0000`` is six) as one; long numbers are its only open-ended slack.
    """
    size = _json_size(value)
    limit = size // 8 - 1
    if limit > 0 and not _has_long_numbers(value):
        assert json_size_exceeds(value, limit)


def _has_long_numbers(value) -> bool:
    """Numbers are counted as one byte each; a row of long numbers is the bound's known slack."""
    if isinstance(value, (list, tuple)):
        return any(_has_long_numbers(member) for member in value)
    if isinstance(value, dict):
        return any(_has_long_numbers(member) for member in value.values())
    return isinstance(value, (int, float)) and not isinstance(value, bool) and len(json.dumps(value)) > 2


def test_a_row_of_huge_lists_is_judged_from_their_lengths():
    class Counting(list):
        """A list that counts how often its members are read one by one."""
        reads = 0

        def __iter__(self):
            Counting.reads += 1
            return super().__iter__()

    row = [Counting(range(1_000_000)) for _ in range(8)]
    assert json_size_exceeds(row, 4 * 1024 * 1024)
    assert Counting.reads <= 2, "the bound walked members it did not need"
