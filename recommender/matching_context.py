"""What the words around a mention say about it: filler or content, one phrase or a list, a name or a word.

The matcher (:mod:`recommender.matching`) decides from these which mentions stand: an everyday
word needs a technical context (rule 5 of docs/matching.md), a one-word common noun followed by an
unexplained word modifies another name (rule 4), and list items share words (rule 6).  Each
predicate looks only at the tokens and the mentions already chosen, never at the graph.
"""

from __future__ import annotations

from recommender.matching_labels import WORD, Mention
from recommender.matching_text import (
    EVERYDAY_SENSES,
    FILLER_WORDS,
    GENERIC_HEADS,
    PLACE_NOUNS,
    ROLE_NOUNS,
    STOP_WORDS,
    TECHNICAL_CONTEXT,
    Token,
    is_version,
)
from recommender.matching_typos import capitals


def needs_context(m: Mention, tokens: list[Token]) -> bool:
    """A one-word curriculum label that is also an everyday word, not written as a name (see EVERYDAY_SENSES)."""
    if m.label.node_id is None or m.end - m.start != 1 or m.edits:
        return False
    token = tokens[m.start]
    return token.stem in EVERYDAY_SENSES and not written_as_name(token)


def in_context(m: Mention, tokens: list[Token], chosen: list[Mention], related: dict[str, frozenset[str]]) -> bool:
    """Whether the rest of the text puts ``m`` in its technical sense.

    It does when another curriculum mention stands beside it (one that needs
    no context itself, or a node next to it in the graph: "precision and
    recall"), when a thing outside the curriculum it relates to is
    named ("Spark on Databricks"), when a word of TECHNICAL_CONTEXT is there,
    or when nothing else is said but filler ("experience with Spark").
    """
    others = [o for o in chosen if o is not m]
    for o in others:
        if o.label.node_id is not None and (
                not needs_context(o, tokens) or o.label.node_id in related.get(m.label.node_id, ())):
            return True
        if o.label.thing is not None and m.label.node_id in o.label.thing.related:
            return True
    covered = {k for o in others for k in range(o.start, o.end)}
    rest = [t for k, t in enumerate(tokens) if k not in covered and not m.start <= k < m.end]
    if any(t.stem in TECHNICAL_CONTEXT or t.fold in TECHNICAL_CONTEXT for t in rest):
        return True
    return all(is_filler(t) or t.fold in GENERIC_HEADS or t.stem in GENERIC_HEADS or names_a_place(t) or k in covered
               for k, t in enumerate(rest))


def named_twice(m: Mention, read: list[Mention]) -> bool:
    """Another label of ``m``'s node is written elsewhere in the text, even as a modifier: "attention
    heads in transformers" is about the architecture, not power lines or paying attention."""
    return any(o.start != m.start and o.label.node_id == m.label.node_id for o in read)


#: Filler phrases whose words may also be a label's ("track" of *experiment tracking*): a scattered
#: label never takes them in ("a track record of running experiments" tracks nothing).
_FILLER_PHRASES = (("track", "record"),)


def idioms(tokens: list[Token]) -> set[int]:
    """Positions of the words of a filler phrase (:data:`_FILLER_PHRASES`) written in ``tokens``."""
    found = set()
    for phrase in _FILLER_PHRASES:
        for k in range(len(tokens) - len(phrase) + 1):
            if tuple(t.fold for t in tokens[k:k + len(phrase)]) == phrase:
                found.update(range(k, k + len(phrase)))
    return found


def rests_on_names(positions: tuple[int, ...], names: list[Mention]) -> bool:
    """A paraphrase reading beside names that stay shares fewer than two words with its node that those
    names leave unexplained: "AWS Solutions Architect - Associate" shares "AWS" with the AWS exam, but
    AWS is already read as the platform, and one word ("associate") is too thin a reading."""
    named = {k for m in names for k in range(m.start, m.end)}
    return bool(names) and sum(k not in named for k in positions) < 2


def names_a_place(token: Token) -> bool:
    """A word for where a thing is kept on the web (PLACE_NOUNS): "portfolio site", "GitHub repo".  After a
    label it names where the skill is shown, not a thing the label modifies ("portfolio site" is still the
    portfolio), and beside an everyday-sense label it says nothing against the label's sense."""
    return token.fold in PLACE_NOUNS or token.stem in PLACE_NOUNS


def names_a_credential(token: Token) -> bool:
    """A word between an issuer and its certification's name: "AWS Certified ...", "Google Cloud's ..."."""
    return token.fold in FILLER_WORDS or token.fold == "s"


def is_filler(token: Token) -> bool:
    return token.fold in STOP_WORDS or token.fold in FILLER_WORDS or is_version(token.fold)


def unexplained_neighbour(m: Mention, tokens: list[Token], chosen: list[Mention], *, before: bool) -> bool:
    """The token right before (or after) ``m``, in its clause, is content no mention explains."""
    k = m.start - 1 if before else m.end
    if not adjacent(tokens, k, m.start if before else m.end - 1):
        return False
    token = tokens[k]
    if is_filler(token) or token.fold in GENERIC_HEADS or token.stem in GENERIC_HEADS or not before and names_a_place(token):
        return False
    return not any(o.start <= k < o.end for o in chosen)


def modifies_unexplained(m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
    """A one-word common noun directly followed by a word nothing explains modifies another name,
    unless that word names a person by their field ("calculus tutor")."""
    if adjacent(tokens, m.end, m.end - 1) and tokens[m.end].fold in ROLE_NOUNS:
        return False
    return unexplained_neighbour(m, tokens, chosen, before=False)


def adjacent(tokens: list[Token], k: int, inside: int) -> bool:
    """Whether token ``k`` forms one phrase with token ``inside`` next to it (not "A/B", "A, B", "A and B")."""
    if k < 0 or k >= len(tokens):
        return False
    later = tokens[max(k, inside)]
    return later.group == tokens[min(k, inside)].group and later.compounds()


def joins_list_items(tokens: list[Token], first: int, last: int) -> bool:
    """Tokens ``first`` and ``last`` are two items of one list: "and", "or", "&" or "/" between them."""
    if tokens[first].group != tokens[last].group or last - first != 2 and last - first != 1:
        return False
    if last - first == 2:
        return tokens[first + 1].fold in ("and", "or")
    return tokens[last].before.strip() == "/"


def hyphenated(tokens: list[Token], m: Mention) -> bool:
    """``m``'s words are joined by a hyphen to the word before or after them ("TF-IDF")."""
    return tokens[m.start].before == "-" and m.start > 0 or m.end < len(tokens) and tokens[m.end].before == "-"


def follows_mention(m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
    """``m`` directly follows another curriculum mention as its head noun ("LSTM networks"); two labels
    joined by a hyphen are a pair, not a name and its head ("precision-recall", "encoder-decoder")."""
    if tokens[m.start].before == "-":
        return False
    return adjacent(tokens, m.start - 1, m.start) and any(
        o.end == m.start and o.label.node_id is not None for o in chosen)


def next_is_mention(m: Mention, tokens: list[Token], chosen: list[Mention]) -> bool:
    return adjacent(tokens, m.end, m.end - 1) and any(
        o.start == m.end and o.label.node_id is not None for o in chosen)


def written_as_name(token: Token) -> bool:
    """Capitals inside a word or an acronym ("SQL", "RAG", "PyTorch"): written as a name."""
    text = token.text
    return (len(text) >= 2 and text.isupper()) or bool(capitals(text) and not text.isupper())


def written_like(written: str, tokens: list[Token]) -> bool:
    """Inside a text, a name the vocabulary capitalises must be written with a capital."""
    words = WORD.findall(written)
    if len(words) != len(tokens):
        return True
    for word, token in zip(words, tokens):
        if word != word.lower() and token.text == token.text.lower():
            return False
    return True
