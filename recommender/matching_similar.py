"""Nodes whose wording resembles a text: the "similar" suggestions offered when nothing matched.

Character 3-5-gram TF-IDF with cosine similarity, fitted on the curriculum's
names, aliases and descriptions; a node's score is its best label's
similarity, or :data:`DESCRIPTION_WEIGHT` times its description's if
higher.  This never decides a match (a near spelling is as often another
thing as a typo: FastAPI is not FastAI); it only ranks what to offer a
learner whose text matched nothing.  scikit-learn is imported on first use,
so texts that match exactly never pay for it.
"""

from __future__ import annotations

from collections import Counter

from graph.curriculum import CurriculumGraph
from recommender.matching_text import normalise

__all__ = ["SimilarNodes", "DESCRIPTION_WEIGHT", "SUGGESTION_FLOOR"]

DESCRIPTION_WEIGHT = 0.6
#: Below this similarity a node is not worth offering.
SUGGESTION_FLOOR = 0.2


class SimilarNodes:
    """TF-IDF similarity of texts to the nodes of one curriculum, fitted lazily."""

    def __init__(self, graph: CurriculumGraph):
        self._nodes = graph.nodes
        self._ids = sorted(graph.nodes)
        self._slot = {node_id: i for i, node_id in enumerate(self._ids)}
        self._fitted = None

    def _fit(self):
        if self._fitted is None:
            import numpy as np
            from sklearn.feature_extraction.text import TfidfVectorizer

            # The labels are read here, not when the matcher is built: only a text naming nothing pays for them.
            written = ((" ".join(normalise(text)), n.id) for n in self._nodes.values() for text in (n.id, n.name, *n.aliases))
            rows = list(dict.fromkeys((text, node_id) for text, node_id in written if text))
            described = [n for n in self._nodes.values() if n.description.strip()]
            descriptions = [" ".join(normalise(n.description)) for n in described]
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
            vectorizer.fit([text for text, _ in rows] + descriptions)
            # Texts are weighted by hand and scored against the transposed rows (``_query``, ``scores``):
            # a sixth of the CPU of ``transform`` and sparse products, whose input checks dominate one short text.
            self._fitted = (
                (vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_),
                vectorizer.transform([text for text, _ in rows]).T.tocsr(),
                np.array([self._slot[node_id] for _, node_id in rows]),
                vectorizer.transform(descriptions).T.tocsr() if described else None,
                np.array([self._slot[n.id] for n in described]),
            )
        return self._fitted

    def scores(self, text: str) -> dict[str, float]:
        """Similarity of every node to ``text`` (labels, or weighted description); zeros left out."""
        import numpy as np

        weighting, label_columns, label_owner, desc_columns, desc_owner = self._fit()
        best = np.zeros((1, len(self._ids)))
        slots, weights = _query(weighting, " ".join(normalise(text)))
        if len(slots):
            _column_max(best, label_owner, (label_columns[slots].T @ weights)[None, :])
            if desc_columns is not None:
                _column_max(best, desc_owner, (desc_columns[slots].T @ weights)[None, :] * DESCRIPTION_WEIGHT)
        row = best[0]
        return {node_id: float(row[k]) for k, node_id in enumerate(self._ids) if row[k] > 0}

    def ranked(self, text: str, n: int) -> list[tuple[str, float]]:
        """The ``n`` most similar nodes at or above :data:`SUGGESTION_FLOOR`, best first (ties by id)."""
        ranked = sorted(self.scores(text).items(), key=lambda item: (-round(item[1], 6), item[0]))
        return [(node_id, round(score, 3)) for node_id, score in ranked[:n] if score >= SUGGESTION_FLOOR]


def _query(weighting, text: str):
    """The vocabulary slots of ``text`` and their weights: the row ``transform([text])`` gives
    (sublinear tf times idf, unit length), as slot indices and values."""
    import numpy as np

    analyzer, vocabulary, idf = weighting
    counts = Counter(k for gram in analyzer(text) if (k := vocabulary.get(gram)) is not None)
    slots = np.fromiter(counts, dtype=np.intp, count=len(counts))
    weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[slots]
    return slots, weights / np.sqrt(weights @ weights) if len(slots) else weights


def _column_max(best, owners, sim) -> None:
    """``best[:, owners[k]] = max(best[:, owners[k]], sim[:, k])`` for every column ``k``."""
    import numpy as np

    order = np.argsort(owners, kind="stable")
    sorted_owners = owners[order]
    starts = np.flatnonzero(np.r_[True, sorted_owners[1:] != sorted_owners[:-1]])
    grouped = np.maximum.reduceat(sim[:, order], starts, axis=1)
    columns = sorted_owners[starts]
    np.maximum(best[:, columns], grouped, out=grouped)
    best[:, columns] = grouped
