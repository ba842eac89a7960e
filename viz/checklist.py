"""A plan as a printable checklist: one box per step, grouped by stage, in plan order.

A plain HTML page with no script, built to print well (one column, no
figures, rows never split across pages).  Steps come in plan order within
each stage, and stages in the curriculum's own order; nodes the learner has
already finished are listed ticked under their stage, so the printout shows
the whole road, not just what is left.  Every text reaching the page is
escaped; same inputs, same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from graph.curriculum import CurriculumGraph
from recommender.models import Plan

__all__ = ["checklist_page"]

_STYLE = """
body{font-family:Inter,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#222;max-width:900px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}
p.summary{margin:0 0 16px;color:#444}
h2{font-size:16px;margin:20px 0 6px;padding-bottom:2px;border-bottom:2px solid #1F4E9C}
ol{list-style:none;margin:0;padding:0}
li{display:grid;grid-template-columns:28px 1fr auto;gap:4px 8px;padding:6px 0;border-bottom:1px solid #E6E8EB;break-inside:avoid}
li .box{font-size:18px;line-height:1}
li .what{font-weight:600}
li .when{color:#555;font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}
li .why{grid-column:2 / 4;color:#555;font-size:13px}
li.done .what{text-decoration:line-through;color:#777}
li.learning .what::after{content:"  (in progress)";font-weight:400;color:#1F4E9C}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}}
"""


def checklist_page(graph: CurriculumGraph, plan: Plan, *, done: Iterable[str] = (), learning: Iterable[str] = (),
                   title: str = "Your learning checklist") -> str:
    """The printable page; ``done`` are finished node ids, ``learning`` those in progress."""
    learning = set(learning)
    finished = sorted({d for d in done if d in graph.nodes}, key=lambda i: (graph.stage_rank[graph.nodes[i].stage], i))
    rows: dict[str, list[str]] = {stage: [] for stage in graph.stages}
    for node_id in finished:
        node = graph.nodes[node_id]
        rows[node.stage].append(_row("done", "☑", node.name, f"{node.effort_hours:g} h", "done"))
    for step in sorted(plan.steps, key=lambda s: s.position):
        state = "learning" if step.id in learning else "todo"
        weeks = f"week {step.start_week}" if step.start_week == step.end_week else f"weeks {step.start_week}–{step.end_week}"
        rows[step.stage].append(_row(state, "☐", f"{step.position}. {step.name}", f"{step.hours:g} h · {weeks}", step.reason))
    sections = "".join(
        f"<section><h2>{html.escape(graph.stages[stage].name)}</h2><ol>{''.join(items)}</ol></section>"
        for stage, items in rows.items() if items
    )
    targets = ", ".join(graph.nodes[t].name for t in plan.targets if t in graph.nodes)
    summary = (f"{len(plan.steps)} steps, {plan.total_hours:g} h at {plan.hours_per_week:g} h a week: "
               f"about {plan.weeks} week(s) to {targets}.")
    if finished:
        summary += f" {len(finished)} finished already."
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
            f"<p class=\"summary\">{html.escape(summary)}</p>{sections}</body></html>\n")


def _row(state: str, box: str, what: str, when: str, why: str) -> str:
    return (f'<li class="{state}"><span class="box" aria-hidden="true">{box}</span>'
            f'<span class="what">{html.escape(what)}</span><span class="when">{html.escape(when)}</span>'
            f'<span class="why">{html.escape(why)}</span></li>')
