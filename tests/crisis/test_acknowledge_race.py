"""Two people take the same alert at the same moment, from any two channels (the console, an
SMS reply with the alert's code, 1 pressed on the alert call): exactly one has it, the other
is told who does (a 409 with its code on the console, "already taken" by SMS or voice), and
the escalation is written once.

Each pair of requests runs in two threads, each with its own event loop (so the webhooks,
which run on the loop, race too, as on two app instances). A listener on the engine holds
both at their first write of the escalation until both have passed every check: the race
the moment gives, made certain. On PostgreSQL the second write waits on the row lock; on
SQLite on the write lock."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline.access.models import AuditEntry
from hotline.crisis.models import Escalation, EscalationStep, Notification
from hotline.messages import say
from hotline.realtime.models import Event
from tests.conftest import Person
from tests.crisis.conftest import IMMINENT, OnCall, sign

CHANNELS = [("console", "console"), ("console", "sms"), ("sms", "voice"), ("voice", "console")]


@contextmanager
def _held_at_first_write(engine: Engine, parties: int = 2) -> Iterator[None]:
    """The first write of an escalation by each of ``parties`` requests waits for the others."""
    barrier, lock, waiting = threading.Barrier(parties, timeout=20), threading.Lock(), [0]

    def hold(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("UPDATE ESCALATION "):
            return
        with lock:
            if waiting[0] >= parties:
                return
            waiting[0] += 1
        barrier.wait()

    event.listen(engine, "before_cursor_execute", hold)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", hold)


def _note(engine: Engine, person: Person, channel: str) -> Notification:
    with Session(engine) as s:
        return s.exec(select(Notification).where(Notification.recipient_id == person.id)
                      .where(Notification.channel == channel)).one()


def _take(app: FastAPI, engine: Engine, channel: str, esc_id: int,
          person: Person) -> Callable[[], tuple[bool, str]]:
    """A request taking the alert by ``channel``: (took it, what the person was told)."""

    def twilio(path: str, form: dict[str, str]) -> str:
        client = TestClient(app)  # not entered: this request gets an event loop of its own
        r = client.post(path, data=form, headers=sign(f"http://testserver{path}", form))
        assert r.status_code == 200, r.text
        return r.text

    if channel == "console":
        def console() -> tuple[bool, str]:
            r = TestClient(app).post(f"/api/escalations/{esc_id}/ack",
                                     headers={**person.headers, "Accept-Language": "zh-CN"})
            assert r.status_code in (200, 409), r.text
            body = r.json()
            return r.status_code == 200, body.get("code", "") + "|" + body.get("detail", "")
        return console
    note = _note(engine, person, channel)
    if channel == "sms":
        form = {"From": person.staff.phone or "", "Body": note.reply_code}
        return lambda: ("Acknowledged" in (told := twilio("/twilio/sms", form)), told)
    path = f"/twilio/voice/alert?notification_id={note.id}"
    return lambda: ("Acknowledged" in (told := twilio(path, {"Digits": "1"})), told)


@pytest.mark.parametrize(("first", "second"), CHANNELS)
def test_two_at_once_one_takes_it(client: TestClient, app: FastAPI, engine: Engine,
                                  on_call: Callable[..., OnCall], first: str, second: str) -> None:
    team = on_call()
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": IMMINENT},
                    headers=team.operator.headers)
    esc_id = r.json()["escalation"]["id"]
    people = [team.primary, team.backup]
    takes = [_take(app, engine, first, esc_id, team.primary),
             _take(app, engine, second, esc_id, team.backup)]
    with _held_at_first_write(engine), ThreadPoolExecutor(2) as pool:
        outcomes = [f.result(timeout=60) for f in [pool.submit(t) for t in takes]]

    assert sorted(took for took, _ in outcomes) == [False, True], outcomes
    winner, loser = (0, 1) if outcomes[0][0] else (1, 0)
    with Session(engine) as s:
        esc = s.get(Escalation, esc_id)
        assert esc is not None and esc.state == "acknowledged"
        assert esc.acknowledged_by == people[winner].id
        assert esc.acknowledged_via == (first, second)[winner]
        steps = s.exec(select(EscalationStep).where(EscalationStep.escalation_id == esc_id)
                       .where(EscalationStep.kind == "acknowledged")).all()
        audits = s.exec(select(AuditEntry).where(AuditEntry.action == "escalation.acknowledge")
                        ).all()
        told = s.exec(select(Event).where(Event.type == "escalation.acknowledged")
                      .order_by(col(Event.id))).all()
    assert [(a.actor_id, a.subject) for a in audits] == [(people[winner].id,
                                                          f"escalation:{esc_id}")]
    assert [st.staff_id for st in steps] == [people[winner].id]
    assert [e.data["acknowledged_by"] for e in told] == [people[winner].id]

    loser_told = outcomes[loser][1]
    if (first, second)[loser] == "console":  # said in the reader's language, naming who has it
        name = people[winner].staff.full_name
        assert loser_told == "escalation.taken_meanwhile|" + say(
            "escalation.taken_meanwhile", "zh", {"name": name})
    else:
        assert "Already taken" in loser_told
