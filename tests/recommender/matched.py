"""What the matching tests read from a match: the ids it names, in order."""

from __future__ import annotations


def ids(matcher, text: str) -> list[str]:
    """The curriculum ids ``matcher`` finds in ``text`` (things outside the curriculum left out)."""
    return [m.id for m in matcher.match(text) if m.id is not None]
