"""Where Neo4j code and Cypher text may live; no server needed.

* Cypher that mlpath runs itself is a constant in ``graph/neo4j/cypher.py``
  or a cookbook file in ``graph/neo4j/queries/``: a string literal that
  reads like a Cypher statement anywhere else in the installed packages is
  a regression (examples shown in the OpenAPI document are not run, so they
  may stay where they are shown).
* ``devtools/`` (the local-server plumbing for tests and benchmarks) is not
  part of the installed package.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graph", "recommender", "api", "viz")
CYPHER_MODULE = ROOT / "graph" / "neo4j" / "cypher.py"

#: An upper-case clause opening the text, then something only Cypher has.
_STATEMENT = re.compile(r"^\s*(MATCH|OPTIONAL MATCH|CALL|RETURN|CREATE|MERGE|UNWIND|WITH|SHOW|EXPLAIN|PROFILE|DROP)\b")
_CYPHER_SIGNS = re.compile(r"\(\s*\w*\s*(:\w+)?\s*[){]|\$\w+|-\[|\]->|\bYIELD\b|\bRETURN\b")


def looks_like_cypher(text: str) -> bool:
    """An upper-case clause, something only Cypher has, and more than one word (a lone keyword is a name)."""
    return bool(_STATEMENT.match(text) and _CYPHER_SIGNS.search(text) and len(text.split()) > 1)


#: Keyword arguments whose strings are shown to people, never run (OpenAPI examples, help).
_DOCUMENTATION = frozenset({"examples", "description", "help"})


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal in the module, except those passed as documentation."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    shown = {id(node) for keyword in ast.walk(tree) if isinstance(keyword, ast.keyword) and keyword.arg in _DOCUMENTATION
             for node in ast.walk(keyword.value)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in shown]


def test_the_detector_recognises_cypher_and_leaves_prose_alone():
    assert looks_like_cypher("MATCH (n:Node) RETURN count(n)")
    assert looks_like_cypher("CALL db.awaitIndexes(300)")
    assert looks_like_cypher("CALL dbms.components() YIELD versions RETURN versions[0]")
    assert not looks_like_cypher("RETURN")
    assert not looks_like_cypher("CALL { } IN TRANSACTIONS and transaction commands are not queries")
    assert not looks_like_cypher("Return the plan (a list of steps).")
    assert not looks_like_cypher("the query MATCH (n) RETURN n")


def test_no_cypher_outside_the_named_query_module():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == CYPHER_MODULE:
                continue
            found += [f"{path.relative_to(ROOT)}:{line}: {text.strip()[:60]!r}"
                      for line, text in _string_literals(path) if looks_like_cypher(text)]
    assert found == [], "Cypher belongs in graph/neo4j/cypher.py or graph/neo4j/queries/:\n" + "\n".join(found)


def test_the_named_query_module_is_seen_by_the_detector():
    """Guards the test above against a detector that finds nothing anywhere."""
    assert sum(looks_like_cypher(text) for _, text in _string_literals(CYPHER_MODULE)) >= 10


@pytest.fixture(scope="module")
def packaging() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_devtools_is_not_installed(packaging):
    from setuptools import find_packages

    installed = set(find_packages(where=str(ROOT), include=packaging["packages"]["find"]["include"]))
    assert {"graph.neo4j", "graph.neo4j.queries"} <= installed
    assert not any(name == "devtools" or name.startswith("devtools.") for name in installed)


def test_the_cookbook_files_are_package_data(packaging):
    patterns = packaging["package-data"]["graph.neo4j.queries"]
    folder = ROOT / "graph" / "neo4j" / "queries"
    shipped = {p.name for pattern in patterns for p in folder.glob(pattern)}
    assert shipped == {p.name for p in folder.glob("*.cypher")} and len(shipped) >= 12
