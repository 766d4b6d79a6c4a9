"""Acknowledging and resolving: who may, what is required, and twice is refused."""

from __future__ import annotations

from sqlmodel import Session, select

from hotline.crisis.models import DeliveryStatus, Notification
from tests.crisis.conftest import HIGH, IMMINENT


def _escalation(client, team, screen=HIGH):
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": screen},
                    headers=team.operator.headers)
    return r.json()["escalation"]


def test_primary_acknowledges_operator_sees_it_live(client, on_call, engine):
    team = on_call()
    with client.websocket_connect("/ws", headers=team.operator.headers) as operator_ws:
        esc = _escalation(client, team)
        assert operator_ws.receive_json()["type"] == "contact.created"
        created = operator_ws.receive_json()
        assert created["type"] == "escalation.created"
        assert [n["name"] for n in created["data"]["notifications"]] == [
            team.primary.staff.full_name] * 2
        r = client.post(f"/api/escalations/{esc['id']}/ack", headers=team.primary.headers)
        assert r.status_code == 200 and r.json()["state"] == "acknowledged"
        acked = operator_ws.receive_json()
        assert acked["type"] == "escalation.acknowledged"
        assert acked["data"]["acknowledged_by_name"] == team.primary.staff.full_name
    # The SMS not yet sent is cancelled: nobody is woken after the alert is taken.
    with Session(engine) as s:
        sms = s.exec(select(Notification).where(Notification.channel == "sms")).one()
        assert sms.status == DeliveryStatus.cancelled


def test_acknowledge_twice_or_someone_elses(client, on_call, make_person):
    team = on_call()
    esc = _escalation(client, team)
    stranger = make_person("crisis_responder")
    r = client.post(f"/api/escalations/{esc['id']}/ack", headers=stranger.headers)
    assert r.status_code == 403 and "someone else" in r.json()["detail"]
    assert client.post(f"/api/escalations/{esc['id']}/ack",
                       headers=team.primary.headers).status_code == 200
    r = client.post(f"/api/escalations/{esc['id']}/ack", headers=team.primary.headers)
    assert r.status_code == 409 and team.primary.staff.full_name in r.json()["detail"]
    assert client.post("/api/escalations/99999/ack", headers=team.primary.headers).status_code == 404


def test_supervisor_may_take_over(client, on_call):
    team = on_call()
    esc = _escalation(client, team)
    r = client.post(f"/api/escalations/{esc['id']}/ack", headers=team.supervisor.headers)
    assert r.status_code == 200 and r.json()["acknowledged_by"] == team.supervisor.id


def test_resolve_needs_ack_and_an_outcome(client, on_call):
    team = on_call()
    esc = _escalation(client, team)
    url = f"/api/escalations/{esc['id']}/resolve"
    r = client.post(url, json={"outcome": "Safety plan agreed"}, headers=team.primary.headers)
    assert r.status_code == 409 and "acknowledged" in r.json()["detail"]
    client.post(f"/api/escalations/{esc['id']}/ack", headers=team.primary.headers)
    r = client.post(url, json={}, headers=team.primary.headers)
    assert r.status_code == 422
    r = client.post(url, json={"outcome": "Safety plan agreed; follow-up tomorrow"},
                    headers=team.backup.headers)
    assert r.status_code == 403
    r = client.post(url, json={"outcome": "Safety plan agreed; follow-up tomorrow"},
                    headers=team.primary.headers)
    assert r.status_code == 200 and r.json()["state"] == "resolved"


def test_imminent_needs_the_rescue_outcome(client, on_call):
    team = on_call()
    esc = _escalation(client, team, IMMINENT)
    client.post(f"/api/escalations/{esc['id']}/ack", headers=team.primary.headers)
    url = f"/api/escalations/{esc['id']}/resolve"
    for body in ({"outcome": "Police went"},
                 {"outcome": "Police went", "rescue": {"contacted_110": True}},
                 {"outcome": "Police went", "rescue": {"person_reached": True}}):
        r = client.post(url, json=body, headers=team.primary.headers)
        assert r.status_code == 422 and "rescue" in r.json()["detail"], body
    r = client.post(url, json={"outcome": "110 reached the caller at home",
                               "rescue": {"contacted_110": True, "person_reached": True}},
                    headers=team.primary.headers)
    assert r.status_code == 200
    detail = client.get(f"/api/escalations/{esc['id']}", headers=team.supervisor.headers).json()
    assert detail["rescue"]["contacted_110"] is True
    assert detail["steps"][0]["kind"] == "opened"
    assert "resolved" in [s["kind"] for s in detail["steps"]]


def test_lists_by_role(client, on_call, make_person):
    team = on_call()
    esc = _escalation(client, team)
    other_operator = make_person("operator")
    ids = lambda p: [e["id"] for e in client.get("/api/escalations", headers=p.headers).json()]
    assert ids(team.supervisor) == [esc["id"]]
    assert ids(team.primary) == [esc["id"]]
    assert ids(team.operator) == [esc["id"]]
    assert ids(other_operator) == []
    assert client.get(f"/api/escalations/{esc['id']}",
                      headers=other_operator.headers).status_code == 403
    assert [e["id"] for e in client.get("/api/escalations?state=notified",
                                        headers=team.supervisor.headers).json()] == [esc["id"]]


def test_reading_an_escalation_is_a_read_of_the_contact(client, on_call):
    team = on_call()
    esc = _escalation(client, team)
    client.get(f"/api/escalations/{esc['id']}", headers=team.primary.headers)
    client.get("/api/escalations", headers=team.supervisor.headers)
    entries = client.get(f"/api/audit?subject=contact:{esc['contact_id']}",
                         headers=team.supervisor.headers).json()
    reads = [(e["action"], e["actor_id"]) for e in entries if "escalation" in e["action"]]
    assert reads == [("contact.read_via_escalation", team.supervisor.id),
                     ("contact.read_via_escalation", team.primary.id)]
