"""A degree's list of subjects written with commas alone ends at the first item that is no field of study.

Phrases written for this test, not corpus phrases.  "Masters in Statistics, APIs, ML" is a degree in
statistics beside skills the way a CV lists them; "BSc in CS, Statistics or a related field" is one
degree's fields, as a posting writes them."""

from __future__ import annotations

import pytest

from matched import ids


@pytest.mark.parametrize("text, skill", [
    ("MSc in Mathematics, ML", "machine-learning-fundamentals"),
    ("BSc in Statistics, Deep Learning", "deep-learning"),
    ("MSc Statistics, Deep Learning, Kubernetes", "deep-learning"),
    ("Masters in Statistics, Machine Learning, Docker", "machine-learning-fundamentals"),
])
def test_a_skill_after_the_subject_in_a_comma_list_stands(seed_matcher, text, skill):
    found = ids(seed_matcher, text)
    assert found[0] in ("masters-degree", "bachelors-degree")
    assert skill in found


@pytest.mark.parametrize("text, subject", [
    ("BSc in Mathematics, Statistics, Probability", "statistics"),  # fields of study, all of them
    ("MSc in Mathematics, Statistics", "statistics"),
    ("MS in CS, Machine Learning or Statistics", "machine-learning-fundamentals"),  # "or": one degree's fields
    ("BSc in CS, Statistics or a related field", "statistics"),
    ("Masters in Machine Learning", "machine-learning-fundamentals"),  # the first item is the degree's subject
])
def test_fields_of_study_stay_in_the_degree(seed_matcher, text, subject):
    found = ids(seed_matcher, text)
    assert subject not in found
    assert any(i in ("masters-degree", "bachelors-degree") for i in found)
