"""Coverage analysis: every interval where fewer people are scheduled than policy requires.

Pure: shifts and a policy in, gaps out. Shifts are UTC instants; requirements are per local
wall-clock hour of the week. Walking the real local hour boundaries (found in UTC, so a
23- or 25-hour day is simply a day with one hour fewer or more) keeps it right across
daylight-saving changes in any IANA zone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import Protocol
from zoneinfo import ZoneInfo

import numpy as np

from hotline.roster.policy import CoveragePolicy, Position

# Every zone's offset is a multiple of 15 minutes, so local hours start on these UTC marks.
_STEP = timedelta(minutes=15)


class Scheduled(Protocol):
    @property
    def position(self) -> str: ...

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


@dataclass(frozen=True)
class Presence:
    """A seat actually staffed: one shift from its check-in to its check-out (or end)."""

    position: str
    start: datetime
    end: datetime


class CheckedIn(Scheduled, Protocol):
    @property
    def checked_in_at(self) -> datetime | None: ...

    @property
    def checked_out_at(self) -> datetime | None: ...


def presence(shifts: Iterable[CheckedIn], now: datetime) -> list[Presence]:
    """What the checked-in basis counts: each shift from its check-in (not before its start)
    to its check-out or end, and never past ``now`` (nobody is present in the future)."""
    out = []
    for s in shifts:
        if s.checked_in_at is None:
            continue
        start = max(s.start, s.checked_in_at)
        end = min(s.end, s.checked_out_at or s.end, now)
        if end > start:
            out.append(Presence(s.position, start, end))
    return out


@dataclass(frozen=True)
class CoverageGap:
    start: datetime
    end: datetime
    position: Position
    required: int
    scheduled: int

    @property
    def missing_hours(self) -> float:
        return (self.required - self.scheduled) * (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class CoverageReport:
    gaps: list[CoverageGap]
    covered_ratio: float  # staffed position-hours / required position-hours, 1.0 if none needed
    required_hours: float
    staffed_hours: float


_HOUR = timedelta(hours=1)


def _local_hours(
    since: datetime, until: datetime, zone: ZoneInfo
) -> list[tuple[datetime, date, int]]:
    """``(UTC instant, local date, local hour)`` of every local hour start in [since, until).

    From one hour start the next is normally an hour later; where the offset just changed
    (daylight saving, by an hour or by 30 minutes) the 15-minute walk finds it."""
    t = since.astimezone(UTC)
    t = t - timedelta(minutes=t.minute % 15, seconds=t.second, microseconds=t.microsecond)
    out = []
    while t < until:
        local = t.astimezone(zone)
        if t >= since and local.minute == 0:
            out.append((t, local.date(), local.hour))
            t += _HOUR
        else:
            t += _STEP
    return out


def local_hour_starts(since: datetime, until: datetime, zone: ZoneInfo) -> list[datetime]:
    """UTC instants in [since, until) at which a local wall-clock hour begins."""
    return [t for t, _, _ in _local_hours(since, until, zone)]


def hour_of_week(instant: datetime, zone: ZoneInfo) -> int:
    local = instant.astimezone(zone)
    return local.weekday() * 24 + local.hour


def required_at(policy: CoveragePolicy, position: Position, instant: datetime,
                zone: ZoneInfo) -> int:
    """Staff required in ``position`` at ``instant``: its local hour, dated rules included."""
    local = instant.astimezone(zone)
    return policy.required_on(position, local.date(), local.hour)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def _micros(instant: datetime) -> int:
    return (instant - _EPOCH) // _MICRO


def _instant(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _held(starts: list[int], ends: list[int], weights: list[int],
          at: np.ndarray) -> np.ndarray:
    """How many hold a position at each instant of ``at``: begun at or before it, not ended."""
    def upto(times: list[int]) -> np.ndarray:
        order = np.argsort(np.array(times, dtype=np.int64), kind="stable")
        sorted_times = np.array(times, dtype=np.int64)[order]
        total = np.concatenate([[0], np.cumsum(np.array(weights, dtype=np.int64)[order])])
        return total[np.searchsorted(sorted_times, at, side="right")]

    return upto(starts) - upto(ends)


def analyse(
    shifts: Iterable[Scheduled],
    policy: CoveragePolicy,
    since: datetime,
    until: datetime,
    zone: ZoneInfo,
    positions: Iterable[Position] = tuple(Position),
) -> CoverageReport:
    """Every gap in [since, until) and the share of required position-hours that is staffed.

    The timeline is cut at every local hour start and every shift start or end; a segment's
    count is how many shifts began at or before it minus how many ended. Rosters repeat a few
    patterns, so identical shifts are counted once with a weight, times become integer
    microseconds and the counting runs in numpy: a year for 200 staff is a few arrays."""
    if until <= since:
        return CoverageReport([], 1.0, 0.0, 0.0)
    lo, hi = _micros(since), _micros(until)
    by_position: dict[str, tuple[list[int], list[int], list[int]]] = {}
    for (position, start, end), count in Counter(
        map(attrgetter("position", "start", "end"), shifts)
    ).items():
        if end > since and start < until:
            starts, ends, weights = by_position.setdefault(position, ([], [], []))
            starts.append(_micros(start))
            ends.append(_micros(end))
            weights.append(count)
    hours = _local_hours(since, until, zone)
    hour_starts = np.array([_micros(t) for t, _, _ in hours], dtype=np.int64)
    # The local (date, hour) of each local hour, and of the part before the first one (if any).
    first = since.astimezone(zone)
    slots = [(first.date(), first.hour), *((d, h) for _, d, h in hours)]
    edges = [t for starts, ends, _ in by_position.values() for t in (*starts, *ends)]
    inner = np.array(edges, dtype=np.int64)
    cuts = np.unique(np.concatenate(
        [hour_starts, np.array([lo, hi], dtype=np.int64), inner[(inner > lo) & (inner < hi)]]))
    segments, seconds = cuts[:-1], np.diff(cuts) / 1e6
    slot_of = np.searchsorted(hour_starts, segments, side="right")
    days = sorted({d for d, _ in slots})
    day_index = {d: i for i, d in enumerate(days)}
    slot_day = np.array([day_index[d] for d, _ in slots], dtype=np.int64)
    slot_hour = np.array([h for _, h in slots], dtype=np.int64)
    gaps: list[CoverageGap] = []
    required_s = staffed_s = 0.0
    for position in positions:
        starts, ends, weights = by_position.get(position.value, ([], [], []))
        scheduled = _held(starts, ends, weights, segments)
        # Each day's requirement looked up once per position (dated rules included).
        table = np.array([policy.day(position, d) for d in days], dtype=np.int64)
        required = table[slot_day, slot_hour][slot_of]
        required_s += float((required * seconds).sum())
        staffed_s += float((np.minimum(required, scheduled) * seconds).sum())
        for i in np.flatnonzero(scheduled < required).tolist():
            need, have = int(required[i]), int(scheduled[i])
            begin, stop = _instant(int(cuts[i])), _instant(int(cuts[i + 1]))
            last = gaps[-1] if gaps else None
            if (
                last is not None and last.position == position and last.end == begin
                and (last.required, last.scheduled) == (need, have)
            ):
                gaps[-1] = CoverageGap(last.start, stop, position, need, have)
            else:
                gaps.append(CoverageGap(begin, stop, position, need, have))
    gaps.sort(key=lambda g: (g.start, list(Position).index(g.position)))
    ratio = staffed_s / required_s if required_s else 1.0
    return CoverageReport(gaps, ratio, required_s / 3600, staffed_s / 3600)


def new_gaps(before: CoverageReport, after: CoverageReport) -> list[CoverageGap]:
    """Gaps a change would open or deepen: the parts of ``after`` not already short in ``before``.

    Compared per position and instant, so moving a shift that leaves an old gap as it was is
    not blamed for it.
    """
    opened: list[CoverageGap] = []
    for gap in after.gaps:
        worse = True
        for old in before.gaps:
            if (
                old.position == gap.position and old.start <= gap.start and old.end >= gap.end
                and old.scheduled <= gap.scheduled
            ):
                worse = False
                break
        if worse:
            opened.append(gap)
    return opened
