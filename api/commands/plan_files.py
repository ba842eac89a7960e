"""The plan as files from the command line: ``--ics FILE`` (a calendar) and ``--checklist FILE``.

``mlpath plan`` (and ``mlpath learner plan``) write them for the saved
profile, ``mlpath learner checklist --out FILE`` writes the checklist alone,
and ``mlpath recommend ... --ics FILE`` does it for a plan without a
profile.  A saved learner's files are ``viz.learner_files``'s, the same bytes
the API serves.  Only argparse is imported here.
"""

from __future__ import annotations

import argparse
from typing import TextIO

__all__ = ["add_calendar_options", "add_plan_file_options", "run_checklist", "write_plan_files"]

WORKDAYS = "mon,tue,wed,thu,fri"
#: ``viz.calendar.CALENDAR_WEEKS``, written out so that ``mlpath --help`` imports argparse only (a test keeps them equal).
CALENDAR_WEEKS = 104


def add_calendar_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", metavar="YYYY-MM-DD", type=_date, default=None, help="first day of week 1 (default: today)")
    parser.add_argument("--days", metavar="DAYS", default=WORKDAYS, help=f"study weekdays, comma-separated (default {WORKDAYS})")
    parser.add_argument("--at", metavar="HH:MM", type=_time, default="18:00", help="when each session starts (default 18:00)")
    parser.add_argument("--weeks", metavar="N|all", type=_weeks, default=CALENDAR_WEEKS,
                        help=f"the calendar's first N weeks (default {CALENDAR_WEEKS}, two years) or all of the plan")


def add_plan_file_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ics", metavar="FILE", help="also write the plan as weekly study sessions, an iCalendar (.ics) file")
    parser.add_argument("--checklist", metavar="FILE", help="also write the plan as a printable HTML checklist")
    add_calendar_options(parser)


def write_plan_files(args: argparse.Namespace, graph, plan, err: TextIO, learner=None) -> None:
    """Write the files ``--ics`` and ``--checklist`` ask for; say so on ``err`` (stdout stays the plan)."""
    if getattr(args, "ics", None):
        _write(args.ics, _calendar(args, graph, plan, learner))
        print(f"wrote {args.ics}: {_calendar_extent(args, plan)} at {plan.hours_per_week:g} h a week "
              f"on {args.days}, from {_first_day(args)}", file=err)
    if getattr(args, "checklist", None):
        _write(args.checklist, _checklist(graph, plan, learner))
        print(f"wrote {args.checklist}: a checklist of {len(plan.steps)} steps", file=err)


def run_checklist(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mlpath learner checklist --out FILE``: the saved profile's plan as a checklist."""
    from api.commands.learners import saved_profile_plan

    graph, learner, plan = saved_profile_plan(args)
    _write(args.out, _checklist(graph, plan, learner))
    done = sum(1 for m in learner.marks if m.status.value == "done")
    print(f"wrote {args.out}: {len(plan.steps)} steps to go, {done} done", file=out)
    return 0


def _calendar(args, graph, plan, learner) -> str:
    if learner is not None:
        from viz.learner_files import learner_calendar

        return learner_calendar(graph, plan, learner, start=_first_day(args), days=args.days, start_time=args.at,
                                weeks=args.weeks)
    from viz.calendar import plan_calendar
    from viz.learner_files import plan_title

    return plan_calendar(plan, start=_first_day(args), days=args.days, start_time=args.at, name=plan_title(graph, plan),
                         weeks=args.weeks)


def _calendar_extent(args, plan) -> str:
    """"all 120 h of study" or "the first 104 of the plan's 702 weeks (...)": what the written calendar holds."""
    from viz.calendar import plan_weeks

    whole = plan_weeks(plan)
    if args.weeks is None or args.weeks >= whole:
        return f"all {plan.total_hours:g} h of study"
    return f"the first {args.weeks} of the plan's {whole} weeks (--weeks all for the whole {plan.total_hours:g} h)"


def _checklist(graph, plan, learner) -> str:
    if learner is not None:
        from viz.learner_files import learner_checklist

        return learner_checklist(graph, plan, learner)
    from viz.checklist import checklist_page
    from viz.learner_files import plan_title

    return checklist_page(graph, plan, title=plan_title(graph, plan))


def _first_day(args):
    from datetime import date

    return args.start or date.today()


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:  # the calendar's CRLF line ends stay as they are
        out.write(text)


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2027-01-04: {text!r}") from None


def _weeks(text: str) -> int | None:
    """A positive number of weeks, or ``all`` (None: the whole plan)."""
    if text.strip().casefold() == "all":
        return None
    try:
        weeks = int(text)
    except ValueError:
        weeks = 0
    if weeks < 1:
        raise argparse.ArgumentTypeError(f"not a number of weeks (1 or more) or 'all': {text!r}")
    return weeks


def _time(text: str):
    from datetime import time

    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time like 18:00: {text!r}") from None
