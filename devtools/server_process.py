"""Watching a Neo4j server's process from the outside: which process, how busy, how much it holds.

For the tests and benchmarks that check a query really let go of the
server: the Bolt port leads to the process (through ``/proc``), its CPU
time comes from ``/proc/<pid>/stat``, and its live heap from the JDK's
``jcmd`` next to the server's own ``java`` (a class histogram, which
collects garbage first, so only what is still referenced counts).
Linux only, like ``scripts/neo4j-local``.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from pathlib import Path

__all__ = ["CpuSampler", "cpu_seconds", "live_heap_bytes", "pid_listening_on"]

_TICKS = os.sysconf("SC_CLK_TCK")


def pid_listening_on(port: int) -> int | None:
    """The process listening on TCP ``port`` on this machine, or ``None``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{inode}]")
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in inodes for fd in fd_dir.iterdir()):
                return int(fd_dir.parent.name)
        except OSError:  # gone, or not ours to read
            continue
    return None


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


class CpuSampler:
    """The process's CPU use, sampled every ``interval`` seconds by a small process of its own.

    It sees what the server did while a call was still running in the
    caller, so the moment the server let go is known even when the caller
    returned later.  The sampling runs in another process because the caller
    may hold the GIL for long stretches (the driver decoding one huge row),
    which would leave a sampling thread without samples just when they
    matter.  Both processes read the same system-wide monotonic clock.
    """

    _PROGRAM = (
        "import sys, time\n"
        "stat, interval, ticks = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])\n"
        "while True:\n"
        "    fields = open(stat).read().rsplit(')', 1)[1].split()\n"
        "    print(time.monotonic(), (int(fields[11]) + int(fields[12])) / ticks, flush=True)\n"
        "    time.sleep(interval)\n"
    )

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float]] = []  # (monotonic time, cpu seconds)
        self._lock = threading.Lock()

    def __enter__(self) -> CpuSampler:
        import sys

        self.started = time.monotonic()
        self._process = subprocess.Popen([sys.executable, "-c", self._PROGRAM, f"/proc/{self.pid}/stat", str(self.interval),
                                          str(_TICKS)], stdout=subprocess.PIPE, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._process.kill()
        self._process.wait()
        self._reader.join()

    def _read(self) -> None:
        for line in self._process.stdout:
            moment, cpu = (float(part) for part in line.split())
            with self._lock:
                self.samples.append((moment, cpu))

    def wait_for_idle(self, *, until: float, quiet: float = 1.0, busy: float = 0.25) -> float | None:
        """Keep sampling until the process has been idle for ``quiet`` seconds (or ``until`` passes);
        return when, after :meth:`__enter__`, that quiet stretch began, or ``None``."""
        while time.monotonic() < until:
            released = self.released(quiet=quiet, busy=busy)
            if released is not None:
                return released
            time.sleep(self.interval)
        return self.released(quiet=quiet, busy=busy)

    def released(self, *, quiet: float, busy: float) -> float | None:
        """Seconds from the start to the last busy sample, if the process has been idle for ``quiet`` since."""
        with self._lock:
            samples = [sample for sample in self.samples if sample[0] >= self.started - self.interval]
        last_busy = self.started
        for (t0, c0), (t1, c1) in zip(samples, samples[1:]):
            if (c1 - c0) / max(t1 - t0, 1e-6) >= busy:
                last_busy = t1
        if samples and samples[-1][0] - last_busy >= quiet:
            return last_busy - self.started
        return None


def live_heap_bytes(pid: int) -> int:
    """Bytes of the JVM heap still referenced, after a full collection (``jcmd GC.class_histogram``)."""
    jcmd = Path(os.readlink(f"/proc/{pid}/exe")).with_name("jcmd")
    done = subprocess.run([str(jcmd), str(pid), "GC.class_histogram"], capture_output=True, text=True, timeout=120)
    total = re.search(r"^Total\s+\d+\s+(\d+)\s*$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not total:
        raise RuntimeError(f"jcmd could not read the heap of {pid}: {done.stderr or done.stdout[-500:]}")
    return int(total.group(1))
