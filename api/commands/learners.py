"""Commands on the saved learner: ``mlpath learner new|show|set|list|token|export|import|delete``,
``mlpath know|done|learning|skip|unmark ID...`` and ``mlpath plan`` (also ``mlpath learner plan``,
with ``--ics``/``--checklist``); ``learner checklist`` and ``learner import-text`` live in
``api/commands/plan_files.py`` and ``api/commands/learner_text.py``.

They act on the profile named ``default`` unless ``--learner`` (or
``MLPATH_LEARNER``) names another or gives a learner id.  The store is the
one the API would use (``MLPATH_LEARNER_STORE``, ``NEO4J_URI``): with no
server configured, the embedded file in the data directory.  Marking a node
on a fresh machine creates the profile, so ``mlpath know python numpy``
needs no setup; ``mlpath learner new --target ...`` then gives that profile
its targets.  The command line is trusted like the store's own files: it
needs no token (``mlpath learner token`` issues one for the HTTP API).

Only argparse is imported here; the store, the curriculum and the planner
load inside the command that runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from api.commands.learner_text import add_import_text_parser
from api.commands.plan_files import add_plan_file_options
from api.commands._common import ITEMS_HELP, add_graph_option, add_json_option, load_graph_for, split_items, validated, write_json

__all__ = ["register", "opened_profile", "profile_name", "saved_profile_plan"]

LEVELS = ("beginner", "intermediate", "advanced")
#: Matches this sure are stored without asking: the matcher's confidence is
#: calibrated so that of matches at 0.8 or more about 95 % are right.
CONFIDENT = 0.8
#: command -> (the status it records, help); ``unmark`` removes marks.
MARK_COMMANDS = {
    "know": ("known", "mark nodes you already know (optionally --level)"),
    "done": ("done", "mark nodes you have finished"),
    "learning": ("learning", "mark nodes you are learning now"),
    "skip": ("skipped", "mark nodes you would rather not learn: the plan goes round them where it can"),
    "unmark": (None, "remove your marks on nodes"),
}


def add_learner_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--learner", metavar="NAME", default=None,
                        help="profile name or learner id (default: $MLPATH_LEARNER or 'default')")


def _options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    add_learner_option(parser)
    add_graph_option(parser)
    add_json_option(parser)
    return parser


def _goal_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", action="append", metavar="GOALS", help=f"roles, certifications or skills to reach ({ITEMS_HELP})")
    parser.add_argument("--hours-per-week", type=float, default=None, metavar="H", help="weekly study time, 0.5 to 80 (default 10)")
    parser.add_argument("--prefer", action="append", metavar="ITEMS", help="nodes or kinds to favour among alternatives")
    parser.add_argument("--avoid", action="append", metavar="ITEMS", help="nodes or kinds to use only if nothing else works")


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("learner", help="your saved profile: targets, pace and what you know")
    commands = group.add_subparsers(dest="learner_command", metavar="COMMAND")

    p = _options(commands.add_parser("new", help="create the profile (or give targets to one that has only marks)"))
    _goal_options(p)
    p.add_argument("--known", action="append", metavar="SKILLS", help=f"what you already know ({ITEMS_HELP})")
    p.set_defaults(run="api.commands.learners:run_new")

    p = _options(commands.add_parser("show", help="the profile, its marks, and ids the curriculum no longer has"))
    p.set_defaults(run="api.commands.learners:run_show")

    p = _options(commands.add_parser("set", help="change targets, weekly hours or preferences"))
    _goal_options(p)
    p.set_defaults(run="api.commands.learners:run_set")

    p = _options(commands.add_parser("list", help="the profile names on this machine"))
    p.set_defaults(run="api.commands.learners:run_list")

    p = _options(commands.add_parser("token", help="issue a new token for the HTTP API (the old one stops working)"))
    p.set_defaults(run="api.commands.learners:run_token")

    p = _options(commands.add_parser("export", help="the whole profile as one JSON document"))
    p.add_argument("--out", metavar="FILE", help="write it here instead of to stdout")
    p.set_defaults(run="api.commands.learners:run_export")

    p = _options(commands.add_parser("import", help="a profile from an exported JSON document ('-' for stdin)"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run="api.commands.learners:run_import")

    p = _options(commands.add_parser("delete", help="erase the profile and everything in it"))
    p.set_defaults(run="api.commands.learners:run_delete")

    for name, (status, text) in MARK_COMMANDS.items():
        p = _options(subparsers.add_parser(name, help=text))
        p.add_argument("items", nargs="+", metavar="ID", help="node ids, names or aliases (several, or comma-separated)")
        if status is not None:
            p.add_argument("--level", choices=LEVELS, help="how well you know them")
        p.set_defaults(run="api.commands.learners:run_mark", status=status)

    for where in (subparsers, commands):
        p = _options(where.add_parser("plan", help="your plan from the saved profile; ticking a step keeps the rest in order"))
        _plan_options(p)
        add_plan_file_options(p)
        p.set_defaults(run="api.commands.learners:run_plan")

    p = _options(commands.add_parser("checklist", help="your plan as a printable HTML checklist, done steps ticked"))
    _plan_options(p)
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    p.set_defaults(run="api.commands.plan_files:run_checklist")

    add_import_text_parser(_options(commands.add_parser(
        "import-text", help="proposals from a pasted CV (known skills) or job posting (targets); applied only with --apply")))


def _plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="S", help="seconds the exact solver may spend (default 10)")


# --- the store and the profile ------------------------------------------------

def profile_name(args: argparse.Namespace) -> str:
    from api.profiles import DEFAULT_PROFILE

    return getattr(args, "learner", None) or os.environ.get("MLPATH_LEARNER", "").strip() or DEFAULT_PROFILE


@contextlib.contextmanager
def opened_store() -> Iterator[tuple]:
    """The learner store the settings name and this machine's profile names for it, closed after."""
    from api.profiles import Profiles
    from api.settings import load_settings
    from api.state import open_learner_store

    settings = load_settings()
    driver = None
    if settings.neo4j is not None and settings.learner_store != "embedded":
        from graph.neo4j.connection import connect

        driver = connect(settings.neo4j)
    try:
        with open_learner_store(settings, driver) as store:
            yield store, Profiles(settings.data_dir, store.location)
    finally:
        if driver is not None:
            driver.close()


def _learner_id(args: argparse.Namespace, profiles) -> str | None:
    """The id ``--learner`` names: a profile name on this machine, else a learner id as given."""
    from graph.learner_store import looks_like_learner_id

    name = profile_name(args)
    found = profiles.lookup(name)
    return name if found is None and looks_like_learner_id(name) else found


@contextlib.contextmanager
def opened_profile(args: argparse.Namespace, *, create: bool = False) -> Iterator[tuple]:
    """``(store, profiles, learner id)``.

    A profile name that names nothing is an error, unless ``create``: then
    a profile with no targets yet is made under that name.
    """
    from graph.errors import LearnerNotFoundError

    with opened_store() as (store, profiles):
        learner_id = _learner_id(args, profiles)
        name = profile_name(args)
        if learner_id is None and create:
            learner_id = store.create().learner.id
            profiles.assign(name, learner_id)
        if learner_id is None:
            others = ", ".join(profiles.names()) or "none yet"
            raise LearnerNotFoundError(name, f"no profile named {name!r} here (profiles: {others}); start one with "
                                             "`mlpath learner new --target ...` or `mlpath know ...`")
        yield store, profiles, learner_id


def _resolved(graph, items: list[str] | None, *, kinds: bool = False, err: TextIO) -> tuple[str, ...]:
    """Ids for what the user typed, to be stored; say how anything but an exact id was read.

    A match below :data:`CONFIDENT` is not stored: the user is asked to
    confirm it by giving the id.
    """
    from graph.errors import UnknownNodeError
    from recommender.service import resolve

    ids, matches = resolve(graph, split_items(items), kinds=kinds)
    for m in matches:
        if m.confidence < CONFIDENT:
            raise UnknownNodeError(m.query, [m.id], message=f"{m.query!r} is not clearly a node: did you mean {m.name} "
                                                            f"[{m.id}]? Give its id to use it")
        if m.method != "id":
            print(f"{m.query!r} -> {m.name} [{m.id}] ({m.method}, confidence {m.confidence:.2f})", file=err)
    return tuple(dict.fromkeys(ids))


def _changes(args: argparse.Namespace, graph, err: TextIO):
    from graph.learners import LearnerChanges

    return validated(
        LearnerChanges,
        targets=_resolved(graph, args.target, err=err) if args.target else None,
        hours_per_week=args.hours_per_week,
        prefer=_resolved(graph, args.prefer, kinds=True, err=err) if args.prefer else None,
        avoid=_resolved(graph, args.avoid, kinds=True, err=err) if args.avoid else None,
    )


# --- learner ... --------------------------------------------------------------

def run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Create the profile, or set up one that so far only holds marks."""
    from graph.errors import LearnerExistsError
    from graph.learners import LearnerChanges, LearnerDraft, MarkChange, Status

    if not args.target:
        print("mlpath learner new: --target is required (a role, certification or skill)", file=err)
        return 2
    graph = load_graph_for(args)
    changes = _changes(args, graph, err)
    if changes.hours_per_week is None:
        changes = changes.model_copy(update={"hours_per_week": 10.0})
    known = _resolved(graph, args.known, err=err)
    name = profile_name(args)
    with opened_store() as (store, profiles):
        existing = _learner_id(args, profiles)
        if existing is None:
            draft = validated(LearnerDraft, targets=changes.targets, hours_per_week=changes.hours_per_week,
                              prefer=changes.prefer or (), avoid=changes.avoid or (), known=[{"node": k} for k in known])
            issued = store.create(draft)
            profiles.assign(name, issued.learner.id)
            learner, token = issued.learner, issued.token
        else:
            learner = store.get(existing)
            if learner.targets:
                raise LearnerExistsError(f"profile {name!r} already has targets ({', '.join(learner.targets)}); change them with "
                                         "`mlpath learner set`, or pass --learner NAME to start another")
            marks = [MarkChange(node=k, status=Status.KNOWN) for k in known]
            learner = store.edit(existing, changes=LearnerChanges(**dict(changes)), marks=marks, expected_version=learner.version)
            token = None
    return _show(args, graph, learner, name, out, token=token, verb="created" if token else "set up")


def run_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    graph = load_graph_for(args)
    with opened_profile(args) as (store, _, learner_id):
        learner = store.get(learner_id)
    return _show(args, graph, learner, profile_name(args), out)


def run_set(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    graph = load_graph_for(args)
    changes = _changes(args, graph, err)
    if not any(value is not None for value in dict(changes).values()):
        print("mlpath learner set: give --target, --hours-per-week, --prefer or --avoid", file=err)
        return 2
    with opened_profile(args) as (store, _, learner_id):
        learner = store.update(learner_id, changes)
    return _show(args, graph, learner, profile_name(args), out, verb="updated")


def run_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_store() as (store, profiles):
        names = profiles.names()
    if args.json:
        write_json({"store": store.location, "profiles": names}, out)
        return 0
    for name, learner_id in names.items():
        print(f"{name:<20} {learner_id}", file=out)
    print(f"{len(names)} profile(s) in {store.location}", file=err)
    return 0


def run_token(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_profile(args) as (store, _, learner_id):
        token = store.rotate_token(learner_id)
    if args.json:
        write_json({"id": learner_id, "token": token}, out)
    else:
        print(token, file=out)
        print("a new token for the HTTP API (Authorization: Bearer ...); the old one no longer works", file=err)
    return 0


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_profile(args) as (store, _, learner_id):
        document = store.export(learner_id)
    if args.out:
        from pathlib import Path

        with open(Path(args.out), "w", encoding="utf-8") as target:
            write_json(document, target)
        print(f"wrote {args.out}: profile {learner_id}, {len(document.learner.marks)} mark(s)", file=err)
    else:
        write_json(document, out)
    return 0


def run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from graph.errors import LearnerExistsError
    from graph.learners import LearnerExport

    text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    document = validated(LearnerExport.model_validate_json, json_data=text)
    graph = load_graph_for(args)
    name = profile_name(args)
    with opened_store() as (store, profiles):
        if profiles.lookup(name) is not None:
            raise LearnerExistsError(f"the profile name {name!r} is taken here; pass --learner NAME to import under another")
        issued = store.import_learner(document)
        profiles.assign(name, issued.learner.id)
    return _show(args, graph, issued.learner, name, out, verb="imported", token=issued.token)


def run_delete(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_profile(args) as (store, profiles, learner_id):
        store.delete(learner_id)
        profiles.forget_id(learner_id)
    if args.json:
        write_json({"deleted": learner_id}, out)
    else:
        print(f"deleted profile {profile_name(args)!r} ({learner_id}) and everything in it", file=out)
    return 0


# --- know | done | learning | skip | unmark, and plan --------------------------

def run_mark(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """One batch: every named node gets the status, or none does."""
    from graph.learners import MarkChange, Source

    graph = load_graph_for(args)
    level = getattr(args, "level", None)
    with opened_profile(args, create=args.status is not None) as (store, _, learner_id):
        learner, plan_order = store.get_with_plan(learner_id)
        nodes = _marked_nodes(graph, learner, args.items, removing=args.status is None, err=err)
        plan_steps = set(plan_order) if args.status == "done" else set()
        marks = [MarkChange(node=n, status=args.status, level=level,
                            source=Source.PLAN_STEP if n in plan_steps else Source.SELF_REPORTED) for n in nodes]
        learner = store.record(learner_id, marks)
    if args.json:
        return _show(args, graph, learner, profile_name(args), out)
    what = "unmarked" if args.status is None else f"marked {args.status}" + (f" ({level})" if level else "")
    print(f"{profile_name(args)}: {what}: {', '.join(nodes)} (version {learner.version})", file=out)
    return 0


def _marked_nodes(graph, learner, items: list[str], *, removing: bool, err: TextIO) -> tuple[str, ...]:
    """The node ids to mark.  When removing, an id the learner holds is taken as it is,
    so marks on ids the curriculum no longer has can be removed too."""
    held = {m.node for m in learner.marks} if removing else set()
    typed = split_items(items)
    literal = [item for item in typed if item in held]
    rest = [item for item in typed if item not in held]
    return tuple(dict.fromkeys([*literal, *(_resolved(graph, rest, err=err) if rest else ())]))


def run_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from api.commands.plan_files import write_plan_files
    from api.commands.plans import print_plan

    graph, learner, plan = saved_profile_plan(args)
    if args.json:
        write_json(plan, out)
    else:
        print_plan(plan, graph, out)
    write_plan_files(args, graph, plan, err, learner)
    return 0


def saved_profile_plan(args: argparse.Namespace):
    """``(graph, learner, plan)`` of the saved profile; the plan's order is remembered if it is new."""
    from recommender.learner_plan import learner_plan

    graph = load_graph_for(args)
    with opened_profile(args) as (store, _, learner_id):
        learner, keep = store.get_with_plan(learner_id)
        plan = learner_plan(graph, learner, keep=keep, time_limit=args.time_limit)
        order = tuple(s.id for s in plan.steps)
        if order != keep:
            store.remember_plan(learner_id, order)
    return graph, learner, plan


def saved_profile_wanted(args: argparse.Namespace) -> bool:
    """Whether ``mlpath next`` should read a profile: one is named, or this machine has any.

    Checked without opening a store, so ``mlpath next`` on a fresh machine
    creates nothing.
    """
    from api.profiles import FILENAME
    from api.settings import load_settings

    return bool(getattr(args, "learner", None) or os.environ.get("MLPATH_LEARNER")) or (
        load_settings().data_dir / FILENAME).exists()


def profile_next(args: argparse.Namespace, graph, targets: list[str] | None):
    """The frontier of the saved profile; ``on_plan`` from its plan, or from the plan to ``targets``."""
    from graph.errors import LearnerStateError
    from graph.learners import Status, fit
    from recommender.learner_plan import learner_next, learner_plan
    from recommender.service import next_steps

    with opened_profile(args) as (store, _, learner_id):
        learner, keep = store.get_with_plan(learner_id)
        if targets:
            known = [n for n, m in fit(learner, graph).marks.items() if m.status in (Status.KNOWN, Status.DONE)]
            return next_steps(graph, known, targets=targets)
        try:
            order = tuple(s.id for s in learner_plan(graph, learner, keep=keep).steps)
        except LearnerStateError:
            order = ()
        if order and order != keep:
            store.remember_plan(learner_id, order)
    return learner_next(graph, learner, order)


def _show(args: argparse.Namespace, graph, learner, name: str, out: TextIO, *, token: str | None = None, verb: str = "") -> int:
    from graph.learners import Status, view

    seen = view(learner, graph)
    if args.json:
        write_json({"token": token, "learner": seen.model_dump(mode="json")} if token else seen, out)
        return 0
    label = lambda node_id: graph.nodes[node_id].name if node_id in graph.nodes else node_id  # noqa: E731
    head = f"{verb} profile {name!r}" if verb else f"profile {name!r}"
    print(f"{head}: {learner.id}, version {learner.version}", file=out)
    targets = ", ".join(label(t) for t in learner.targets) or "none yet (mlpath learner new --target ...)"
    print(f"  targets: {targets}; {learner.hours_per_week:g} h/week", file=out)
    if learner.prefer or learner.avoid:
        print(f"  prefer: {', '.join(learner.prefer) or '-'}; avoid: {', '.join(learner.avoid) or '-'}", file=out)
    for status in Status:
        marked = [f"{label(m.node)}" + (f" ({m.level.value})" if m.level else "") for m in learner.marks if m.status is status]
        if marked:
            print(f"  {status.value} ({len(marked)}): {', '.join(marked)}", file=out)
    for c in seen.carried:
        print(f"  {c.retired} was retired: it counts for {label(c.replacement)}", file=out)
    if seen.orphaned:
        print(f"  kept, but not in this curriculum: {', '.join(seen.orphaned)}", file=out)
    if token:
        print(f"  token for the HTTP API (shown once): {token}", file=out)
    return 0
