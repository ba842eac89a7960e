"""The typo rules: the deletion index finds exactly the label words a brute force over the vocabulary finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recommender.matching_typos import DeletionIndex, budget, capitals, distance

WORDS = st.text(alphabet="abcdek", min_size=1, max_size=11)


def osa(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook full table."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS, st.integers(0, 3))
def test_bounded_distance_agrees_with_the_full_table(a, b, limit):
    full = osa(a, b)
    assert distance(a, b, limit) == (full if full <= limit else limit + 1)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=30, unique=True), WORDS)
def test_the_index_finds_every_word_within_budget_and_no_other(vocabulary, query):
    index = DeletionIndex(vocabulary)
    expected = sorted(
        ((w, osa(query, w)) for w in vocabulary
         if w != query and w[0] == query[0] and 0 < osa(query, w) <= budget(min(len(w), len(query)))),
        key=lambda item: (item[1], item[0]))
    assert index.near(query) == expected


def test_short_words_admit_no_typo_and_long_ones_two():
    assert [budget(n) for n in (3, 4, 5, 8, 9, 15)] == [0, 0, 1, 1, 2, 2]


def test_capitals_after_the_first_letter_tell_a_deliberate_spelling():
    assert (capitals("PyTorch"), capitals("FastAPI"), capitals("FastAI"), capitals("docker")) == ("T", "API", "AI", "")


def test_a_verb_is_no_typo_of_its_agent_noun():
    from recommender.matching_typos import other_form
    index = DeletionIndex(["recommender", "transformer", "docker"])
    assert index.near("recommend") == [] and index.near("transform") == []
    assert index.near("recommendr") == [("recommender", 1)] and index.near("dockr") == [("docker", 1)]
    assert other_form("recommend", "recommender") and not other_form("recommendr", "recommender")
