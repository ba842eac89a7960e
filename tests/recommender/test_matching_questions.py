"""Learners' questions and career phrasing (recommender/matching_questions.py).

Phrases written for these tests, none taken from a corpus.
"""

from __future__ import annotations

import pytest

from recommender.matching import matcher_for
from recommender.matching_questions import FRAME_WORDS, contributes_upstream, is_question, without_frame
from recommender.matching_text import tokenise


@pytest.fixture(scope="module")
def matcher(seed_graph):
    return matcher_for(seed_graph)


def ids(matcher, text: str) -> set[str]:
    return {m.id for m in matcher.match(text) if m.id}


def test_a_question_is_told_by_its_mark_or_its_opening_word():
    assert is_question("what even is a tensor", tokenise("what even is a tensor"))
    assert is_question("Docker or Podman?", tokenise("Docker or Podman?"))
    assert is_question("struggling with my first RNN", tokenise("struggling with my first RNN"))
    assert not is_question("Deployed a forecasting service on GKE", tokenise("Deployed a forecasting service on GKE"))


def test_frame_words_of_a_question_read_as_function_words_and_keep_where_they_were_written():
    tokens = tokenise("any tips for someone confused by eigenvectors?")
    read = without_frame(tokens, frozenset(), question=True)
    assert [t.fold for t in read] == ["any", "etc", "for", "etc", "etc", "by", "eigenvectors"]
    assert [(t.text, t.start, t.end) for t in read] == [(t.text, t.start, t.end) for t in tokens]
    assert without_frame(tokens, frozenset(), question=False) == tokens  # a statement keeps every word


def test_a_frame_word_that_some_label_uses_is_kept(matcher):
    tokens = tokenise("any opinion on opinion mining tools?")
    assert [t.fold for t in without_frame(tokens, frozenset(), question=True)][:2] == ["any", "etc"]
    kept = without_frame(tokens, matcher._label_words, question=True)  # "opinion mining" is a label
    assert [t.fold for t in kept][:4] == ["any", "opinion", "on", "opinion"]
    assert "sentiment-analysis-project" in ids(matcher, "any opinion on opinion mining tools?")


def test_the_frame_leaves_the_skill_to_decide(matcher):
    assert ids(matcher, "honestly stuck on the chain rule, any advice?") == {"chain-rule"}
    assert ids(matcher, "simplest way to get going with fastai?") == {"fastai"}


def test_the_field_before_a_job_or_a_person_is_no_skill(matcher):
    assert ids(matcher, "any ml internships in munich?") == set()
    assert ids(matcher, "looking for a career in machine learning") == set()
    assert ids(matcher, "are ai recruiters on linkedin worth replying to") == {"connect-with-professionals"}
    # the field as a subject is still the subject
    assert ids(matcher, "i want to learn ml") == {"machine-learning-fundamentals"}


def test_explaining_to_a_non_technical_audience_reads_as_communication(matcher):
    found = matcher.match("Presented churn drivers to the board every quarter")
    assert [m.id for m in found if m.id] == ["communication"]
    assert all(m.confidence < 0.8 for m in found if m.id)  # a reading of the wording, a proposal
    assert ids(matcher, "Summarised test results for executives in plain words") == {"communication"}
    assert ids(matcher, "Presented a poster on graph kernels") == set()  # no audience named


def test_working_across_functions_reads_as_cross_functional_collaboration(matcher):
    assert "cross-functional-collaboration" in ids(matcher, "Partnered with legal and finance on model risk")
    assert ids(matcher, "Built with security and compliance in mind") == set()  # no one worked with


def test_job_hunting_words_put_a_career_label_in_context(matcher):
    assert ids(matcher, "my portfolio needs more projects") == {"project-portfolio"}
    assert ids(matcher, "rebalanced my stock portfolio") == set()


def test_a_pull_request_to_a_library_is_an_open_source_contribution(matcher):
    assert ids(matcher, "sent a pull request to numpy") == {"open-source-contributions", "numpy"}
    assert ids(matcher, "opened merge requests upstream") == {"open-source-contributions"}
    assert ids(matcher, "reviewed pull requests daily") == {"collaborative-git-workflows"}


def test_upstream_needs_a_library_after_to():
    tokens = tokenise("pull requests to the staging branch")
    assert not contributes_upstream(0, 2, ("pull", "request"), tokens, set())
    tokens = tokenise("pull requests to a plotting library")
    assert contributes_upstream(0, 2, ("pull", "request"), tokens, set())


def test_keeping_on_learning_reads_as_continuous_learning(matcher):
    found = matcher.match("constantly learning new frameworks")
    assert [m.id for m in found if m.id] == ["continuous-learning"] and found[0].confidence < 0.8
    assert ids(matcher, "Forever learning; now picking at Rust") >= {"continuous-learning"}
    assert "continuous-learning" not in ids(matcher, "kept learning rate fixed for the first epoch")


def test_meeting_the_fields_people_reads_as_connecting_with_professionals(matcher):
    assert ids(matcher, "how would i get to meet a few computer vision researchers?") >= {"connect-with-professionals"}
    assert ids(matcher, "best way to connect with data scientists near leeds") >= {"connect-with-professionals"}
    assert ids(matcher, "how do i meet other cyclists in town?") == set()  # people, not the field's


def test_a_model_getting_worse_after_launch_reads_as_monitoring(matcher):
    assert ids(matcher, "our churn model keeps degrading a few weeks after each launch, why?") == {"model-monitoring"}
    assert ids(matcher, "why would predictions degrade once the model is live") == {"model-monitoring"}
    assert ids(matcher, "my essay marks got worse over time") == set()


def test_asking_experienced_people_for_feedback_is_connecting_but_giving_it_is_not(matcher):
    assert ids(matcher, "Asked two staff engineers for feedback on my design doc") == {"connect-with-professionals"}
    assert "connect-with-professionals" not in ids(matcher, "Gave feedback to junior engineers in code reviews")
    assert ids(matcher, "getting feedback from customers") == set()
