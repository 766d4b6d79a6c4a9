"""WS /ws: events reach the right consoles, and a reconnect replays what was missed."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from hotline import jobs, policies


def test_contact_created_reaches_supervisor_and_operator_only(client, make_person):
    op, sup, other = make_person("operator"), make_person("supervisor"), make_person("operator")
    with client.websocket_connect("/ws", headers=sup.headers) as sup_ws, \
            client.websocket_connect("/ws", headers=op.headers) as op_ws, \
            client.websocket_connect("/ws", headers=other.headers) as other_ws:
        created = client.post("/api/contacts", json={"channel": "voice", "notes": "私密内容"},
                              headers=op.headers).json()
        for ws in (sup_ws, op_ws):
            message = ws.receive_json()
            assert message["type"] == "contact.created"
            assert message["data"]["id"] == created["id"]
            assert message["data"]["risk_level"] == "none"
            assert "notes" not in message["data"] and "audience" not in message
            assert isinstance(message["id"], int)
        # The other operator got nothing: a ping of our own arrives first.
        client.post("/api/contacts", json={"channel": "sms"}, headers=other.headers)
        assert other_ws.receive_json()["data"]["operator_id"] == other.id


def test_reconnect_replays_missed_events_in_order(client, make_person):
    op = make_person("operator")
    with client.websocket_connect("/ws", headers=op.headers) as ws:
        client.post("/api/contacts", json={"channel": "voice"}, headers=op.headers)
        last_id = ws.receive_json()["id"]
    # Offline: two contacts are logged.
    ids = [client.post("/api/contacts", json={"channel": "chat"}, headers=op.headers).json()["id"]
           for _ in range(2)]
    with client.websocket_connect(f"/ws?last_id={last_id}", headers=op.headers) as ws:
        replayed = [ws.receive_json(), ws.receive_json()]
        assert [m["data"]["id"] for m in replayed] == ids
        assert replayed[0]["id"] > last_id and replayed[1]["id"] > replayed[0]["id"]
        # And it stays live afterwards, without repeating what it already sent.
        new = client.post("/api/contacts", json={"channel": "sms"}, headers=op.headers).json()
        assert ws.receive_json()["data"]["id"] == new["id"]


def test_coverage_gap_event_from_the_job(client, make_person, engine, settings):
    sup = make_person("supervisor")
    with client.websocket_connect("/ws", headers=sup.headers) as ws:
        jobs.check_coverage_gaps(engine, settings, policies.load(settings.schedules_dir))
        message = ws.receive_json()
    assert message["type"] == "coverage.gap"
    assert {"start", "end", "position", "required", "scheduled"} <= message["data"].keys()


@pytest.mark.parametrize("query", ["", "?token=nope"])
def test_refuses_without_a_valid_login(client, query):
    with pytest.raises(WebSocketDisconnect) as exc:
        with client.websocket_connect(f"/ws{query}") as ws:
            ws.receive_json()
    assert exc.value.code == 1008


def test_a_fresh_console_starts_from_now(client, make_person):
    op = make_person("operator")
    # History, heard by an earlier console: on PostgreSQL its NOTIFY may still be on its way
    # when the next console connects, and would then reach it (as it should: it is news).
    with client.websocket_connect("/ws", headers=op.headers) as earlier:
        client.post("/api/contacts", json={"channel": "voice"}, headers=op.headers)
        earlier.receive_json()
    with client.websocket_connect("/ws", headers=op.headers) as ws:
        new = client.post("/api/contacts", json={"channel": "sms"}, headers=op.headers).json()
        assert ws.receive_json()["data"]["id"] == new["id"]
