"""The alert path does a fixed amount of work: the escalation's summary is built once per state
change and shared by the event and the HTTP answer, and the reads an intake makes do not grow
with how many people are alerted or how many consoles listen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from hotline.app import create_app
from hotline.roster.models import Shift
from tests.crisis.conftest import HIGH


@contextmanager
def reads(engine, *, writes: bool = False) -> Iterator[list[str]]:
    """The SELECTs sent meanwhile (``writes``: every statement, commits counted apart)."""
    seen: list[str] = []

    def _count(_conn, _cursor, statement, *_args) -> None:
        if writes or statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def _intake_reads(client, engine, operator) -> int:
    with reads(engine) as seen:
        r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                        headers=operator.headers)
    assert r.status_code == 201 and r.json()["escalation"]["state"] == "notified", r.text
    return len(seen)


def test_reads_per_intake_do_not_grow_with_the_people_alerted(settings, on_call, engine,
                                                               make_person):
    # The memory backend: on PostgreSQL the LISTEN side's own reads would be counted too.
    app = create_app(settings.model_copy(update={"realtime_backend": "memory"}), engine=engine)
    with TestClient(app) as client:
        _reads_do_not_grow(client, on_call, engine, make_person)


def test_statements_per_intake_do_not_grow_with_open_escalations_or_consoles(
        settings, on_call, engine, make_person):
    """The same statements for the first high-risk intake of a night and for one that arrives
    with escalations open and consoles listening: nothing on the alert path scans them."""
    app = create_app(settings.model_copy(update={"realtime_backend": "memory"}), engine=engine)
    team = on_call()
    sup = make_person("supervisor")

    def intake() -> list[str]:
        with reads(engine, writes=True) as seen:
            r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                            headers=team.operator.headers)
        assert r.status_code == 201 and r.json()["escalation"]["state"] == "notified", r.text
        return [s.split()[0].upper() for s in seen]

    with TestClient(app) as client:
        first = intake()
        for _ in range(5):
            intake()
        with client.websocket_connect("/ws", headers=sup.headers), \
                client.websocket_connect("/ws", headers=team.primary.headers):
            later = intake()
    assert later == first
    # One login lookup and one roster read (who is on call, their records and their leave at
    # once), then the writes: no read of anything the transaction has just written (a new
    # contact has no escalation, follow-up or alert but its own; the summary is built from
    # them).
    assert first.count("SELECT") == 2, first
    # Then INSERTs only: the escalation goes in as it will stand (no UPDATE after it).
    assert "UPDATE" not in first and len(first) <= 13, first


def _reads_do_not_grow(client, on_call, engine, make_person) -> None:
    team = on_call()
    alone = _intake_reads(client, engine, team.operator)
    now = datetime.now(UTC)
    with Session(engine) as s:  # four more responders on call as primary
        for _ in range(4):
            s.add(Shift(staff_id=make_person("crisis_responder").id, position="crisis_primary",
                        start=now - timedelta(hours=1), end=now + timedelta(hours=7)))
        s.commit()
    assert _intake_reads(client, engine, team.operator) == alone
    assert alone == 2  # the login, and the roster with its people and their leave


def test_the_event_and_the_answer_share_one_summary(client, on_call, engine):
    team = on_call()
    with client.websocket_connect("/ws", headers=team.primary.headers) as ws:
        answer = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                             headers=team.operator.headers).json()["escalation"]
        pushed = ws.receive_json()
    assert pushed["type"] == "escalation.created"
    shared = {k: v for k, v in pushed["data"].items() if k in answer and k != "contact"}
    assert shared == {k: answer[k] for k in shared} and len(shared) > 10
    # One build, two views: the audited answer has the risk facts, the event never does.
    assert answer["contact"]["risk_screen"]["intent"] is True
    assert pushed["data"]["contact"] == {
        k: v for k, v in answer["contact"].items()
        if k not in ("risk_screen", "issues", "caller_key")}
    assert [n["recipient_id"] for n in answer["notifications"]] == [team.primary.id] * 2


def test_a_change_in_the_same_transaction_rebuilds_the_summary(session, on_call, client):
    from hotline.crisis import engine as crisis_engine
    from hotline.crisis.models import Escalation

    team = on_call()
    created = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                          headers=team.operator.headers).json()["escalation"]
    esc = session.get(Escalation, created["id"])
    assert esc is not None
    before = crisis_engine.summary(session, esc)
    assert crisis_engine.summary(session, esc) is before  # unchanged: built once
    crisis_engine.acknowledge(session, esc=esc, staff_id=team.primary.id, via="console")
    after = crisis_engine.summary(session, esc)
    assert (before["state"], after["state"]) == ("notified", "acknowledged")
    assert after["acknowledged_by"] == team.primary.id
    session.rollback()
