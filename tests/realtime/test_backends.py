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
