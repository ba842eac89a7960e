"""Helpers for working on mlpath from a checkout: tests and benchmarks only.

Not installed with the package (``pyproject.toml`` lists what is), so
production code cannot import it by accident.
"""
