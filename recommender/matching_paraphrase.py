"""Short texts that name no label, read against the curriculum's own wording.

"Put trained models into production so other services could call them"
writes no label of *model deployment*, but its words are the words the
curriculum uses to describe that node.  When the label rules of
:mod:`recommender.matching` find no curriculum label in a short text (it may
name things outside the curriculum, which stay named beside it), this reading
compares the text's content words (stems, British and American spellings
one, filler and function words left out) with each node's own text: its
labels, counted twice, and its description.  Word-level TF-IDF (scikit-learn,
fitted on the curriculum only, so a word shared by many nodes weighs little)
ranks the nodes by cosine similarity.

A text names the best node only when the evidence is more than one word:

* the similarity is at least :data:`FLOOR`, and ahead of the runner-up by
  :data:`MARGIN` (two nodes described alike are a guess, not a reading);
* at least :data:`SHARED_WORDS` distinct content words of the text appear in
  that node's own text, a word counting half when it has an everyday sense
  (``EVERYDAY_SENSES``: "spark plugs", "tree surgery" say nothing technical)
  or is a word every technical text uses ("model", "data", "system").  A text outside the curriculum ("Drove forklifts in a
  warehouse", "Supply chain planning") nearly always shares one word with
  some node, rarely two;
* the text is a phrase (at most :data:`LONGEST` content words), not a page.

Such a match carries :data:`EVIDENCE`, and its confidence is held below 0.8
(``reading_confidence`` in :mod:`recommender.matching_calibration`): a reading
of the wording is a proposal to confirm, never a certainty (at the end of
session 10, 50 of 54 readings right on the tuning corpora, 9 of 11 on two it
was not tuned on).
:mod:`recommender.matching` also asks for a reading when a short text's
labels explain little of it (see ``SkillMatcher._reread``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.curriculum import CurriculumGraph
from recommender.matching_text import (
    EVERYDAY_SENSES,
    FILLER_WORDS,
    GENERIC_HEADS,
    STOP_WORDS,
    Token,
    is_version,
    normalise,
    root,
    stem,
    tokenise,
)

__all__ = ["Paraphrases", "Reading", "FLOOR", "MARGIN", "SHARED_WORDS", "LONGEST", "EVIDENCE", "COMMON_SHARE"]

#: Least cosine similarity of the text to the node it is read as.
FLOOR = 0.2
#: Least lead of the best node's similarity over the runner-up's.
MARGIN = 0.03
#: Least number of distinct words of the text found in the node's own text (directly or through
#: :data:`THESAURUS`), a word counting half when all it shares is weak (everyday or generic).
SHARED_WORDS = 2
#: Texts with more content words than this are pages, read by the label rules only.
LONGEST = 20
#: The uncalibrated evidence of a paraphrase reading (see :mod:`recommender.matching_calibration`).
EVIDENCE = 0.65
#: A node's labels count this many times against its description's words.
LABEL_WEIGHT = 2
#: In a text that names things outside the curriculum, a shared word used by at least this
#: share of the nodes ("write", "manage", "service") also counts half: see :meth:`Paraphrases.read`.
COMMON_SHARE = 0.03

#: Shared words that count half: everyday senses ("tree", "spark") and the words any
#: technical text uses ("model", "data", "system"), which say little about which node.
_WEAK_ROOTS = frozenset(root(stem(w)) for w in EVERYDAY_SENSES | GENERIC_HEADS | {"data"})

#: Words people write for what curricula name otherwise: irregular past tenses, and the
#: working vocabulary of software and data jobs (what an endpoint, a join or a spreadsheet
#: is about).  General English and trade usage, written by family, naming no node id of
#: any curriculum; each word before a colon is read also as the words after it.
THESAURUS_TEXT = """
ran: run | wrote written: write | taught: teach | bought: buy | kept: keep | led: lead | made: make
sped: speed | grew: grow | chose chosen: choose | spoke: speak | gave: give | found: find | shrank: shrink
ship shipped shipping launch launched: deploy production | serve served serving: serving deploy
endpoint endpoints: api http | rest restful json grpc: api | microservice microservices: service api
join joins aggregation aggregations: sql query | spreadsheet spreadsheets: data
chatbot chatbots assistant: language model | gpt bert llama: language model transformer | prompt prompts: llm
photo photos picture pictures camera cameras: image vision | emotion emotions mood tone: sentiment
integral integrals limit limits: calculus | spectral eigen: eigenvalue eigenvector
mean means median medians average averages variance spread: statistics descriptive
bill bills spend spending budget rightsizing: cost | latency throughput: performance inference
department departments colleague colleagues: team collaboration
communicator presenting presentations: communication
discord slack reddit meetup meetups: community forum | article articles essay: writing blog
repo repos repository repositories commit commits: git version control | immutable immutability: functional
lint linting linter readable readability: clean code | pod pods helm: kubernetes container cluster
realtime: real time streaming | lake lakehouse: warehouse data | etl elt: pipeline data
scrape scraped scraping crawl crawled crawling: collection gather | impute imputation: missing values
suggest suggesting suggestion suggestions personalised personalized personalisation personalization: recommendation
inheritance polymorphism encapsulation: object oriented | odds: probability | variant variants: testing significance
productionise productionised productionize productionized rollout: deploy production
uptime incident incidents oncall: alerting monitoring logging | bug bugs debugging: testing
messy dirty dedupe deduplicate deduplication: cleaning duplicates | predictors covariates: features variables
stdev percentile percentiles quantile quantiles correlation correlations: statistics descriptive
likelihood expectation: probability | differentiate slope slopes: derivative | minimise minimize minimising minimizing: optimization
chatgpt openai anthropic: language model llm | ocr: vision image text | tokenisation tokenization ner summarisation summarization: language text nlp
benchmark benchmarks benchmarking: evaluation metrics | holdout: validation | grid: hyperparameter tuning search
nvidia: gpu cuda | savings cheaper: cost | pubsub: streaming events | mongo: nosql mongodb | procedures: sql query
reproduce reproduced replicate replicable repeatable: reproducibility | singleton observer: design pattern
leetcode hackerrank: algorithms data structures | ubuntu debian centos cli zsh ssh cron: linux shell command line
swagger openapi webhook webhooks: api http | podman: container docker | jenkins circleci travis: continuous integration
release releases releasing: delivery continuous | storytelling articulate: communication explain
liaise liaised partnered: collaboration team | curious curiosity upskill upskilling: continuous learning keep
bootcamp nanodegree: online course | stackoverflow: forum community | neurips icml iclr cvpr pycon: conference workshop
substack: blog writing | maintainer contributor patch patches: open source contribution | grandmaster leaderboard: kaggle competition
kpi kpis roi uplift: impact metrics achievements
"""


def _thesaurus(text: str) -> dict[str, tuple[str, ...]]:
    """``THESAURUS_TEXT`` as root -> roots (the same reading :func:`_content` gives a token)."""
    table: dict[str, tuple[str, ...]] = {}
    for entry in text.replace("\n", " | ").split("|"):
        if ":" not in entry:
            continue
        written, meant = entry.split(":")
        targets = tuple(root(stem(w)) for w in normalise(meant))
        for word in normalise(written):
            key = root(stem(word))
            table[key] = tuple(t for t in targets if t != key)
    return table


THESAURUS = _thesaurus(THESAURUS_TEXT)


@dataclass(frozen=True, slots=True)
class Reading:
    """The node a text is read as, and the token positions of the words it shares with that node."""

    node_id: str
    positions: tuple[int, ...]


def _content(token: Token) -> str | None:
    """The root a token contributes to the comparison, or None for filler, function words and numbers."""
    fold = token.fold
    if fold in STOP_WORDS or fold in FILLER_WORDS or is_version(fold) or len(fold) < 2 or fold.isdigit():
        return None
    return root(token.stem)


def _meanings(word: str) -> tuple[str, ...]:
    """The word itself, then what :data:`THESAURUS` reads it as."""
    return (word, *THESAURUS.get(word, ()))


def _similarity(scorer, words: list[str]):
    """Cosine similarity of ``words`` to every node: the TF-IDF row ``TfidfVectorizer(analyzer=list,
    sublinear_tf=True).transform([words])`` would give (words outside the vocabulary left out, tf
    ``1 + log(count)``, times idf, unit length), times the nodes' unit rows."""
    import numpy as np

    vocabulary, idf, columns = scorer
    counts = Counter(k for w in words if (k := vocabulary.get(w)) is not None)
    if not counts:
        return np.zeros(columns.shape[1])
    slots = np.fromiter(counts, dtype=np.intp, count=len(counts))
    weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[slots]
    return (weights / np.sqrt(weights @ weights)) @ columns[slots]


class Paraphrases:
    """Word-level TF-IDF of the curriculum's own text, fitted on first use."""

    def __init__(self, graph: CurriculumGraph):
        self._nodes = graph.nodes
        self._ids = sorted(graph.nodes)
        self._fitted = None

    def _fit(self):
        """The vectorizer, the nodes' TF-IDF matrix and each node's words: built on the first text
        naming no label, so a matcher that never meets one pays nothing."""
        if self._fitted is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            documents = []
            for node_id in self._ids:
                node = self._nodes[node_id]
                labels = " , ".join([node.id.replace("-", " "), node.name, *node.aliases])
                words = [w for t in tokenise(labels, readings=False) if (w := _content(t))] * LABEL_WEIGHT
                documents.append(words + [w for t in tokenise(node.description, readings=False) if (w := _content(t))])
            vectorizer = TfidfVectorizer(analyzer=list, sublinear_tf=True)
            matrix = vectorizer.fit_transform(documents)
            vocabularies = [frozenset(words) for words in documents]
            used_by = Counter(word for vocabulary in vocabularies for word in vocabulary)
            common = frozenset(word for word, n in used_by.items() if n >= COMMON_SHARE * len(vocabularies))
            # Each text is scored by hand against the nodes' columns (``_similarity``): for a short
            # text this costs a tenth of ``vectorizer.transform``'s input checks and sparse products.
            columns = matrix.T.toarray()
            self._fitted = (vectorizer.vocabulary_, vectorizer.idf_, columns), vocabularies, common
        return self._fitted

    def read(self, tokens: list[Token], *, beside_elsewhere: bool = False) -> Reading | None:
        """The node ``tokens`` describe in other words, or None when the evidence is thin (see the module).

        ``beside_elsewhere``: the text also names things outside the curriculum
        ("Managed the Salesforce CRM rollout", "Wrote Terraform modules"), so it is
        likely about their world; its two shared words must then be more than
        words many nodes use ("manage", "write", "service"), which count half.
        """
        content = [(k, _meanings(w)) for k, t in enumerate(tokens) if (w := _content(t))]
        if not SHARED_WORDS <= len(content) <= LONGEST:
            return None  # fewer words than a reading needs share (each counts at most 1): no TF-IDF to pay for
        import numpy as np

        scorer, vocabularies, common = self._fit()
        similarity = _similarity(scorer, [w for _, words in content for w in words])
        # Only the nodes within 1e-8 of the second best can be first or second once rounded: ranking
        # them alone, not all nodes, saves a tenth of a reading's CPU and gives the same two.
        near = range(len(self._ids)) if len(self._ids) < 3 else np.flatnonzero(similarity >= np.partition(similarity, -2)[-2] - 1e-8)
        ranked = sorted(near, key=lambda k: (-round(float(similarity[k]), 9), self._ids[k]))
        best, runner_up = ranked[0], ranked[1] if len(ranked) > 1 else None
        score = float(similarity[best])
        second = float(similarity[runner_up]) if runner_up is not None else 0.0
        if score < FLOOR or score - second < MARGIN:
            return None
        vocabulary = vocabularies[best]
        shared = {words[0]: k for k, words in reversed(content) if vocabulary.intersection(words)}
        weak = _WEAK_ROOTS | common if beside_elsewhere else _WEAK_ROOTS
        strength = sum(1.0 if vocabulary.intersection(_meanings(word)) - weak else 0.5 for word in shared)
        if strength < SHARED_WORDS:
            return None
        return Reading(self._ids[best], tuple(sorted(shared.values())))
