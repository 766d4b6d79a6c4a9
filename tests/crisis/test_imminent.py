"""Imminent risk: parallel alerts without a duplicate person, leave-aware tiers, upgrades that
re-alert (even after acknowledgement), and lowerings that need a supervisor's co-sign."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs
from hotline.access.models import AuditEntry
from hotline.crisis.models import Escalation, EscalationStep, Notification
from hotline.notices.models import Notice
from hotline.realtime.models import Event
from hotline.roster.models import Leave, Shift
from tests.crisis.conftest import HIGH, IMMINENT


def _contact(client, person, screen):
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": screen},
                    headers=person.headers)
    assert r.status_code == 201, r.text
    return r.json()


def _notes(engine, escalation_id, generation=None):
    with Session(engine) as s:
        query = select(Notification).where(Notification.escalation_id == escalation_id)
        if generation is not None:
            query = query.where(Notification.generation == generation)
        return s.exec(query.order_by(Notification.id)).all()


def _steps(engine, escalation_id, kind):
    with Session(engine) as s:
        return s.exec(select(EscalationStep).where(EscalationStep.escalation_id == escalation_id)
                      .where(EscalationStep.kind == kind)).all()


def test_imminent_alerts_primary_backup_and_supervisor_at_once_each_once(client, on_call,
                                                                        engine):
    team = on_call()
    esc = _contact(client, team.operator, IMMINENT)["escalation"]
    consoles = [n.recipient_id for n in _notes(engine, esc["id"]) if n.channel == "console"]
    assert consoles == [team.primary.id, team.backup.id, team.supervisor.id]
    assert [t["name"] for t in esc["told"]] == [
        p.staff.full_name for p in (team.primary, team.backup, team.supervisor)]
    assert esc["told"][0]["channels"] == ["console", "sms", "voice"]
    # The next tier adds the team leader only: nobody is alerted twice.
    assert jobs.crisis_tick(engine, now=datetime.fromisoformat(esc["opened_at"])
                            + timedelta(seconds=60)) == 1
    consoles = [n.recipient_id for n in _notes(engine, esc["id"]) if n.channel == "console"]
    assert consoles == [team.primary.id, team.backup.id, team.supervisor.id, team.leader.id]
    (step,) = _steps(engine, esc["id"], "already_alerted")
    assert step.detail["also"] == [team.leader.staff.full_name]


def test_a_person_holding_two_positions_is_alerted_once(client, on_call, engine):
    team = on_call(skip=("crisis_backup",))
    with Session(engine) as s:  # the supervisor is the crisis backup as well tonight
        now = datetime.now(UTC)
        s.add(Shift(staff_id=team.supervisor.id, position="crisis_backup",
                    start=now - timedelta(hours=1), end=now + timedelta(hours=7)))
        s.commit()
    esc = _contact(client, team.operator, IMMINENT)["escalation"]
    consoles = [n.recipient_id for n in _notes(engine, esc["id"]) if n.channel == "console"]
    assert consoles == [team.primary.id, team.supervisor.id]


def test_people_on_approved_leave_are_skipped_and_the_timeline_says_so(client, on_call,
                                                                        engine):
    team = on_call()
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Leave(staff_id=team.leader.id, start=now - timedelta(days=1),
                    end=now + timedelta(days=1), status="approved", reason="年假"))
        s.add(Leave(staff_id=team.backup.id, start=now - timedelta(days=1),
                    end=now + timedelta(days=1), status="requested"))  # not decided: still paged
        s.commit()
    esc = _contact(client, team.operator, HIGH)["escalation"]
    opened = datetime.fromisoformat(esc["opened_at"])
    for tier in (1, 2):
        assert jobs.crisis_tick(engine, now=opened + timedelta(seconds=180 * tier)) == 1
    assert team.leader.id not in {n.recipient_id for n in _notes(engine, esc["id"])}
    skipped = _steps(engine, esc["id"], "skipped")
    assert next((s.staff_id, s.detail["reason"]) for s in skipped) == (
        team.leader.id, "on approved leave")
    with Session(engine) as s:  # the leader's tier was empty: on to the supervisor at once
        assert s.get(Escalation, esc["id"]).tier_index == 3


def test_raising_after_acknowledgement_re_alerts_at_the_new_level(client, on_call, engine):
    team = on_call()
    contact = _contact(client, team.operator, HIGH)
    esc = contact["escalation"]
    assert client.post(f"/api/escalations/{esc['id']}/ack",
                       headers=team.primary.headers).status_code == 200
    with client.websocket_connect("/ws", headers=team.primary.headers) as ws:
        r = client.patch(f"/api/contacts/{contact['id']}", json={"risk_screen": IMMINENT},
                         headers=team.operator.headers)
        assert r.status_code == 200
        # On PostgreSQL the acknowledgement's own event may still be on its way (LISTEN
        # delivers after its commit): a console opened just after it can hear it first.
        for _ in range(3):
            event = ws.receive_json()
            if event["type"] != "escalation.acknowledged":
                break
    assert event["type"] == "escalation.upgraded"
    assert event["data"]["risk_level"] == "imminent" and event["data"]["state"] == "notified"
    with Session(engine) as s:
        e = s.get(Escalation, esc["id"])
        assert (e.risk_level, e.state, e.generation, e.acknowledged_by) == (
            "imminent", "notified", 1, None)
        assert e.policy["tiers"][0]["channels"] == ["console", "sms", "voice"]  # new policy
        assert (e.deadline - datetime.now(UTC)).total_seconds() <= 60
    fresh = _notes(engine, esc["id"], generation=1)
    consoles = [n.recipient_id for n in fresh if n.channel == "console"]
    # The acknowledger and the duty supervisor first, then the tier's new person; no one twice.
    assert consoles == [team.primary.id, team.supervisor.id, team.backup.id]
    assert {n.channel for n in fresh if n.recipient_id == team.primary.id} == {
        "console", "sms", "voice"}
    # Taking it again is possible: it is a new alert.
    assert client.post(f"/api/escalations/{esc['id']}/ack",
                       headers=team.primary.headers).status_code == 200


def test_a_raise_within_the_hour_of_resolving_reopens_later_starts_anew(client, on_call,
                                                                         engine):
    team = on_call()
    contact = _contact(client, team.operator, HIGH)
    esc = contact["escalation"]
    client.post(f"/api/escalations/{esc['id']}/ack", headers=team.primary.headers)
    client.post(f"/api/escalations/{esc['id']}/resolve", json={"outcome": "Safety plan agreed"},
                headers=team.primary.headers)
    r = client.patch(f"/api/contacts/{contact['id']}", json={"risk_screen": IMMINENT},
                     headers=team.operator.headers)
    assert r.json()["escalation"]["id"] == esc["id"]
    assert r.json()["escalation"]["state"] == "notified"
    with Session(engine) as s:
        assert len(s.exec(select(Escalation)).all()) == 1
        assert s.exec(select(Event).where(Event.type == "escalation.upgraded")).first()

    other = _contact(client, team.operator, HIGH)
    old = other["escalation"]
    client.post(f"/api/escalations/{old['id']}/ack", headers=team.primary.headers)
    client.post(f"/api/escalations/{old['id']}/resolve", json={"outcome": "Calm, plan made"},
                headers=team.primary.headers)
    with Session(engine) as s:
        e = s.get(Escalation, old["id"])
        e.resolved_at = datetime.now(UTC) - timedelta(hours=2)
        s.add(e)
        s.commit()
    r = client.patch(f"/api/contacts/{other['id']}", json={"risk_screen": IMMINENT},
                     headers=team.operator.headers)
    assert r.json()["escalation"]["id"] != old["id"]


def test_a_lowering_of_a_computed_imminent_needs_a_supervisor_co_sign(client, on_call, engine,
                                                                       make_person):
    team = on_call()
    lowered = {**IMMINENT, "operator_level": "moderate",
               "operator_reason": "药已被家人收走，来电者在家人身边"}
    contact = _contact(client, team.operator, lowered)
    # Routed at the computed level until co-signed, with the lowering kept as pending.
    assert contact["risk_level"] == "imminent" and contact["escalation"]["risk_level"] == "imminent"
    assert contact["cosign"]["state"] == "pending" and contact["cosign"]["level"] == "moderate"
    with Session(engine) as s:
        (notice,) = s.exec(select(Notice).where(Notice.kind == "contact.cosign_requested")).all()
        assert notice.audience == f"staff:{team.supervisor.id}"  # the supervisor on duty
        assert f"#{contact['id']}" in notice.title and notice.data["contact_id"] == contact["id"]
    url = f"/api/contacts/{contact['id']}/co-sign"
    assert client.post(url, json={"decision": "cosign"},
                       headers=team.operator.headers).status_code == 403
    assert client.post(url, json={"decision": "maybe"},
                       headers=team.supervisor.headers).status_code == 422
    r = client.post(url, json={"decision": "cosign", "note": "已电话核实"},
                    headers=team.supervisor.headers)
    assert r.status_code == 200 and r.json()["risk_level"] == "moderate"
    assert r.json()["cosign"]["decided_by"] == team.supervisor.id
    assert client.post(url, json={"decision": "cosign"},
                       headers=team.supervisor.headers).status_code == 409
    with Session(engine) as s:
        actions = [a.action for a in s.exec(select(AuditEntry)
                                             .where(AuditEntry.subject == f"contact:{contact['id']}"))]
        assert "contact.lowering_cosigned" in actions


def test_no_one_co_signs_their_own_lowering_and_refusals_are_audited(client, on_call, engine,
                                                                      make_person):
    team = on_call()
    other = make_person("supervisor")
    lowered = {**HIGH, "operator_level": "low", "operator_reason": "来电者说是小说情节"}
    contact = _contact(client, team.supervisor, lowered)  # a supervisor logging a call
    url = f"/api/contacts/{contact['id']}/co-sign"
    r = client.post(url, json={"decision": "cosign"}, headers=team.supervisor.headers)
    assert r.status_code == 403 and "yourself" in r.json()["detail"]
    r = client.post(url, json={"decision": "refuse", "note": "计划具体，维持高风险"},
                    headers=other.headers)
    assert r.status_code == 200
    assert r.json()["risk_level"] == "high" and r.json()["cosign"]["state"] == "refused"
    with Session(engine) as s:
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "contact.lowering_refused")
                       ).one()
        assert audit.actor_id == other.id
