"""Reasons read as one sentence per step, even when a step won many clauses."""

from __future__ import annotations

from recommender.models import PlanRequest
from recommender.service import recommend


def test_each_step_explains_its_win_once_and_names_every_clause_it_won(seed_graph):
    plan = recommend(seed_graph, PlanRequest(known=["python"], targets=["machine-learning-engineer"]))
    won: dict[str, set[str]] = {}
    for choice in plan.alternatives:
        won.setdefault(choice.chosen, set()).add(choice.for_node)
    assert any(len(clauses) > 1 for clauses in won.values()), "the seed plan should reuse one choice across clauses"
    by_id = {step.id: step for step in plan.steps}
    for chosen, clauses in won.items():
        reason = by_id[chosen].reason
        assert reason.count("chosen over") == 1, reason
        if len(clauses) > 1:
            named = reason.split("chosen over", 1)[1]
            listed = [seed_graph.nodes[c].name for c in clauses]
            # up to three names are listed, the rest counted
            assert sum(name in named for name in listed) >= min(3, len(listed)), reason
