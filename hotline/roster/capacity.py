"""The capacity check the generator makes before it searches: arithmetic a supervisor can
redo by hand, answering "impossible" in well under a second instead of after the time limit.

For every group of positions that share people, and every rolling 7-day window (local days),
the staffed hours the coverage needs are set against the most the people who may hold them
can give: each person's limit for the kind of work (on-site hours, on-call standby hours),
less what they already hold, and no more than one (or ``max_shifts_per_day``) of their
longest usable shifts per day, after leave, trainings and certificates. And for every local
hour, the people needed at once against the people eligible and free then. A shortfall is a
proof: no roster, however clever, can close it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate, combinations, pairwise
from typing import TYPE_CHECKING

from hotline.roster.coverage import local_hour_starts, required_at
from hotline.roster.generator.model import Part, Slot, overlaps, position_spans
from hotline.roster.policy import Position, PositionKind
from hotline.roster.wallclock import at

if TYPE_CHECKING:
    from hotline.roster.generator.propose import Candidate, RosterRequest

WEEK_DAYS = 7
HOUR = 3600.0


@dataclass(frozen=True)
class Shortfall:
    """One proven shortage: ``positions`` in the local days ``first``..``last`` (or at the
    instant ``at`` for people needed at once)."""

    positions: tuple[Position, ...]
    first: date
    last: date
    needed: float  # staffed hours (or people at once)
    available: float  # the most the eligible people can give
    people: int
    at: datetime | None = None
    windows: int = 1  # how many windows fall short (the worst is described)

    def describe(self, zone: object = None) -> str:
        label = " and ".join(p.value for p in self.positions)
        noun = "person is" if self.people == 1 else "people are"
        if self.at is not None:
            local = self.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]
            return (f"{label}, {local}: needs {self.needed:g} at once, only {self.people} "
                    f"eligible {noun} free then.")
        days = f"{self.first:%d %b}" if self.first == self.last else (
            f"{self.first:%d}-{self.last:%d %b %Y}" if self.first.month == self.last.month
            else f"{self.first:%d %b}-{self.last:%d %b %Y}")
        more = f" ({self.windows - 1} more 7-day windows fall short too)" if self.windows > 1 else ""
        who = (f"the {self.people} eligible {'person' if self.people == 1 else 'people'} can "
               f"give at most {self.available:g} h" if self.people else "nobody may hold it")
        return (f"{label}, {days}: needs {self.needed:g} h, {who}; short by "
                f"{self.needed - self.available:g} h{more}.")


def _need_by_day(request: RosterRequest, slots: Sequence[Slot], first: date,
                 ndays: int) -> dict[Position, list[float]]:
    """Staffed hours each position still needs (beyond pinned shifts), per local day."""
    zone = request.zone
    spans = position_spans(slots, request.shifts, request.first_day, request.zone)
    since, until = min(a for a, _ in spans.values()), max(b for _, b in spans.values())
    pinned = [p for p in request.pinned if overlaps(p.start, p.end, since, until)]
    cuts = set(local_hour_starts(since, until, zone)) | {since, until}
    cuts.update(t for p in pinned for t in (p.start, p.end) if since < t < until)
    cuts.update(t for a, b in spans.values() for t in (a, b))
    need: dict[Position, list[float]] = {p: [0.0] * ndays for p in spans}
    for lo, hi in pairwise(sorted(cuts)):
        day = (lo.astimezone(zone).date() - first).days
        for position, (a, b) in spans.items():
            if lo < a or hi > b:
                continue
            held = sum(1 for p in pinned
                       if p.position == position and p.start <= lo and p.end >= hi)
            short = required_at(request.coverage, position, lo, zone) - held
            if short > 0:
                need[position][day] += short * (hi - lo).total_seconds() / HOUR
    return need


def _groups(held: list[Position], part: Part, failed: list[frozenset[Position]]
            ) -> Iterator[tuple[tuple[Position, ...], list[Candidate]]]:
    """Groups of positions, smallest first, with the people who may hold any of them;
    a group holding one already found short (``failed``, filled by the caller) is skipped,
    since its shortage says nothing new (Hall's condition)."""
    for size in range(1, len(held) + 1):
        for group in combinations(held, size):
            if not any(f <= frozenset(group) for f in failed):
                yield group, [c for c in part.candidates if c.positions & set(group)]


def _free(slot: Slot, candidate: Candidate) -> bool:
    return not any(overlaps(slot.start, slot.end, a, b) for a, b in candidate.unavailable)


def _day_caps(request: RosterRequest, slots: Sequence[Slot], candidate: Candidate,
              patterns: set[str], first: date, ndays: int) -> list[float]:
    """The most hours this person can start per local day in these patterns: their longest
    free shift times the shifts allowed per day."""
    caps = [0.0] * ndays
    for slot in slots:
        if slot.pattern in patterns and _free(slot, candidate):
            i = (slot.day - first).days
            hours = (slot.end - slot.start).total_seconds() / HOUR
            per_day = request.shifts.limits(slot.kind).max_shifts_per_day
            caps[i] = max(caps[i], hours * per_day)
    return caps


def _held_hours(request: RosterRequest, staff_id: int, kind: PositionKind,
                start: datetime, end: datetime) -> float:
    spans = [(p.start, p.end) for p in request.pinned
             if p.staff_id == staff_id and request.shifts.kind(p.position) == kind]
    if kind == PositionKind.on_site:
        spans += [(w.start, w.end) for w in request.worked if w.staff_id == staff_id]
    return sum(max((min(b, end) - max(a, start)).total_seconds(), 0) for a, b in spans) / HOUR


def _windows(ndays: int) -> list[range]:
    """Rolling windows of 7 local days (day 0 and the last day only hold spill-over)."""
    inner = range(1, ndays - 1)
    if len(inner) <= WEEK_DAYS:
        return [inner]
    return [range(d, d + WEEK_DAYS) for d in range(1, ndays - WEEK_DAYS)]


def _hours_shortfalls(request: RosterRequest, slots: Sequence[Slot], part: Part,
                      first: date, ndays: int, need: dict[Position, list[float]],
                      bounds: list[datetime]) -> list[Shortfall]:
    policy = request.shifts
    held = [p for p in Position if p in part.positions and p in need]
    windows = _windows(ndays)
    need_sums = {p: [0.0, *accumulate(need[p])] for p in held}
    # Each person's cap per (kind, pattern set) and window, computed once.
    caps: dict[tuple[int, PositionKind, frozenset[str]], list[float]] = {}

    def cap(c: Candidate, kind: PositionKind, patterns: frozenset[str]) -> list[float]:
        key = (c.staff_id, kind, patterns)
        if key not in caps:
            days = [0.0, *accumulate(_day_caps(request, slots, c, set(patterns), first, ndays))]
            limit = policy.limits(kind).max_hours_per_7_days
            out = []
            for w in windows:
                start, end = bounds[w.start], bounds[w.stop]
                # Any 168 real hours hold at most ``limit``; a 169-hour DST week one hour more.
                real = (end - start).total_seconds() / HOUR
                allowed = limit * max(1.0, real / 168) if len(w) < WEEK_DAYS else (
                    limit + max(real - 168, 0))
                allowed -= _held_hours(request, c.staff_id, kind, start, end)
                # Shifts starting the day before the window may reach into it.
                out.append(max(min(allowed, days[w.stop] - days[max(w.start - 1, 0)]), 0.0))
            caps[key] = out
        return caps[key]

    found: list[Shortfall] = []
    failed: list[frozenset[Position]] = []
    for group, people in _groups(held, part, failed):
        short: list[tuple[float, int, float, float]] = []
        for wi, w in enumerate(windows):
            needed = sum(need_sums[p][w.stop] - need_sums[p][w.start] for p in group)
            if needed <= 0:
                continue
            supply = 0.0
            for c in people:
                mine = [p for p in group if p in c.positions]
                for kind in {policy.kind(p) for p in mine}:
                    patterns = frozenset(policy.pattern_name(p) for p in mine
                                         if policy.kind(p) == kind)
                    supply += cap(c, kind, patterns)[wi]
            if needed > supply + 1e-6:
                short.append((needed - supply, wi, needed, supply))
        if short:
            failed.append(frozenset(group))
            _, wi, needed, supply = max(short, key=lambda t: (t[0], -t[1]))  # earliest worst
            w = windows[wi]
            found.append(Shortfall(
                group, first + timedelta(days=w.start), first + timedelta(days=w.stop - 1),
                round(needed, 1), round(supply, 1), len(people), windows=len(short),
            ))
    return found


def _at_once_shortfalls(request: RosterRequest, slots: Sequence[Slot],
                        part: Part) -> list[Shortfall]:
    """Per local hour: more people needed at once than are eligible and not on leave."""
    zone = request.zone
    spans = position_spans(slots, request.shifts, request.first_day, request.zone)
    held = [p for p in Position if p in part.positions and p in spans]
    found: list[Shortfall] = []
    failed: list[frozenset[Position]] = []
    for group, people in _groups(held, part, failed):
        since = min(spans[p][0] for p in group)
        until = max(spans[p][1] for p in group)
        away = sorted((a, b) for c in people for a, b in c.unavailable
                      if a < until and b > since)
        for start in local_hour_starts(since, until, zone):
            needed = sum(required_at(request.coverage, p, start, zone) for p in group
                         if spans[p][0] <= start < spans[p][1])
            # Cheap first: at most len(away) people are away at any instant.
            if needed <= len(people) - len(away):
                continue
            free = len(people) - _away_at(away, start)
            if needed > free:
                failed.append(frozenset(group))
                local = start.astimezone(zone).date()
                found.append(Shortfall(group, local, local, needed, free, free, at=start))
                break
    return found


def _away_at(away: list[tuple[datetime, datetime]], instant: datetime) -> int:
    upto = bisect_right(away, (instant, instant))
    return sum(1 for a, b in away[:upto] if a <= instant < b)


def shortfalls(request: RosterRequest, slots: Sequence[Slot],
               parts: Sequence[Part]) -> list[Shortfall]:
    """Every proven shortage, smallest groups of positions first; empty when the arithmetic
    leaves room (the search may still find rest and daily limits too tight)."""
    # Day 0 is the day before the period and the last the day after: the first and last
    # on-call nights reach into them.
    first = request.first_day - timedelta(days=1)
    ndays = (request.last_day - first).days + 2
    bounds = [at(first + timedelta(days=i), time(0), request.zone) for i in range(ndays + 1)]
    need = _need_by_day(request, slots, first, ndays)
    found: list[Shortfall] = []
    for part in parts:
        found += _at_once_shortfalls(request, slots, part)
        found += _hours_shortfalls(request, slots, part, first, ndays, need, bounds)
    return found
