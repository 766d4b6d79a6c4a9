"""Coverage analysis: every interval where fewer people are scheduled than policy requires.

Pure: shifts and a policy in, gaps out. Shifts are UTC instants; requirements are per local
wall-clock hour of the week. Walking the real local hour boundaries (found in UTC, so a
23- or 25-hour day is simply a day with one hour fewer or more) keeps it right across
daylight-saving changes in any IANA zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

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


def local_hour_starts(since: datetime, until: datetime, zone: ZoneInfo) -> list[datetime]:
    """UTC instants in [since, until) at which a local wall-clock hour begins."""
    t = since.astimezone(UTC)
    t = t - timedelta(minutes=t.minute % 15, seconds=t.second, microseconds=t.microsecond)
    out = []
    while t < until:
        if t >= since and t.astimezone(zone).minute == 0:
            out.append(t)
        t += _STEP
    return out


def hour_of_week(instant: datetime, zone: ZoneInfo) -> int:
    local = instant.astimezone(zone)
    return local.weekday() * 24 + local.hour


def required_at(policy: CoveragePolicy, position: Position, instant: datetime,
                zone: ZoneInfo) -> int:
    """Staff required in ``position`` at ``instant``: its local hour, dated rules included."""
    local = instant.astimezone(zone)
    return policy.required_on(position, local.date(), local.hour)


def _count_timeline(
    shifts: Sequence[Scheduled], position: Position, cuts: list[datetime]
) -> list[int]:
    """How many hold ``position`` during each segment [cuts[i], cuts[i+1])."""
    deltas: dict[datetime, int] = {}
    for s in shifts:
        if s.position == position:
            deltas[s.start] = deltas.get(s.start, 0) + 1
            deltas[s.end] = deltas.get(s.end, 0) - 1
    counts, running, events = [], 0, sorted(deltas.items())
    i = 0
    for cut in cuts[:-1]:
        while i < len(events) and events[i][0] <= cut:
            running += events[i][1]
            i += 1
        counts.append(running)
    return counts


def analyse(
    shifts: Iterable[Scheduled],
    policy: CoveragePolicy,
    since: datetime,
    until: datetime,
    zone: ZoneInfo,
    positions: Iterable[Position] = tuple(Position),
) -> CoverageReport:
    """Every gap in [since, until) and the share of required position-hours that is staffed."""
    if until <= since:
        return CoverageReport([], 1.0, 0.0, 0.0)
    shifts = [s for s in shifts if s.end > since and s.start < until]
    boundaries = set(local_hour_starts(since, until, zone))
    for s in shifts:
        boundaries.update(t for t in (s.start, s.end) if since < t < until)
    cuts = sorted({since, until, *boundaries})
    local = [c.astimezone(zone) for c in cuts[:-1]]
    days = [(t.date(), t.hour) for t in local]
    unique_days = {d for d, _ in days}
    gaps: list[CoverageGap] = []
    required_s = staffed_s = 0.0
    for position in positions:
        counts = _count_timeline(shifts, position, cuts)
        table = {d: policy.day(position, d) for d in unique_days}
        for i, scheduled in enumerate(counts):
            day, hour = days[i]
            required = table[day][hour]
            seconds = (cuts[i + 1] - cuts[i]).total_seconds()
            required_s += required * seconds
            staffed_s += min(required, scheduled) * seconds
            if scheduled >= required:
                continue
            last = gaps[-1] if gaps else None
            if (
                last is not None and last.position == position and last.end == cuts[i]
                and (last.required, last.scheduled) == (required, scheduled)
            ):
                gaps[-1] = CoverageGap(last.start, cuts[i + 1], position, required, scheduled)
            else:
                gaps.append(CoverageGap(cuts[i], cuts[i + 1], position, required, scheduled))
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
