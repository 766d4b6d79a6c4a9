"""Coverage that counts people present: the checked-in basis, the live gap a no-show opens,
and the people the supervisor is told could cover."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs, policies
from hotline.db import utcnow
from hotline.notices.models import Notice
from hotline.realtime.models import Event
from hotline.roster.models import Leave, LeaveStatus, Shift


def _add(engine, staff_id, position, start, end, **extra) -> int:
    with Session(engine) as s:
        shift = Shift(staff_id=staff_id, position=position, start=start, end=end, **extra)
        s.add(shift)
        s.commit()
        return shift.id  # type: ignore[return-value]


def _supervised(engine, make_person, start, end):
    """A supervisor on duty and checked in, and the crisis pair, so only operators matter."""
    sup = make_person("supervisor")
    _add(engine, sup.id, "supervisor", start, end, checked_in_at=start)
    for position in ("crisis_primary", "crisis_backup"):
        _add(engine, make_person("crisis_responder").id, position, start, end, checked_in_at=start)
    return sup


def test_checked_in_basis_shows_the_empty_seat_the_roster_hides(engine, client, make_person):
    now = utcnow()
    start, end = now - timedelta(hours=2), now + timedelta(hours=6)
    sup = _supervised(engine, make_person, start, end)
    here, absent, extra = (make_person("operator") for _ in range(3))
    _add(engine, here.id, "operator", start, end, checked_in_at=start - timedelta(minutes=5))
    _add(engine, absent.id, "operator", start, end)
    # A third operator checked in an hour late and checked out again: present 1 h of 2.
    _add(engine, extra.id, "operator", start, end, checked_in_at=start + timedelta(hours=1),
         checked_out_at=now - timedelta(minutes=30))
    window = {"since": (now - timedelta(hours=1, minutes=30)).isoformat(),
              "until": (now + timedelta(hours=4)).isoformat()}
    rostered = client.get("/api/coverage", params=window, headers=sup.headers).json()
    assert [g for g in rostered["gaps"] if g["position"] == "operator"
            and g["required"] <= 2] == []
    checked = client.get("/api/coverage", params={**window, "basis": "checked_in"},
                         headers=sup.headers).json()
    answered = utcnow()  # the server's "now" is before this, however slow the machine is
    operator_gaps = [g for g in checked["gaps"] if g["position"] == "operator"]
    assert operator_gaps, checked
    # Counted up to now, not into the future; the seat of the absent operator is empty.
    assert all(datetime.fromisoformat(g["end"]) <= answered for g in checked["gaps"])
    assert all(g["scheduled"] < g["required"] for g in operator_gaps)
    assert min(g["scheduled"] for g in operator_gaps) == 1
    assert checked["covered_ratio"] < rostered["covered_ratio"]


def test_checked_in_basis_refuses_a_future_window(client, make_person):
    sup = make_person("supervisor")
    now = utcnow()
    answer = client.get("/api/coverage", headers=sup.headers, params={
        "since": (now + timedelta(hours=1)).isoformat(),
        "until": (now + timedelta(hours=2)).isoformat(), "basis": "checked_in"})
    assert answer.status_code == 422 and "since must be in the past" in answer.json()["detail"]
    bad = client.get("/api/coverage", headers=sup.headers, params={
        "since": now.isoformat(), "until": (now + timedelta(hours=2)).isoformat(),
        "basis": "seated"})
    assert bad.status_code == 422


def test_no_show_opens_a_live_gap_and_names_who_could_cover(engine, settings, make_person):
    pol = policies.load(settings.schedules_dir)
    now = utcnow()
    start, end = now - timedelta(minutes=30), now + timedelta(hours=7)
    sup = _supervised(engine, make_person, start, end)
    late = make_person("operator", full_name="Late Li")
    _add(engine, late.id, "operator", start, end)
    free = make_person("operator", full_name="Free Fang")
    make_person("operator", full_name="Rested Ruan")
    busy = make_person("operator", full_name="Busy Bai")  # on another shift now
    _add(engine, busy.id, "operator", start, end, checked_in_at=start)
    away = make_person("operator", full_name="Away Wu")
    tired = make_person("operator", full_name="Tired Tang")  # off at 20 minutes ago: no rest
    _add(engine, tired.id, "operator", now - timedelta(hours=8, minutes=20),
         now - timedelta(minutes=20), checked_in_at=now - timedelta(hours=8))
    make_person("crisis_responder", full_name="Crisis Chen")  # not an operator
    # Free Fang worked yesterday, Rested Ruan did not: the rested one is named first.
    _add(engine, free.id, "operator", now - timedelta(hours=30), now - timedelta(hours=22),
         checked_in_at=now - timedelta(hours=30))
    with Session(engine) as s:
        s.add(Leave(staff_id=away.id, start=now - timedelta(days=1), end=now + timedelta(days=1),
                    status=LeaveStatus.approved))
        s.commit()
    assert jobs.check_no_shows(engine, settings, pol, now=now) == 1
    with Session(engine) as s:
        (notice,) = s.exec(select(Notice).where(Notice.kind == "shift.no_show")).all()
        events = s.exec(select(Event).where(Event.type == "coverage.gap")).all()
    assert notice.audience == f"staff:{sup.id}"
    names = [p["name"] for p in notice.data["could_cover"]]
    assert names == ["Rested Ruan", "Free Fang"]
    (event,) = events
    assert event.data["basis"] == "checked_in" and event.data["position"] == "operator"
    assert "name" not in str(event.data)
