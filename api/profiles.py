"""The command line's names for learners: ``default``, ``work``, ... -> a learner id.

Names are local to one user's machine, so they live beside the embedded
store (``<data dir>/profiles.json``), not in a store several people share.
Each store location (the SQLite file, or a Neo4j URI and database) has its
own names, so switching stores never points a name at a learner the other
store does not have.  Every change rewrites the file whole (a temporary file,
flushed, then renamed over the old one) under an exclusive lock, so two
commands at once and a crash mid-write never leave a broken file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["Profiles", "DEFAULT_PROFILE"]

DEFAULT_PROFILE = "default"
FILENAME = "profiles.json"


class Profiles:
    def __init__(self, data_dir: str | Path, location: str) -> None:
        self.path = Path(data_dir) / FILENAME
        self.location = location

    def names(self) -> dict[str, str]:
        """Name -> learner id for this store, sorted by name."""
        return dict(sorted(self._read().get(self.location, {}).items()))

    def lookup(self, name: str) -> str | None:
        return self.names().get(name)

    def assign(self, name: str, learner_id: str) -> None:
        with self._changing() as everything:
            everything.setdefault(self.location, {})[name] = learner_id

    def forget_id(self, learner_id: str) -> None:
        """Drop every name of ``learner_id`` (after it was deleted)."""
        with self._changing() as everything:
            names = everything.get(self.location, {})
            for name in [n for n, i in names.items() if i == learner_id]:
                del names[name]

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    @contextlib.contextmanager
    def _changing(self) -> Iterator[dict[str, dict[str, str]]]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock_path = self.path.with_suffix(".lock")
        with os.fdopen(os.open(lock_path, os.O_CREAT | os.O_WRONLY, 0o600), "w") as lock:
            _lock(lock)
            everything = self._read()
            yield everything
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".profiles-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(everything, out, indent=2, sort_keys=True)
                    out.write("\n")
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
                raise


def _lock(handle) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: one command at a time is the user's care
        return
    fcntl.flock(handle, fcntl.LOCK_EX)
