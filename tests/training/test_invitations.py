"""Invitations after a session is planned: more people (guarded like the first invitation),
fewer people (their notices close), never nobody; the people a session would take off the
phones are named."""

from __future__ import annotations

from datetime import time

import pytest
from sqlmodel import Session, select

from hotline.notices.models import Notice
from hotline.roster.models import Shift
from hotline.training.models import Participant
from hotline.wallclock import at
from tests.roster.test_shifts_api import TOMORROW, ZONE
from tests.training.test_sessions import _body, _held_session


@pytest.fixture
def lead(make_person):
    return make_person("team_lead")


def _invited(engine, session_id: int) -> list[int]:
    with Session(engine) as s:
        return sorted(p.staff_id for p in s.exec(
            select(Participant).where(Participant.session_id == session_id)))


def _open_notices(engine, person) -> list[str]:
    with Session(engine) as s:
        return [n.kind for n in s.exec(select(Notice).where(Notice.audience == f"staff:{person.id}"))
                if n.acknowledged_at is None]


def test_people_are_added_and_removed_after_planning(client, lead, make_person, engine):
    a, b, c = (make_person("operator") for _ in range(3))
    created = client.post("/api/trainings", json=_body(invite={"staff_ids": [a.id]}),
                          headers=lead.headers).json()
    url = f"/api/trainings/{created['id']}/invitations"
    r = client.post(url, json={"invite": {"staff_ids": [b.id, c.id]}}, headers=lead.headers)
    assert r.status_code == 200, r.text
    assert sorted(p["staff_id"] for p in r.json()["participants"]) == sorted([a.id, b.id, c.id])
    assert _open_notices(engine, b) == ["training.invited"]
    r = client.post(f"{url}/remove", json={"staff_ids": [b.id]}, headers=lead.headers)
    assert r.status_code == 200
    assert _invited(engine, created["id"]) == sorted([a.id, c.id])
    assert _open_notices(engine, b) == []  # the invitation's notice left the tray
    # Invited again: the same notice opens again, not a second one.
    client.post(url, json={"invite": {"staff_ids": [b.id]}}, headers=lead.headers)
    assert _open_notices(engine, b) == ["training.invited"]
    with Session(engine) as s:
        assert len(list(s.exec(select(Notice).where(Notice.audience == f"staff:{b.id}")))) == 1


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"invite": {"staff_ids": ["A"]}}, 422, "staff_ids"),
    ({"invite": {"staff_ids": [999999]}}, 422, "999999"),
    ({"invite": {"staff_ids": ["FIRST"]}}, 422, "already invited"),
    ({"invite": {"roles": ["operator"]}, "surprise": 1}, 422, "surprise"),
])
def test_bad_invitations_change_nothing(client, lead, make_person, engine, body, status, says):
    a = make_person("operator")
    created = client.post("/api/trainings", json=_body(invite={"staff_ids": [a.id]}),
                          headers=lead.headers).json()
    if body["invite"].get("staff_ids") == ["FIRST"]:
        body = {"invite": {"staff_ids": [a.id]}}
    r = client.post(f"/api/trainings/{created['id']}/invitations", json=body,
                    headers=lead.headers)
    assert r.status_code == status and says in str(r.json()["detail"])
    assert _invited(engine, created["id"]) == [a.id]


def test_only_planners_change_invitations_and_recorded_attendance_stays(client, lead,
                                                                        make_person, engine):
    a, b = make_person("operator"), make_person("operator")
    sid = _held_session(engine, lead, [a, b])
    r = client.post(f"/api/trainings/{sid}/invitations/remove", json={"staff_ids": [a.id]},
                    headers=a.headers)
    assert r.status_code == 403
    client.post(f"/api/trainings/{sid}/attendance", json={"records": [
        {"staff_id": a.id, "attendance": "attended", "passed": True}]}, headers=lead.headers)
    r = client.post(f"/api/trainings/{sid}/invitations/remove", json={"staff_ids": [a.id, b.id]},
                    headers=lead.headers)
    assert r.status_code == 409 and "attendance recorded" in r.json()["detail"]
    assert _invited(engine, sid) == sorted([a.id, b.id])
    stranger = make_person("operator")
    r = client.post(f"/api/trainings/{sid}/invitations/remove",
                    json={"staff_ids": [stranger.id]}, headers=lead.headers)
    assert r.status_code == 422 and "not invited" in r.json()["detail"]


def test_nobody_invited_is_refused(client, lead, make_person, engine):
    crisis = make_person("crisis_responder")
    r = client.post("/api/trainings", json=_body(invite={}), headers=lead.headers)
    assert r.status_code == 422 and "Nobody is invited" in r.json()["detail"]
    with Session(engine) as s:  # the only one invited is alone on the phone then
        s.add(Shift(staff_id=crisis.id, position="crisis_primary",
                    start=at(TOMORROW, time(8), ZONE), end=at(TOMORROW, time(20), ZONE)))
        s.commit()
    body = _body(kind="drill", scenario="imminent_rescue", audience="crisis_team",
                 invite={"roles": ["crisis_responder"]}, on_shift="exclude")
    r = client.post("/api/trainings", json=body, headers=lead.headers)
    assert r.status_code == 422 and "on shift then" in r.json()["detail"]


def test_adding_someone_on_shift_is_guarded_and_names_them(client, lead, make_person, engine):
    free, busy = make_person("crisis_responder"), make_person("crisis_responder",
                                                              full_name="值班 王")
    created = client.post("/api/trainings", json=_body(
        kind="drill", scenario="imminent_rescue", audience="crisis_team",
        invite={"staff_ids": [free.id]}), headers=lead.headers).json()
    with Session(engine) as s:
        s.add(Shift(staff_id=busy.id, position="crisis_primary",
                    start=at(TOMORROW, time(8), ZONE), end=at(TOMORROW, time(16), ZONE)))
        s.commit()
    url = f"/api/trainings/{created['id']}/invitations"
    r = client.post(url, json={"invite": {"staff_ids": [busy.id]}}, headers=lead.headers)
    assert r.status_code == 409
    assert [(p["name"], p["position"]) for p in r.json()["on_shift"]] == [
        ("值班 王", "crisis_primary")]
    assert _invited(engine, created["id"]) == [free.id]
    r = client.post(url, json={"invite": {"staff_ids": [busy.id]}, "on_shift": "exclude"},
                    headers=lead.headers)
    assert r.status_code == 422 and "on shift then" in r.json()["detail"]


def test_a_cancelled_session_takes_no_invitations(client, lead, make_person):
    a, b = make_person("operator"), make_person("operator")
    created = client.post("/api/trainings", json=_body(invite={"staff_ids": [a.id]}),
                          headers=lead.headers).json()
    client.post(f"/api/trainings/{created['id']}/cancel", headers=lead.headers)
    r = client.post(f"/api/trainings/{created['id']}/invitations",
                    json={"invite": {"staff_ids": [b.id]}}, headers=lead.headers)
    assert r.status_code == 409
