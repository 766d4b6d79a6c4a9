"""CPU used by each component of a benchmark (app instances, PostgreSQL, the load generator),
read from ``/proc`` (Linux): user + system time per process, summed per component."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` so far (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the name may hold spaces and parentheses
    return (int(fields[11]) + int(fields[12])) / TICKS


def children() -> dict[int, list[int]]:
    """Every process's children, read once from ``/proc`` (a sampler asking about several
    trees each second reads it once, not once per tree)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    return parents


def with_children(pid: int, parents: dict[int, list[int]] | None = None) -> list[int]:
    """``pid`` and every process below it (uvicorn's workers are its children)."""
    parents = children() if parents is None else parents
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


class CpuMeter:
    """Sample processes per component; ``used()`` is the CPU each component spent between
    ``begin()`` and the last sample. A process first seen after ``begin()`` counts from zero
    (a database connection opened during the run); one that ended keeps its last sample."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, int], float] = {}
        self._last: dict[tuple[str, int], float] = {}
        self._begun = False

    def sample(self, component: str, pids: Iterable[int]) -> None:
        for pid in pids:
            seconds = cpu_seconds(pid)
            if seconds is None:
                continue
            self._first.setdefault((component, pid), seconds if not self._begun else 0.0)
            self._last[(component, pid)] = seconds

    def begin(self) -> None:
        """Everything sampled so far is the baseline."""
        self._first = dict(self._last)
        self._begun = True

    def used(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for key, last in self._last.items():
            totals[key[0]] = totals.get(key[0], 0.0) + last - self._first.get(key, last)
        return totals
