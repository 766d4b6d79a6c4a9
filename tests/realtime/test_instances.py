"""Two app instances on one PostgreSQL: an event committed on one reaches consoles on both."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from hotline.app import create_app
from hotline.db import make_engine


def test_events_cross_instances(engine, settings, make_person, database_url):
    if engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY needs PostgreSQL; CI runs this suite on PostgreSQL too")
    sup, op = make_person("supervisor"), make_person("operator")
    engine_b = make_engine(database_url)
    try:
        with TestClient(create_app(settings, engine=engine)) as a, \
                TestClient(create_app(settings, engine=engine_b)) as b:
            with b.websocket_connect("/ws", headers=sup.headers) as on_b, \
                    a.websocket_connect("/ws", headers=sup.headers) as on_a:
                created = a.post("/api/contacts", json={"channel": "voice"},
                                 headers=op.headers).json()
                for ws in (on_a, on_b):
                    message = ws.receive_json()
                    assert (message["type"], message["data"]["id"]) == (
                        "contact.created", created["id"])
    finally:
        engine_b.dispose()
