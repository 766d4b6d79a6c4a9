"""Routing and the escalation engine: tiers, skips, timeouts, repeats, exhaustion, tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs
from hotline.crisis import engine as crisis_engine
from hotline.crisis.models import Escalation, EscalationStep, Notification
from tests.crisis.conftest import HIGH, IMMINENT


def _contact(client, person, screen):
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": screen},
                    headers=person.headers)
    assert r.status_code == 201, r.text
    return r.json()


def _notified(engine, escalation_id):
    with Session(engine) as s:
        rows = s.exec(select(Notification).where(Notification.escalation_id == escalation_id)
                      .order_by(Notification.id)).all()
        return [(n.recipient_id, n.channel, n.tier_index, n.round) for n in rows]


def test_high_contact_routes_to_primary_on_call_at_once(client, on_call, engine):
    team = on_call()
    contact = _contact(client, team.operator, HIGH)
    esc = contact["escalation"]
    assert esc["state"] == "notified" and esc["tier"] == 0 and esc["target"] == "crisis_primary"
    assert _notified(engine, esc["id"]) == [
        (team.primary.id, "console", 0, 0), (team.primary.id, "sms", 0, 0)]
    assert esc["contact"]["risk_screen"]["intent"] is True
    assert esc["contact"]["operator_name"] == team.operator.staff.full_name


def test_imminent_uses_voice_too_and_moderate_is_not_routed(client, on_call, engine):
    team = on_call()
    esc = _contact(client, team.operator, IMMINENT)["escalation"]
    assert [c for _, c, _, _ in _notified(engine, esc["id"])] == ["console", "sms", "voice"]
    assert _contact(client, team.operator, {"suicidal_thoughts": True, "method": True})[
        "escalation"] is None


def test_raising_a_contact_routes_it(client, on_call, engine):
    team = on_call()
    contact = _contact(client, team.operator, {"wish_dead": True})
    assert contact["escalation"] is None
    r = client.patch(f"/api/contacts/{contact['id']}", json={"risk_screen": HIGH},
                     headers=team.operator.headers)
    assert r.json()["escalation"]["state"] == "notified"
    # Saving again does not open a second escalation.
    r = client.patch(f"/api/contacts/{contact['id']}", json={"risk_screen": IMMINENT},
                     headers=team.operator.headers)
    with Session(engine) as s:
        assert len(s.exec(select(Escalation)).all()) == 1
        assert s.exec(select(Escalation)).one().risk_level == "imminent"


def test_each_tier_times_out_to_the_next_then_repeats_then_exhausts(client, on_call, engine):
    team = on_call()
    esc = _contact(client, team.operator, HIGH)["escalation"]
    opened = datetime.fromisoformat(esc["opened_at"])
    assert jobs.crisis_tick(engine, now=opened + timedelta(seconds=179)) == 0
    expected = [team.backup.id, team.leader.id, team.supervisor.id]
    at = opened
    for tier, person in enumerate(expected, start=1):
        at += timedelta(seconds=180)
        assert jobs.crisis_tick(engine, now=at) == 1
        with Session(engine) as s:
            e = s.get(Escalation, esc["id"])
            assert (e.tier_index, e.state) == (tier, "notified")
        assert (person, "console", tier, 0) in _notified(engine, esc["id"])
    for repeat in (1, 2, 3):  # the last tier again, every repeat interval
        at += timedelta(seconds=180)
        assert jobs.crisis_tick(engine, now=at) == 1
        assert (team.supervisor.id, "console", 3, repeat) in _notified(engine, esc["id"])
    at += timedelta(seconds=180)
    assert jobs.crisis_tick(engine, now=at) == 1
    with Session(engine) as s:
        assert s.get(Escalation, esc["id"]).state == "exhausted"
    assert jobs.crisis_tick(engine, now=at + timedelta(hours=1)) == 0


def test_nobody_on_call_at_a_tier_skips_at_once_and_says_so(client, on_call, engine):
    team = on_call(skip=("crisis_primary",))
    esc = _contact(client, team.operator, HIGH)["escalation"]
    assert esc["tier"] == 1 and esc["target"] == "crisis_backup"
    with Session(engine) as s:
        steps = s.exec(select(EscalationStep).where(EscalationStep.escalation_id == esc["id"])
                       .order_by(EscalationStep.id)).all()
    skipped = [st for st in steps if st.kind == "skipped"]
    assert [st.detail["reason"] for st in skipped] == ["nobody on call as crisis_primary"]


def test_nobody_at_all_exhausts_and_alerts_every_supervisor(client, on_call, engine, make_person):
    team = on_call(skip=("crisis_primary", "crisis_backup", "crisis_team_leader", "supervisor"))
    off_duty = make_person("supervisor")
    with client.websocket_connect("/ws", headers=team.operator.headers) as ws:
        esc = _contact(client, team.operator, IMMINENT)["escalation"]
        kinds = [ws.receive_json()["type"] for _ in range(2)]
    assert esc["state"] == "exhausted"
    assert kinds == ["contact.created", "escalation.exhausted"]  # a banner on every console
    recipients = {r for r, c, _, _ in _notified(engine, esc["id"]) if c == "console"}
    assert recipients == {team.supervisor.id, off_duty.id}


def test_a_stale_step_token_changes_nothing(client, on_call, engine):
    team = on_call()
    esc = _contact(client, team.operator, HIGH)["escalation"]
    with Session(engine) as s:
        token = s.get(Escalation, esc["id"]).step_token
    now = datetime.now(UTC)
    with Session(engine) as s:
        assert crisis_engine.advance(s, escalation_id=esc["id"], token=token, now=now,
                                     reason="timeout")
        s.commit()
    with Session(engine) as s:  # the same timer firing again, or on a second instance
        assert not crisis_engine.advance(s, escalation_id=esc["id"], token=token, now=now,
                                         reason="timeout")
        s.commit()
        assert s.get(Escalation, esc["id"]).tier_index == 1


def test_policy_is_snapshotted(client, on_call, engine, app):
    team = on_call()
    esc = _contact(client, team.operator, HIGH)["escalation"]
    with Session(engine) as s:
        snapshot = s.get(Escalation, esc["id"]).policy
    assert snapshot["tiers"][0]["timeout_seconds"] == 180
    assert snapshot["channels_available"] == ["console", "sms", "voice"]
