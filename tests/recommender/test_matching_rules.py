"""The matcher's general rules of session 10, each on phrases written for the test (not corpus phrases)."""

from __future__ import annotations

import pytest

from graph.curriculum import build_graph
from graph.models import Curriculum, LEGACY_STAGES, Node
from recommender.matching import SkillMatcher
from recommender.matching_issuers import issuers
from matched import ids


# -- 1. a platform beside its own certification ---------------------------------------------


def _cloud(node_id, name, kind, requires=(), aliases=()):
    return Node(id=node_id, name=name, kind=kind, stage="foundations", effort_hours=1, source="test",
                requires=[list(c) for c in requires], aliases=tuple(aliases), description=f"{name}.")


@pytest.fixture(scope="module")
def clouds():
    """Two clouds of their own making: the issuer is read from the prerequisites, not from any list."""
    nodes = (
        _cloud("nimbus", "Nimbus Cloud", "platform", aliases=["nimbus"]),
        _cloud("nimbus-queue", "Nimbus Queue", "platform", [["nimbus"]]),
        _cloud("nimbus-train", "Nimbus Trainer", "platform", [["nimbus"]]),
        _cloud("stratus", "Stratus", "platform"),
        _cloud("stratus-db", "Stratus Tables", "platform", [["stratus"]]),
        _cloud("python", "Python", "tool"),
        _cloud("nimbus-data-expert", "Certified Data Expert", "certification", [["nimbus-queue"], ["nimbus-train"], ["python"]]),
        _cloud("two-cloud-badge", "Hybrid Architect Badge", "certification", [["nimbus-train"], ["stratus-db"]]),
        _cloud("python-course", "Python Course Certificate", "certification", [["python"]]),
    )
    return build_graph(Curriculum(stages=LEGACY_STAGES, nodes=nodes))


def test_the_issuer_is_the_one_platform_a_certifications_platforms_rest_on(clouds):
    assert issuers(clouds) == {"nimbus-data-expert": "nimbus"}  # two clouds, or no platform: no issuer


def test_a_certification_after_its_issuers_name_is_the_certification_alone(clouds):
    matcher = SkillMatcher(clouds)
    assert ids(matcher, "Nimbus Certified Data Expert, renewed last spring") == ["nimbus-data-expert"]
    [m] = matcher.match("holds the Nimbus Certified Data Expert")
    assert m.query == "Nimbus Certified Data Expert"


def test_the_platform_written_apart_or_another_clouds_name_still_stands(clouds):
    matcher = SkillMatcher(clouds)
    assert ids(matcher, "Ran jobs on Nimbus; passed the Certified Data Expert exam") == ["nimbus", "nimbus-data-expert"]
    assert ids(matcher, "Stratus Hybrid Architect Badge") == ["stratus", "two-cloud-badge"]


def test_the_seed_clouds_exams(seed_matcher):
    assert ids(seed_matcher, "Google Cloud Professional ML Engineer credential earned 2023") == ["google-pmle"]
    assert ids(seed_matcher, "GCP Professional ML Engineer required") == ["google-pmle"]
    assert ids(seed_matcher, "Three years on GCP and the Professional ML Engineer exam") == ["gcp", "google-pmle"]


# -- 5. generic nouns of a place on the web ---------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("built a portfolio website for my projects", ["project-portfolio"]),
    ("my portfolio repo on GitHub", ["project-portfolio", "github"]),
    ("I keep a blog site about statistics", ["technical-blog", "statistics"]),
    ("forked the Docker repository", ["docker"]),
])
def test_a_place_on_the_web_after_a_label_neither_blocks_it(seed_matcher, text, expected):
    assert ids(seed_matcher, text) == expected


def test_a_place_noun_creates_no_reading_of_its_own(seed_matcher):
    assert ids(seed_matcher, "an investment portfolio page") == []
    assert ids(seed_matcher, "a recipe website") == []


# -- 6. a field's acronym, read by the word after it -------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Senior CV engineer at a robotics startup", ["computer-vision"]),
    ("shipped DL models for speech", ["deep-learning"]),
    ("wrote RL agents for warehouse robots", ["reinforcement-learning"]),
])
def test_a_fields_acronym_before_a_technical_word_is_the_field(seed_matcher, text, expected):
    assert ids(seed_matcher, text) == expected


@pytest.mark.parametrize("text", ["Please send a CV and two references", "my CV template looks dated",
                                  "cv tips for graduates"])
def test_a_cv_before_an_everyday_word_is_a_resume(seed_matcher, text):
    assert "computer-vision" not in ids(seed_matcher, text)


def test_an_acronym_in_capitals_is_no_thin_common_word(seed_matcher):
    # a thin clause whose reading replaces common words keeps the acronym written as a name
    assert "computer-vision" in ids(seed_matcher, "Took CV models from research code to phones")


# -- 4. a degree's list of subjects ------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("BSc in Physics, Statistics or Mathematics", ["bachelors-degree"]),
    ("MSc/PhD in Statistics, Economics or similar", ["masters-degree"]),
    ("Bachelor's degree in mathematics and statistics", ["bachelors-degree"]),
    ("MSc in applied statistics, probability or a related field", ["masters-degree"]),
])
def test_every_subject_in_a_degrees_list_is_part_of_the_degree(seed_matcher, text, expected):
    assert ids(seed_matcher, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("MSc in Physics, then four years of Python", ["masters-degree", "python"]),
    ("BSc Statistics, PyTorch and Docker", ["bachelors-degree", "pytorch", "docker"]),
    ("Master's degree required; statistics a plus", ["masters-degree", "statistics"]),
    ("Bachelor's degree preferred, statistics a plus", ["bachelors-degree", "statistics"]),
])
def test_the_list_of_subjects_ends_where_its_items_stop_being_subjects(seed_matcher, text, expected):
    assert ids(seed_matcher, text) == expected


# -- 3. four-letter typos of short names --------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Kers and PyTorch for deep models", ["keras", "pytorch"]),
    ("shell scripts in Bsah", ["linux-shell"]),
    ("wrote SQLl queries daily", ["sql"]),
])
def test_a_four_letter_typo_of_a_short_name_is_the_name(seed_matcher, text, expected):
    assert ids(seed_matcher, text) == expected


@pytest.mark.parametrize("text", ["a long bath after work", "the lord of the manor", "managed VPCs on the cloud"])
def test_english_words_and_acronym_plurals_are_no_typos(seed_matcher, text):
    assert [m.method for m in seed_matcher.match(text) if m.method == "typo"] == []


# -- 2. past tenses of everyday-sense practices, in their own node's context ------------------


@pytest.mark.parametrize("text, expected", [
    ("orchestrated the Docker containers of our API", ["kubernetes", "docker"]),
    ("profiled slow NumPy code", ["performance-optimisation", "numpy"]),
    ("branched off main in Git", ["branching-strategies", "git"]),
])
def test_a_past_tense_beside_a_node_next_to_its_practice_is_the_practice(seed_matcher, text, expected):
    assert ids(seed_matcher, text) == expected


def test_a_past_tense_without_its_nodes_context_stays_english(seed_matcher):
    assert ids(seed_matcher, "orchestrated a merger of two banks") == []
    assert "kubernetes" not in ids(seed_matcher, "orchestrated the release of our Python library")


def test_a_past_tense_beside_a_more_specific_node_adds_nothing(seed_matcher):
    # k-means is a part of clustering: naming it says clustering already
    assert ids(seed_matcher, "clustered customers using k-means") == ["k-means"]


# -- 7. a one-word label does not win against a more specific reading of its words ------------


def test_a_name_written_inside_a_scattered_longer_label_is_that_label(seed_matcher):
    # "Kaggle competitions" written apart: the name is part of the more specific node
    assert ids(seed_matcher, "placed well on Kaggle in several comps") == ["kaggle-competitions"]
    assert ids(seed_matcher, "Kaggle notebooks for practice") == ["kaggle"]


def test_a_name_beside_other_words_stays_the_name(seed_matcher):
    assert ids(seed_matcher, "Kaggle, then competitions elsewhere") == ["kaggle"]


# -- 8. a practice after a tool's name is a second skill ----------------------------------------


def test_a_noun_of_action_after_a_tools_name_is_a_second_skill(seed_matcher):
    assert ids(seed_matcher, "sped up a pipeline through NumPy vectorisation") == ["numpy", "performance-optimisation"]


def test_a_thing_or_an_everyday_noun_after_a_name_stays_its_head(seed_matcher):
    assert ids(seed_matcher, "read the Docker documentation twice") == ["docker"]
    assert "model-deployment" not in ids(seed_matcher, "TensorFlow deployment notes")


# -- a reading beside names rests on words the names leave unexplained --------------------------


def test_a_paraphrase_resting_on_a_name_already_read_is_dropped(seed_matcher):
    # "AWS" is the platform; one more shared word is too thin to read the AWS exam as well
    assert ids(seed_matcher, "AWS Developer – Associate badge") == ["aws"]


def test_a_paraphrase_with_its_own_words_stands_beside_the_name(seed_matcher):
    assert ids(seed_matcher, "Contributed bug fixes to scikit-learn") == ["open-source-contributions", "scikit-learn"]


# -- a short form written alone as an item of a list of skills ---------------------------------


def test_a_short_form_as_a_list_item_beside_labels_is_its_words_label(seed_matcher):
    assert ids(seed_matcher, "calc, prob, lin alg") == ["calculus", "probability", "linear-algebra"]


def test_a_short_form_alone_or_in_a_sentence_is_not_read(seed_matcher):
    assert ids(seed_matcher, "prob") == []
    assert ids(seed_matcher, "prob not before Friday, sorry") == []


def test_a_past_tense_in_a_list_beside_its_nodes_item_is_the_practice(seed_matcher):
    assert ids(seed_matcher, "ships readable, tested, maintainable code") == ["software-testing", "clean-code"]
    assert "software-testing" not in ids(seed_matcher, "We tested it. Clean code matters")


def test_a_possessive_before_a_closing_cv_makes_it_a_document(seed_matcher):
    assert ids(seed_matcher, "just updated my cv") == []
    assert ids(seed_matcher, "rewrote our cv pipeline") == ["computer-vision"]
    assert ids(seed_matcher, "nlp and cv") == ["nlp", "computer-vision"]


def test_an_acronym_in_capitals_is_no_typo_of_a_short_name(seed_matcher):
    assert [m.method for m in seed_matcher.match("trained a DDPM on faces") if m.method == "typo"] == []
