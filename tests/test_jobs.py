"""Periodic jobs: each alerts once, however often it runs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from hotline import jobs, policies
from hotline.notices.models import Notice
from hotline.roster.models import Shift
from hotline.wallclock import span

ZONE = ZoneInfo("Asia/Shanghai")


def _add(engine, staff_id, position, start, end, **extra):
    with Session(engine) as s:
        shift = Shift(staff_id=staff_id, position=position, start=start, end=end, **extra)
        s.add(shift)
        s.commit()
        return shift.id


def test_no_show_alerts_the_supervisor_on_duty_once(engine, settings, make_person, client):
    pol = policies.load(settings.schedules_dir)
    op, sup, other_sup = make_person("operator"), make_person("supervisor"), make_person("supervisor")
    now = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    late = _add(engine, op.id, "operator", now - timedelta(minutes=20), now + timedelta(hours=7))
    _add(engine, op.id, "operator", now - timedelta(minutes=5), now + timedelta(hours=7))  # grace
    _add(engine, sup.id, "supervisor", now - timedelta(hours=1), now + timedelta(hours=7),
         checked_in_at=now - timedelta(hours=1))
    assert jobs.check_no_shows(engine, settings, pol, now=now) == 1
    assert jobs.check_no_shows(engine, settings, pol, now=now + timedelta(minutes=1)) == 0
    with Session(engine) as s:
        found = s.exec(select(Notice).where(Notice.kind == "shift.no_show")).all()
    assert [(n.audience, n.data["shift_id"]) for n in found] == [(f"staff:{sup.id}", late)]
    # The supervisor on duty sees it; the one off duty does not.
    assert [n["kind"] for n in client.get("/api/notices", headers=sup.headers).json()] == [
        "shift.no_show"]
    assert client.get("/api/notices", headers=other_sup.headers).json() == []
    nid = found[0].id
    assert client.post(f"/api/notices/{nid}/ack", headers=other_sup.headers).status_code == 403
    assert client.post(f"/api/notices/{nid}/ack", headers=sup.headers).json()["acknowledged_by"] == sup.id
    assert client.get("/api/notices", headers=sup.headers).json() == []


def test_coverage_look_ahead_raises_each_gap_once(engine, settings, make_person, client):
    pol = policies.load(settings.schedules_dir)
    sup = make_person("supervisor")
    now = datetime.now(UTC)
    first = jobs.check_coverage_gaps(engine, settings, pol, now=now)
    assert first > 0  # an empty roster: every position is short for 30 days
    assert jobs.check_coverage_gaps(engine, settings, pol, now=now) == 0
    notices = client.get("/api/notices", headers=sup.headers).json()
    assert {n["data"]["position"] for n in notices} == {
        "operator", "crisis_primary", "crisis_backup", "supervisor"}
    # Staffing a supervisor for tomorrow's day shift changes that gap: a new notice for it.
    day = (now.astimezone(ZONE) + timedelta(days=1)).date()
    s, e = span(day, time(8), time(16), ZONE)
    _add(engine, sup.id, "supervisor", s, e)
    assert jobs.check_coverage_gaps(engine, settings, pol, now=now) >= 1


def test_old_realtime_events_are_pruned(engine):
    from hotline.realtime.models import Event

    now = datetime(2026, 11, 23, tzinfo=UTC)
    with Session(engine) as s:
        s.add(Event(type="x", created_at=now - timedelta(days=8)))
        s.add(Event(type="y", created_at=now - timedelta(days=1)))
        s.commit()
    assert jobs.prune_events(engine, now=now) == 1
    with Session(engine) as s:
        assert [e.type for e in s.exec(select(Event))] == ["y"]
