"""The realtime backend is chosen once, at start-up, from the setting; a choice that cannot work
stops start-up with the fix; whichever is chosen is the one events go out by."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from hotline.app import create_app
from hotline.db import make_engine
from hotline.realtime.backends import BackendMismatch, MemoryBackend, PostgresBackend, choose


def test_auto_is_postgres_on_postgresql_and_memory_elsewhere(engine):
    expected = PostgresBackend if engine.dialect.name == "postgresql" else MemoryBackend
    assert type(choose("auto", engine)) is expected
    assert type(choose("memory", engine)) is MemoryBackend


def test_postgres_on_sqlite_is_refused_at_start_with_the_fix(settings, tmp_path):
    sqlite = make_engine(f"sqlite:///{tmp_path / 'one.db'}")
    try:
        with pytest.raises(BackendMismatch) as refused:
            create_app(settings.model_copy(update={"realtime_backend": "postgres"}), engine=sqlite)
    finally:
        sqlite.dispose()
    assert "needs a PostgreSQL database" in str(refused.value)
    assert "HOTLINE_REALTIME_BACKEND=auto" in str(refused.value)


@pytest.mark.parametrize("setting", ["auto", "memory"])
def test_consoles_get_events_by_the_chosen_backend(settings, engine, make_person, setting):
    """``memory`` on PostgreSQL too: one instance, events handed over at commit (they used to go
    out by NOTIFY with nobody listening)."""
    op = make_person("operator")
    app = create_app(settings.model_copy(update={"realtime_backend": setting}), engine=engine)
    with TestClient(app) as client, client.websocket_connect("/ws", headers=op.headers) as ws:
        created = client.post("/api/contacts", json={"channel": "voice"}, headers=op.headers)
        message = ws.receive_json()
    assert (message["type"], message["data"]["id"]) == ("contact.created", created.json()["id"])


def test_an_unknown_backend_is_refused_by_the_settings(settings):
    with pytest.raises(ValueError, match="realtime_backend"):
        type(settings).model_validate({**settings.model_dump(), "realtime_backend": "redis"})


def _handed_over(engine, write) -> tuple[list[list[str]], list[str]]:
    """Run ``write(session)`` in a transaction with a memory backend listening: the batches
    of event types handed to the hub, and the SQL statements the transaction sent."""
    import asyncio
    import concurrent.futures

    from sqlalchemy import event as sa_event
    from sqlmodel import Session

    from hotline.realtime import backends

    batches: list[list[str]] = []
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    async def run() -> None:
        backend = MemoryBackend()
        await backend.listen(lambda messages: batches.append([m["type"] for m in messages]))
        backends.attach(engine, backend)
        sa_event.listen(engine, "before_cursor_execute", count)
        try:
            with Session(engine) as session:
                write(session)
        finally:
            sa_event.remove(engine, "before_cursor_execute", count)
            backends.detach(engine, backend)

    # In a thread of its own: the browser tests' Playwright keeps a loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    return batches, statements


def test_a_transactions_events_go_out_together_once_it_commits(engine):
    from hotline.realtime.events import emit

    def write(session) -> None:
        emit(session, "one", {}, ["all"])
        emit(session, "two", {}, ["all"])
        session.commit()

    batches, statements = _handed_over(engine, write)
    assert batches == [["one", "two"]]
    # Written with the commit's one flush, not one flush (or NOTIFY) per event.
    assert sum(s.lstrip().upper().startswith("INSERT") for s in statements) <= 2


def test_what_rolls_back_never_goes_out(engine):
    from hotline.realtime.events import emit

    def write(session) -> None:
        emit(session, "kept", {}, ["all"])
        savepoint = session.begin_nested()
        emit(session, "undone", {}, ["all"])
        session.flush()
        savepoint.rollback()
        with session.begin_nested():  # a released savepoint hands nothing over on its own
            emit(session, "inner", {}, ["all"])
        session.commit()
        emit(session, "never", {}, ["all"])
        session.rollback()

    batches, _ = _handed_over(engine, write)
    assert batches == [["kept", "inner"]]


def test_postgres_carries_a_transactions_events_on_one_notify(engine, settings, make_person):
    if engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY needs PostgreSQL; CI runs this suite on PostgreSQL too")
    from sqlalchemy import event as sa_event

    notifies: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if "pg_notify" in statement:
            notifies.append(statement)

    sup, op = make_person("supervisor"), make_person("operator")
    app = create_app(settings.model_copy(update={"realtime_backend": "postgres"}), engine=engine)
    with TestClient(app) as client, client.websocket_connect("/ws", headers=sup.headers) as ws:
        sa_event.listen(engine, "before_cursor_execute", count)
        try:
            created = client.post("/api/contacts", json={
                "channel": "voice",
                "risk_screen": {"wish_dead": True, "suicidal_thoughts": True, "intent": True}},
                headers=op.headers).json()
        finally:
            sa_event.remove(engine, "before_cursor_execute", count)
        kinds = [ws.receive_json()["type"] for _ in range(2)]
    assert len(notifies) == 1  # the contact's event and its escalation's (nobody on call)
    assert kinds == ["contact.created", "escalation.exhausted"]
    assert created["escalation"]["state"] == "exhausted"
