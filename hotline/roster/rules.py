"""Working-time and position rules for one person's shifts. Pure, so manual edits, swaps and
the generator's tests all judge a roster the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from hotline.roster.policy import Position, WorkingTimeRules

# Which staff role lets a person hold which position.
POSITION_ROLE = {
    Position.operator: "operator",
    Position.crisis_primary: "crisis_responder",
    Position.crisis_backup: "crisis_responder",
    Position.supervisor: "supervisor",
}
MAX_SHIFT = timedelta(hours=16)
WEEK = timedelta(days=7)


class Placed(Protocol):
    start: datetime
    end: datetime


def eligible_positions(roles: Iterable[str]) -> set[Position]:
    roles = set(roles)
    return {p for p, role in POSITION_ROLE.items() if role in roles}


def _hours(td: timedelta) -> float:
    return td.total_seconds() / 3600


def _worked_in(shifts: Sequence[Placed], start: datetime, end: datetime) -> timedelta:
    return sum(
        (min(s.end, end) - max(s.start, start) for s in shifts if s.end > start and s.start < end),
        timedelta(),
    )


def violations(
    candidate: Placed, others: Sequence[Placed], rules: WorkingTimeRules, zone: ZoneInfo
) -> list[str]:
    """Every rule ``candidate`` breaks next to the same person's ``others``; empty when fine."""
    problems: list[str] = []
    if candidate.end <= candidate.start:
        return ["A shift must end after it starts."]
    if candidate.end - candidate.start > MAX_SHIFT:
        problems.append(f"A shift may last at most {_hours(MAX_SHIFT):g} hours.")
    rest = timedelta(hours=rules.min_rest_hours)
    for other in others:
        if other.start < candidate.end and candidate.start < other.end:
            problems.append(
                f"Overlaps another shift of the same person ({_fmt(other, zone)})."
            )
        elif timedelta(0) <= candidate.start - other.end < rest or (
            timedelta(0) <= other.start - candidate.end < rest
        ):
            problems.append(
                f"Less than {rules.min_rest_hours:g} h rest next to the shift {_fmt(other, zone)}."
            )
    day = candidate.start.astimezone(zone).date()
    same_day = [o for o in others if o.start.astimezone(zone).date() == day]
    if len(same_day) + 1 > rules.max_shifts_per_day:
        problems.append(f"More than {rules.max_shifts_per_day} shift(s) on {day.isoformat()}.")
    everything = [*others, candidate]
    limit = timedelta(hours=rules.max_hours_per_7_days)
    # The busiest 7-day window touching the candidate starts at a shift start or ends at a
    # shift end, so those windows are enough to check.
    windows = [(s.start, s.start + WEEK) for s in everything] + [
        (s.end - WEEK, s.end) for s in everything
    ]
    for start, end in windows:
        if end > candidate.start and start < candidate.end:
            worked = _worked_in(everything, start, end)
            if worked > limit:
                problems.append(
                    f"{_hours(worked):g} h in the 7 days from {_local(start, zone)}; "
                    f"the limit is {rules.max_hours_per_7_days:g} h."
                )
                break
    return list(dict.fromkeys(problems))


def _local(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _fmt(shift: Placed, zone: ZoneInfo) -> str:
    return f"{_local(shift.start, zone)}-{shift.end.astimezone(zone).strftime('%H:%M')}"
