"""Private realtime events and least-privilege reads during a real imminent escalation.

The event stream every role would receive (live, and from the replay store) carries ids,
states, levels, tiers, names and times; never the risk answers, notes, safety plan, the
operator's reason or the caller key. Details come only through the audited endpoints, to
those the contact rules allow.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import Session, select

from hotline import jobs
from hotline.access.models import AuditEntry
from hotline.crisis.models import Escalation
from hotline.db import utcnow
from hotline.realtime.hub import audiences_for
from tests.crisis.conftest import IMMINENT

NOTE = "来电者说药已经准备好了"  # a note only the record may hold
REASON = "语气平静但计划具体"
SECRET_WORDS = ("risk_screen", "wish_dead", "suicidal_thoughts", "intent", "means_at_hand",
                "operator_reason", "caller_key", "safety_plan", "notes", "issues", "姐姐", NOTE,
                REASON)


def _imminent(client, operator):
    body = {"channel": "voice", "caller_number": "+8613811112222", "notes": NOTE,
            "issues": ["mood.depression"],
            "safety_plan": {"warning_signs": "失眠", "who_can_help": "姐姐"},
            "risk_screen": {**IMMINENT, "operator_level": "imminent", "operator_reason": REASON}}
    r = client.post("/api/contacts", json=body, headers=operator.headers)
    assert r.status_code == 201, r.text
    assert r.json()["risk_level"] == "imminent"
    return r.json()


def test_event_stream_of_every_role_carries_no_risk_answer(client, on_call, make_person, app):
    team = on_call()
    bystanders = {role: make_person(role) for role in
                  ("operator", "crisis_responder", "team_lead", "admin")}
    with client.websocket_connect("/ws", headers=team.primary.headers) as primary_ws:
        contact = _imminent(client, team.operator)
        live = primary_ws.receive_json()
    assert live["type"] == "escalation.created"
    esc_id = contact["escalation"]["id"]
    # Nobody acknowledges: every tier times out, then it is exhausted.
    moment = utcnow()
    for _ in range(12):
        moment += timedelta(minutes=10)
        jobs.crisis_tick(app.state.engine, now=moment)
    with Session(app.state.engine) as s:
        assert s.get(Escalation, esc_id).state == "exhausted"
    people = {"operator": team.operator, "primary": team.primary, "backup": team.backup,
              "leader": team.leader, "supervisor": team.supervisor, **bystanders}
    streams = {name: app.state.hub.replay(audiences_for(p.id, p.staff.roles), 0)
               for name, p in people.items()}
    kinds = {name: {m["type"] for m in stream} for name, stream in streams.items()}
    assert {"escalation.created", "escalation.escalated", "escalation.exhausted"} <= \
        kinds["supervisor"]
    assert "escalation.created" in kinds["primary"]
    everything = json.dumps([live, *(m for s in streams.values() for m in s)],
                            ensure_ascii=False)
    for word in SECRET_WORDS:
        assert word not in everything, word
    # Exhausted: the crisis team and supervisors hear of it, with the minimal payload.
    (exhausted,) = [m for m in streams["crisis_responder"] if m["type"] == "escalation.exhausted"]
    assert set(exhausted["data"]) == {"id", "contact_id", "risk_level", "state", "tier",
                                      "is_drill", "opened_at"}
    assert "escalation.exhausted" in kinds["team_lead"]
    assert "escalation.exhausted" not in kinds["operator"] | kinds["admin"]


def test_details_only_through_audited_reads_by_those_alerted(client, on_call, make_person, app):
    """The alerted primary reads the contact (audited); a responder who was never alerted,
    on the same team, gets 403 for the contact and the escalation alike."""
    team = on_call()
    stranger = make_person("crisis_responder")
    contact = _imminent(client, team.operator)
    esc_id = contact["escalation"]["id"]
    r = client.get(f"/api/escalations/{esc_id}", headers=team.primary.headers)
    assert r.status_code == 200 and r.json()["contact"]["risk_screen"]["intent"] is True
    assert client.get(f"/api/contacts/{contact['id']}",
                      headers=team.primary.headers).status_code == 200
    for url in (f"/api/contacts/{contact['id']}", f"/api/escalations/{esc_id}"):
        r = client.get(url, headers=stranger.headers)
        assert r.status_code == 403 and r.json()["detail"]
    assert client.get("/api/escalations", headers=stranger.headers).json() == []
    with Session(app.state.engine) as s:
        reads = s.exec(select(AuditEntry).where(AuditEntry.actor_id == team.primary.id)).all()
    assert {e.action for e in reads} >= {"contact.read", "contact.read_via_escalation"}


def test_responder_reads_until_30_days_after_resolution(client, on_call, app):
    team = on_call()
    contact = _imminent(client, team.operator)
    esc_id = contact["escalation"]["id"]
    assert client.post(f"/api/escalations/{esc_id}/ack",
                       headers=team.primary.headers).status_code == 200
    resolved = client.post(f"/api/escalations/{esc_id}/resolve", headers=team.primary.headers,
                           json={"outcome": "到达现场", "rescue": {
                               "contacted_120": True, "person_reached": True}})
    assert resolved.status_code == 200, resolved.text
    url = f"/api/contacts/{contact['id']}"
    assert client.get(url, headers=team.primary.headers).status_code == 200
    with Session(app.state.engine) as s:
        esc = s.get(Escalation, esc_id)
        esc.resolved_at = utcnow() - timedelta(days=31)
        s.add(esc)
        s.commit()
    assert client.get(url, headers=team.primary.headers).status_code == 403
    assert client.get(url, headers=team.supervisor.headers).status_code == 200
