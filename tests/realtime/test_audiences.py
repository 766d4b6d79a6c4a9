"""Each console is sent what it shows, and nothing else: the fan-out's cost is the consoles an
event is for, not every console that is open. An event is serialised once for all of them,
and the people it names are served before the roles' boards."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from hotline.realtime.backends import MemoryBackend
from hotline.realtime.hub import Hub, Push, Send, audiences_for
from tests.conftest import Person


def nothing_came_before_its_own(client: TestClient, ws, person: Person) -> bool:  # type: ignore[no-untyped-def]
    """The person logs a contact, which is addressed to them: is it the first thing their
    console receives? (Anything sent to it earlier would arrive first; nothing hangs.)"""
    mine = client.post("/api/contacts", json={"channel": "chat"}, headers=person.headers).json()
    first = ws.receive_json()
    return (first["type"], first["data"]["id"]) == ("contact.created", mine["id"])


def test_a_status_change_reaches_the_wallboards_not_the_colleagues(
        client: TestClient, make_person: Callable[..., Person]) -> None:
    away, colleague = make_person("operator"), make_person("operator")
    sup, lead = make_person("supervisor"), make_person("team_lead")
    with client.websocket_connect("/ws", headers=sup.headers) as sup_ws, \
            client.websocket_connect("/ws", headers=lead.headers) as lead_ws, \
            client.websocket_connect("/ws", headers=colleague.headers) as colleague_ws:
        assert client.put("/api/presence", json={"status": "away"},
                          headers=away.headers).status_code == 200
        for ws in (sup_ws, lead_ws):  # the wallboards show who is available
            message = ws.receive_json()
            assert message["type"] == "presence.changed"
            assert message["data"] | {"at": None} == {"staff_id": away.id, "status": "away",
                                                      "at": None}
        # A colleague's console shows no one else's status: it was not sent it.
        assert nothing_came_before_its_own(client, colleague_ws, colleague)


def test_one_text_for_every_console_and_the_named_person_first(engine: Engine) -> None:
    """An alert for the on-call responder while 200 supervisors' boards listen: the
    responder's console is written first, and all of them get the same text object (one
    ``json.dumps`` for the event, none per console)."""
    hub = Hub(engine, MemoryBackend())
    message = {"id": 1, "type": "escalation.created", "data": {"id": 9, "contact_id": 5},
               "at": "2026-11-27T03:00:00+00:00", "centre_id": 1,
               "audience": ["role:supervisor", "staff:7", "staff:2"]}

    written: list[tuple[str, Push]] = []  # (console, frame), in the order they were written

    def console(name: str) -> Send:
        async def send(push: Push) -> None:
            written.append((name, push))
        return send

    async def fan_out() -> None:
        boards = [hub.subscribe(audiences_for(100 + i, ["supervisor"]), console(f"board{i}"),
                                frozenset({1})) for i in range(200)]
        for board in boards:
            await board.__aenter__()
        async with hub.subscribe(audiences_for(7, ["crisis_responder"]), console("responder"),
                                 frozenset({1})) as responder, \
                hub.subscribe(audiences_for(2, ["supervisor"]), console("named"),
                              frozenset({1})) as named_sup, \
                hub.subscribe(audiences_for(8, ["operator"]), console("bystander"),
                              frozenset({1})) as bystander, \
                hub.subscribe(audiences_for(9, ["supervisor"]), console("elsewhere"),
                              frozenset({2})) as elsewhere:
            order = hub.recipients(message)
            assert set(order[:2]) == {responder, named_sup}  # the people it names, first
            assert len(order) == len(set(order)) == 202  # each console once
            assert bystander not in order and elsewhere not in order
            hub._deliver([message])  # written before it returns: no task, no queue
            assert {name for name, _ in written[:2]} == {"responder", "named"}
            assert len(written) == 202
            assert all(p.text is written[0][1].text for _, p in written)
            assert "audience" not in written[0][1].text and "centre_id" not in written[0][1].text
        for board in boards:
            await board.__aexit__(None, None, None)

    with ThreadPoolExecutor(1) as pool:  # a loop of its own (a browser test may hold one)
        pool.submit(asyncio.run, fan_out()).result()
