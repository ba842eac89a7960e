"""Cutting an ordered plan into weeks of ``hours_per_week``.

Steps are laid end to end and may run across week boundaries, so the plan
takes exactly ``ceil(total / hours_per_week)`` weeks, the least possible.
Arithmetic is exact: efforts are integer hundredths of an hour and the
weekly budget is the decimal the learner wrote (``Fraction(repr(h))``), so
10 h at 0.1 h a week is 100 weeks, not 101.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from recommender.index import CENTS

__all__ = ["weeks_of", "total_weeks"]


def _budget(hours_per_week: float) -> Fraction:
    return Fraction(repr(float(hours_per_week))) * CENTS


def weeks_of(cents: Sequence[int], hours_per_week: float) -> list[tuple[int, int]]:
    """``(start_week, end_week)`` per step, 1-based and inclusive.

    A step starting exactly on a boundary starts in the next week; a 0-hour
    step (a milestone) falls in the week its predecessor ended, since it is
    reached the moment that one is done.
    """
    budget = _budget(hours_per_week)
    p, q = budget.numerator, budget.denominator  # a week is p/q cents: week(t) uses t*q/p
    spans = []
    append = spans.append
    start = 0
    for effort in cents:
        end = start + effort
        last = -((-end * q) // p) or 1  # ceil(end / budget), at least week 1
        if effort:
            append(((start * q) // p + 1, last))
        else:
            append((last, last))
        start = end
    return spans


def total_weeks(total_cents: int, hours_per_week: float, *, steps: int) -> int:
    """``ceil(total / hours_per_week)``; a plan of only 0-hour steps still takes one week."""
    if not steps:
        return 0
    return max(1, math.ceil(total_cents / _budget(hours_per_week)))
