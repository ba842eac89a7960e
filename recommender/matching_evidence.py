"""How strongly the words support a mention, and the confidence that makes.

Evidence is an uncalibrated score: a proper name or a label of several words starts higher than a
common word, and typos, a joined or scattered spelling, a domain word inside the label, an
unexplained neighbour and a thin share of its clause each take some away.  The calibration table
(:mod:`recommender.matching_calibration`) turns it into the confidence a match reports, so these
numbers change only together with a refit of that table.
"""

from __future__ import annotations

from recommender.matching_calibration import calibrated, reading_confidence
from recommender.matching_context import is_filler, unexplained_neighbour
from recommender.matching_labels import Mention
from recommender.matching_text import Token


#: A curriculum mention explaining less than this share of its clause's content words is a thinner reading
#: ("Put trained models into production so other services could call them" is not about training).
_THIN_CLAUSE = 0.34
_THIN_CLAUSE_PENALTY = 0.2


def with_evidence(m: Mention, tokens: list[Token], chosen: list[Mention],
                  coverage: dict[int, tuple[int, int]]) -> Mention:
    """``m`` with its evidence: how strongly the words support it, before calibration
    (``coverage``: :func:`clause_coverage` of ``chosen``)."""
    if m.evidence:
        return m
    label = m.label
    length = max(len(label.joined), 1)
    score = 0.95 if label.proper or m.end - m.start > 1 else 0.85
    if m.edits:
        score -= 0.6 * m.edits / length + 0.08
    if m.joined:
        score -= 0.05
    if m.inserted:
        score -= 0.05
    if m.scattered:
        score -= 0.15
    if unexplained_neighbour(m, tokens, chosen, before=True):
        score -= 0.1
    if unexplained_neighbour(m, tokens, chosen, before=False):
        score -= 0.1
    thin = clause_explained(m, tokens, coverage) < _THIN_CLAUSE
    if thin:
        score -= _THIN_CLAUSE_PENALTY
    return Mention(m.start, m.end, m.label, m.edits, m.joined, m.inserted, round(max(score, 0.05), 3), m.stemmed,
                   scattered=m.scattered, thin=thin)


def confidence(m: Mention) -> float:
    """Certain for a whole-text label, the calibrated evidence otherwise; a paraphrase reading is a proposal."""
    if m.whole:
        return 1.0
    return reading_confidence(m.evidence) if m.label.method == "paraphrase" else calibrated(m.evidence)


def clause_coverage(tokens: list[Token], chosen: list[Mention]) -> dict[int, tuple[int, int]]:
    """For each clause (token group), how many of its content words (filler left out) some mention
    in ``chosen`` explains, and how many it has: counted once per text, not once per mention."""
    covered = {k for o in chosen for k in range(o.start, o.end)}
    counts: dict[int, tuple[int, int]] = {}
    for k, t in enumerate(tokens):
        if not is_filler(t):
            explained, content = counts.get(t.group, (0, 0))
            counts[t.group] = (explained + (k in covered), content + 1)
    return counts


def clause_explained(m: Mention, tokens: list[Token], coverage: dict[int, tuple[int, int]]) -> float:
    """The share of the content words of ``m``'s clause that some mention explains.

    A label that accounts for two words of a ten-word clause may be the text's subject or only a
    word it shares with the curriculum; across the tuning corpora such mentions are right far less
    often than mentions that explain most of their clause.
    """
    groups = {tokens[k].group for k in range(m.start, m.end)}
    explained = sum(coverage.get(g, (0, 0))[0] for g in groups)
    content = sum(coverage.get(g, (0, 0))[1] for g in groups)
    return explained / content if content else 1.0
