"""The domain error hierarchy.

Every error mlpath raises on purpose derives from :class:`MlpathError`, and
most also derive from the builtin a caller would naturally catch
(``LookupError`` for unknown ids, ``ValueError`` for bad data).  Nothing here
knows about HTTP: ``api/errors.py`` maps these classes to status codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Fault",
    "MlpathError",
    "GraphLoadError",
    "UnknownNodeError",
    "InfeasiblePlanError",
    "PlanTimeoutError",
    "InvalidRequestError",
    "Neo4jUnavailableError",
    "UnsafeQueryError",
    "LearnerNotFoundError",
    "LearnerExistsError",
    "LearnerStateError",
    "StaleVersionError",
    "LearnerStoreUnavailableError",
]


class MlpathError(Exception):
    """Root of every error mlpath raises deliberately."""


@dataclass(frozen=True, order=True)
class Fault:
    """One problem found in a curriculum, located precisely.

    ``severity`` is ``"error"`` (the graph is rejected) or ``"warning"``
    (reported, the graph still loads).
    """

    file: str
    node: str
    message: str
    severity: str = "error"
    code: str = field(default="invalid", compare=False)

    def __str__(self) -> str:
        where = f"{self.file}: {self.node}" if self.node else self.file
        return f"{where}: {self.severity}: {self.message}"


class GraphLoadError(MlpathError, ValueError):
    """A curriculum failed validation; ``faults`` holds every error found."""

    def __init__(self, faults: list[Fault]):
        self.faults = sorted(faults)
        errors = [f for f in self.faults if f.severity == "error"]
        head = f"{len(errors)} error(s) in the curriculum"
        super().__init__(head + ":\n" + "\n".join(f"  {f}" for f in errors))


class UnknownNodeError(MlpathError, LookupError):
    """A node id or free-text skill did not resolve; ``suggestions`` are ids."""

    def __init__(self, query: str, suggestions: list[str] | tuple[str, ...] = (), message: str = ""):
        self.query = query
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(message or f"unknown node or skill {query!r}{hint}")


class UnknownStageError(UnknownNodeError):
    """A stage id the curriculum does not define; ``suggestions`` are close stage ids.

    A node lookup's error underneath (callers that catch unknown ids catch
    this too), with a problem type of its own: the fix is a different list
    of ids (the curriculum's stages, not its nodes).
    """


class InvalidRequestError(MlpathError, ValueError):
    """A plan request is malformed in a way the schema cannot express."""


class InfeasiblePlanError(MlpathError, ValueError):
    """No plan reaches the targets under the request's constraints.

    ``blocking`` names the node ids that make it impossible (for example
    targets whose every route passes through an avoided node).
    """

    def __init__(self, message: str, blocking: list[str] | tuple[str, ...] = ()):
        self.blocking = tuple(blocking)
        super().__init__(message)


class PlanTimeoutError(MlpathError, TimeoutError):
    """The exact solver hit its time limit before proving optimality."""


class Neo4jUnavailableError(MlpathError, ConnectionError):
    """Neo4j is not configured or not reachable right now."""


class UnsafeQueryError(MlpathError, PermissionError):
    """A Cypher query was refused by the read-only guard."""


class LearnerNotFoundError(MlpathError, LookupError):
    """No learner has this id (never created, or deleted)."""

    def __init__(self, learner_id: str, message: str = ""):
        self.learner_id = learner_id
        super().__init__(message or f"no learner {learner_id!r}")


class LearnerExistsError(MlpathError, ValueError):
    """An import names a learner id the store already holds; nothing was written."""


class LearnerStateError(MlpathError, ValueError):
    """The learner's saved state cannot give what was asked (a plan without any target)."""


class StaleVersionError(MlpathError, ValueError):
    """A write expected another version of the learner than the stored one; nothing was written.

    ``current`` is the stored version, so the caller can re-read and retry.
    """

    def __init__(self, learner_id: str, expected: int, current: int):
        self.learner_id = learner_id
        self.expected = expected
        self.current = current
        super().__init__(f"learner {learner_id!r} is at version {current}, not {expected}: re-read it and retry")


class LearnerStoreUnavailableError(MlpathError, ConnectionError):
    """The learner store cannot answer now (Neo4j down, the embedded file locked too long).

    ``retry_after`` is a hint in seconds; nothing was written.
    """

    def __init__(self, message: str, *, retry_after: int = 5):
        self.retry_after = retry_after
        super().__init__(message)
