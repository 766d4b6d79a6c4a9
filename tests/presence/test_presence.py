"""Available / Away: an operator's one-click status, and the call queue respecting it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.contacts.models import Contact
from hotline.presence import service as presence
from hotline.realtime.models import Event
from hotline.roster.models import Shift
from hotline.telephony import calls
from tests.conftest import put_on_shift

CALLER = "+8613911112222"



def _available(engine):
    with Session(engine) as s:
        return calls.available_operators(s, datetime.now(UTC))


def test_away_takes_an_operator_out_of_the_queue_and_back(client, engine, make_person):
    op, other = make_person("operator"), make_person("operator")
    put_on_shift(engine, op)
    put_on_shift(engine, other)
    assert _available(engine) == sorted([op.id, other.id])
    r = client.put("/api/presence", json={"status": "away"}, headers=op.headers)
    assert r.status_code == 200
    assert r.json()["state"] == "away" and r.json()["takes_calls"] is False
    assert _available(engine) == [other.id]
    r = client.put("/api/presence", json={"status": "available"}, headers=op.headers)
    assert r.json() | {"shift_end": None} == {"status": "available", "state": "available",
                                              "takes_calls": True, "shift_end": None,
                                              "next_shift_start": None}
    assert _available(engine) == sorted([op.id, other.id])
    with Session(engine) as s:
        actions = [a.action for a in s.exec(select(AuditEntry).where(
            AuditEntry.actor_id == op.id).where(AuditEntry.action.startswith("presence.")))]
        events = [e.data for e in s.exec(select(Event).where(Event.type == "presence.changed"))]
    assert actions == ["presence.away", "presence.available"]
    assert [e["status"] for e in events] == ["away", "available"]


def test_setting_the_same_status_twice_changes_nothing(client, engine, make_person):
    op = make_person("operator")
    for _ in range(2):
        assert client.put("/api/presence", json={"status": "away"},
                          headers=op.headers).status_code == 200
    with Session(engine) as s:
        assert len(s.exec(select(Event).where(Event.type == "presence.changed")).all()) == 1


def test_a_call_with_only_away_operators_goes_to_overflow(client, engine, make_person,
                                                          post_twilio):
    op = make_person("operator")
    put_on_shift(engine, op)
    client.put("/api/presence", json={"status": "away"}, headers=op.headers)
    r = post_twilio("/twilio/voice", {"CallSid": "CA" + "2" * 32, "From": CALLER,
                                      "To": "+8610012356", "CallStatus": "ringing"})
    assert r.status_code == 200 and "<Enqueue" not in r.text  # voicemail or forward
    # and an Away operator cannot take a call from the queue either
    with Session(engine) as s:
        contact_id = s.exec(select(Contact.id)).one()
    r = client.post(f"/api/queue/{contact_id}/accept", headers=op.headers)
    assert r.status_code == 403


def test_only_operators_set_a_status_and_bad_values_are_422(client, make_person):
    sup = make_person("supervisor")
    assert client.put("/api/presence", json={"status": "away"},
                      headers=sup.headers).status_code == 403
    op = make_person("operator")
    for body in ({"status": "asleep"}, {}, {"status": None}, {"status": "a" * 10_000}):
        r = client.put("/api/presence", json=body, headers=op.headers)
        assert r.status_code == 422 and "detail" in r.json()
    assert client.put("/api/presence", json={"status": "away"}).status_code == 401


def test_state_words_follow_shift_check_in_status_and_call(engine, make_person):
    op = make_person("operator")
    with Session(engine) as s:
        assert presence.state_of(s, op.id).word == "off_shift"
    put_on_shift(engine, op, checked_in=False)
    with Session(engine) as s:
        state = presence.state_of(s, op.id)
        assert state.word == "not_checked_in" and not state.takes_calls
        shift = s.exec(select(Shift)).one()
        shift.checked_in_at = datetime.now(UTC)
        s.add(shift)
        s.add(Contact(channel="voice", status="in_progress", operator_id=op.id,
                      call_sid="CA" + "3" * 32, received_at=datetime.now(UTC)))
        s.commit()
        assert presence.state_of(s, op.id).word == "on_call"
