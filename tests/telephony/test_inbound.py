"""Inbound voice through signed webhooks and the real twilio client (against a fake Twilio):
queue, one-click accept, overflow, lifecycle callbacks in any order, call-backs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from hotline.contacts.models import Contact
from hotline.followups.models import FollowUp
from hotline.notices.models import Notice
from hotline.roster.models import Shift

CALLER = "+8613911112222"


@pytest.fixture
def on_shift(engine, make_person):
    """Operators on shift now; ``checked_in`` ones can take calls."""

    def _make(n: int = 1, checked_in: bool = True):
        now = datetime.now(UTC)
        people = [make_person("operator") for _ in range(n)]
        with Session(engine) as s:
            for p in people:
                s.add(Shift(staff_id=p.id, position="operator", start=now - timedelta(hours=1),
                            end=now + timedelta(hours=7),
                            checked_in_at=now - timedelta(hours=1) if checked_in else None))
            s.commit()
        return people

    return _make


def ring(post_twilio, sid="CA" + "1" * 32, caller=CALLER):
    return post_twilio("/twilio/voice", {"CallSid": sid, "From": caller, "To": "+8610012356",
                                         "CallStatus": "ringing"})


def contacts(engine):
    with Session(engine) as s:
        return s.exec(select(Contact).order_by(Contact.id)).all()


def test_unsigned_webhook_is_refused(client, engine):
    r = client.post("/twilio/voice", data={"CallSid": "CA1", "From": CALLER})
    assert r.status_code == 403 and contacts(engine) == []


def test_call_is_queued_once_per_call_sid(post_twilio, on_shift, engine):
    on_shift()
    first = ring(post_twilio)
    again = ring(post_twilio)  # Twilio retried
    assert first.status_code == 200 and "<Enqueue" in first.text and "心理援助热线" in first.text
    assert again.text == first.text
    (contact,) = contacts(engine)
    assert contact.status == "ringing" and contact.caller_key and contact.call_sid


def test_nobody_on_shift_goes_to_overflow_and_alerts_supervisors(post_twilio, on_shift, engine):
    on_shift(checked_in=False)  # on the roster but not checked in: cannot take calls
    r = ring(post_twilio)
    assert "<Dial" in r.text and "+8612356" in r.text and "<Enqueue" not in r.text
    with Session(engine) as s:
        assert [n.kind for n in s.exec(select(Notice))] == ["call.overflow"]


def test_queue_shows_repeat_callers_and_accept_bridges(client, post_twilio, on_shift, engine,
                                                        fake_twilio):
    a, b = on_shift(2)
    with Session(engine) as s:  # this caller called last week, at high risk
        from hotline.config import Settings  # noqa: F401
        from hotline.contacts.callerkey import caller_key
        key = caller_key(CALLER, client.app.state.settings.caller_key)
        s.add(Contact(channel="voice", received_at=datetime.now(UTC) - timedelta(days=7),
                      caller_key=key, risk_level="high", status="completed"))
        s.commit()
    ring(post_twilio)
    (waiting,) = client.get("/api/queue", headers=a.headers).json()
    assert waiting["repeat_caller"] is True and waiting["last_risk_level"] == "high"
    r = client.post(f"/api/queue/{waiting['contact_id']}/accept", headers=a.headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "in_progress" and r.json()["operator_id"] == a.id
    # The operator's phone is dialled into the contact's conference, then the caller is moved in.
    (leg,) = fake_twilio.of_kind("call")
    room = f"hotline-contact-{waiting['contact_id']}"
    assert leg["form"]["To"] == a.staff.phone and room in leg["form"]["Twiml"]
    assert 'endConferenceOnExit="false"' in leg["form"]["Twiml"]
    (redirect,) = fake_twilio.of_kind("redirect")
    assert "<Conference" in redirect["form"]["Twiml"] and room in redirect["form"]["Twiml"]
    assert 'endConferenceOnExit="true"' in redirect["form"]["Twiml"]
    assert 'record="record-from-start"' in redirect["form"]["Twiml"]  # telephony.toml
    r = client.post(f"/api/queue/{waiting['contact_id']}/accept", headers=b.headers)
    assert r.status_code == 409
    assert client.get("/api/queue", headers=a.headers).json() == []
    # An operator on a call is never offered another.
    ring(post_twilio, sid="CA" + "2" * 32, caller="+8613800000999")
    second = client.get("/api/queue", headers=a.headers).json()[0]["contact_id"]
    assert client.post(f"/api/queue/{second}/accept", headers=a.headers).status_code == 403


def test_rest_error_while_bridging_keeps_the_caller_queued(client, post_twilio, on_shift,
                                                          engine, fake_twilio):
    (a,) = on_shift()
    ring(post_twilio)
    contact_id = client.get("/api/queue", headers=a.headers).json()[0]["contact_id"]
    fake_twilio.fail_next = 1
    r = client.post(f"/api/queue/{contact_id}/accept", headers=a.headers)
    assert r.status_code == 502 and "still in the queue" in r.json()["detail"]
    (contact,) = contacts(engine)
    assert contact.status == "ringing" and contact.operator_id is None
    assert client.post(f"/api/queue/{contact_id}/accept", headers=a.headers).status_code == 200


def test_waiting_too_long_overflows_and_hangup_is_abandoned(post_twilio, on_shift, engine):
    on_shift()
    ring(post_twilio)
    (contact,) = contacts(engine)
    r = post_twilio(f"/twilio/voice/wait?contact_id={contact.id}", {"QueueTime": "30"})
    assert "<Leave" not in r.text
    r = post_twilio(f"/twilio/voice/wait?contact_id={contact.id}", {"QueueTime": "95"})
    assert "<Leave" in r.text
    r = post_twilio(f"/twilio/voice/queue-result?contact_id={contact.id}", {"QueueResult": "leave"})
    assert "+8612356" in r.text
    ring(post_twilio, sid="CA" + "3" * 32)
    other = contacts(engine)[-1]
    post_twilio(f"/twilio/voice/queue-result?contact_id={other.id}", {"QueueResult": "hangup"})
    assert contacts(engine)[-1].status == "abandoned"


def test_status_callbacks_in_any_order(client, post_twilio, on_shift, engine):
    (a,) = on_shift()
    sid = "CA" + "4" * 32
    ring(post_twilio, sid=sid)
    contact_id = contacts(engine)[0].id
    client.post(f"/api/queue/{contact_id}/accept", headers=a.headers)
    assert post_twilio("/twilio/status", {"CallSid": sid, "CallStatus": "completed"}).status_code == 204
    post_twilio("/twilio/status", {"CallSid": sid, "CallStatus": "in-progress"})  # late, old news
    (contact,) = contacts(engine)
    assert contact.status == "completed" and contact.ended_at >= contact.answered_at
    r = post_twilio("/twilio/status", {"CallSid": "CA-unknown", "CallStatus": "completed"})
    assert r.status_code == 404


def test_voicemail_opens_a_callback_counted_to_the_policy(client, post_twilio, on_shift, engine):
    (a,) = on_shift()
    ring(post_twilio)
    contact_id = contacts(engine)[0].id
    post_twilio(f"/twilio/voice/voicemail?contact_id={contact_id}",
                {"RecordingUrl": "https://api.twilio.com/rec/RE1"})
    post_twilio(f"/twilio/voice/voicemail?contact_id={contact_id}",
                {"RecordingUrl": "https://api.twilio.com/rec/RE1"})  # retried
    (task,) = client.get("/api/callbacks", headers=a.headers).json()
    assert task["reason"] == "voicemail" and task["max_attempts"] == 5
    for i in range(5):
        r = client.post(f"/api/callbacks/{task['id']}/attempts", json={"result": "no_answer"},
                        headers=a.headers)
        assert r.status_code == 200
    assert r.json()["status"] == "closed"
    assert client.post(f"/api/callbacks/{task['id']}/attempts", json={"result": "no_answer"},
                       headers=a.headers).status_code == 409
    assert contacts(engine)[0].status == "missed"


def test_follow_up_consent_makes_a_follow_up_and_dial_hides_the_number(client, on_shift, engine,
                                                                      fake_twilio):
    (a,) = on_shift()
    r = client.post("/api/contacts", json={"channel": "voice", "caller_number": CALLER,
                                           "follow_up": {"consent": True, "plan": "明晚回访"}},
                    headers=a.headers)
    assert r.status_code == 201
    assert client.get("/api/callbacks", headers=a.headers).json() == []  # not a voicemail
    (task,) = client.get("/api/follow-ups", headers=a.headers).json()
    assert task["owner_id"] == a.id and task["plan"] == "明晚回访"
    r = client.post(f"/api/follow-ups/{task['id']}/dial", headers=a.headers)
    assert r.status_code == 200, r.text
    assert CALLER not in r.text
    (call,) = fake_twilio.of_kind("call")
    assert call["form"]["To"] == a.staff.phone  # the operator's phone rings first
    assert CALLER in call["form"]["Twiml"]  # then Twilio dials the caller
    with Session(engine) as s:
        assert s.exec(select(FollowUp)).one().status == "open"  # the attempt is recorded apart


def test_a_ringing_call_is_made_like_every_contact(post_twilio, on_shift, engine):
    """The ringing contact goes through the one intake path: its first revision and an audit
    entry with no one as the author (Twilio rang), once per CallSid."""
    from hotline.access.models import AuditEntry
    from hotline.contacts.models import ContactRevision

    on_shift()
    ring(post_twilio)
    ring(post_twilio)  # Twilio retried
    (contact,) = contacts(engine)
    with Session(engine) as s:
        (revision,) = s.exec(select(ContactRevision)
                             .where(ContactRevision.contact_id == contact.id)).all()
        assert revision.author_id is None and revision.changes["status"] == [None, "ringing"]
        (entry,) = s.exec(select(AuditEntry).where(AuditEntry.action == "contact.create")).all()
        assert entry.subject == f"contact:{contact.id}" and entry.actor_id is None
        assert CALLER not in str(revision.changes) and CALLER not in str(entry.detail)
