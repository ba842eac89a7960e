"""The recommender's docstring examples, run by pytest: one test per module that has any."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import recommender


def _modules_with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    names = []
    for info in pkgutil.iter_modules(recommender.__path__, "recommender."):
        module = importlib.import_module(info.name)
        if any(test.examples for test in finder.find(module)):
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules_with_examples())
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted and not result.failed


def test_the_planner_and_the_frontier_have_examples():
    assert {"recommender.planner", "recommender.frontier"} <= set(_modules_with_examples())
