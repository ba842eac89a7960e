"""The plan as an iCalendar file: valid RFC 5545, checked by a parser library, and faithful to the plan."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

import icalendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidRequestError
from viz.calendar import MIN_SESSION_MINUTES, WEEKDAYS, plan_calendar, plan_weeks, study_blocks

START = date(2027, 1, 4)  # a Monday


def events(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    assert not calendar.errors and all(not c.errors for c in calendar.walk())
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def minutes(event) -> int:
    return round((event.decoded("DTEND") - event.decoded("DTSTART")).total_seconds() / 60)


def test_the_calendar_is_rfc_5545_with_every_required_property(toy_plan):
    text = plan_calendar(toy_plan, start=START)
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and str(calendar["PRODID"]).startswith("-//mlpath//")
    found = events(text)
    assert found, "a plan with hours gives sessions"
    for event in found:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, required
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    assert len({str(e["UID"]) for e in found}) == len(found)
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in lines)


@settings(max_examples=60, deadline=None)
@given(per_week=st.sampled_from([0.5, 1, 2.5, 7, 10, 12.25, 40, 80]),
       days=st.sets(st.sampled_from(WEEKDAYS), min_size=1),
       start=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
       clock=st.sampled_from([time(6, 30), time(18, 0), time(21, 45)]))
def test_sessions_hold_exactly_the_plan_at_the_weekly_pace(toy_graph, toy_steps, plan_maker, per_week, days, start, clock):
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=per_week)
    if per_week * 60 / len(days) > 17 * 60:
        with pytest.raises(InvalidRequestError):
            plan_calendar(plan, start=start, days=days, start_time=clock)
        return
    found = events(plan_calendar(plan, start=start, days=days, start_time=clock))
    assert sum(map(minutes, found)) == round(plan.total_hours * 60)
    per_week_minutes = defaultdict(int)
    for event in found:
        begin, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert WEEKDAYS[begin.weekday()] in days
        assert begin.date() == end.date() and begin.time() >= time(6) and end.time() <= time(23)
        assert begin.time() == clock or end.time() == time(23) or begin.time() == time(6)
        per_week_minutes[(begin.date() - start).days // 7] += minutes(event)
    weeks = sorted(per_week_minutes)
    assert weeks == list(range(len(weeks))), "no empty week in the middle"
    assert all(per_week_minutes[w] == round(per_week * 60) for w in weeks[:-1])
    assert per_week_minutes[weeks[-1]] <= round(per_week * 60)


def test_each_step_gets_its_hours_across_sessions_in_plan_order(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=7)
    blocks = study_blocks(plan, start=START, days=("mon", "wed", "sat"))
    got = defaultdict(float)
    order = []
    for block in blocks:
        assert sum(spent for _, spent in block.work) == block.minutes
        for step, spent in block.work:
            got[step.id] += spent
            if not order or order[-1] != step.position:
                order.append(step.position)
    assert order == sorted(order)
    assert got == {s.id: round(s.hours * 60) for s in plan.steps if s.hours > 0}
    assert [b.start for b in blocks] == sorted(b.start for b in blocks)


def test_names_with_ical_special_characters_round_trip(toy_graph, plan_maker):
    plan = plan_maker(toy_graph, ("numpy", "pandas"))
    tricky = plan.steps[0].__class__(**{**{f: getattr(plan.steps[0], f) for f in plan.steps[0].__dataclass_fields__},
                                        "name": "NumPy; arrays, broadcasting \\ «vectorised» maths"})
    plan = plan.model_copy(update={"steps": (tricky, plan.steps[1])})
    summaries = [str(e["SUMMARY"]) for e in events(plan_calendar(plan, start=START))]
    assert summaries[0] == "Study: NumPy; arrays, broadcasting \\ «vectorised» maths"


def test_same_input_same_bytes_and_stable_uids_across_replans(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps)
    assert plan_calendar(plan, start=START, uid_seed="learner-1") == plan_calendar(plan, start=START, uid_seed="learner-1")
    shorter = plan_maker(toy_graph, toy_steps[2:])
    first = [str(e["UID"]) for e in events(plan_calendar(plan, start=START, uid_seed="learner-1"))]
    again = [str(e["UID"]) for e in events(plan_calendar(shorter, start=START, uid_seed="learner-1"))]
    assert again == first[:len(again)], "a re-planned calendar updates the same events"
    assert {str(e.decoded("DTSTAMP")) for e in events(plan_calendar(plan, start=START))} == {"2027-01-04 00:00:00+00:00"}
    stamped = plan_calendar(plan, start=START, stamp=datetime(2027, 1, 1, 12, 0, tzinfo=timezone.utc))
    assert {e.decoded("DTSTAMP") for e in events(stamped)} == {datetime(2027, 1, 1, 12, 0, tzinfo=timezone.utc)}


@pytest.mark.parametrize("days, words", [((), "at least one weekday"), (("mon", "someday"), "'someday'")])
def test_bad_days_are_named(toy_plan, days, words):
    with pytest.raises(InvalidRequestError) as info:
        plan_calendar(toy_plan, start=START, days=days)
    assert words in str(info.value) and "`days`" in str(info.value)


def test_a_late_start_moves_earlier_rather_than_past_midnight(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=20)
    found = events(plan_calendar(plan, start=START, days=("sat", "sun"), start_time=time(22, 0)))
    assert all(e.decoded("DTEND").time() == time(23) for e in found if minutes(e) == 600)
    assert all(e.decoded("DTSTART") + timedelta(minutes=minutes(e)) == e.decoded("DTEND") for e in found)


# -- the bound: sessions of at least half an hour, and an optional horizon --------------


@settings(max_examples=60, deadline=None)
@given(per_week=st.sampled_from([0.5, 0.75, 1, 1.5, 2.5, 7, 40]),
       days=st.sets(st.sampled_from(WEEKDAYS), min_size=1))
def test_a_slow_pace_gives_fewer_longer_sessions_not_tiny_ones(toy_graph, toy_steps, plan_maker, per_week, days):
    assume(per_week * 60 / len(days) <= 17 * 60)  # more is refused (test_sessions_hold_exactly_...)
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=per_week)
    found = sorted(events(plan_calendar(plan, start=START, days=days)), key=lambda e: e.decoded("DTSTART"))
    assert all(minutes(e) >= MIN_SESSION_MINUTES for e in found[:-1]), "only the plan's very last session may be shorter"
    assert len(found) <= 2 * plan.total_hours + 1, "at most one event per half hour of the plan, whatever the pace"
    used = {e.decoded("DTSTART").weekday() for e in found}
    assert {WEEKDAYS[d] for d in used} <= set(days)
    assert len(used) == min(len(days), max(1, round(per_week * 60) // MIN_SESSION_MINUTES))


def test_half_an_hour_a_week_is_one_weekly_session(toy_graph, toy_steps, plan_maker):
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=0.5)
    found = events(plan_calendar(plan, start=START))
    weeks = [(e.decoded("DTSTART").date() - START).days // 7 for e in found]
    assert weeks == list(range(len(found))) and len(found) == plan.total_hours * 2
    assert {e.decoded("DTSTART").weekday() for e in found} == {0}, "the first chosen day (Monday)"


@pytest.mark.parametrize("weeks", [1, 3, 52])
def test_a_horizon_keeps_the_first_weeks_and_says_what_is_left(toy_graph, toy_steps, plan_maker, weeks):
    plan = plan_maker(toy_graph, toy_steps, hours_per_week=2)
    whole = plan_weeks(plan)
    assert whole == -(-round(plan.total_hours * 60) // 120) and whole > 52
    text = plan_calendar(plan, start=START, weeks=weeks)
    found = events(text)
    assert max((e.decoded("DTSTART").date() - START).days // 7 for e in found) == weeks - 1
    held = sum(map(minutes, found))
    assert held == weeks * 120
    assert [str(e["UID"]) for e in found] == [str(e["UID"]) for e in events(plan_calendar(plan, start=START))][:len(found)]
    description = str(icalendar.Calendar.from_ical(text)["X-WR-CALDESC"])
    left = round(plan.total_hours * 60) - held
    assert f"Weeks 1 to {weeks} of the plan's {whole}" in description
    assert f"{left // 60} h" in description and "download the calendar again" in description
    step = next(s for s, first, stop in _spans(plan) if stop > held)
    assert f"from step {step.position}. {step.name}" in description


def test_without_a_horizon_the_description_says_the_whole_plan(toy_plan):
    text = plan_calendar(toy_plan, start=START)
    assert str(icalendar.Calendar.from_ical(text)["X-WR-CALDESC"]).startswith("The whole plan:")
    with pytest.raises(InvalidRequestError, match="`weeks`"):
        plan_calendar(toy_plan, start=START, weeks=0)


def _spans(plan):
    """(step, first minute, end minute) of each step with hours, counted here from the plan itself."""
    clock, spans = 0, []
    for step in sorted(plan.steps, key=lambda s: s.position):
        if step.hours:
            spans.append((step, clock, clock + round(step.hours * 60)))
            clock += round(step.hours * 60)
    return spans
