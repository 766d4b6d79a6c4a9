"""Queue and overflow that keep the caller: calls wait while operators are busy, overflow goes
to the named backup with the caller's own number, is counted as a rollover (not abandoned),
never loops back to this hotline, and call-back statuses are kept."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from hotline.reports import kpis
from hotline.telephony.models import CallbackTask
from hotline.telephony.policy import TelephonyPolicy
from tests.telephony.test_inbound import CALLER, contacts, ring


def test_a_call_waits_while_every_operator_is_busy_then_overflows_with_its_number(
        client, post_twilio, on_shift, engine):
    (a,) = on_shift()
    ring(post_twilio, sid="CA" + "1" * 32, caller="+8613800000001")
    first = contacts(engine)[0]
    assert client.post(f"/api/queue/{first.id}/accept", headers=a.headers).status_code == 200
    r = ring(post_twilio, sid="CA" + "2" * 32)  # the only operator is on a call
    assert "<Enqueue" in r.text and "<Dial" not in r.text
    waiting = contacts(engine)[-1]
    r = post_twilio(f"/twilio/voice/wait?contact_id={waiting.id}", {"QueueTime": "60"})
    assert "<Leave" not in r.text and "请稍候" in r.text  # the hold message, not a hang-up
    r = post_twilio(f"/twilio/voice/wait?contact_id={waiting.id}", {"QueueTime": "90"})
    assert "<Leave" in r.text
    r = post_twilio(f"/twilio/voice/queue-result?contact_id={waiting.id}",
                    {"QueueResult": "leave", "From": CALLER})
    assert f'callerId="{CALLER}"' in r.text and "<Number>+8612356</Number>" in r.text
    assert contacts(engine)[-1].status == "overflowed"
    # Twilio's "completed" for the forwarded call later changes nothing: still a rollover.
    post_twilio("/twilio/status", {"CallSid": "CA" + "2" * 32, "CallStatus": "completed"})
    assert contacts(engine)[-1].status == "overflowed"
    state = client.app.state  # KPIs: a rollover, offered and not abandoned
    now = datetime.now(UTC)
    with Session(engine) as s:
        report = kpis.compute(s, since=now - timedelta(hours=1), until=now + timedelta(hours=1),
                              zone=state.settings.zone,
                              target_s=state.policies.records.service_level_seconds)
    assert report.totals["overflowed"] == 1 and report.totals["abandoned"] == 0


def test_overflow_never_loops_back_to_this_hotline(client, post_twilio, engine, app):
    own = app.state.settings.twilio_from_number
    app.state.policies = dataclasses.replace(app.state.policies, telephony=TelephonyPolicy(
        overflow="forward", overflow_number=own, overflow_name="ourselves"))
    r = ring(post_twilio)  # nobody on shift: overflow at once
    assert "<Record" in r.text and own not in r.text.replace('callerId', '')
    assert contacts(engine)[0].status == "ringing"  # waits for its voicemail, not "overflowed"


@pytest.mark.parametrize("fields", [
    {"overflow": "forward", "overflow_number": "12356", "overflow_name": "national"},
    {"overflow": "forward", "overflow_number": "+8612356"},
    {"overflow": "forward", "overflow_number": "+86 12356", "overflow_name": "national"},
])
def test_a_forward_overflow_names_a_valid_backup(fields):
    with pytest.raises(ValidationError):
        TelephonyPolicy(**fields)


def test_call_back_statuses_are_recorded(client, on_shift, post_twilio, engine, fake_twilio):
    (a,) = on_shift()
    ring(post_twilio)
    contact_id = contacts(engine)[0].id
    post_twilio(f"/twilio/voice/voicemail?contact_id={contact_id}",
                {"RecordingUrl": "https://api.twilio.com/rec/RE1"})
    (task,) = client.get("/api/callbacks", headers=a.headers).json()
    assert client.post(f"/api/callbacks/{task['id']}/dial", headers=a.headers).status_code == 200
    (call,) = fake_twilio.of_kind("call")
    callback = call["form"]["StatusCallback"].removeprefix("http://testserver")
    assert callback == f"/twilio/callback-status?task_id={task['id']}"
    assert post_twilio(callback, {"CallSid": call["sid"], "CallStatus": "no-answer"}
                       ).status_code == 204
    with Session(engine) as s:
        assert s.exec(select(CallbackTask)).one().last_call_status == "no-answer"
    assert post_twilio("/twilio/callback-status?task_id=9999", {"CallStatus": "busy"}
                       ).status_code == 204
    unsigned = client.post(callback, data={"CallStatus": "completed"})
    assert unsigned.status_code == 403
    with Session(engine) as s:
        assert s.exec(select(CallbackTask)).one().last_call_status == "no-answer"
