"""``mlpath learner import-text [FILE] --kind cv|posting``: proposals from a pasted text.

It prints what the text proposes (``recommender.onboarding``) and changes
nothing, unless the learner confirms: ``--apply``, or ``y`` at the prompt
when the text came from a file and the terminal can ask.  ``--also`` and
``--skip`` change the selection first.  A CV's known skills are recorded as
one edit, a posting's targets join the profile's targets, checked against
the version the proposals were made for, so a change made meanwhile is
never overwritten.  Looking creates no profile; applying creates it if
needed.  Only argparse is imported here.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

__all__ = ["add_import_text_parser", "run_import_text"]


def add_import_text_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="the text, a file ('-' or nothing: stdin)")
    parser.add_argument("--kind", required=True, choices=("cv", "posting"),
                        help="cv: a CV or profile (proposes known skills); posting: a job posting (proposes targets)")
    parser.add_argument("--also", action="append", metavar="IDS", help="select these proposals too (e.g. one of a posting's alternatives)")
    parser.add_argument("--skip", action="append", metavar="IDS", help="leave these proposals out")
    parser.add_argument("--apply", action="store_true", help="apply the selected proposals without asking")
    parser.set_defaults(run="api.commands.learner_text:run_import_text")


def run_import_text(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from api.commands._common import load_graph_for, split_items, validated, write_json
    from api.commands.learners import opened_profile, profile_name
    from recommender.onboarding import TextImportRequest, propose, reselect

    from_stdin = args.file == "-"
    text = sys.stdin.read() if from_stdin else open(args.file, encoding="utf-8").read()
    request = validated(TextImportRequest, text=text, kind=args.kind)
    graph = load_graph_for(args)
    seen = _saved_learner(args)
    found = reselect(propose(graph, request.text, request.kind, seen), seen,
                     add=split_items(args.also), drop=split_items(args.skip))
    wanted = args.apply or (not from_stdin and not args.json and _confirmed(found, out))
    if wanted and (found.apply.progress or found.apply.changes):
        # A profile made now starts at version 1 with nothing in it, which is what was proposed against.
        with opened_profile(args, create=True) as (store, _, learner_id):
            bodies = found.apply
            store.edit(learner_id, changes=bodies.changes, marks=bodies.progress.marks if bodies.progress else (),
                       expected_version=seen.version if seen else 1)
        found = found.model_copy(update={"applied": True})
    if args.json:
        write_json(found, out)
    else:
        _print(found, profile_name(args), out)
    return 0


def _saved_learner(args: argparse.Namespace):
    """The profile's learner as stored, or ``None`` on a machine without that profile (none is made to look)."""
    from api.commands.learners import opened_profile
    from graph.errors import LearnerNotFoundError

    try:
        with opened_profile(args) as (store, _, learner_id):
            return store.get(learner_id)
    except LearnerNotFoundError:
        return None


def _confirmed(found, out: TextIO) -> bool:
    """Ask on the terminal whether to apply the selection; never when nobody can answer."""
    chosen = [p for p in found.proposals if p.selected]
    if not chosen or not sys.stdin.isatty():
        return False
    what = "known skills" if found.kind == "cv" else "targets"
    out.write(f"Apply these {len(chosen)} {what} ({', '.join(p.node for p in chosen)})? [y/N] ")
    out.flush()
    return sys.stdin.readline().strip().casefold() in ("y", "yes")


def _print(found, name: str, out: TextIO) -> None:
    verb = "proposes as known" if found.kind == "cv" else "proposes as targets"
    print(f"The {'CV' if found.kind == 'cv' else 'posting'} names {len(found.proposals)} node(s) of the curriculum; "
          f"it {verb} (x: selected):", file=out)
    for p in found.proposals:
        box = "x" if p.selected else " "
        level = f"{p.level.value}{'' if p.level_stated else ' (default)'}"
        extra = "" if p.required else ", nice to have"
        print(f"  [{box}] {p.name} [{p.node}]: {level}, confidence {p.confidence:.2f}{extra}; {p.why}", file=out)
    if found.not_in_curriculum:
        print("Not in the curriculum:", file=out)
        for m in found.not_in_curriculum:
            known = f": {m.known_as}" if m.known_as else ""
            hints = "; ".join(f"{s.name} [{s.id}] ({s.basis})" for s in m.suggestions)
            print(f"  {m.query!r}{known}" + (f"; suggestions: {hints}" if hints else ""), file=out)
    if found.applied:
        print(f"Applied to profile {name!r}.", file=out)
    elif any(p.selected for p in found.proposals):
        print(f"Nothing applied to profile {name!r}: rerun with --apply (and --also/--skip IDS to change the selection).", file=out)
    else:
        print(f"Nothing selected, nothing applied to profile {name!r}.", file=out)
