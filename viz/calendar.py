"""A plan as an iCalendar file (RFC 5545): weekly study blocks at the learner's pace.

The plan's hours are laid end to end in plan order, as in the schedule
figure, and poured into study sessions: every week of the plan offers
``hours_per_week`` hours, split evenly over the chosen weekdays, each
session starting at the chosen time.  A session lasts at least
:data:`MIN_SESSION_MINUTES`: at a slow pace the week's hours go to fewer of
the chosen days (spread over them) rather than into minutes a day, so the
number of events is bounded by the plan's hours (two per hour at most), not
by how slow the pace is.  ``weeks``, when given, ends the calendar after
that many weeks, and the calendar's description says how much of the plan
is left after them.  A session's summary names the steps
it works on; its description says how many hours of each, and which of
them the learner marked as being learned (``Plan.in_progress``).

Times are *floating* (no time zone): "18:00 on Tuesday" wherever the
learner is, which is what a study habit means.  The output is
deterministic: ``DTSTAMP`` is the first study day at midnight UTC unless a
stamp is given, and ``UID`` values derive from ``uid_seed``, the week and
the session, so importing a re-planned calendar again updates the same
events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from graph.errors import InvalidRequestError
from recommender.models import Plan, PlanStep

__all__ = ["StudyBlock", "plan_calendar", "plan_weeks", "study_blocks", "CALENDAR_WEEKS", "MIN_SESSION_MINUTES", "WEEKDAYS"]

#: Weekday names accepted by :func:`plan_calendar`, Monday first (``date.weekday()`` order).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Sessions end by 23:00 and start no earlier than 06:00: a 17-hour day at most.
_LATEST_END = 23 * 60
_EARLIEST_START = 6 * 60
_PRODID = "-//mlpath//learning plan//EN"
#: How many weeks a calendar holds unless asked for more (the page, the API and the CLI alike):
#: the next two years of sessions are what a calendar is looked at for, where the whole of a long
#: plan at a slow pace would be decades of events.  The file's description says what remains, and
#: downloading it again later brings the next weeks (the same event ids are updated).
CALENDAR_WEEKS = 104
#: No session is shorter (unless the plan itself has fewer minutes left): a 6-minute session is no study habit.
MIN_SESSION_MINUTES = 30


@dataclass(frozen=True)
class StudyBlock:
    """One study session: when, and which steps it works on (with hours of each)."""

    week: int  # 1-based week of the plan
    index: int  # 1-based session of that week
    start: datetime  # floating local time
    minutes: int
    work: tuple[tuple[PlanStep, int], ...]  # (step, minutes of it in this session)


def study_blocks(plan: Plan, *, start: date, days: Iterable[str] = WEEKDAYS[:5], start_time: time = time(18, 0),
                 weeks: int | None = None) -> list[StudyBlock]:
    """The plan poured into weekly sessions, for the first ``weeks`` weeks (all by default); see the module docstring.

    Raises :class:`~graph.errors.InvalidRequestError` naming the argument for
    an unknown weekday, no weekday, sessions that would not fit in a day, or
    ``weeks`` below 1.
    """
    weekdays = _weekdays(days)
    if weeks is not None and weeks < 1:
        raise InvalidRequestError(f"`weeks` must be at least 1, not {weeks}")
    week_minutes = round(plan.hours_per_week * 60)
    sessions = max(1, min(len(weekdays), week_minutes // MIN_SESSION_MINUTES))
    base, extra = divmod(week_minutes, sessions)
    lengths = [base + (1 if i < extra else 0) for i in range(sessions)]
    if max(lengths) > _LATEST_END - _EARLIEST_START:
        raise InvalidRequestError(
            f"`days`: {plan.hours_per_week:g} h a week over {len(weekdays)} day(s) is more than 17 h a day; choose more days")
    timeline = _timeline(plan)
    total_minutes = round(sum(step.hours for step in plan.steps) * 60)
    blocks: list[StudyBlock] = []
    clock = 0  # minutes of the plan done before the current session
    week = 0
    while clock < total_minutes and (weeks is None or week < weeks):
        first_day = start + timedelta(days=7 * week)
        dates = sorted(first_day + timedelta(days=offset) for offset in range(7)
                       if (first_day + timedelta(days=offset)).weekday() in weekdays)
        spread = [dates[i * len(dates) // sessions] for i in range(sessions)]
        for index, (day, minutes) in enumerate(zip(spread, lengths), start=1):
            if clock >= total_minutes:
                break
            minutes = min(minutes, total_minutes - clock)
            begin = _session_start(start_time, minutes)
            work = _work_between(timeline, clock, clock + minutes)
            blocks.append(StudyBlock(week + 1, index, datetime.combine(day, begin), minutes, work))
            clock += minutes
        week += 1
    return blocks


def plan_weeks(plan: Plan) -> int:
    """How many weeks the whole plan takes at its hours per week (the last one maybe partly)."""
    return math.ceil(round(sum(step.hours for step in plan.steps) * 60) / round(plan.hours_per_week * 60))


def plan_calendar(plan: Plan, *, start: date, days: Iterable[str] = WEEKDAYS[:5], start_time: time = time(18, 0),
                  name: str = "mlpath learning plan", uid_seed: str | None = None, stamp: datetime | None = None,
                  weeks: int | None = None) -> str:
    """The plan as an RFC 5545 ``VCALENDAR`` text (CRLF line ends, folded lines), the first ``weeks`` weeks of it."""
    blocks = study_blocks(plan, start=start, days=days, start_time=start_time, weeks=weeks)
    seed = uid_seed if uid_seed is not None else ",".join(plan.targets)
    prefix = hashlib.sha256(seed.encode()).hexdigest()[:16]
    dtstamp = (stamp or datetime.combine(start, time(0), tzinfo=timezone.utc)).astimezone(timezone.utc)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(name)}",
        f"X-WR-CALDESC:{_text(_extent(plan, blocks))}",
    ]
    for block in blocks:
        end = block.start + timedelta(minutes=block.minutes)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{prefix}-w{block.week}-s{block.index}@mlpath",
            f"DTSTAMP:{dtstamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{block.start:%Y%m%dT%H%M%S}",
            f"DTEND:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:{_text(_summary(block))}",
            f"DESCRIPTION:{_text(_description(block, plan))}",
            "CATEGORIES:STUDY",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _extent(plan: Plan, blocks: list[StudyBlock]) -> str:
    """What the calendar holds: the whole plan, or which weeks of it and what is left after them."""
    total = round(sum(step.hours for step in plan.steps) * 60)
    held = sum(block.minutes for block in blocks)
    whole = plan_weeks(plan) if total else 0
    if held >= total:
        return f"The whole plan: {_hours(total)} in {whole} week(s) at {plan.hours_per_week:g} h a week."
    shown = blocks[-1].week if blocks else 0
    left = _timeline(plan)
    after = [step for step, _, stop in left if stop > held]
    return (f"Weeks 1 to {shown} of the plan's {whole}: {_hours(held)} of {_hours(total)}. "
            f"{_hours(total - held)} remain after them, from step {after[0].position}. {after[0].name}; "
            "download the calendar again as you progress.")


def _weekdays(days: Iterable[str]) -> set[int]:
    if isinstance(days, str):
        days = [d for d in days.replace(",", " ").split()]
    chosen = set()
    for day in days:
        key = str(day).strip().casefold()[:3]
        if key not in WEEKDAYS:
            raise InvalidRequestError(f"`days`: {day!r} is not a weekday (use {', '.join(WEEKDAYS)})")
        chosen.add(WEEKDAYS.index(key))
    if not chosen:
        raise InvalidRequestError("`days` must name at least one weekday")
    return chosen


def _session_start(wanted: time, minutes: int) -> time:
    """``wanted``, moved earlier when the session would otherwise end after 23:00."""
    begin = wanted.hour * 60 + wanted.minute
    begin = max(_EARLIEST_START, min(begin, _LATEST_END - minutes)) if begin + minutes > _LATEST_END else begin
    return time(begin // 60, begin % 60)


def _timeline(plan: Plan) -> list[tuple[PlanStep, int, int]]:
    """``(step, first minute, end minute)`` for each step with hours, in plan order."""
    spans = []
    clock = 0.0
    for step in sorted(plan.steps, key=lambda s: s.position):
        if step.hours > 0:
            spans.append((step, round(clock * 60), round((clock + step.hours) * 60)))
        clock += step.hours
    return spans


def _work_between(timeline: list[tuple[PlanStep, int, int]], begin: int, end: int) -> tuple[tuple[PlanStep, int], ...]:
    return tuple(
        (step, min(end, stop) - max(begin, first))
        for step, first, stop in timeline
        if first < end and stop > begin
    )


def _summary(block: StudyBlock) -> str:
    names = [step.name for step, _ in block.work]
    head = f"Study: {names[0]}" if names else "Study"
    return head + (f" (+{len(names) - 1} more)" if len(names) > 1 else "")


def _description(block: StudyBlock, plan: Plan) -> str:
    lines = [f"Week {block.week}, session {block.index}: {_hours(block.minutes)} of your {plan.hours_per_week:g} h a week."]
    started = set(plan.in_progress)
    for step, spent in block.work:
        note = " (in progress)" if step.id in started else ""
        lines.append(f"Step {step.position}. {step.name}{note}: {_hours(spent)} of {step.hours:g} h")
    return "\n".join(lines)


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line to at most 75 octets per line, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    pieces = []
    limit = 75
    while encoded:
        cut = min(limit, len(encoded))
        while cut < len(encoded) and (encoded[cut] & 0xC0) == 0x80:  # a continuation byte: step back
            cut -= 1
        pieces.append(encoded[:cut].decode())
        encoded = encoded[cut:]
        limit = 74  # continuation lines start with one space
    return "\r\n ".join(pieces)
