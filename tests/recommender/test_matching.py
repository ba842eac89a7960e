"""Free-text matching: exact labels, typos, abbreviations, sentences, postings, gibberish."""

from __future__ import annotations

import pytest

from graph.curriculum import build_graph
from graph.models import Curriculum, LEGACY_STAGES, Node
from recommender.matching import matcher_for
from recommender.service import match

ENTRIES = [
    ("python", "Python", "tool", ["python 3", "py"], "The general-purpose programming language of machine learning."),
    ("pytorch", "PyTorch", "tool", ["torch"], "A deep learning framework with dynamic computation graphs."),
    ("tensorflow", "TensorFlow", "tool", ["tf"], "Google's deep learning framework with Keras built in."),
    ("scikit-learn", "scikit-learn", "tool", ["sklearn"], "Classical machine learning algorithms for Python."),
    ("kubernetes", "Kubernetes", "tool", ["k8s"], "Orchestrates containers across a cluster."),
    ("docker", "Docker", "tool", [], "Packages an application and its dependencies into containers."),
    ("aws", "Amazon Web Services", "platform", ["AWS"], "The largest cloud provider."),
    ("model-deployment", "Model deployment", "topic", ["deploying models", "serving models"], "Putting a trained model behind an API in production."),
    ("machine-learning", "Machine learning", "topic", ["ML"], "Algorithms that learn patterns from data."),
    ("statistics", "Statistics", "topic", ["stats"], "Describing data and drawing conclusions under uncertainty."),
    ("r-language", "R", "tool", [], "A language for statistical computing."),
]


@pytest.fixture(scope="module")
def graph():
    nodes = tuple(
        Node(id=i, name=n, kind=k, aliases=tuple(a), description=d, stage="foundations", effort_hours=1, source="test")
        for i, n, k, a, d in ENTRIES
    )
    return build_graph(Curriculum(stages=LEGACY_STAGES, nodes=nodes))


def resolved(found):
    return [m.id for m in found]


@pytest.mark.parametrize("text, expected, method", [
    ("python", "python", "id"),
    ("PyTorch", "pytorch", "id"),
    ("Scikit Learn", "scikit-learn", "id"),
    ("SCIKIT_LEARN", "scikit-learn", "id"),
    ("Amazon web services", "aws", "name"),
    ("torch", "pytorch", "alias"),
    ("sklearn", "scikit-learn", "alias"),
    ("k8s", "kubernetes", "alias"),
    ("ml", "machine-learning", "alias"),
    ("  Python-3 ", "python", "alias"),
])
def test_exact_ids_names_and_aliases_ignore_case_space_and_punctuation(graph, text, expected, method):
    [m] = match(graph, text)
    assert (m.id, m.method, m.confidence) == (expected, method, 1.0)


@pytest.mark.parametrize("typo, expected", [
    ("pytoch", "pytorch"),
    ("tensorflw", "tensorflow"),
    ("kubernets", "kubernetes"),
    ("statistcs", "statistics"),
    ("dokcer", "docker"),  # a swapped pair is one edit
    ("pyramid", None),  # shares "py" with Python and PyTorch, but is neither
])
def test_typos_resolve_with_a_confidence_below_an_exact_match(graph, typo, expected):
    [m] = match(graph, typo)
    assert m.id == expected
    if expected:
        assert m.method == "typo" and 0 < m.confidence < 1
    else:
        assert m.method == "none" and m.confidence == 0


def test_a_short_phrase_with_filler_words_resolves_to_the_skill(graph):
    assert resolved(match(graph, "some statistics")) == ["statistics"]
    assert resolved(match(graph, "python and docker")) == ["python", "docker"]


def test_gibberish_matches_nothing_and_does_not_crash(graph):
    for text in ["qwzx", "", "   ", "!!!", "zzzzzzzzzzzz" * 50]:
        [m] = match(graph, text)
        assert m.id is None and m.method == "none"


def test_unmatched_text_gets_at_most_three_ranked_suggestions(graph):
    [m] = match(graph, "deep learning frameworks")
    assert m.id is None or m.id in {"pytorch", "tensorflow"}
    scores = [s.score for s in m.suggestions]
    assert len(scores) <= 3 and scores == sorted(scores, reverse=True)


def test_a_sentence_yields_every_skill_it_mentions_once(graph):
    text = "We need PyTorch, Docker and experience deploying models on AWS. PyTorch is a must."
    found = match(graph, text)
    assert resolved(found) == ["pytorch", "docker", "model-deployment", "aws"]
    assert [m.query for m in found] == ["PyTorch", "Docker", "deploying models", "AWS"]


def test_a_job_posting_is_mined_without_duplicates_or_false_short_words(graph):
    posting = (
        "Senior ML Engineer. You will build models with pytorch or Tensorflow, package them with docker "
        "and run them on kubernetes in AWS. Strong statistics; sklearn a plus. We go fast and read the docs."
    )
    found = resolved(match(graph, posting))
    assert set(found) == {"machine-learning", "pytorch", "tensorflow", "docker", "kubernetes", "aws", "statistics", "scikit-learn"}
    assert len(found) == len(set(found))
    assert "r-language" not in found and "python" not in found


def test_short_labels_count_in_prose_only_as_written(graph):
    assert resolved(match(graph, "experience with R and statistics please")) == ["r-language", "statistics"]
    assert "r-language" not in resolved(match(graph, "we r a small team doing statistics"))


def test_typos_inside_text_need_a_typo_like_spelling(graph):
    found = match(graph, "experience with kubernets clusters and some dockr, serving modls too")
    assert resolved(found) == ["kubernetes", "docker", "model-deployment"]
    assert all(m.method == "typo" and 0 < m.confidence < 1 for m in found)
    # "models" shares most trigrams with "serving models" but misspells no label
    [nothing] = match(graph, "we train many models every week for our clients")
    assert nothing.id is None and nothing.suggestions[0].id == "model-deployment"


def test_the_matcher_is_built_once_per_graph(graph):
    assert matcher_for(graph) is matcher_for(graph)


def test_matching_is_deterministic(graph):
    text = "PyTorch, stats, kubernets and deploying models"
    assert [m.model_dump() for m in match(graph, text)] == [m.model_dump() for m in match(graph, text)]


# -- issue 13.1, second round: readings that generalise beyond the tuned phrases --------------


@pytest.mark.parametrize("text", ["Supply chain optimization", "Retail portfolio manager", "Timber logging operations"])
def test_an_everyday_word_without_technical_context_names_nothing(seed_graph, text):
    [m] = matcher_for(seed_graph).match(text)
    assert m.status == "not-in-curriculum"


@pytest.mark.parametrize("text, expected", [
    ("Spark", ["spark"]),                                   # the whole text
    ("Experience with Spark", ["spark"]),                   # nothing else but filler
    ("Spark jobs on a cluster", ["spark"]),                 # a word of technical context
    ("precision and recall", ["precision", "recall"]),      # graph neighbours vouch for each other
    ("Docker and Kubernetes orchestration", ["docker", "kubernetes"]),  # another curriculum mention
])
def test_an_everyday_word_in_technical_context_names_its_node(seed_graph, text, expected):
    assert [m.id for m in matcher_for(seed_graph).match(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("linear and logistic regression", {"linear-regression", "logistic-regression"}),
    ("train and evaluate models", {"model-training", "model-evaluation"}),
    ("deploy and monitor models", {"model-deployment", "model-monitoring"}),
    ("Models deployed behind a REST API", {"model-deployment", "web-apis"}),
    ("MSc in Statistics", {"masters-degree"}),
    ("Algorithms & data structures", {"algorithms"}),
])
def test_lists_scattered_labels_and_degree_subjects(seed_graph, text, expected):
    assert {m.id for m in matcher_for(seed_graph).match(text)} == expected


def test_a_scattered_label_is_less_certain_than_the_same_label_written_together(seed_graph):
    matcher = matcher_for(seed_graph)
    [together] = [m for m in matcher.match("We are deploying models weekly") if m.id == "model-deployment"]
    [apart] = [m for m in matcher.match("Models we deployed weekly") if m.id == "model-deployment"]
    assert apart.confidence < together.confidence


def test_an_ise_verb_names_its_noun_or_the_tool_it_was_made_from(seed_graph):
    """"Quantised" is quantisation (model optimisation), "Dockerized" is Docker; an everyday
    noun's verb ("optimised") names nothing by itself."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Quantised a model to int8 for edge devices")] == ["model-optimisation"]
    assert [m.id for m in matcher.match("Dockerized the reporting service")] == ["docker"]
    assert [m.id for m in matcher.match("Optimised SQL queries") if m.id] == ["sql"]


def test_a_scattered_label_takes_in_a_one_word_alias_it_contains(seed_graph):
    """"Tune hyperparameters" is hyperparameter tuning, not the bare alias "hyperparameters"
    (experiment tracking); a generic noun ("monitoring for ML systems") adds nothing to a word."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Tune hyperparameters weekly")] == ["model-optimisation"]
    assert [m.id for m in matcher.match("Experience on Google's cloud")] == ["gcp"]
    assert [m.id for m in matcher.match("Knowledge of monitoring for ML systems in production")] == ["model-monitoring"]


def test_what_learners_wrap_around_a_skill_they_want_is_filler(seed_graph):
    """"Getting better at", "improve my", "brush up on" say nothing of the sense, so an everyday-sense
    label inside them stands as when it is alone; beside other content it still needs context."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("want to improve my teamwork")] == ["cross-functional-collaboration"]
    assert [m.id for m in matcher.match("getting better at blogging")] == ["technical-blog"]
    assert [m.id for m in matcher.match("Improving teamwork in a busy kitchen") if m.id] == []


def test_a_qualified_degree_subject_belongs_to_the_degree(seed_graph):
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("MSc in applied statistics")] == ["masters-degree"]
    assert [m.id for m in matcher.match("MSc in statistics")] == ["masters-degree"]
    assert [m.id for m in matcher.match("MSc, applied statistics and Python")] == ["masters-degree", "statistics", "python"]


def test_a_tool_written_with_its_version_glued_on_or_as_its_capitals_is_that_tool(seed_graph):
    """"TF1", "pytorch2", "keras3" carry a version; "TF" and "NP" are the capitals of TensorFlow and
    NumPy.  Short forms of other nodes, or in other capitals, still count only as the seed writes them."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Migrated from TF1 to pytorch2 and keras3")] == ["tensorflow", "pytorch", "keras"]
    assert [m.id for m in matcher.match("TF and NP in production")] == ["tensorflow", "numpy"]
    assert [m.id for m in matcher.match("PD and CV in production") if m.id] == []
    assert [m.id for m in matcher.match("R2 of the model") if m.id] == []
    assert [m.id for m in matcher.match("logistic regression on TF-IDF features")] == ["logistic-regression"]


def test_a_thin_name_stays_beside_the_reading_of_its_clause(seed_graph):
    """"Object-oriented Python": the name explains a third of the clause, so the clause is read as a
    paraphrase (object-oriented programming), but a node's name written as a name is kept beside it."""
    found = matcher_for(seed_graph).match("Object-oriented Python")
    assert {m.id for m in found} == {"oop", "python"}


def test_a_role_noun_after_a_label_makes_it_the_persons_field(seed_graph):
    """"Calculus tutor" is someone who teaches calculus, not a compound naming something else; a role
    noun gives no technical context, so "network engineer" still names nothing here."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Linear algebra and calculus tutor")] == ["linear-algebra", "calculus"]
    assert [m.id for m in matcher.match("Cisco CCNA, network engineer") if m.id] == []


def test_an_adverb_after_a_label_does_not_make_it_a_modifier(seed_graph):
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("backprop still confuses me")] == ["backpropagation"]
    assert [m.id for m in matcher.match("is a masters worth it for ML jobs")] == ["masters-degree"]


def test_two_labels_of_one_node_put_each_other_in_context(seed_graph):
    """"attention" modifies "heads" and "transformers" has an everyday sense, yet written together they
    are one node's two labels: the architecture.  Alone, each still needs context."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("how do attention heads in transformers work")] == ["transformers"]
    assert [m.id for m in matcher.match("Power transformers maintenance") if m.id] == []


def test_a_correctly_spelt_plural_is_no_typo_of_a_joined_label(seed_graph):
    """"web apps" is not a misspelling of "web api": "apps" is a known word in its plural too."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Performed penetration testing on customer web apps") if m.id] == []
    assert [m.id for m in matcher.match("Built REST APIs for web apps")] == ["web-apis"]


def test_a_practice_written_in_the_past_tense_is_that_practice(seed_graph):
    """CVs write practices as past verbs: "Refactored" is refactoring (clean code), "Preprocessed"
    preprocessing; everyday verbs ("Tested", "Clustered") and bare forms ("rebase") are not read so."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Refactored legacy pandas code into typed modules")] == ["clean-code", "pandas"]
    assert [m.id for m in matcher.match("Preprocessed the survey data")] == ["data-cleaning"]
    assert "software-testing" not in {m.id for m in matcher.match("Tested positive for enthusiasm")}
    assert [m.id for m in matcher.match("Strong Git user, rebase and all")] == ["git"]


def test_a_filler_word_may_start_a_scattered_label_but_a_filler_phrase_may_not(seed_graph):
    """"track" is filler in "track record", yet "track experiments" is experiment tracking."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Tune hyperparameters and track experiments")] == ["model-optimisation", "experiment-tracking"]
    assert [m.id for m in matcher.match("Proven track record with Docker")] == ["docker"]


def test_a_practitioners_short_form_is_no_typo(seed_graph):
    found = matcher_for(seed_graph).match("Open source maintainer of a small Python lib")
    assert [m.id for m in found] == ["open-source-contributions", "python"]


def test_the_verb_of_an_agent_noun_is_no_typo_of_it(seed_graph):
    """"recommend" is the verb, not a misspelt "recommender"; "transform" not a misspelt
    "transformer".  A real misspelling of the noun still is one."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Could you recommend a good laptop?") if m.id] == []
    assert [m.id for m in matcher.match("transform the raw columns") if m.id] == []
    assert [m.id for m in matcher.match("Built a recommendr for films")] == ["recommendation-system-project"]


def test_an_acronym_written_with_an_ampersand_is_one_word(seed_graph):
    """"DS&A" is the alias "dsa"; "P&L" or "R&D" are no letters to read labels or typos from
    ("P and L" was once a misspelt "pandas"); spaced, "&" still reads "and"."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Interview prep: DS&A and system design")] == ["algorithms"]
    assert [m.id for m in matcher.match("Owned the P&L and R&D budget") if m.id] == []
    assert [m.id for m in matcher.match("Logged every run to W&B")] == ["wandb"]
    assert [m.id for m in matcher.match("data structures & algorithms")] == ["algorithms"]


def test_a_word_cut_short_with_a_full_stop_is_an_abbreviation(seed_graph):
    """"hyp. testing" is hypothesis testing (not software testing), "Feature eng." feature
    engineering: the stop marks the cut, not a sentence end.  A known word before a stop still ends
    the sentence, and a cut word alone is no label."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Some hyp. testing for the growth team")] == ["hypothesis-testing"]
    assert [m.id for m in matcher.match("Feature eng. for churn models")] == ["feature-engineering"]
    assert [m.id for m in matcher.match("I use Python. testing is next")] == ["python", "software-testing"]
    assert [m.id for m in matcher.match("Hyp. and more") if m.id] == []


def test_forum_wrappers_and_aspect_nouns_do_not_make_a_compound(seed_graph):
    """"pls", "thx", "ELI5" wrap a forum question; "internals" and "baseline" name an aspect or a
    use of the skill, not another thing it modifies ("gradient boosting" still is one)."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("eli5 dropout pls thx")] == ["layers"]
    assert [m.id for m in matcher.match("Dug into the autograd internals")] == ["automatic-differentiation"]
    assert [m.id for m in matcher.match("a k-means baseline before anything fancy")] == ["k-means"]
    assert [m.id for m in matcher.match("gradient boosting pls") if m.id] == []


def test_a_reading_of_the_wording_puts_a_neighbouring_everyday_label_in_context(seed_graph):
    """"pandas" needs technical context; a text read as data cleaning gives it, since the library is
    next to data cleaning in the graph.  With no such reading the animal stays unmatched."""
    matcher = matcher_for(seed_graph)
    assert {m.id for m in matcher.match("Deduplicated and imputed survey answers with pandas")} == {"data-cleaning", "pandas"}
    assert [m.id for m in matcher.match("Volunteered feeding the red pandas at the zoo") if m.id] == []


def test_the_fields_names_in_the_languages_cvs_are_written_in(seed_graph):
    """European CVs name the field in their own language, with or without accents."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Stage en vision par ordinateur")] == ["computer-vision"]
    assert [m.id for m in matcher.match("Experiencia en aprendizaje automatico y estadística")] == ["machine-learning-fundamentals", "statistics"]
    assert [m.id for m in matcher.match("Neuronale Netze mit PyTorch")] == ["neural-networks", "pytorch"]


def test_more_practitioners_short_forms_inside_longer_labels(seed_graph):
    """"comms", "collab", "nets", "eng", "comps" stand for one word of a longer label; alone they
    are still only what the aliases say."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Owns stakeholder comms for the launch")] == ["communication"]
    assert [m.id for m in matcher.match("Intro to convolutional nets")] == ["cnn"]
    assert [m.id for m in matcher.match("Did some feature eng on the churn data")] == ["feature-engineering"]
    assert [m.id for m in matcher.match("comms") if m.id] == []


def test_a_practices_participle_before_its_object_is_that_practice(seed_graph):
    """"vectorised ops", "quantised weights": the "-ised" verb of a label, used as an adjective, is
    no modifier of another name."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Replaced Python loops with vectorised ops")] == ["python", "performance-optimisation"]
    assert [m.id for m in matcher.match("Shipped quantised weights to phones")] == ["model-optimisation"]


def test_abbreviated_degrees_count_only_where_a_degree_is_meant(seed_graph):
    """"BS in CS", "BS/MS", "BA required, MA a plus" name degrees; "MS Office" or "MA 02139" do not."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("BS in Mathematics or equivalent")] == ["bachelors-degree"]
    assert [m.id for m in matcher.match("BS/MS in a quantitative field")] == ["bachelors-degree", "masters-degree"]
    assert [m.id for m in matcher.match("BA required; MA a plus")] == ["bachelors-degree", "masters-degree"]
    assert [m.id for m in matcher.match("Power user of MS Office") if m.id] == []
    assert [m.id for m in matcher.match("Boston, MA 02139") if m.id] == []


def test_monitoring_tools_relate_to_logging_and_alerting(seed_graph):
    """Prometheus, Grafana, Datadog are monitoring tools outside the curriculum: their related node is
    logging and alerting (not CI/CD or Docker), which also puts "alerts" beside them in context."""
    matcher = matcher_for(seed_graph)
    [datadog] = matcher.match("Datadog")
    assert datadog.id is None and [s.id for s in datadog.suggestions] == ["logging-and-alerting"]
    assert [m.id for m in matcher.match("Datadog alerts for the checkout service") if m.id] == ["logging-and-alerting"]


def test_a_stop_inside_a_name_or_version_is_no_sentence_end(seed_graph):
    """"fast.ai", "tf.keras", "Python 3.11": a stop with no space after it joins; one with a space
    still ends the clause ("Git. branching" is no "git branching")."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Took the fast.ai course")] == ["fastai"]
    assert [m.id for m in matcher.match("Models in tf.keras")] == ["keras"]
    assert [m.query for m in matcher.match("Git. Branching next")] == ["Git", "Branching"]


def test_two_labels_joined_by_a_hyphen_are_a_pair_not_a_name_and_its_head(seed_graph):
    """"precision-recall" names both metrics; "LSTM networks" (a space) is still one name and its head."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("Reported precision-recall and F1 per class")] == ["precision", "recall", "f1-score"]
    assert [m.id for m in matcher.match("Built LSTM networks for forecasting") if m.id] == ["rnn"]


# ---------------------------------------------------------------- aliasA: the foundations and ML-concepts vocabulary


@pytest.mark.parametrize("text, expected", [
    ("Worked out Jacobians and Hessians by hand", ["partial-derivatives"]),
    ("Used Lagrange multipliers for constrained problems", ["optimisation"]),
    ("Kenntnisse in Stochastik", ["probability-and-statistics"]),
    ("Strong mathematical background", ["mathematics-for-ml"]),
    ("Background in classical machine learning", ["machine-learning-fundamentals"]),
    ("Experience with ML Ops", ["develop-mlops-skills"]),
    ("Web scraping with BeautifulSoup", ["data-collection"]),
    ("Wrote integration tests with unittest", ["software-testing"]),
    ("Data munging and imputation of missing data", ["data-cleaning"]),
    ("Programación orientada a objetos", ["oop"]),
    ("Validacao cruzada", ["cross-validation"]),
    ("Solid grasp of BFS and DFS", ["graphs"]),
    ("RMSE and MAE for the demand model", ["model-evaluation"]),
    ("Staff ML Engineer at a bank", ["senior-machine-learning-engineer"]),
])
def test_foundation_and_ml_concept_skills_as_postings_and_cvs_write_them(seed_graph, text, expected):
    """Sub-topics, short forms, posting phrasing and CV translations of the step-1 and step-2 nodes."""
    assert [m.id for m in matcher_for(seed_graph).match(text)] == expected


def test_words_near_the_foundations_are_outside_the_curriculum_not_a_guess(seed_graph):
    """"Bayesian networks" is no Bayesian inference, "semi-supervised" no supervised learning, CPLEX no
    curriculum tool: each is answered as outside the curriculum, with the nodes it relates to as suggestions."""
    matcher = matcher_for(seed_graph)
    [networks] = matcher.match("Bayesian networks")
    assert networks.id is None and "bayesian-inference" in [s.id for s in networks.suggestions]
    [semi] = matcher.match("Semi-supervised learning")
    assert semi.id is None and "supervised-learning" in [s.id for s in semi.suggestions]
    [solver] = matcher.match("CPLEX")
    assert solver.id is None and [s.id for s in solver.suggestions] == ["optimisation"]


def test_everyday_senses_of_the_new_vocabulary_name_nothing(seed_graph):
    """Words a technical alias would share with ordinary English are not aliases: road closures,
    the social determinants of health, a plot against someone."""
    matcher = matcher_for(seed_graph)
    for text in ("Road closures in the city centre", "Social determinants of health", "Plotting the expansion into Europe"):
        assert [m.id for m in matcher.match(text) if m.id] == [], text


# aliasB: spellings of the deep-learning, tools, certification and platform nodes (phrases written
# for these tests, in no corpus), and things near them that are outside the curriculum.

@pytest.mark.parametrize("text, expected", [
    ("Swapped ReLU for GELU activations", "activation-functions"),
    ("Trained U-Net and EfficientNet models on drone imagery", "cnn"),
    ("Sharded a 7B model with fully sharded data parallel", "distributed-training"),
    ("Wrote a custom nn.Module and DataLoader", "pytorch"),
    ("Exported the detector to TFLite for the kiosk app", "tensorflow"),
    ("Gradient clipping fixed our exploding gradients", "training-deep-networks"),
    ("Kaiming initialization with a cosine annealing schedule", "training-deep-networks"),
    ("Réseaux de neurones convolutifs", "cnn"),
    ("Procesamiento del lenguaje natural", "nlp"),
    ("Google Cloud Professional Machine Learning Engineer, 2025", "google-pmle"),
    ("Reviewing PRs from two interns", "collaborative-git-workflows"),
    ("Completed Andrew Ng's Deep Learning Specialization last spring", "deep-learning"),  # not his ML one
])
def test_how_postings_and_cvs_write_deep_learning_and_tool_nodes(seed_graph, text, expected):
    assert [m.id for m in matcher_for(seed_graph).match(text) if m.id] == [expected]


def test_library_names_with_a_sub_word_of_another_node_name_their_library(seed_graph):
    """"torchvision transforms" is PyTorch's image module, not the Transformers architecture; "the
    Transformers library" is Hugging Face's, not the architecture either."""
    matcher = matcher_for(seed_graph)
    assert [m.id for m in matcher.match("torchvision transforms for the augmentation step") if m.id] == ["pytorch"]
    assert [m.id for m in matcher.match("Loaded checkpoints with the Transformers library") if m.id] == ["hugging-face"]


@pytest.mark.parametrize("text", [
    "Vit à Lyon depuis 2015",  # French "lives", no ViT
    "Reset passwords and resent invoices",  # one edit from "ResNet": the bare name is no alias
    "Mobile net banking for rural branches",  # "mobile net" joined is MobileNet: no alias either
])
def test_words_one_edit_or_one_space_from_an_architecture_name_name_nothing(seed_graph, text):
    assert [m.id for m in matcher_for(seed_graph).match(text) if m.id] == []


@pytest.mark.parametrize("text, known_as, related", [
    ("Trained on Cloud TPUs", "TPU", "gpu-acceleration"),
    ("Sublime Text", "Sublime Text", "vs-code"),
    ("Finished two DataCamp tracks", "DataCamp", "online-courses"),
])
def test_neighbours_of_the_tools_are_not_in_the_curriculum(seed_graph, text, known_as, related):
    [m] = matcher_for(seed_graph).match(text)
    assert m.id is None and m.status == "not-in-curriculum"
    assert m.known_as.startswith(known_as) and related in [s.id for s in m.suggestions]


# ---------------------------------------------------------------- aliasC: MLOps, cloud and career wording


@pytest.mark.parametrize("text, expected", [
    ("Set up canary deployments for the fraud model", ["deployment-pipelines"]),
    ("Feature drift checks on the scoring service", ["drift-detection"]),
    ("Wrote RESTful APIs for the pricing team", ["web-apis"]),
    ("Promoting models from staging to production", ["model-versioning"]),
    ("Quantization-aware training for a mobile model", ["model-optimisation"]),
    ("Right-sizing GPU instances to cut cloud spend", ["cloud-cost-optimisation", "gpu-instances"]),
    ("Integración continua con GitLab", ["ci-cd", "gitlab"]),
    ("Excellent communicator with non-technical stakeholders", ["communication"]),
    ("Trabajo en equipo y comunicación", ["cross-functional-collaboration", "communication"]),
    ("Regular Medium articles on model serving", ["technical-blog", "model-deployment"]),
    ("staying current with new papers", ["continuous-learning"]),
])
def test_how_postings_and_cvs_write_mlops_cloud_and_career_skills(seed_graph, text, expected):
    """Abbreviations, named sub-techniques, CV phrasing and a few translations of the MLOps,
    cloud and career nodes name those nodes, each with an alias of its own."""
    assert [m.id for m in matcher_for(seed_graph).match(text)] == expected


def test_interview_practice_and_observability_tools_are_not_in_the_curriculum(seed_graph):
    """Job interviews, LeetCode and tools such as Grafana Loki are named, but the curriculum teaches
    none of them: the answer is "not in the curriculum", with the nearest nodes only as suggestions."""
    matcher = matcher_for(seed_graph)
    found = matcher.match("Prepared for technical interviews on LeetCode")
    assert [m.query for m in found] == ["technical interviews", "LeetCode"]
    assert all(m.id is None and m.status == "not-in-curriculum" for m in found)
    assert "algorithms" in [s.id for s in found[0].suggestions]
    [loki] = matcher.match("Grafana Loki")
    assert loki.id is None and [s.id for s in loki.suggestions] == ["logging-and-alerting"]
