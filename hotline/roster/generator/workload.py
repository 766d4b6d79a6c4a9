"""Each person's workload in a proposed roster, and how evenly it is spread: the figures a
supervisor checks before publishing. Computed from the shifts alone, not the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from hotline.roster.generator.model import is_night, overlap_minutes
from hotline.roster.policy import Position

if TYPE_CHECKING:
    from hotline.roster.generator.propose import Candidate, ProposedShift, RosterRequest


@dataclass(frozen=True)
class Workload:
    hours: float  # real hours inside the period (a DST night counts 7 or 9)
    shifts: int
    nights: int
    weekends: int  # shifts starting on a local Saturday or Sunday


@dataclass(frozen=True)
class FairnessSpread:
    """Max minus min among the people who may hold exactly ``positions`` and had no leave
    in the period (people on leave are not comparable by raw totals); nights only among
    those who do not avoid them."""

    positions: frozenset[Position]
    people: int
    hours: float
    nights: int
    weekends: int


def workloads(
    shifts: Sequence[ProposedShift], request: RosterRequest, since: datetime, until: datetime
) -> dict[int, Workload]:
    """Every candidate's load (zero when unused) plus anyone holding a pinned shift."""
    minutes: dict[int, int] = {c.staff_id: 0 for c in request.candidates}
    counts = {staff: [0, 0, 0] for staff in minutes}
    for s in shifts:
        minutes[s.staff_id] = minutes.get(s.staff_id, 0) + overlap_minutes(
            s.start, s.end, since, until
        )
        count = counts.setdefault(s.staff_id, [0, 0, 0])
        count[0] += 1
        count[1] += is_night(s.start, s.end, request.zone)
        count[2] += s.start.astimezone(request.zone).weekday() >= 5
    return {
        staff: Workload(minutes[staff] / 60, *counts[staff]) for staff in sorted(minutes)
    }


def fairness(
    loads: dict[int, Workload], request: RosterRequest, since: datetime, until: datetime
) -> list[FairnessSpread]:
    """The spread of hours, nights and weekends per group of interchangeable people."""
    groups: dict[frozenset[Position], list[Candidate]] = {}
    for c in request.candidates:
        on_leave = any(a < until and since < b for a, b in c.unavailable)
        if c.positions and not on_leave:
            groups.setdefault(c.positions, []).append(c)
    return [
        FairnessSpread(
            positions,
            len(members),
            _spread([loads[c.staff_id].hours for c in members]),
            int(_spread([
                loads[c.staff_id].nights for c in members if not c.preferences.avoid_nights
            ])),
            int(_spread([loads[c.staff_id].weekends for c in members])),
        )
        for positions, members in sorted(groups.items(), key=lambda g: sorted(g[0]))
    ]


def _spread(values: Sequence[float]) -> float:
    return max(values) - min(values) if values else 0
