"""The rescue case of an imminent contact: a timeline of steps, "not reached" keeps it open
(rescue_pending) and pages the duty supervisor every 10 minutes until the person is reached or
a supervisor closes it with a reason."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs
from hotline.access.models import AuditEntry
from hotline.crisis.models import Escalation, Notification
from tests.crisis.conftest import HIGH
from tests.crisis.conftest import taken as _taken


def _step(client, person, esc, **body):
    return client.post(f"/api/escalations/{esc['id']}/rescue", json=body, headers=person.headers)


def _supervisor_pages(engine, esc, supervisor):
    with Session(engine) as s:
        return len(s.exec(select(Notification).where(Notification.escalation_id == esc["id"])
                          .where(Notification.recipient_id == supervisor.id)
                          .where(Notification.channel == "voice")).all())


def test_not_reached_stays_open_and_pages_until_the_person_is_reached(client, on_call, engine):
    team = on_call()
    esc = _taken(client, team)
    r = _step(client, team.operator, esc, step="emergency_called", service="120",
              incident_number="120-0315-0042")
    assert r.status_code == 200, r.text
    assert r.json()["rescue"]["emergency_calls"][0]["incident_number"] == "120-0315-0042"
    assert _step(client, team.operator, esc, step="location_given").status_code == 200
    pages = _supervisor_pages(engine, esc, team.supervisor)
    r = _step(client, team.operator, esc, step="person_reached", reached=False,
              note="急救到达地址，无人应门")
    assert r.json()["state"] == "rescue_pending"
    assert _supervisor_pages(engine, esc, team.supervisor) == pages + 1  # paged at once
    # Resolving now does not close it: the person has not been reached.
    r = client.post(f"/api/escalations/{esc['id']}/resolve",
                    json={"outcome": "Ambulance went; nobody there"}, headers=team.primary.headers)
    assert r.status_code == 200 and r.json()["state"] == "rescue_pending"
    with Session(engine) as s:
        now = s.get(Escalation, esc["id"]).deadline - timedelta(seconds=600)
    assert jobs.crisis_tick(engine, now=now + timedelta(seconds=599)) == 0
    assert jobs.crisis_tick(engine, now=now + timedelta(seconds=600)) == 1
    assert _supervisor_pages(engine, esc, team.supervisor) == pages + 2  # every 10 minutes
    r = _step(client, team.primary, esc, step="person_reached", reached=True)
    assert r.json()["state"] == "acknowledged" and r.json()["person_reached"] is True
    assert jobs.crisis_tick(engine, now=now + timedelta(hours=2)) == 0  # paging stopped
    assert _step(client, team.primary, esc, step="handover",
                 handover_to="hospital").status_code == 200
    r = client.post(f"/api/escalations/{esc['id']}/resolve",
                    json={"outcome": "120 took the person to hospital"},
                    headers=team.primary.headers)
    assert r.status_code == 200 and r.json()["state"] == "resolved"
    detail = client.get(f"/api/escalations/{esc['id']}", headers=team.supervisor.headers).json()
    kinds = [s["kind"] for s in detail["steps"]]
    assert kinds.index("rescue.emergency_called") < kinds.index("rescue.person_reached")
    assert "rescue_repaged" in kinds and detail["rescue"]["handover"]["to"] == "hospital"
    assert _step(client, team.primary, esc, step="arrived").status_code == 409  # closed


def test_a_supervisor_closes_an_unreached_case_with_a_reason(client, on_call, engine):
    team = on_call()
    esc = _taken(client, team)
    r = client.post(f"/api/escalations/{esc['id']}/resolve", json={"outcome": "nobody home"},
                    headers=team.supervisor.headers)
    assert r.status_code == 422 and "rescue outcome" in r.json()["detail"]  # nothing recorded
    _step(client, team.primary, esc, step="person_reached", reached=False)
    r = client.post(f"/api/escalations/{esc['id']}/resolve",
                    json={"outcome": "警方确认来电者已被家人接走，结案"},
                    headers=team.supervisor.headers)
    assert r.status_code == 200 and r.json()["state"] == "resolved"
    with Session(engine) as s:
        closed = s.exec(select(AuditEntry).where(AuditEntry.action == "escalation.close_unreached")
                        ).one()
        assert closed.actor_id == team.supervisor.id and "家人" in closed.detail["reason"]


def test_who_may_record_rescue_steps_and_what_a_step_needs(client, on_call, make_person):
    team = on_call()
    esc = _taken(client, team)
    stranger = make_person("operator")
    assert _step(client, stranger, esc, step="kept_on_line").status_code == 403
    assert _step(client, team.backup, esc, step="kept_on_line").status_code == 403  # not taker
    assert _step(client, team.supervisor, esc, step="kept_on_line").status_code == 200
    for bad in ({"step": "emergency_called"}, {"step": "person_reached"},
                {"step": "handover"}, {"step": "teleported"},
                {"step": "emergency_called", "service": "999"},
                {"step": "arrived", "at": "2999-01-01T00:00:00+00:00"}):
        assert _step(client, team.operator, esc, **bad).status_code == 422, bad
    high = _taken(client, team, HIGH)
    assert _step(client, team.operator, high, step="person_reached",
                 reached=True).status_code == 422  # a rescue case is for imminent risk


def test_a_legacy_resolution_with_not_reached_keeps_the_case_open(client, on_call):
    team = on_call()
    esc = _taken(client, team)
    r = client.post(f"/api/escalations/{esc['id']}/resolve", json={
        "outcome": "120 went", "rescue": {"contacted_120": True, "person_reached": False}},
        headers=team.primary.headers)
    assert r.status_code == 200 and r.json()["state"] == "rescue_pending"
    assert r.json()["rescue_progress"]["emergency_called"]
    started = datetime.fromisoformat(r.json()["opened_at"])
    assert started <= datetime.fromisoformat(r.json()["rescue_progress"]["person_reached"])
