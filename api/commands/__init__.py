"""Command groups of the ``mlpath`` CLI; see ``api/cli.py``."""
