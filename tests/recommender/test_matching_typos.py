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


# -- four-letter typos of short names --------------------------------------------------------

from recommender.matching_typos import ENGLISH_FOUR, ShortNames  # noqa: E402


def test_a_four_letter_word_one_edit_from_exactly_one_short_name_is_its_typo():
    names = ShortNames(["bash", "keras", "sql", "flask"], english=())
    assert names.near("bsah") == [("bash", 1)]  # two letters swapped
    assert names.near("kers") == [("keras", 1)]  # a letter left out
    assert names.near("sqll") == [("sql", 1)]  # a letter doubled
    assert names.near("flsk") == [("flask", 1)]


def test_no_typo_when_two_short_names_are_near_or_the_word_is_english_or_known():
    assert ShortNames(["dask", "dash"], english=()).near("dasc") == []  # two neighbours: ambiguous
    names = ShortNames(["bash", "wandb", "lora"], english={"bosh"})
    assert names.near("bath") == names.near("wand") == names.near("lord") == []  # English words
    assert names.near("bosh") == []  # a word the matcher knows
    assert names.near("cash") == []  # another first letter
    assert names.near("bas") == names.near("bashe") == []  # only words of four letters


def test_every_english_four_letter_word_is_left_alone():
    names = ShortNames(["bash", "keras", "sql", "flask", "cuda", "lora", "git", "wandb", "spark", "gcp"], english=())
    assert all(len(w) != 4 or names.near(w) == [] for w in ENGLISH_FOUR)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="abcdk", min_size=3, max_size=5), min_size=1, max_size=20, unique=True),
       st.text(alphabet="abcdk", min_size=4, max_size=4))
def test_short_names_find_the_one_name_a_brute_force_finds(vocabulary, query):
    near = {w for w in vocabulary if w != query and w[0] == query[0] and osa(query, w) == 1}
    # ENGLISH_FOUR is always left alone (hypothesis found "back" beside the name "bac")
    expected = [(near.pop(), 1)] if len(near) == 1 and query not in vocabulary and query not in ENGLISH_FOUR else []
    assert ShortNames(vocabulary, english=()).near(query) == expected
