"""The coverage board's data: hours per position, short hours, who is on, no-shows."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session

from hotline import policies
from hotline.roster import board
from hotline.roster.models import Shift
from hotline.wallclock import at
from tests.roster.test_shifts_api import ZONE


def test_week_grid_marks_short_hours_and_who_is_on(engine, settings, make_person):
    pol = policies.load(settings.schedules_dir)
    sup, op = make_person("supervisor"), make_person("operator")
    now = datetime.now(UTC)
    today = now.astimezone(ZONE).date()
    monday = board.monday_of(today)
    with Session(engine) as s:
        s.add(Shift(staff_id=sup.id, position="supervisor", start=at(monday, time(8), ZONE),
                    end=at(monday, time(16), ZONE), checked_in_at=at(monday, time(8), ZONE)))
        s.add(Shift(staff_id=op.id, position="operator", start=now - timedelta(minutes=30),
                    end=now + timedelta(hours=2)))
        s.commit()
        b = board.build(s, week_start=monday, settings=settings, policies=pol, now=now)
    sup_monday = b.rows["supervisor"][0]
    assert len(sup_monday) == 24 and len(b.days) == 7
    assert [c.scheduled for c in sup_monday[8:16]] == [1] * 8
    assert not any(c.short for c in sup_monday[8:16])
    assert sup_monday[7].short and sup_monday[16].short and sup_monday[7].staff_ids == []
    assert sup_monday[9].staff_ids == [sup.id]
    assert b.rows["operator"][0][20].required == 3  # the evening peak
    assert [s.staff_id for s in b.on_now["operator"]] == [op.id]
    assert [s.staff_id for s in b.no_shows] == [op.id]  # started 30 min ago, no check-in
    assert b.names[op.id] == op.staff.full_name
    assert 0 < b.week_ratio < 1 and b.month_gaps > 0
