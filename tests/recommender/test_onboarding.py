"""Proposals from pasted CVs and postings (``recommender.onboarding``), on a corpus written for them.

The corpus (``tests/corpora/onboarding.toml``) holds eleven texts in the
styles people paste, with what a reader expects of each; the figures below
are measured over all of it and printed by ``onboarding_figures``.  Besides
the figures: no trap is ever proposed, every offset points at its words,
applying the bodies changes exactly the selected nodes, and the same text
gives the same bytes.
"""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidRequestError
from graph.learners import LearnerChanges, LearnerDraft, MarkChange, Progress, Status, edit, new_learner
from graph.models import Level
from recommender.onboarding import CONFIDENT, DEFAULT_LEVEL, propose, reselect

def corpus(name: str) -> list[dict]:
    return tomllib.loads((Path(__file__).parents[1] / "corpora" / name).read_text(encoding="utf-8"))["texts"]


CORPUS = corpus("onboarding.toml")
#: Written after the rules were settled and never mended on: it measures how they generalise.
HELD_OUT = corpus("onboarding-heldout.toml")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
LEARNER_ID = "0123456789abcdef0123456789abcdef"


def stated(proposal) -> str:
    return proposal.level.value if proposal.level_stated else "default"


def figures(graph, texts: list[dict]) -> dict[str, tuple[int, int]]:
    """(right, of) per figure over a whole corpus; see docs/onboarding.md."""
    counts = {name: [0, 0] for name in ("selected found", "selected right", "levels right", "left for the learner",
                                        "outside reported", "traps avoided")}
    for text in texts:
        found = propose(graph, text["text"], text["kind"])
        by_node = {p.node: p for p in found.proposals}
        expected, either = text["selected"], set(text["either"])
        for node, level in expected.items():
            counts["selected found"][1] += 1
            p = by_node.get(node)
            if p is not None and p.selected:
                counts["selected found"][0] += 1
                counts["levels right"][1] += 1
                counts["levels right"][0] += stated(p) == level
        for p in found.proposals:
            if p.selected and p.node not in either:
                counts["selected right"][1] += 1
                counts["selected right"][0] += p.node in expected
        for node in text["unselected"]:
            counts["left for the learner"][1] += 1
            counts["left for the learner"][0] += node in by_node and not by_node[node].selected
        for node in text["absent"]:
            counts["traps avoided"][1] += 1
            counts["traps avoided"][0] += node not in by_node
        reported = [(m.query.casefold(), (m.known_as or "").casefold()) for m in found.not_in_curriculum]
        for words in text["outside"]:
            counts["outside reported"][1] += 1
            counts["outside reported"][0] += any(words.casefold() in (q, k.split(" (")[0]) for q, k in reported)
    return {name: (right, of) for name, (right, of) in counts.items()}


def ratios(graph, texts: list[dict]) -> dict[str, float]:
    measured = figures(graph, texts)
    print({name: f"{right}/{of}" for name, (right, of) in measured.items()})
    return {name: right / of for name, (right, of) in measured.items()}


#: Figure -> the least share asserted, per corpus.  The held-out bars are lower where these
#: texts, not mended on, showed it (docs/onboarding.md lists the misses).
BARS = {
    "tuned": {"selected found": 0.95, "selected right": 0.95, "levels right": 0.90, "left for the learner": 1.0,
              "outside reported": 0.90, "traps avoided": 1.0},
    "held-out": {"selected found": 0.95, "selected right": 0.90, "levels right": 0.90, "left for the learner": 1.0,
                 "outside reported": 0.90},
}


@pytest.mark.parametrize("name,texts", [("tuned", CORPUS), ("held-out", HELD_OUT)])
def test_the_corpus_figures(seed_graph, name, texts):
    ratio = ratios(seed_graph, texts)
    below = {figure: round(ratio[figure], 3) for figure, bar in BARS[name].items() if ratio[figure] < bar}
    assert not below, ratio


def test_the_held_out_traps(seed_graph):
    assert ratios(seed_graph, HELD_OUT)["traps avoided"] >= 0.85


@pytest.mark.parametrize("text", CORPUS, ids=[t["name"] for t in CORPUS])
def test_no_trap_is_proposed_and_every_offset_points_at_its_words(seed_graph, text):
    found = propose(seed_graph, text["text"], text["kind"])
    proposed = {p.node for p in found.proposals}
    assert not proposed & set(text["absent"])
    for p in found.proposals:
        assert p.evidence
        for e in p.evidence:
            assert text["text"][e.start:e.end].replace("\n", " ") == e.words
        if text["kind"] == "posting":
            assert p.propose == "target"
        else:
            assert p.propose == "known" or (p.propose == "none" and p.kind.value in ("role", "milestone"))
        assert not p.selected or p.confidence >= CONFIDENT
        assert p.level_stated or p.level is DEFAULT_LEVEL
    for m in found.not_in_curriculum:
        assert m.status == "not-in-curriculum" and m.id is None
        assert text["text"][m.start:m.end].replace("\n", " ") == m.query
        assert all(s.basis in ("related", "contains", "similar") for s in m.suggestions)


@pytest.mark.parametrize("text", CORPUS, ids=[t["name"] for t in CORPUS])
def test_the_bodies_apply_exactly_the_selection(seed_graph, text):
    learner = new_learner(LEARNER_ID, LearnerDraft(targets=("machine-learning-engineer",)), now=NOW)
    found = propose(seed_graph, text["text"], text["kind"], learner)
    chosen = {p.node: p for p in found.proposals if p.selected}
    bodies = found.apply
    if bodies.progress is not None:  # what a client sends to POST .../progress reads back as the same batch
        assert Progress.model_validate_json(bodies.progress.model_dump_json()) == bodies.progress
    after = edit(learner, changes=bodies.changes, marks=bodies.progress.marks if bodies.progress else (), now=NOW)
    if not chosen:
        assert after is None
        return
    learner = after.learner
    if text["kind"] == "cv":
        assert {m.node: (m.status, m.level) for m in learner.marks} == {
            n: (Status.KNOWN, p.level) for n, p in chosen.items()}
        assert learner.targets == ("machine-learning-engineer",)
    else:
        assert learner.marks == ()
        assert learner.targets == tuple(dict.fromkeys(["machine-learning-engineer", *chosen]))


def test_the_same_text_gives_the_same_bytes(seed_graph):
    for text in CORPUS:
        assert (propose(seed_graph, text["text"], text["kind"]).model_dump_json()
                == propose(seed_graph, text["text"], text["kind"]).model_dump_json())


CV = "Python (advanced), SQL, Docker\nFamiliar with Git"


def learner_with(*marks: MarkChange, targets=("machine-learning-engineer",)):
    learner = new_learner(LEARNER_ID, LearnerDraft(targets=targets), now=NOW)
    return edit(learner, marks=marks, now=NOW).learner if marks else learner


def test_what_the_learner_already_has_is_proposed_but_not_selected(seed_graph):
    learner = learner_with(MarkChange(node="python", status=Status.DONE, level=Level.ADVANCED),
                           MarkChange(node="sql", status=Status.KNOWN),
                           MarkChange(node="docker", status=Status.LEARNING))
    by_node = {p.node: p for p in propose(seed_graph, CV, "cv", learner).proposals}
    assert (by_node["python"].selected, by_node["python"].current) == (False, Status.DONE)
    assert (by_node["docker"].selected, by_node["docker"].current) == (False, Status.LEARNING)
    assert by_node["git"].selected and by_node["git"].level is Level.BEGINNER
    # SQL is known without a level and the text states none: nothing to change.
    assert not by_node["sql"].selected


def test_a_new_stated_level_is_proposed_and_keeps_the_status(seed_graph):
    learner = learner_with(MarkChange(node="python", status=Status.DONE, level=Level.BEGINNER))
    found = propose(seed_graph, CV, "cv", learner)
    marks = {m.node: m for m in found.apply.progress.marks}
    assert (marks["python"].status, marks["python"].level) == (Status.DONE, Level.ADVANCED)


def test_a_posting_adds_targets_to_the_learners_own(seed_graph):
    learner = learner_with(targets=("aws-ml-specialty",))
    found = propose(seed_graph, "Requirements:\n- Kubernetes\n- PyTorch or TensorFlow\n- aws ml certification", "posting", learner)
    assert found.apply.changes == LearnerChanges(targets=("aws-ml-specialty", "kubernetes"))
    by_node = {p.node: p for p in found.proposals}
    assert by_node["aws-ml-specialty"].why == "already a target"
    assert by_node["pytorch"].alternatives == ("tensorflow",) and not by_node["pytorch"].selected


def test_the_learner_may_choose_an_alternative_and_drop_a_proposal(seed_graph):
    learner = learner_with()
    found = propose(seed_graph, "Requirements:\n- Kubernetes and Docker\n- PyTorch or TensorFlow", "posting", learner)
    chosen = reselect(found, learner, add=["pytorch"], drop=["docker"])
    assert chosen.apply.changes.targets == ("machine-learning-engineer", "kubernetes", "pytorch")
    with pytest.raises(InvalidRequestError, match="not among the proposals"):
        reselect(found, learner, add=["python"])
    on_a_cv = propose(seed_graph, "Machine Learning Engineer at Acme; PyTorch", "cv", learner)
    assert [p.propose for p in on_a_cv.proposals] == ["none", "known"]
    with pytest.raises(InvalidRequestError, match="only reported"):
        reselect(on_a_cv, learner, add=["machine-learning-engineer"])


def test_an_alternative_outside_the_curriculum_still_leaves_the_choice(seed_graph):
    found = propose(seed_graph, "You have shipped models with scikit-learn or XGBoost.", "posting")
    (sklearn,) = [p for p in found.proposals if p.node == "scikit-learn"]
    assert not sklearn.selected and sklearn.alternatives_outside == ("XGBoost",)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_wrapped_prose_line_is_read_as_one(seed_graph, newline):
    text = f"As our first machine{newline}learning engineer you will deploy models."
    (role,) = [p for p in propose(seed_graph, text, "posting").proposals if p.node == "machine-learning-engineer"]
    assert text[role.evidence[0].start:role.evidence[0].end] == f"machine{newline}learning engineer"


def test_a_negated_mention_is_not_a_skill(seed_graph):
    nodes = [p.node for p in propose(seed_graph, "I ship models, not notebooks. Python.", "cv").proposals]
    assert nodes == ["python"]


#: One-line sentences that deny, wish for or plainly name skills (tests/corpora/onboarding-negation.toml).
NEGATION = tomllib.loads((Path(__file__).parents[1] / "corpora" / "onboarding-negation.toml").read_text(encoding="utf-8"))["sentences"]


def test_the_negation_corpus_is_broad():
    assert len(NEGATION) >= 50 and {s["kind"] for s in NEGATION} == {"cv", "posting"}
    assert sum(bool(s["left_out"]) for s in NEGATION) >= 25 and sum(not s["left_out"] for s in NEGATION) >= 15


@pytest.mark.parametrize("sentence", NEGATION, ids=[s["text"][:40] for s in NEGATION])
def test_denied_and_wished_skills_are_not_proposed(seed_graph, sentence):
    proposals = propose(seed_graph, sentence["text"], sentence["kind"]).proposals
    proposed = {p.node for p in proposals if p.propose != "none"}
    assert set(sentence["proposed"]) <= proposed and not proposed & set(sentence["left_out"]), proposed


def test_a_wish_on_a_cv_is_reported_not_proposed_as_known(seed_graph):
    [mlflow] = propose(seed_graph, "I would like to learn MLflow.", "cv").proposals
    assert (mlflow.node, mlflow.propose, mlflow.selected) == ("mlflow", "none", False)
    assert "not known" in mlflow.why
    assert propose(seed_graph, "We would like to learn MLflow.", "posting").proposals == ()


def test_offsets_hold_on_indented_and_windows_lines(seed_graph):
    text = "Skills\r\n    • Python (advanced), Tableau\r\n\t- familiar with Docker and Looker\r\n"
    found = propose(seed_graph, text, "cv")
    assert [(p.node, p.level) for p in found.proposals] == [("python", Level.ADVANCED), ("docker", Level.BEGINNER)]
    for p in found.proposals:
        assert [text[e.start:e.end] for e in p.evidence] == [e.words for e in p.evidence] == [p.name]
    assert [text[m.start:m.end] for m in found.not_in_curriculum] == ["Tableau", "Looker"]


_PIECES = ["Python", "PyTorch", "Tableau", "familiar with", "5+ years of", "(advanced)", "Nice to have:", "Requirements",
           "or", "/", ",", ";", " · ", "\n", "\r\n", "\n\n", "    ", "- ", "• ", "not", "machine", "learning engineer",
           "Kubernetes", "FastAPI", "LangChain", "gradient boosting", "SQL", "a plus", "é", "C++", "2019–2024", ".", ":"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=40), spaces=st.lists(st.sampled_from(["", " ", "  "]), max_size=40),
       kind=st.sampled_from(["cv", "posting"]))
def test_any_paste_gives_proposals_whose_offsets_hold(seed_graph, pieces, spaces, kind):
    text = "".join(p + s for p, s in zip(pieces, spaces + [""] * len(pieces)))
    found = propose(seed_graph, text, kind)
    for p in found.proposals:
        assert all(text[e.start:e.end].replace("\r\n", "  ").replace("\n", " ") == e.words for e in p.evidence)
        assert not p.selected or p.confidence >= CONFIDENT
    for m in found.not_in_curriculum:
        assert text[m.start:m.end].replace("\n", " ") == m.query
    chosen = [p.node for p in found.proposals if p.selected]
    sent = [m.node for m in found.apply.progress.marks] if found.apply.progress else list(found.apply.changes.targets) if found.apply.changes else []
    assert sent == chosen
