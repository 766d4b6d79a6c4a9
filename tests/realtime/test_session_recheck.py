"""An open websocket follows its session: closed (1008) after logout, deactivation, password
reset or a role change; the token never travels in the URL."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from starlette.websockets import WebSocketDisconnect

from hotline.app import create_app
from hotline.auth.deps import SESSION_COOKIE
from hotline.config import Settings
from tests.conftest import PASSWORD, Person

RECHECK_S = 0.2


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"ws_recheck_seconds": RECHECK_S})


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine=engine)


def closed_with_1008(client: TestClient, ws, sup: Person) -> bool:  # type: ignore[no-untyped-def]
    """After a few re-check periods the close must be waiting. A contact logged now by the
    supervisor would reach a socket still open, so an open socket fails here, never hangs."""
    time.sleep(RECHECK_S * 5)
    client.post("/api/contacts", json={"channel": "sms"}, headers=sup.headers)
    with pytest.raises(WebSocketDisconnect) as closed:
        message = ws.receive_json()
        pytest.fail(f"socket still open, received {message}")
    return closed.value.code == 1008


def test_the_default_recheck_is_at_least_every_minute() -> None:
    assert Settings.model_fields["ws_recheck_seconds"].default <= 60


def test_closed_after_logout(client: TestClient, make_person: Callable[..., Person]) -> None:
    sup = make_person("supervisor")
    with client.websocket_connect("/ws", headers=sup.headers) as ws:
        assert client.post("/api/auth/logout", headers=sup.headers).status_code == 204
        other = make_person("supervisor")
        assert closed_with_1008(client, ws, other)


@pytest.mark.parametrize("change", ["deactivate", "reset_password", "role"])
def test_closed_after_an_admin_changes_the_account(
    client: TestClient, make_person: Callable[..., Person], change: str
) -> None:
    admin, sup = make_person("admin"), make_person("supervisor")
    person = make_person("supervisor", "operator")
    with client.websocket_connect("/ws", headers=person.headers) as ws:
        if change == "deactivate":
            r = client.post(f"/api/staff/{person.id}/deactivate", json={},
                            headers=admin.headers)
        elif change == "reset_password":
            r = client.post(f"/api/staff/{person.id}/account",
                            json={"password": "a-brand-new-password"}, headers=admin.headers)
        else:  # no longer a supervisor: must stop hearing what supervisors hear
            r = client.patch(f"/api/staff/{person.id}", json={"roles": ["operator"]},
                             headers=admin.headers)
        assert r.status_code == 200, r.text
        assert closed_with_1008(client, ws, sup)
    if change == "role":  # reconnecting, it hears only what an operator hears
        with client.websocket_connect("/ws", headers=person.headers) as ws:
            mine = client.post("/api/contacts", json={"channel": "chat"},
                               headers=person.headers).json()
            client.post("/api/contacts", json={"channel": "sms"}, headers=sup.headers)
            assert ws.receive_json()["data"]["id"] == mine["id"]


def test_an_unchanged_session_stays_open(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    sup = make_person("supervisor")
    with client.websocket_connect("/ws", headers=sup.headers) as ws:
        time.sleep(RECHECK_S * 4)
        created = client.post("/api/contacts", json={"channel": "sms"},
                              headers=sup.headers).json()
        assert ws.receive_json()["data"]["id"] == created["id"]


def test_consoles_are_rechecked_together_yet_each_follows_its_own_session(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    """One re-check for all open consoles: the one whose person logged out closes, the
    other consoles, of other sessions and of the same person's other session, stay open."""
    leaving, staying = make_person("supervisor"), make_person("supervisor")
    second_login = client.post("/api/auth/login", json={
        "username": leaving.username, "password": PASSWORD}).json()["access_token"]
    with client.websocket_connect("/ws", headers=leaving.headers) as gone, \
            client.websocket_connect("/ws", headers=staying.headers) as stays, \
            client.websocket_connect(
                "/ws", headers={"Authorization": f"Bearer {second_login}"}) as other_tab:
        assert client.post("/api/auth/logout", headers=leaving.headers).status_code == 204
        assert closed_with_1008(client, gone, staying)
        created = client.post("/api/contacts", json={"channel": "chat"},
                              headers=staying.headers).json()
        for ws in (stays, other_tab):
            message = ws.receive_json()
            while message["data"].get("id") != created["id"]:  # the contact sent above
                message = ws.receive_json()
            assert message["type"] == "contact.created"


def test_a_token_in_the_url_is_refused_even_when_valid(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    sup = make_person("supervisor")
    with pytest.raises(WebSocketDisconnect) as refused:
        with client.websocket_connect(f"/ws?token={sup.token}") as ws:
            ws.receive_json()
    assert refused.value.code == 1008


def test_the_session_cookie_works_only_from_our_own_pages(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    sup = make_person("supervisor")
    client.cookies.set(SESSION_COOKIE, sup.token)
    with client.websocket_connect("/ws", headers={"Origin": "http://testserver"}) as ws:
        created = client.post("/api/contacts", json={"channel": "sms"},
                              headers=sup.headers).json()
        assert ws.receive_json()["data"]["id"] == created["id"]
    with pytest.raises(WebSocketDisconnect) as refused:
        with client.websocket_connect("/ws", headers={"Origin": "https://evil.example"}) as ws:
            ws.receive_json()
    assert refused.value.code == 1008
