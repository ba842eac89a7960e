"""Cypher text as tokens and bracket groups, for the guard's checks.

Not a Cypher parser: just enough structure to see comments, string
literals, quoted names, numbers, parameters and which brackets enclose
what.  Both checks of :mod:`graph.neo4j.guard` read queries through here, so
they agree on what is code and what is a string or a comment.  Whatever the
lexer gets wrong errs on refusing: Neo4j's own parser still has to accept
the query afterwards, and the guard refuses before anything runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

__all__ = ["LEXEMES", "Group", "Item", "Token", "parse", "split_top_level", "tokenize"]

#: Comments, string literals and backtick names: the parts of a query whose
#: contents are not code.  One alternation scanned left to right, so a "//"
#: inside a string is part of the string and a quote inside a comment is
#: part of the comment.
LEXEMES = re.compile(
    r"""
      (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
    | (?P<name>`(?:``|[^`])*`)
    """,
    re.VERBOSE | re.DOTALL,
)

_TOKEN = re.compile(
    LEXEMES.pattern + r"""
    | (?P<space>\s+)
    | (?P<param>\$(?:[^\W\d]\w*|\d+|`(?:``|[^`])*`))
    | (?P<number>0[xX][0-9a-fA-F_]+|0[oO][0-7_]+
                |\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)
    | (?P<word>[^\W\d]\w*)
    | (?P<punct>\.\.|<>|<=|>=|=~|\+=|::|[()\[\]{},|.:;=<>+\-*/%^!?&])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "'": "'", '"': '"'}


@dataclass(frozen=True)
class Token:
    """``kind`` is ``word`` (names and keywords, backtick names unquoted),
    ``number``, ``string`` (``value`` holds the text), ``param``, ``punct`` or ``other``."""

    kind: str
    text: str
    value: object = None

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words

    def is_punct(self, *marks: str) -> bool:
        return self.kind == "punct" and self.text in marks


@dataclass
class Group:
    """What one pair of brackets encloses; ``close`` is empty when the text ends first."""

    open: str
    items: list[Item] = field(default_factory=list)
    close: str = ""


Item = Union[Token, Group]

_CLOSING = {"(": ")", "[": "]", "{": "}"}


def tokenize(query: str) -> list[Token]:
    """The query's tokens, comments and whitespace left out."""
    tokens = []
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind in ("space", "line_comment", "block_comment"):
            continue
        if kind == "string":
            tokens.append(Token("string", text, _unescape(text[1:-1])))
        elif kind == "name":
            tokens.append(Token("word", text[1:-1].replace("``", "`"), "quoted"))
        elif kind == "param":
            tokens.append(Token("param", text, text[1:].strip("`")))
        elif kind == "number":
            tokens.append(Token("number", text, _number(text)))
        else:
            tokens.append(Token(kind, text))
    return tokens


def parse(query: str) -> Group:
    """The query as nested bracket groups (the outermost has ``open`` empty).

    A stray closing bracket ends the group it meets, and a group still open
    at the end is closed there: the structure stays usable for checking,
    and Neo4j refuses the syntax anyway.
    """
    root = Group("")
    stack = [root]
    for token in tokenize(query):
        if token.is_punct("(", "[", "{"):
            group = Group(token.text)
            stack[-1].items.append(group)
            stack.append(group)
        elif token.is_punct(")", "]", "}"):
            while len(stack) > 1:
                group = stack.pop()
                if _CLOSING[group.open] == token.text:
                    group.close = token.text
                    break
        else:
            stack[-1].items.append(token)
    return root


def split_top_level(items: list[Item], separator: str = ",") -> list[list[Item]]:
    """``items`` cut at each top-level ``separator`` punctuation mark."""
    parts: list[list[Item]] = [[]]
    for item in items:
        if isinstance(item, Token) and item.is_punct(separator):
            parts.append([])
        else:
            parts[-1].append(item)
    return parts if any(parts) else []


def _unescape(body: str) -> str:
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "u" and len(m.group(1)) == 5
                  else _ESCAPES.get(m.group(1), m.group(1)), body)


def _number(text: str) -> int | float | None:
    digits = text.replace("_", "")
    try:
        if digits[:2].lower() == "0x":
            return int(digits, 16)
        if digits[:2].lower() == "0o":
            return int(digits, 8)
        if any(c in digits for c in ".eE"):
            return float(digits)
        return int(digits)
    except ValueError:
        return None
