"""The generator's proposal as a grid of people by days, each row with the person's hours,
nights and weekends against the fair share (the mean over everyone the generator could use)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo

from hotline.roster.generator import RosterProposal


@dataclass
class PersonRow:
    staff_id: int
    name: str
    cells: dict[date, list[tuple[str, str]]] = field(default_factory=dict)  # (position, "08–16")
    hours: float = 0.0
    nights: int = 0
    weekends: int = 0


@dataclass
class ReviewGrid:
    days: list[date]
    rows: list[PersonRow]
    fair_hours: float
    fair_nights: float
    fair_weekends: float


def build(proposal: RosterProposal, names: dict[Any, str], zone: ZoneInfo) -> ReviewGrid:
    """Rows for everyone with a shift in the proposal, busiest first."""
    first = proposal.since.astimezone(zone).date()
    last = (proposal.until - timedelta(seconds=1)).astimezone(zone).date()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    cells: dict[int, dict[date, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for s in sorted(proposal.shifts, key=lambda s: s.start):
        start, end = s.start.astimezone(zone), s.end.astimezone(zone)
        cells[s.staff_id][start.date()].append((str(s.position), f"{start:%H}–{end:%H}"))
    loads = proposal.workload
    rows = [PersonRow(staff, names.get(staff, str(staff)), dict(by_day),
                      loads[staff].hours if staff in loads else 0.0,
                      loads[staff].nights if staff in loads else 0,
                      loads[staff].weekends if staff in loads else 0)
            for staff, by_day in cells.items()]
    rows.sort(key=lambda r: (-r.hours, r.name))
    everyone = list(loads.values())
    return ReviewGrid(
        days=days, rows=rows,
        fair_hours=round(fmean(w.hours for w in everyone), 1) if everyone else 0.0,
        fair_nights=round(fmean(w.nights for w in everyone), 1) if everyone else 0.0,
        fair_weekends=round(fmean(w.weekends for w in everyone), 1) if everyone else 0.0,
    )
