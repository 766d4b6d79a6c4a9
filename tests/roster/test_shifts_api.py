"""Shifts over the API: rules on manual edits, the coverage guard, on-call, check-in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from hotline.access.models import AuditEntry
from hotline.roster.models import Shift
from hotline.roster.wallclock import span

ZONE = ZoneInfo("Asia/Shanghai")
TOMORROW = (datetime.now(ZONE) + timedelta(days=1)).date()


def iso(d: datetime) -> str:
    return d.isoformat()


def body(person, position: str, day: date, start: str, end: str) -> dict:
    s, e = span(day, time.fromisoformat(start), time.fromisoformat(end.replace("24:", "00:")), ZONE)
    return {"staff_id": person.id, "position": position, "start": iso(s), "end": iso(e)}


@pytest.fixture
def sup(make_person):
    return make_person("supervisor")


def test_create_and_list(client, sup, make_person):
    op = make_person("operator")
    r = client.post("/api/shifts", json=body(op, "operator", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    assert r.status_code == 201, r.text
    shift = r.json()
    assert {"id", "staff_id", "position", "start", "end"} <= shift.keys()
    since, until = span(TOMORROW, time(0), time(0), ZONE)
    listed = client.get("/api/shifts", params={"since": iso(since), "until": iso(until)},
                        headers=op.headers).json()
    assert [s["id"] for s in listed] == [shift["id"]]
    assert listed[0]["staff_name"] == op.staff.full_name


@pytest.mark.parametrize(
    ("existing", "new", "rule"),
    [
        (("08:00", "16:00"), ("12:00", "20:00"), "Overlaps"),
        (("16:00", "24:00"), ("08:00", "16:00"), "rest"),  # next day 08:00 after 24:00: 8 h
        (None, ("08:00", "08:00"), "at most 16 hours"),
    ],
)
def test_working_time_rules_on_manual_edits(client, sup, make_person, session, existing, new, rule):
    op = make_person("operator")
    day2 = TOMORROW + timedelta(days=1)
    if existing:
        assert client.post("/api/shifts", json=body(op, "operator", TOMORROW, *existing),
                           headers=sup.headers).status_code == 201
    day = TOMORROW if rule == "Overlaps" else day2
    count = len(session.exec(select(Shift)).all())
    r = client.post("/api/shifts", json=body(op, "operator", day, *new), headers=sup.headers)
    assert r.status_code == 422
    assert rule in r.json()["detail"]
    session.expire_all()
    assert len(session.exec(select(Shift)).all()) == count


def test_weekly_hours_limit(client, sup, make_person):
    op = make_person("operator")
    for i in range(6):  # 6 x 8 h = 48 h: allowed
        r = client.post("/api/shifts", json=body(op, "operator", TOMORROW + timedelta(days=i),
                                                 "08:00", "16:00"), headers=sup.headers)
        assert r.status_code == 201, r.text
    r = client.post("/api/shifts", json=body(op, "operator", TOMORROW + timedelta(days=6),
                                             "08:00", "16:00"), headers=sup.headers)
    assert r.status_code == 422 and "48" in r.json()["detail"]


def test_position_needs_the_role(client, sup, make_person):
    op = make_person("operator")
    r = client.post("/api/shifts", json=body(op, "crisis_primary", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    assert r.status_code == 422 and r.json()["params"]["role"] == "crisis_responder"


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"staff_id": 999999}, 422),
        ({"position": "janitor"}, 422),
        ({"start": "2026-11-25T08:00:00"}, 422),  # no offset
    ],
)
def test_bad_shift_input(client, sup, make_person, change, status):
    op = make_person("operator")
    r = client.post("/api/shifts", json={**body(op, "operator", TOMORROW, "08:00", "16:00"),
                                         **change}, headers=sup.headers)
    assert r.status_code == status and r.json()["detail"]


def test_only_supervisors_change_shifts(client, make_person):
    op = make_person("operator")
    r = client.post("/api/shifts", json=body(op, "operator", TOMORROW, "08:00", "16:00"),
                    headers=op.headers)
    assert r.status_code == 403


def _covered_day(client, sup, make_person, day: date) -> dict[str, list[int]]:
    """A fully covered local day under the default policy; returns shift ids by position."""
    ids: dict[str, list[int]] = {}
    needs = {"operator": 3, "crisis_primary": 1, "crisis_backup": 1, "supervisor": 1}
    roles = {"operator": "operator", "crisis_primary": "crisis_responder",
             "crisis_backup": "crisis_responder", "supervisor": "supervisor"}
    for position, n in needs.items():
        for _ in range(n):
            for start, end in (("00:00", "08:00"), ("08:00", "16:00"), ("16:00", "24:00")):
                person = make_person(roles[position])
                r = client.post("/api/shifts", json=body(person, position, day, start, end),
                                headers=sup.headers)
                assert r.status_code == 201, r.text
                ids.setdefault(position, []).append(r.json()["id"])
    return ids


def test_guard_refuses_a_delete_that_opens_a_gap_then_override_is_audited(
    client, sup, make_person, session
):
    ids = _covered_day(client, sup, make_person, TOMORROW)
    since, until = span(TOMORROW, time(0), time(0), ZONE)
    window = {"since": iso(since), "until": iso(until)}
    assert client.get("/api/coverage", params=window, headers=sup.headers).json()["gaps"] == []
    r = client.delete(f"/api/shifts/{ids['supervisor'][1]}", headers=sup.headers)
    assert r.status_code == 409
    gaps = r.json()["gaps"]
    assert [(g["position"], g["required"], g["scheduled"]) for g in gaps] == [("supervisor", 1, 0)]
    assert "gap" in r.json()["detail"]
    assert session.get(Shift, ids["supervisor"][1]) is not None

    r = client.delete(f"/api/shifts/{ids['supervisor'][1]}",
                      params={"override_reason": "Supervisor sick; covering by phone"},
                      headers=sup.headers)
    assert r.status_code == 204
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "roster.guard_override")).one()
    assert entry.actor_id == sup.id and "sick" in entry.detail["reason"]
    cov = client.get("/api/coverage", params=window, headers=sup.headers).json()
    assert [(g["position"], g["scheduled"]) for g in cov["gaps"]] == [("supervisor", 0)]
    assert 0 < cov["covered_ratio"] < 1


def test_guard_on_move(client, sup, make_person):
    ids = _covered_day(client, sup, make_person, TOMORROW)
    later = TOMORROW + timedelta(days=3)
    s, e = span(later, time(8), time(16), ZONE)
    r = client.patch(f"/api/shifts/{ids['crisis_primary'][1]}",
                     json={"start": iso(s), "end": iso(e)}, headers=sup.headers)
    assert r.status_code == 409 and r.json()["gaps"][0]["position"] == "crisis_primary"


def test_oncall(client, sup, make_person):
    crisis = make_person("crisis_responder")
    s, e = span(TOMORROW, time(8), time(16), ZONE)
    client.post("/api/shifts", json={"staff_id": crisis.id, "position": "crisis_primary",
                                     "start": iso(s), "end": iso(e)}, headers=sup.headers)
    at = s + timedelta(hours=1)
    r = client.get("/api/oncall", params={"at": iso(at)}, headers=crisis.headers).json()
    assert [x["staff_id"] for x in r["positions"]["crisis_primary"]] == [crisis.id]
    assert r["positions"]["supervisor"] == []
    r = client.get("/api/oncall", params={"at": iso(e)}, headers=crisis.headers).json()
    assert r["positions"]["crisis_primary"] == []  # a shift ends at its end


def test_check_in_and_out(client, sup, make_person, session):
    op = make_person("operator")
    other = make_person("operator")
    now = datetime.now(UTC)
    r = client.post("/api/shifts", json={"staff_id": op.id, "position": "operator",
                                         "start": iso(now - timedelta(minutes=5)),
                                         "end": iso(now + timedelta(hours=7))},
                    headers=sup.headers)
    sid = r.json()["id"]
    assert client.post(f"/api/shifts/{sid}/check-out", headers=op.headers).status_code == 422
    assert client.post(f"/api/shifts/{sid}/check-in", headers=other.headers).status_code == 403
    first = client.post(f"/api/shifts/{sid}/check-in", headers=op.headers).json()
    again = client.post(f"/api/shifts/{sid}/check-in", headers=op.headers).json()
    assert first["checked_in_at"] and first["checked_in_at"] == again["checked_in_at"]
    assert client.post(f"/api/shifts/{sid}/check-out", headers=op.headers).json()["checked_out_at"]


def test_coverage_window_validation(client, sup):
    r = client.get("/api/coverage", params={"since": "2026-11-25T00:00:00Z",
                                            "until": "2026-11-24T00:00:00Z"}, headers=sup.headers)
    assert r.status_code == 422 and "until" in str(r.json()["detail"])


def test_guard_lets_surplus_go(client, sup, make_person, session):
    ids = _covered_day(client, sup, make_person, TOMORROW)
    day_operator = ids["operator"][1]  # 08-16 needs 2 operators and has 3
    assert client.delete(f"/api/shifts/{day_operator}", headers=sup.headers).status_code == 204
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "roster.guard_override")).all() == []


def test_releasing_staff_is_guarded(client, sup, make_person, session, app):
    from hotline.auth import service as auth_service
    from hotline.errors import Conflict
    from hotline.roster import service as roster_service

    ids = _covered_day(client, sup, make_person, TOMORROW)
    holder = session.get(Shift, ids["supervisor"][0]).staff_id
    actor = auth_service.authenticate(session, app.state.settings, sup.token)
    ctx = {"client_addr": "127.0.0.1", "settings": app.state.settings,
           "policies": app.state.policies}
    with pytest.raises(Conflict) as refused:
        roster_service.release_staff(session, actor=actor, staff_id=holder, override_reason=None,
                                     **ctx)
    assert refused.value.extra["gaps"][0].position == "supervisor"
    released = roster_service.release_staff(session, actor=actor, staff_id=holder,
                                            override_reason="离职", **ctx)
    assert [s.id for s in released] == [ids["supervisor"][0]]
    assert released[0].cancelled_at is not None


def test_untrained_staff_cannot_work_alone(client, sup, make_person):
    novice = make_person("operator", prior_training_hours=12)
    veteran = make_person("operator")
    r = client.post("/api/shifts", json=body(novice, "operator", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    assert r.status_code == 422 and "12/40 h" in r.json()["detail"]
    assert client.post("/api/shifts", json=body(veteran, "operator", TOMORROW, "08:00", "16:00"),
                       headers=sup.headers).status_code == 201
    r = client.post("/api/shifts", json=body(novice, "operator", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    assert r.status_code == 201, r.text


def test_crisis_responder_needs_a_valid_certificate_to_work_alone(client, sup, make_person,
                                                                  engine):
    from sqlmodel import Session as DBSession

    from hotline.staff.models import Qualification

    crisis = make_person("crisis_responder", certified=False)
    r = client.post("/api/shifts", json=body(crisis, "crisis_primary", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    assert r.status_code == 422 and "certificate" in r.json()["detail"]
    with DBSession(engine) as s:
        s.add(Qualification(staff_id=crisis.id, kind="心理危机干预培训证书",
                            expires_on=TOMORROW + timedelta(days=365)))
        s.commit()
    r = client.post("/api/shifts", json=body(crisis, "crisis_primary", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    assert r.status_code == 201, r.text
