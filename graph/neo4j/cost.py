"""A static bound on the work one row of a query can do inside expressions.

Why this exists (measured on Neo4j 5.26 Community, see ``docs/neo4j.md``):
the server stops a timed-out or over-budget transaction only where its
runtime checks, which is between rows (scans, expands, ``UNWIND``) and when
an operator such as ``collect()`` or ``ORDER BY`` asks the memory tracker
for room.  Inside a single expression it checks nothing and tracks nothing:

* ``RETURN reduce(s = '', x IN range(1, 50000000) | s + 'x')`` kept a core
  busy for more than ten minutes after its 5 s timeout;
* ``RETURN size(reduce(s = 'x', x IN range(1, 40) | s + s))`` and nine
  nested comprehensions over a ten-element list exhausted the heap, and an
  ``OutOfMemoryError`` can kill the server's own timeout thread.

So everything a row computes in expressions must be small whatever the
data, and this module refuses, before anything runs, the query shapes for
which that cannot be shown:

``reduce()``
    its accumulator can grow at every step (doubling a list or a string
    forty times is enough); nothing can bound it from the text.  Rows can
    do the same job where the server meters them: ``UNWIND ... sum()`` or
    ``collect()``.
``range()``
    at most :data:`STATIC_LIMIT` elements, with bounds that are numbers,
    ``$parameters`` or ``size(...)`` plus or minus a number.  Directly under
    ``UNWIND`` a range costs nothing more: its elements become rows, which
    the server meters.
nested iteration
    list comprehensions and ``all/any/none/single`` multiply: the work of
    one is the size of what it iterates times the work of its predicate and
    body.  Work counts the values an expression reads or builds (a literal
    string counts one per :data:`STRING_UNIT` characters).  A list of
    unknown size (collected, read from a variable) counts as *data*; lists
    known from the text count by their size.  A row may do at most
    :data:`STATIC_LIMIT` units of work on known lists, and at most
    :data:`DATA_FANOUT` units per element of data lists, never data times
    data.  Inside a body, a variable from outside the iteration counts as
    data unless only a property or one element of it is read (``n.name``,
    ``l[i]``), since a list there is worked on once per element
    (``[x IN l | l + l]``).
``replace()``
    may not make a string longer: nested, growing replacements double a
    string per level.

Pattern comprehensions and ``COUNT``/``EXISTS``/``COLLECT`` subqueries
are not multiplied: they run as operators, which the server meters like
any other rows; their contents are checked on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.errors import UnsafeQueryError
from graph.neo4j.lexer import Group, Item, Token, parse, split_top_level

__all__ = ["DATA_FANOUT", "STATIC_LIMIT", "STRING_UNIT", "CostlyQueryError", "Work", "check_query_cost", "check_work",
           "estimate_work"]

#: Values a row may build or visit in lists whose size the text fixes.
STATIC_LIMIT = 100_000
#: Values a row may build or visit per element of data lists (the element
#: itself included).  The server's per-transaction memory limit bounds a
#: collected list (about 2.5 million integers in 64 MiB), so this bounds what
#: one row can build without the server tracking it to a few times that
#: limit: 1.5 million elements times 16 were measured to pass in a 512 MiB heap.
DATA_FANOUT = 8
#: Characters of a literal string that count as one value.
STRING_UNIT = 16
#: What ``labels()``, ``keys()`` and ``properties()`` of one entity can hold:
#: a curriculum node has ten fields and two labels, written by the sync.
SCHEMA_SIZE = 16

_QUANTIFIERS = frozenset({"all", "any", "none", "single"})
_SUBQUERY_EXPRESSIONS = frozenset({"COUNT", "EXISTS", "COLLECT", "CALL"})
_CLAUSES = frozenset({"MATCH", "OPTIONAL", "RETURN", "WITH", "UNWIND", "CALL", "UNION"})
_SCHEMA_FUNCTIONS = frozenset({"labels", "keys", "properties"})
_CONSTANT_TIME_ON_A_LIST = frozenset({"size", "isempty", "head", "last", "length"})
_SIZE_KEEPING = frozenset({"reverse", "tail"})
_KEYWORDS = frozenset({
    "AND", "OR", "XOR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END",
    "STARTS", "ENDS", "WITH", "CONTAINS", "DISTINCT", "WHERE", "AS", "NAN", "INF", "INFINITY", "TYPED",
    "NORMALIZED", "NFC", "NFD", "NFKC", "NFKD", "ALL", "ANY", "NONE", "SINGLE",
})


class CostlyQueryError(UnsafeQueryError):
    """The query could do more work than the server can be made to stop; nothing ran."""


@dataclass(frozen=True)
class Work:
    """An upper bound on work, a polynomial in the size of data lists.

    ``terms[k]`` multiplies the size of a data list to the power ``k``:
    ``Work((3, 2))`` is three values plus two per element of a data list.
    """

    terms: tuple[int, ...] = (1,)

    def __add__(self, other: Work) -> Work:
        length = max(len(self.terms), len(other.terms))
        padded = [self.terms + (0,) * (length - len(self.terms)), other.terms + (0,) * (length - len(other.terms))]
        return Work(tuple(a + b for a, b in zip(*padded)))

    def __mul__(self, other: Work) -> Work:
        product = [0] * (len(self.terms) + len(other.terms) - 1)
        for i, a in enumerate(self.terms):
            for j, b in enumerate(other.terms):
                product[i + j] += a * b
        return Work(tuple(product))

    @property
    def static(self) -> int:
        return self.terms[0]

    @property
    def per_data_element(self) -> int:
        return self.terms[1] if len(self.terms) > 1 else 0

    @property
    def data_nesting(self) -> int:
        """The highest power of a data list's size with a non-zero coefficient."""
        return max((k for k, c in enumerate(self.terms) if c), default=0)


ZERO = Work((0,))
ONE = Work((1,))
DATA = Work((0, 1))


def check_query_cost(query: str, parameters: Mapping[str, Any] | None = None) -> Work:
    """Refuse ``query`` unless every row's expression work is bounded; return the bound.

    Raises
    ------
    CostlyQueryError
        Naming the construct and the limit it breaks.
    """
    return check_work(estimate_work(query, parameters))


def check_work(work: Work) -> Work:
    """``work`` if it is within the limits; :class:`CostlyQueryError` if not."""
    if work.data_nesting >= 2:
        raise CostlyQueryError("refused: one row would iterate over data lists nested in each other (or use a whole list "
                               "once per element of another); Neo4j cannot stop work inside an expression, so unnest it "
                               "with UNWIND, whose rows it meters")
    if work.per_data_element > DATA_FANOUT:
        raise CostlyQueryError(f"refused: one row would build or visit {work.per_data_element:,} values per element of a data "
                               f"list inside expressions, more than {DATA_FANOUT}; unnest the inner lists with UNWIND")
    if work.static > STATIC_LIMIT:
        raise CostlyQueryError(f"refused: one row would build or visit {work.static:,} values inside expressions, more than "
                               f"{STATIC_LIMIT:,}; Neo4j cannot stop work inside an expression")
    return work


def estimate_work(query: str, parameters: Mapping[str, Any] | None = None) -> Work:
    """The bound :func:`check_query_cost` compares with its limits (refusing ``reduce()`` and the like on the way)."""
    return _Estimator(dict(parameters or {})).walk(parse(query).items, frozenset(), inside=False)


class _Estimator:
    def __init__(self, parameters: dict[str, Any]):
        self.parameters = parameters

    def walk(self, items: list[Item], scope: frozenset[str], *, inside: bool) -> Work:
        """The work of evaluating ``items`` once: the sum over the values they read or build.

        ``scope`` holds the iteration variables of enclosing comprehensions
        and ``inside`` says whether we are in one's body, where a variable
        from outside counts as a data list.
        """
        total = ZERO
        i = 0
        while i < len(items):
            item = items[i]
            previous = items[i - 1] if i else None
            following = items[i + 1] if i + 1 < len(items) else None
            if isinstance(item, Group):
                work = self.group(item, previous, scope, inside=inside)
            elif item.kind == "word" and isinstance(following, Group) and following.open == "(" and not _after_dot(previous):
                work = self.call(item.text.lower(), following, scope, inside=inside)
                if item.text.lower() == "range" and isinstance(previous, Token) and previous.is_word("UNWIND"):
                    work = ONE  # UNWIND walks a range lazily, row by row, and the server meters rows
                i += 1
            elif item.kind == "word" and _is_variable(item, previous, following):
                outside = inside and item.text not in scope and not (_is_dot(following) or _is_index(following))
                work = DATA if outside else ONE
            elif item.kind == "string":
                work = Work((1 + len(item.value) // STRING_UNIT,))
            elif item.kind == "param":
                work = self.parameter_work(item.value)
            elif item.kind == "number":
                work = ONE
            else:
                work = ZERO  # punctuation, keywords, property keys and labels
            total = total + work
            i += 1
        return total

    def parameter_work(self, name: object) -> Work:
        """A parameter's value counts like the literal it stands for."""
        value = self.parameters.get(name)
        if isinstance(value, str):
            return Work((1 + len(value) // STRING_UNIT,))
        if isinstance(value, (list, tuple, dict)):
            return Work((max(1, len(value)),))
        return ONE

    def group(self, group: Group, previous: Item | None, scope: frozenset[str], *, inside: bool) -> Work:
        if group.open == "[" and _iteration_variable(group.items):
            return self.iteration(group.items, scope, inside=inside)
        if group.open == "{" and (isinstance(previous, Token) and previous.is_word(*_SUBQUERY_EXPRESSIONS)
                                  or any(isinstance(item, Token) and item.is_word(*_CLAUSES) for item in group.items)):
            check_work(self.walk(group.items, frozenset(), inside=False))  # a subquery: its rows are metered
            return ONE
        if group.open == "[" and _is_pattern_comprehension(group.items):
            check_work(self.walk(group.items, frozenset(), inside=False))
            return ONE
        if group.open == "{":
            return self.walk(_map_values(group.items), scope, inside=inside)
        return self.walk(group.items, scope, inside=inside)

    def call(self, name: str, arguments: Group, scope: frozenset[str], *, inside: bool) -> Work:
        args = split_top_level(arguments.items)
        if name == "reduce":
            raise CostlyQueryError("refused reduce(): its accumulator can grow without limit inside one expression, which "
                                   "Neo4j neither meters nor stops at the timeout; use UNWIND with sum() or collect() instead")
        if name in _QUANTIFIERS and _iteration_variable(arguments.items):
            return self.iteration(arguments.items, scope, inside=inside)
        if name == "range":
            return self.range(args)
        if name == "replace":
            self.require_shrinking_replace(args)
        if name in _CONSTANT_TIME_ON_A_LIST and len(args) == 1 and len(args[0]) == 1 and isinstance(args[0][0], Token):
            return ONE  # size(l), head(l): no walk over l
        return ONE + self.walk(arguments.items, scope, inside=inside)

    def iteration(self, items: list[Item], scope: frozenset[str], *, inside: bool) -> Work:
        """``[v IN source WHERE predicate | body]`` and ``any(v IN source WHERE predicate)``."""
        variable = items[0].text
        source, predicate, body = _iteration_parts(items[2:])
        inner_scope = scope | {variable}
        per_element = ONE + self.walk(predicate, inner_scope, inside=True) + self.walk(body, inner_scope, inside=True)
        return self.walk(source, scope, inside=inside) + self.size(source) * per_element

    def size(self, items: list[Item]) -> Work:
        """How many elements ``items`` evaluates to, as far as the text tells."""
        if len(items) == 1 and isinstance(items[0], Group) and items[0].open == "[":
            inner = items[0].items
            if _iteration_variable(inner):
                return self.size(_iteration_parts(inner[2:])[0])
            if not _is_pattern_comprehension(inner):
                return Work((len(split_top_level(inner)),))
        if len(items) == 1 and isinstance(items[0], Token) and items[0].kind == "param":
            value = self.parameters.get(items[0].value)
            if isinstance(value, (list, tuple)):
                return Work((len(value),))
        if len(items) == 2 and isinstance(items[0], Token) and isinstance(items[1], Group) and items[1].open == "(":
            name = items[0].text.lower()
            if name == "range":
                return self.range(split_top_level(items[1].items))
            if name in _SIZE_KEEPING:
                return self.size(items[1].items)
            if name in _SCHEMA_FUNCTIONS:
                return Work((SCHEMA_SIZE,))
        return DATA

    def range(self, args: list[list[Item]]) -> Work:
        if len(args) not in (2, 3):
            return ONE  # Neo4j refuses the call
        bounds = [self.bound(arg) for arg in args[:2]]
        step = self.integer(args[2]) if len(args) == 3 else 1
        if any(bound is None for bound in bounds) or step is None or step == 0:
            raise CostlyQueryError("refused range(): its bounds must be whole numbers, $parameters or size(...) plus or "
                                   "minus a number, and its step a non-zero number, so that its length is known before it runs")
        if DATA in bounds:
            if any(bound != DATA and abs(bound) > STATIC_LIMIT for bound in bounds):
                raise CostlyQueryError(f"refused range(): a bound beside size(...) may be at most {STATIC_LIMIT:,} away from 0")
            return DATA
        start, stop = bounds
        length = max(0, (stop - start) // step + 1)
        if length > STATIC_LIMIT:
            raise CostlyQueryError(f"refused range({start}, {stop}{f', {step}' if step != 1 else ''}): it makes {length:,} "
                                   f"elements, more than {STATIC_LIMIT:,}")
        return Work((max(length, 1),))

    def bound(self, items: list[Item]) -> int | Work | None:
        """A range bound: a whole number, :data:`DATA` for ``size(...) +- n``, or ``None``."""
        if (len(items) >= 2 and isinstance(items[0], Token) and items[0].text.lower() == "size"
                and isinstance(items[1], Group) and items[1].open == "("):
            rest = items[2:]
            offset = 0 if not rest else self.integer(rest[1:]) if isinstance(rest[0], Token) and rest[0].is_punct("+", "-") else None
            if offset is None:
                return None
            measured = items[1].items
            check_work(self.walk(measured, frozenset(), inside=False))  # range(1, size(range(1, 10^12))) stops here
            length = self.size(measured)
            if length.data_nesting:
                return DATA
            return length.static + (offset if rest and rest[0].text == "+" else -offset)
        return self.integer(items)

    def integer(self, items: list[Item]) -> int | None:
        """The value of a sum or product of numbers and parameters, or ``None``."""
        terms = split_top_level(items, "+")
        if len(terms) > 1:
            values = [self.integer(term) for term in terms]
            return None if None in values else sum(values)
        sign = 1
        while items and isinstance(items[0], Token) and items[0].is_punct("-", "+"):
            sign, items = (-sign if items[0].text == "-" else sign), items[1:]
        if any(isinstance(item, Token) and item.is_punct("-") for item in items):
            head, _, tail = _split_last(items, "-")
            left, right = self.integer(head), self.integer(tail)
            return None if left is None or right is None else sign * (left - right)
        factors = split_top_level(items, "*")
        if len(factors) > 1:
            values = [self.integer(factor) for factor in factors]
            if None in values:
                return None
            product = 1
            for value in values:
                product *= value
            return sign * product
        if len(items) == 1 and isinstance(items[0], Group) and items[0].open == "(":
            inner = self.integer(items[0].items)
            return None if inner is None else sign * inner
        if len(items) == 1 and isinstance(items[0], Token):
            value = self.parameters.get(items[0].value) if items[0].kind == "param" else items[0].value
            if items[0].kind in ("number", "param") and isinstance(value, (int, float)) and not isinstance(value, bool):
                return sign * int(value)
        return None

    def require_shrinking_replace(self, args: list[list[Item]]) -> None:
        if len(args) != 3:
            return  # Neo4j refuses the call
        search, replacement = (self.text(arg) for arg in args[1:])
        if search is None or replacement is None or not search or len(replacement) > len(search):
            raise CostlyQueryError("refused replace(): its search and replacement must be strings or $parameters, the "
                                   "search not empty and the replacement no longer than it, so that no string grows "
                                   "inside an expression")

    def text(self, items: list[Item]) -> str | None:
        if len(items) == 1 and isinstance(items[0], Token):
            value = self.parameters.get(items[0].value) if items[0].kind == "param" else items[0].value
            if items[0].kind in ("string", "param") and isinstance(value, str):
                return value
        return None


def _iteration_variable(items: list[Item]) -> bool:
    """``items`` open with ``name IN``: a list comprehension or a quantifier's argument."""
    return (len(items) >= 3 and isinstance(items[0], Token) and items[0].kind == "word"
            and isinstance(items[1], Token) and items[1].is_word("IN"))


def _iteration_parts(items: list[Item]) -> tuple[list[Item], list[Item], list[Item]]:
    """``source [WHERE predicate] [| body]``, cut at the top level."""
    source, predicate, body = [], [], []
    part = source
    for item in items:
        if part is source and isinstance(item, Token) and item.is_word("WHERE"):
            part = predicate
        elif part is not body and isinstance(item, Token) and item.is_punct("|"):
            part = body
        else:
            part.append(item)
    return source, predicate, body


def _is_pattern_comprehension(items: list[Item]) -> bool:
    """``[(a)-->(b) | ...]`` or ``[p = (a)-->(b) | ...]``."""
    if items and isinstance(items[0], Group) and items[0].open == "(":
        return True
    return (len(items) >= 3 and isinstance(items[0], Token) and items[0].kind == "word"
            and isinstance(items[1], Token) and items[1].is_punct("=") and isinstance(items[2], Group))


def _map_values(items: list[Item]) -> list[Item]:
    """A map literal's or projection's values, without its keys (``key:`` and ``.key``)."""
    values: list[Item] = []
    for entry in split_top_level(items):
        if len(entry) >= 2 and isinstance(entry[1], Token) and entry[1].is_punct(":"):
            entry = entry[2:]
        elif entry and isinstance(entry[0], Token) and entry[0].is_punct("."):
            entry = []
        values += entry + [Token("punct", ",")]
    return values


def _is_variable(token: Token, previous: Item | None, following: Item | None) -> bool:
    """Whether a word names a variable (not a keyword, label, type, key, alias or function)."""
    if token.value != "quoted" and token.text.upper() in _KEYWORDS:
        return False
    if isinstance(previous, Token) and (previous.is_punct(".", ":", "|", "&", "!", "%", "$") or previous.is_word("AS")):
        return False
    return not (isinstance(following, Token) and following.is_punct(":"))


def _after_dot(previous: Item | None) -> bool:
    return isinstance(previous, Token) and previous.is_punct(".")


def _is_dot(item: Item | None) -> bool:
    return isinstance(item, Token) and item.is_punct(".")


def _is_index(item: Item | None) -> bool:
    """``l[i]`` reads one element; a slice ``l[a..b]`` copies many, so it does not count."""
    return (isinstance(item, Group) and item.open == "["
            and not any(isinstance(part, Token) and part.is_punct("..") for part in item.items))


def _split_last(items: list[Item], mark: str) -> tuple[list[Item], Token, list[Item]]:
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if isinstance(item, Token) and item.is_punct(mark) and index > 0:
            return items[:index], item, items[index + 1:]
    return items, Token("punct", mark), []
