"""Working-time and position rules for one person's shifts. Pure, so manual edits, swaps and
the generator's tests all judge a roster the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from hotline.errors import Reason
from hotline.roster.coverage import Scheduled as Placed
from hotline.roster.policy import Position, PositionKind, ShiftsPolicy
from hotline.roster.wallclock import at

# Which staff role lets a person hold which position.
POSITION_ROLE = {
    Position.operator: "operator",
    Position.crisis_primary: "crisis_responder",
    Position.crisis_backup: "crisis_responder",
    Position.supervisor: "supervisor",
}
MAX_SHIFT = {PositionKind.on_site: timedelta(hours=16), PositionKind.on_call: timedelta(hours=25)}
WEEK = timedelta(days=7)


class WorkedSpan(NamedTuple):
    """A call-out: time worked during on-call standby."""

    staff_id: int
    start: datetime
    end: datetime


def eligible_positions(roles: Iterable[str]) -> set[Position]:
    roles = set(roles)
    return {p for p, role in POSITION_ROLE.items() if role in roles}


def _hours(td: timedelta) -> float:
    return td.total_seconds() / 3600


def _worked_in(spans: Sequence[tuple[datetime, datetime]], start: datetime,
               end: datetime) -> timedelta:
    """Time inside [start, end) covered by any span, overlaps counted once (a call-out
    taken during an on-site shift is that shift's time)."""
    total, reach = timedelta(), start
    for a, b in sorted((max(a, start), min(b, end)) for a, b in spans if b > start and a < end):
        if b > reach:
            total += b - max(a, reach)
            reach = b
    return total


def night_call_outs(worked: Sequence[WorkedSpan], zone: ZoneInfo) -> list[datetime]:
    """The ends of call-outs that touched the local night (00:00-06:00)."""
    ends = []
    for w in worked:
        end = w.end
        first = w.start.astimezone(zone).date()
        for day in (first - timedelta(days=1), first, first + timedelta(days=1)):
            night = (at(day, time(0), zone), at(day, time(6), zone))
            if w.start < night[1] and end >= night[0]:
                ends.append(end)
                break
    return ends


def violations(
    candidate: Placed, others: Sequence[Placed], policy: ShiftsPolicy, zone: ZoneInfo,
    worked: Sequence[WorkedSpan] = (),
) -> list[Reason]:
    """Every rule ``candidate`` breaks next to the same person's ``others`` and call-outs
    (``worked``); empty when fine. On-site and on-call shifts have their own rest, daily and
    7-day limits; on-call standby counts as working time only where it was ``worked``."""
    problems: list[Reason] = []
    if candidate.end <= candidate.start:
        return [Reason("rule.end_before_start")]
    kind = policy.kind(candidate.position)
    longest = MAX_SHIFT[kind]  # 25: a 24-hour standby on the night the clocks go back
    if candidate.end - candidate.start > longest:
        problems.append(Reason("rule.too_long", hours=f"{_hours(longest):g}"))
    limits = policy.limits(kind)
    for other in others:
        both_on_site = kind == policy.kind(other.position) == PositionKind.on_site
        rest = timedelta(hours=policy.rules.min_rest_hours if both_on_site
                         else policy.on_call.min_rest_hours)
        if other.start < candidate.end and candidate.start < other.end:
            problems.append(Reason("rule.overlap", other=_fmt(other, zone)))
        elif timedelta(0) <= candidate.start - other.end < rest or (
            timedelta(0) <= other.start - candidate.end < rest
        ):
            problems.append(Reason("rule.rest", hours=f"{_hours(rest):g}",
                                   other=_fmt(other, zone)))
    after_night = timedelta(hours=policy.on_call.rest_after_night_call_out_hours)
    for end in night_call_outs(worked, zone):
        if timedelta(0) <= candidate.start - end < after_night:
            problems.append(Reason("rule.rest_after_call_out", hours=f"{_hours(after_night):g}",
                                   ended=_local(end, zone)))
    day = candidate.start.astimezone(zone).date()
    same_day = [o for o in others if o.start.astimezone(zone).date() == day
                and policy.kind(o.position) == kind]
    if len(same_day) + 1 > limits.max_shifts_per_day:
        problems.append(Reason("rule.shifts_per_day", limit=limits.max_shifts_per_day,
                               day=day.isoformat()))
    everything = [*others, candidate]
    on_kind = [(s.start, s.end) for s in everything if policy.kind(s.position) == kind]
    # Working time: on-site shifts and call-outs; on-call standby has its own limit.
    work = [(s.start, s.end) for s in everything
            if policy.kind(s.position) == PositionKind.on_site]
    work += [(w.start, w.end) for w in worked]
    checks = [(work, policy.rules.max_hours_per_7_days, False)]
    if kind == PositionKind.on_call:
        checks.append((on_kind, policy.on_call.max_hours_per_7_days, True))
    for spans, hours, on_call in checks:
        limit = timedelta(hours=hours)
        # The busiest 7-day window touching the candidate starts at a span's start or ends
        # at a span's end, so those windows are enough to check.
        windows = [(a, a + WEEK) for a, _ in spans] + [(b - WEEK, b) for _, b in spans]
        for start, end in windows:
            if end > candidate.start and start < candidate.end:
                total = _worked_in(spans, start, end)
                if total > limit:
                    said = dict(total=f"{_hours(total):g}", start=_local(start, zone),
                                limit=f"{hours:g}")
                    problems.append(Reason("rule.on_call_hours_per_7_days", **said) if on_call
                                    else Reason("rule.hours_per_7_days", **said))
                    break
    return [r for i, r in enumerate(problems) if r not in problems[:i]]  # once each


def _local(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _fmt(shift: Placed, zone: ZoneInfo) -> str:
    return f"{_local(shift.start, zone)}-{shift.end.astimezone(zone).strftime('%H:%M')}"
