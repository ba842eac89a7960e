"""Commands of this group are being written; see the issue tracker."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this group's commands (none yet)."""
