"""The live call through Twilio Conference, seen by the fake Twilio server: the responder joins
warm, supervisors listen, whisper or barge in, recording by policy, break-glass, and a Twilio
failure mid-transfer that leaves the caller with the operator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.contacts import sealing
from hotline.contacts.models import Contact
from hotline.notices.models import Notice
from hotline.roster.models import Shift
from hotline.telephony.models import CallLeg, CallRecording
from tests.crisis.conftest import IMMINENT

CALLER = "+8613911112222"
LOCATION = {"FromCity": "HANGZHOU", "FromState": "Zhejiang", "FromCountry": "CN"}


def _checked_in(engine, on_call):
    team = on_call()
    with Session(engine) as s:
        s.exec(select(Shift).where(Shift.staff_id == team.operator.id)).one().checked_in_at = \
            datetime.now(UTC) - timedelta(hours=1)
        s.commit()
    return team


@pytest.fixture
def live_call(client, live_alert, fake_twilio):
    """A caller answered by the operator on shift, raised to imminent, taken by the primary."""
    team, contact_id, esc = live_alert
    assert client.post(f"/api/escalations/{esc['id']}/ack",
                       headers=team.primary.headers).status_code == 200
    fake_twilio.requests.clear()
    return team, contact_id, esc


@pytest.fixture
def live_alert(client, post_twilio, on_call, engine, fake_twilio):
    """A caller answered by the operator on shift, raised to imminent: the team is alerted."""
    team = _checked_in(engine, on_call)
    post_twilio("/twilio/voice", {"CallSid": "CA" + "7" * 32, "From": CALLER,
                                  "To": "+8610012356", **LOCATION})
    (waiting,) = client.get("/api/queue", headers=team.operator.headers).json()
    contact_id = waiting["contact_id"]
    r = client.post(f"/api/queue/{contact_id}/accept", headers=team.operator.headers)
    assert r.status_code == 200, r.text
    r = client.patch(f"/api/contacts/{contact_id}", json={"risk_screen": IMMINENT},
                     headers=team.operator.headers)
    fake_twilio.requests.clear()
    return team, contact_id, r.json()["escalation"]


def _room(contact_id: int) -> str:
    return f"hotline-contact-{contact_id}"


def test_the_greeting_announces_recording(post_twilio, on_call, engine):
    _checked_in(engine, on_call)
    r = post_twilio("/twilio/voice", {"CallSid": "CA" + "8" * 32, "From": CALLER})
    assert "通话将被录音" in r.text and "recorded" in r.text


def test_the_responder_joins_the_call_warm(client, live_call, fake_twilio, engine):
    team, contact_id, esc = live_call
    r = client.post(f"/api/escalations/{esc['id']}/join-call", headers=team.primary.headers)
    assert r.status_code == 202 and r.json()["role"] == "responder"
    (call,) = fake_twilio.of_kind("call")
    assert call["form"]["To"] == team.primary.staff.phone
    twiml = call["form"]["Twiml"]
    assert _room(contact_id) in twiml and 'endConferenceOnExit="false"' in twiml
    with Session(engine) as s:
        legs = s.exec(select(CallLeg).where(CallLeg.contact_id == contact_id)).all()
        assert [(leg.role, leg.staff_id) for leg in legs] == [
            ("operator", team.operator.id), ("responder", team.primary.id)]
    # The backup did not take the alert: not theirs to join.
    r = client.post(f"/api/escalations/{esc['id']}/join-call", headers=team.backup.headers)
    assert r.status_code == 403


def test_joining_before_taking_the_alert_says_to_acknowledge_first(client, live_alert,
                                                                  fake_twilio):
    team, _contact_id, esc = live_alert
    r = client.post(f"/api/escalations/{esc['id']}/join-call",
                    headers={**team.primary.headers, "Accept-Language": "zh-CN"})
    assert r.status_code == 409 and r.json()["code"] == "escalation.join_needs_ack"
    assert "请先确认接收" in r.json()["detail"]
    assert fake_twilio.of_kind("call") == []  # nobody dialled
    # Someone the alert did not reach still hears only that it is not theirs.
    r = client.post(f"/api/escalations/{esc['id']}/join-call", headers=team.operator.headers)
    assert r.status_code == 403 and r.json()["code"] == "auth.role_forbidden"


def test_a_twilio_failure_mid_transfer_keeps_the_caller_with_the_operator(
        client, live_call, fake_twilio, engine):
    team, contact_id, esc = live_call
    fake_twilio.fail_next = 1
    r = client.post(f"/api/escalations/{esc['id']}/join-call", headers=team.primary.headers)
    assert r.status_code == 502 and "stays with the operator" in r.json()["detail"]
    with Session(engine) as s:
        assert s.get(Contact, contact_id).status == "in_progress"
        assert len(s.exec(select(CallLeg).where(CallLeg.role == "responder")).all()) == 0


def test_joining_a_call_that_has_ended_is_409(client, live_call, post_twilio):
    team, _contact_id, esc = live_call
    post_twilio("/twilio/status", {"CallSid": "CA" + "7" * 32, "CallStatus": "completed"})
    r = client.post(f"/api/escalations/{esc['id']}/join-call", headers=team.primary.headers)
    assert r.status_code == 409 and "no live call" in r.json()["detail"]


@pytest.mark.parametrize(("mode", "marker"), [
    ("listen", 'muted="true"'), ("whisper", 'coach="CA'), ("barge", None)])
def test_a_supervisor_listens_whispers_or_barges_in(client, live_call, fake_twilio, engine,
                                                    mode, marker):
    team, contact_id, _esc = live_call
    r = client.post(f"/api/calls/{contact_id}/monitor", json={"mode": mode},
                    headers=team.supervisor.headers)
    assert r.status_code == 202, r.text
    (call,) = fake_twilio.of_kind("call")
    twiml = call["form"]["Twiml"]
    assert call["form"]["To"] == team.supervisor.staff.phone and _room(contact_id) in twiml
    if marker:
        assert marker in twiml
    else:
        assert "muted" not in twiml and "coach" not in twiml
    with Session(engine) as s:
        operator_leg = s.exec(select(CallLeg).where(CallLeg.role == "operator")).one()
        if mode == "whisper":  # coaching the operator's own leg: the caller does not hear it
            assert f'coach="{operator_leg.call_sid}"' in twiml
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "call.monitor")).one()
        assert audit.detail == {"mode": mode}


def test_only_supervisors_monitor_and_only_known_modes(client, live_call):
    team, contact_id, _esc = live_call
    assert client.post(f"/api/calls/{contact_id}/monitor", json={"mode": "listen"},
                       headers=team.operator.headers).status_code == 403
    assert client.post(f"/api/calls/{contact_id}/monitor", json={"mode": "record"},
                       headers=team.supervisor.headers).status_code == 422
    assert client.post("/api/calls/999999/monitor", json={"mode": "listen"},
                       headers=team.supervisor.headers).status_code == 404


def test_recordings_are_kept_sealed_once(client, live_call, post_twilio, engine, settings):
    _team, contact_id, _esc = live_call
    form = {"RecordingSid": "RE" + "1" * 32, "RecordingDuration": "321",
            "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"}
    for _ in range(2):  # Twilio retries
        assert post_twilio(f"/twilio/recording?contact_id={contact_id}", form).status_code == 204
    with Session(engine) as s:
        (rec,) = s.exec(select(CallRecording)).all()
        assert "twilio.com" not in rec.url_sealed and rec.duration_s == 321
        assert sealing.open_text(settings, rec.url_sealed) == form["RecordingUrl"]
    assert post_twilio("/twilio/recording?contact_id=424242", form).status_code == 404


def test_break_glass_gives_the_number_and_location_to_those_acting_on_it(
        client, live_call, engine, make_person):
    team, contact_id, _esc = live_call
    url = f"/api/contacts/{contact_id}/break-glass"
    reason = "来电者已服药，急救需要号码定位"
    r = client.post(url, json={"reason": reason}, headers=team.primary.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["caller_number"] == CALLER
    assert body["location"] == {"city": "HANGZHOU", "province": "Zhejiang", "country": "CN"}
    visible = datetime.fromisoformat(body["visible_until"]) - datetime.now(UTC)
    assert timedelta(minutes=14) < visible <= timedelta(minutes=15)
    for person in (team.operator, team.supervisor):
        assert client.post(url, json={"reason": reason}, headers=person.headers).status_code == 200
    for person in (team.backup, make_person("operator"), make_person("crisis_responder")):
        assert client.post(url, json={"reason": reason}, headers=person.headers).status_code == 403
    assert client.post(url, json={"reason": "  need "}, headers=team.primary.headers
                       ).status_code == 422
    assert client.post(url, json={}, headers=team.primary.headers).status_code == 422
    with Session(engine) as s:
        audits = s.exec(select(AuditEntry).where(AuditEntry.action == "contact.break_glass")).all()
        assert len(audits) == 3 and all(a.detail["reason"] == reason for a in audits)
        assert CALLER not in str([a.detail for a in audits])
        assert s.exec(select(Notice).where(Notice.kind == "contact.break_glass")).first()


def test_break_glass_is_for_high_and_imminent_only(client, on_call):
    team = on_call()
    r = client.post("/api/contacts", json={"channel": "voice", "caller_number": CALLER,
                                           "risk_screen": {"wish_dead": True,
                                                           "suicidal_thoughts": False}},
                    headers=team.operator.headers)
    url = f"/api/contacts/{r.json()['id']}/break-glass"
    r = client.post(url, json={"reason": "want to check on the caller"},
                    headers=team.operator.headers)
    assert r.status_code == 409 and "high or imminent" in r.json()["detail"]
