"""Who hears that a centre's queue changed (``queue.updated``: the queue page reloads on it):
the operators free to take a call where the call waits, and that centre's supervisors; no
console elsewhere, and nobody when a webhook changed no queue. And the queue itself is read
in one statement however many calls wait (every console showing it asks again on each event)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event as sa_event
from sqlmodel import Session, col, select

from hotline.realtime.models import Event
from hotline.telephony import calls
from tests.telephony import test_network_calls as net
from tests.telephony.test_network_calls import (
    GUANGZHOU_LANDLINE,
    NETWORK_NUMBER,
    SHENZHEN_MOBILE,
    call,
    path_of,
    queue_of,
    the_contact,
    twiml,
)

network, operators = net.network, net.operators  # the network's fixtures


def queue_events(engine) -> list[tuple[int | None, set[str]]]:
    """Each ``queue.updated`` so far: (its centre, its audience)."""
    with Session(engine) as s:
        rows = s.exec(select(Event).where(Event.type == "queue.updated")
                      .order_by(col(Event.id))).all()
    return [(e.centre_id, set(e.audience)) for e in rows]


def test_a_call_tells_its_centres_free_operators_and_supervisors_only(
        client, post_twilio, engine, network, operators):
    sz_a, sz_b = operators("sz", 2)
    (gz,) = operators("gz")
    busy = call(post_twilio, sid="CA" + "9" * 32)  # sz_a takes a first call
    first = the_contact(engine, "CA" + "9" * 32)
    assert queue_of(busy) == "hotline-sz"
    assert client.post(f"/api/queue/{first.id}/accept", headers=sz_a.headers).status_code == 200
    before = len(queue_events(engine))
    assert queue_of(call(post_twilio)) == "hotline-sz"
    # sz_b is free, sz_a is on a call, gz works elsewhere: only sz_b and sz's supervisors.
    assert queue_events(engine)[before:] == [
        (network["sz"], {f"staff:{sz_b.id}", *calls.QUEUE_WATCHERS})]
    assert f"staff:{gz.id}" not in str(queue_events(engine))


def test_a_call_passed_on_by_a_closed_centre_tells_the_centre_it_waits_at(
        post_twilio, engine, network, operators):
    operators("sz", checked_in=False)  # sz is closed
    (gz,) = operators("gz")
    assert queue_of(call(post_twilio)) == "hotline-gz"
    assert queue_events(engine) == [(network["gz"], {f"staff:{gz.id}", *calls.QUEUE_WATCHERS})]


def test_hanging_up_in_the_queue_tells_once_and_twilios_status_after_it_tells_nobody(
        post_twilio, engine, network, operators):
    (sz,) = operators("sz")
    enqueue = next(twiml(call(post_twilio)).iter("Enqueue"))
    result = path_of(enqueue.get("action", ""))
    assert len(queue_events(engine)) == 1
    assert post_twilio(result, {"QueueResult": "hangup"}).status_code == 200
    assert queue_events(engine)[1:] == [(network["sz"], {f"staff:{sz.id}", *calls.QUEUE_WATCHERS})]
    done = post_twilio("/twilio/status", {"CallSid": "CA" + "1" * 32,
                                          "CallStatus": "completed"})
    assert done.status_code == 204
    assert len(queue_events(engine)) == 2  # the queue's action already said it
    assert the_contact(engine).status == "abandoned"


def test_a_caller_hanging_up_before_the_queue_knows_tells_the_centre(
        post_twilio, engine, network, operators):
    (gz,) = operators("gz")
    assert queue_of(call(post_twilio, caller=GUANGZHOU_LANDLINE)) == "hotline-gz"
    done = post_twilio("/twilio/status", {"CallSid": "CA" + "1" * 32, "CallStatus": "completed"})
    assert done.status_code == 204
    assert the_contact(engine).status == "abandoned"
    assert queue_events(engine)[-1] == (network["gz"], {f"staff:{gz.id}", *calls.QUEUE_WATCHERS})
    assert len(queue_events(engine)) == 2


def test_the_queue_is_one_statement_however_many_wait(post_twilio, engine, network, operators):
    operators("sz")
    for n, caller in enumerate((SHENZHEN_MOBILE, "+8613005409999", SHENZHEN_MOBILE)):
        assert queue_of(call(post_twilio, caller=caller, sid=f"CA{n:032d}")) == "hotline-sz"
    statements: list[str] = []

    def count(_conn, _cursor, sql, *_args) -> None:
        statements.append(sql)

    with Session(engine) as s:  # this session's statements (not the app's event listener's)
        connection = s.connection()
        sa_event.listen(connection, "before_cursor_execute", count)
        waiting = calls.queue(s, datetime.now(UTC), network["sz"])
    assert len(statements) == 1
    # The caller who rang twice is a repeat caller beside each of their calls.
    assert [w["repeat_caller"] for w in waiting] == [True, False, True]
    assert [w["last_risk_level"] for w in waiting] == ["none", None, "none"]
    assert NETWORK_NUMBER not in str(waiting) and SHENZHEN_MOBILE not in str(waiting)
