"""Written forms the matcher used to miss: foreign function words, acronym plurals in "-is", accents.

Every phrase is written for this test; English sentences that hold the same short words
("as", "e", "de", "die", "do", "y") must read as they did.
"""

from __future__ import annotations

import pytest

from recommender.matching_languages import english_readings
from recommender.matching_text import normalise, tokenise
from matched import ids


def folds(text):
    return [t.fold for t in tokenise(text)]


# -- 1. foreign joining words, articles and prepositions ---------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Python und Pandas", ["python", "and", "pandas"]),
    ("Python y Pandas", ["python", "and", "pandas"]),
    ("Python e Pandas", ["python", "and", "pandas"]),
    ("Python et Pandas", ["python", "and", "pandas"]),
    ("Python oder R", ["python", "or", "r"]),
    ("Licenciatura en Física", ["licenciatura", "in", "fisica"]),
    ("Mestrado em Física", ["mestrado", "in", "fisica"]),
    ("Ciência de Dados", ["ciencia", "of", "dados"]),
    ("Ciência da Computação", ["ciencia", "of", "computacao"]),
    ("Diplôme d'ingénieur", ["diplome", "of", "ingenieur"]),
])
def test_foreign_function_words_read_as_their_english_counterparts(text, expected):
    assert folds(text) == expected


def test_articles_that_are_also_english_words_are_read_only_in_a_foreign_text():
    assert folds("estudei as redes de grafos") == ["estudei", "the", "redes", "of", "grafos"]
    assert folds("estudei as redes neurais") == ["estudei", "as", "redes", "neurais"]  # nothing foreign-only
    assert folds("worked as a data engineer") == ["worked", "as", "a", "data", "engineer"]
    assert folds("die Grundlagen und die Praxis")[0:1] == ["die"]  # at the start, not between words
    assert folds("Grundlagen und die Praxis") == ["grundlagen", "and", "the", "praxis"]


@pytest.mark.parametrize("text", [
    "e.g. Python and e-commerce",
    "Smith et al. 2020 on regression",
    "plotted x y pairs with matplotlib",
    "A/B testing and e commerce analytics",
    "a de facto standard for deep learning",
    "DES encryption and OS internals",
    "I'd like to learn PyTorch",
    "do you know SQL",
    "tools I would die for",
    "used du and df on Linux",
])
def test_english_text_keeps_its_words(text):
    assert folds(text) == list(normalise(text)) == [w.casefold() for w in _plain(text)]


def _plain(text):
    """The words of ``text`` as written, without any reading (the tokeniser's own spelling)."""
    return [t.fold for t in tokenise(text, readings=False)]


def test_a_foreign_joining_word_joins_a_list(seed_matcher):
    assert ids(seed_matcher, "Kettenregel und Ableitungen") == ["chain-rule", "derivatives"]
    assert ids(seed_matcher, "Ableitungen und Kettenregel") == ["derivatives", "chain-rule"]


def test_a_foreign_preposition_leads_from_a_degree_to_its_subject(seed_matcher):
    assert ids(seed_matcher, "Licenciatura en Matemáticas") == ["bachelors-degree"]
    assert ids(seed_matcher, "Mestrado em Ciência da Computação") == ["masters-degree"]


def test_foreign_words_for_data_give_technical_context(seed_matcher):
    assert "spark" in ids(seed_matcher, "Ingeniera de datos con Spark y Kafka")


def test_a_foreign_alias_is_found_with_another_article(seed_matcher):
    # the alias reads "regla de la cadena"; "de" and "la" both read as English function words
    assert ids(seed_matcher, "la regla de la cadena") == ["chain-rule"]


def test_english_readings_protect_names_and_capitals():
    words = ["Python", "EN", "SQL"]
    assert english_readings(words, ["", " ", " "]) == [None, None, None]
    assert english_readings(["x", "as", "y"], ["", " ", " "]) == [None, None, None]
    assert english_readings(["x", "as", "y"], ["", " ", " "], foreign=True) == [None, "the", None]


# -- 4. acronym plurals in "-is" ---------------------------------------------------------------


@pytest.mark.parametrize("written, expected", [
    ("APIs", "api"), ("KPIs", "kpi"), ("GUIs", "gui"), ("UIs", "ui"),
    ("analysis", "analysis"), ("Analysis", "analysis"), ("ANALYSIS", "analysis"), ("basis", "basis"),
    ("apis", "apis"),  # in lower case nothing says it is an acronym
])
def test_an_acronym_plural_in_is_loses_its_s_by_its_capitals(written, expected):
    [token] = tokenise(written)
    assert token.stem == expected


def test_an_acronym_plural_meets_its_singular_label(seed_matcher):
    assert "web-apis" in ids(seed_matcher, "built REST APIs in Flask")
    assert ids(seed_matcher, "Web APIs and HTTP services") == ["web-apis"]


# -- 5. accents and case fold alike --------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Matemáticas", "matematicas"), ("Estadística", "estadistica"), ("Ciência da Computação", "ciencia da computacao"),
    ("WAHRSCHEINLICHKEITSRECHNUNG", "Wahrscheinlichkeitsrechnung"), ("Größe", "grosse"),
])
def test_accents_and_case_fold_alike(a, b):
    assert normalise(a) == normalise(b)


def test_accented_and_plain_spellings_match_alike(seed_matcher):
    for a, b in (("Estadística", "estadistica"), ("Matemáticas", "matematicas")):
        assert ids(seed_matcher, a) == ids(seed_matcher, b) != []


# -- 2. a degree word followed by its subject ----------------------------------------------------


@pytest.mark.parametrize("text", [
    "I hold a Masters in Statistics from Lisbon",
    "Masters in Computer Science",
    "masters in statistics",
    "Master's degree in Physics",
])
def test_a_masters_followed_by_its_subject_is_the_degree(seed_matcher, text):
    assert ids(seed_matcher, text) == ["masters-degree"]


@pytest.mark.parametrize("text", [
    "tennis masters in Madrid",
    "the old masters of painting",
    "masters of the universe",
    "Scrum Master in Agile teams",
    "quiz master in Python meetups",
    "scrum master in Git workflows",
])
def test_masters_in_its_everyday_sense_stays_unread(seed_matcher, text):
    assert "masters-degree" not in ids(seed_matcher, text)


# -- 3. "ML" in capitals as an item of a list of skills -------------------------------------------


@pytest.mark.parametrize("text", [
    "ML, Python, SQL",
    "Skills: ML, Python, SQL",
    "Python, SQL and ML",
    "ML / Python / Docker",
    "Python; ML",
])
def test_ml_in_capitals_in_a_list_of_skills_is_machine_learning(seed_matcher, text):
    assert "machine-learning-fundamentals" in ids(seed_matcher, text)


@pytest.mark.parametrize("text", [
    "500 ML of water",
    "add 500 ML, then stir",
    "500 and ML of water",
])
def test_ml_as_a_unit_stays_unread(seed_matcher, text):
    assert "machine-learning-fundamentals" not in ids(seed_matcher, text)


def test_ml_as_a_modifier_keeps_its_own_rules(seed_matcher):
    assert ids(seed_matcher, "ML engineer, Python") == ["machine-learning-engineer", "python"]


def test_a_list_item_of_one_word_is_told_by_its_marks():
    from recommender.matching_text import alone_as_list_item
    tokens = tokenise("ML, Python")
    assert alone_as_list_item(tokens, 0)
    tokens = tokenise("500 ML of water")
    assert not alone_as_list_item(tokens, 1)


# -- 2b. foreign degrees and their subjects -----------------------------------------------------


@pytest.mark.parametrize("text, degree", [
    ("Grado en Matemáticas", "bachelors-degree"),
    ("Licence de mathématiques", "bachelors-degree"),
    ("Laurea magistrale in Statistica", "masters-degree"),
    ("Máster en Ciencia de Datos", "masters-degree"),
    ("Diplom-Informatiker", "masters-degree"),
    ("Diplôme d'ingénieur", "masters-degree"),
    ("Máster en Inteligencia Artificial", "masters-degree"),
    ("Mestre em Inteligência Artificial", "masters-degree"),
])
def test_a_foreign_degree_with_its_subject_is_the_degree(seed_matcher, text, degree):
    assert ids(seed_matcher, text) == [degree]


@pytest.mark.parametrize("text", [
    "mestre de obras",
    "he lost his driving licence",
    "released under the MIT licence, Python",
])
def test_degree_words_in_their_everyday_sense_name_no_degree(seed_matcher, text):
    assert not {"bachelors-degree", "masters-degree"} & set(ids(seed_matcher, text))


# -- foreign names of the concepts CVs name most -------------------------------------------------


@pytest.mark.parametrize("text, node", [
    ("apprentissage non supervisé", "unsupervised-learning"),  # read as supervised learning before
    ("aprendizaje no supervisado", "unsupervised-learning"),
    ("aprendizaje por refuerzo", "reinforcement-learning"),  # read as a typo of transfer learning before
    ("apprendimento profondo", "deep-learning"),
    ("Conocimientos: estadística descriptiva, Python", "statistics"),
])
def test_foreign_concept_names(seed_matcher, text, node):
    assert node in ids(seed_matcher, text)
    assert not {"supervised-learning", "transfer-learning"} & set(ids(seed_matcher, text))


@pytest.mark.parametrize("text, expected", [
    ("MSc in Data Science, Python, SQL", ["masters-degree", "python", "sql"]),
    ("Grado en Estadística, Python y SQL", ["bachelors-degree", "python", "sql"]),
    ("BSc in Physics, Statistics or Mathematics", ["bachelors-degree"]),
])
def test_a_language_one_writes_in_ends_a_degrees_list_of_subjects(seed_matcher, text, expected):
    assert ids(seed_matcher, text) == expected


@pytest.mark.parametrize("text, node", [
    ("Ueberwachtes Lernen", "supervised-learning"),
    ("überwachtes Lernen", "supervised-learning"),
    ("uberwachtes lernen", "supervised-learning"),
    ("Kommunikationsfaehigkeit", "communication"),
])
def test_a_german_label_is_found_with_umlauts_typed_either_way(seed_matcher, text, node):
    assert ids(seed_matcher, text) == [node]


def test_umlauts_typed_out_are_a_label_spelling_only():
    # the text's own "ue" is left as written: "queue" is no umlaut
    assert normalise("Queue und Ueberwachtes") == ("queue", "and", "ueberwachtes")


# -- levels stated in the other languages -------------------------------------------------------


def levels_of(matcher, text):
    return {m.id: (m.level.value if m.level else None) for m in matcher.match(text) if m.id}


@pytest.mark.parametrize("text, expected", [
    ("Python (avanzado)", {"python": "advanced"}),
    ("Python avancé, SQL intermédiaire", {"python": "advanced", "sql": "intermediate"}),
    ("Grundkenntnisse in Python", {"python": "beginner"}),
    ("sehr gute Kenntnisse in SQL", {"sql": "advanced"}),
    ("3 anos de experiência com Docker", {"docker": "intermediate"}),
    ("5 años de experiencia en Python", {"python": "advanced"}),
])
def test_levels_written_in_another_language(seed_matcher, text, expected):
    assert levels_of(seed_matcher, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("5 years of experience with Python", {"python": "advanced"}),  # the years say how much experience
    ("2 years of experience with Docker", {"docker": "intermediate"}),
    ("experience with Docker", {"docker": "intermediate"}),
    ("familiar with Kubernetes and Docker", {"kubernetes": "beginner", "docker": "beginner"}),
])
def test_english_levels(seed_matcher, text, expected):
    assert levels_of(seed_matcher, text) == expected


def test_a_foreign_level_word_is_no_content_after_a_common_noun(seed_matcher):
    assert ids(seed_matcher, "Estadística avanzada") == ["statistics"]
