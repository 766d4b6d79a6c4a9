"""The generator's review as a grid: people by days, with load against the fair share."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hotline.roster.generator import ProposedShift, RosterProposal, RosterStatus, Workload
from hotline.roster.policy import Position
from operator_ui import review_grid

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2030, 3, 4, tzinfo=ZONE).astimezone(UTC)


def _shift(staff, day, hour, position=Position.operator):
    start = MONDAY + timedelta(days=day, hours=hour)
    return ProposedShift(staff, position, start, start + timedelta(hours=8), "day")


def test_people_by_day_with_their_load_against_the_fair_share():
    proposal = RosterProposal(
        status=RosterStatus.feasible, since=MONDAY, until=MONDAY + timedelta(days=7),
        shifts=[_shift(1, 0, 8), _shift(1, 5, 16, Position.crisis_primary), _shift(2, 2, 0)],
        workload={1: Workload(16, 2, 0, 1), 2: Workload(8, 1, 1, 0), 3: Workload(0, 0, 0, 0)},
    )
    grid = review_grid.build(proposal, {1: "An", 2: "Bo"}, ZONE)
    assert grid.days[0] == date(2030, 3, 4) and len(grid.days) == 7
    assert [r.name for r in grid.rows] == ["An", "Bo"]  # busiest first; idle people not listed
    an = grid.rows[0]
    assert an.cells == {date(2030, 3, 4): [("operator", "08–16")],
                        date(2030, 3, 9): [("crisis_primary", "16–00")]}
    assert (an.hours, an.nights, an.weekends) == (16, 0, 1)
    assert (grid.fair_hours, grid.fair_nights, grid.fair_weekends) == (8.0, 0.3, 0.3)
