"""Logging in and out: passwords, throttling, sessions, cookies and CSRF, and the audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline.access.models import AuditEntry
from hotline.auth.deps import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from hotline.auth.models import Account, LoginSession
from hotline.config import Settings
from hotline.db import utcnow
from tests.conftest import PASSWORD, Person


@pytest.fixture
def browser(app: FastAPI) -> Iterator[TestClient]:
    """A second client with its own cookie jar, like a separate browser."""
    with TestClient(app) as c:
        yield c


def login(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    return client.post("/api/auth/login", json={"username": username, "password": password})


def entries(engine: Engine, action: str) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == action)
                           .order_by(col(AuditEntry.id))))


def account(engine: Engine, username: str) -> Account:
    with Session(engine) as s:
        return s.exec(select(Account).where(Account.username == username)).one()


def test_login_gives_a_bearer_token_and_is_audited(
    client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    op = make_person("operator")
    r = login(client, op.username.upper())  # usernames are case-insensitive
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["user"] == {"id": op.id, "username": op.username, "full_name": op.staff.full_name,
                            "roles": ["operator"], "language": None}
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["id"] == op.id
    (entry,) = entries(engine, "auth.login")
    assert (entry.actor_id, entry.subject, entry.client_addr) == (
        op.id, f"staff:{op.id}", "testclient")
    assert account(engine, op.username).last_login_at is not None


@pytest.mark.parametrize(("username", "password"), [
    ("operator1", "wrong-password"), ("nobody", PASSWORD), ("operator1", ""),
])
def test_failed_login_is_401_and_audited(
    client: TestClient, make_person: Callable[..., Person], engine: Engine,
    username: str, password: str,
) -> None:
    """The same answer whether the user exists or not, so usernames cannot be probed."""
    make_person("operator", username="operator1")
    r = login(client, username, password)
    if password == "":
        assert r.status_code == 422  # empty password: a malformed request
        assert entries(engine, "auth.login_failed") == []
        return
    assert r.status_code == 401
    assert r.json()["detail"] == "Wrong username or password."
    assert SESSION_COOKIE not in r.cookies
    (entry,) = entries(engine, "auth.login_failed")
    assert entry.client_addr == "testclient"
    assert entries(engine, "auth.login") == []


def elsewhere(app: FastAPI, address: str) -> TestClient:
    """A client from another address (the throttle counts per address and username)."""
    return TestClient(app, client=(address, 40000))


def test_failures_slow_the_pair_down_with_429_and_never_lock_the_account(
    client: TestClient, app: FastAPI, make_person: Callable[..., Person], engine: Engine
) -> None:
    """Five wrong passwords in a minute from one address: the next try, even with the right
    password, is 429 with Retry-After. The responder logging in from their own machine is
    not affected: a stranger cannot keep them out of their console."""
    op = make_person("crisis_responder")
    for _ in range(5):
        assert login(client, op.username, "wrong-password").status_code == 401
    r = login(client, op.username)
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert "Try again in" in r.json()["detail"]
    with elsewhere(app, "10.1.2.3") as own_machine:
        assert login(own_machine, op.username).status_code == 200
    acc = account(engine, op.username)
    assert acc.locked_until is None and acc.failed_logins == 0


def test_unknown_and_known_usernames_throttle_alike_and_typed_names_are_not_kept(
    client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    make_person("operator", username="real.one")
    answers = {name: [login(client, name, "wrong-password").status_code for _ in range(6)]
               for name in ("real.one", "no.such.person")}
    assert answers["real.one"] == answers["no.such.person"] == [401] * 5 + [429]
    stored = " ".join(str(e.model_dump()) for e in entries(engine, "auth.login_failed"))
    assert "no.such.person" not in stored


def test_a_success_forgives_earlier_failures(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    op = make_person("operator")
    for _ in range(4):
        assert login(client, op.username, "wrong-password").status_code == 401
    assert login(client, op.username).status_code == 200
    for _ in range(4):
        assert login(client, op.username, "wrong-password").status_code == 401
    assert login(client, op.username).status_code == 200  # the count restarted


def test_a_burst_of_failures_tells_the_admins(
    settings: Settings, engine: Engine, make_person: Callable[..., Person]
) -> None:
    """Guessing across many usernames from one address raises one notice for the admins,
    naming the address, not the names tried."""
    from hotline.app import create_app
    from hotline.notices.models import Notice

    app = create_app(settings.model_copy(update={"login_burst_alert": 6}), engine=engine)
    with elsewhere(app, "203.0.113.9") as guesser:
        for n in range(9):
            assert login(guesser, f"guess{n}", "wrong-password").status_code == 401
    with Session(engine) as s:
        (notice,) = s.exec(select(Notice)).all()
    assert (notice.audience, notice.kind) == ("role:admin", "auth.login_burst")
    assert notice.data["client_addr"] == "203.0.113.9" and "guess" not in str(notice.data)


def test_logout_revokes_the_token(
    client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    op = make_person("operator")
    token = login(client, op.username).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/auth/logout", headers=headers)
    assert r.status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 401
    assert client.get("/api/auth/me", headers=op.headers).status_code == 200  # other session
    (entry,) = entries(engine, "auth.logout")
    assert entry.actor_id == op.id


def test_expired_session_is_401(
    client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    op = make_person("operator")
    with Session(engine) as s:
        for row in s.exec(select(LoginSession)):
            row.expires_at = utcnow() - timedelta(seconds=1)
            s.add(row)
        s.commit()
    r = client.get("/api/auth/me", headers=op.headers)
    assert r.status_code == 401
    assert "Log in again" in r.json()["detail"]
    assert r.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc", "Bearer "])
def test_missing_or_bad_credentials_are_401(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    r = client.get("/api/auth/me", headers=headers)
    assert r.status_code == 401
    assert r.json()["detail"]


def test_session_cookie_is_httponly_and_samesite_lax(
    client: TestClient, make_person: Callable[..., Person], settings: Settings
) -> None:
    """Scripts cannot read the session cookie and other sites cannot post with it; the CSRF
    cookie is readable on purpose (pages echo it)."""
    op = make_person("operator")
    r = login(client, op.username)
    cookies: dict[str, str] = {}
    for raw in r.headers.get_list("set-cookie"):
        jar = SimpleCookie()
        jar.load(raw)
        for name, morsel in jar.items():
            cookies[name] = raw
            if name == SESSION_COOKIE:
                assert morsel["httponly"] is True
                assert morsel["samesite"].lower() == "lax"
                assert morsel["path"] == "/"
                assert int(morsel["max-age"]) == settings.session_hours * 3600
                assert morsel.value == r.json()["access_token"]
    assert SESSION_COOKIE in cookies and CSRF_COOKIE in cookies
    assert "httponly" not in cookies[CSRF_COOKIE].lower()


def test_cookie_calls_need_the_csrf_header_bearer_calls_do_not(
    browser: TestClient, client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    """A cookie rides along on a forged cross-site request; a bearer header cannot be forged."""
    op = make_person("operator")
    assert login(browser, op.username).status_code == 200
    assert browser.get("/api/auth/me").status_code == 200  # safe method: cookie alone is enough
    r = browser.patch("/api/auth/me", json={"language": "zh"})
    assert r.status_code == 403
    assert "Reload the page" in r.json()["detail"]
    r = browser.patch("/api/auth/me", json={"language": "zh"}, headers={CSRF_HEADER: "forged"})
    assert r.status_code == 403
    assert account(engine, op.username).language is None
    csrf = browser.cookies[CSRF_COOKIE]
    r = browser.patch("/api/auth/me", json={"language": "zh"}, headers={CSRF_HEADER: csrf})
    assert r.status_code == 200
    client.cookies.clear()
    r = client.patch("/api/auth/me", json={"language": "en"}, headers=op.headers)
    assert r.status_code == 200
    assert account(engine, op.username).language == "en"


def test_logout_clears_the_cookie(
    browser: TestClient, make_person: Callable[..., Person]
) -> None:
    op = make_person("operator")
    login(browser, op.username)
    r = browser.post("/api/auth/logout", headers={CSRF_HEADER: browser.cookies[CSRF_COOKIE]})
    assert r.status_code == 204
    assert SESSION_COOKIE not in browser.cookies
    assert browser.get("/api/auth/me").status_code == 401


def test_passwords_are_stored_only_as_argon2_hashes(
    client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    """No column anywhere holds the password or the bearer token in clear."""
    admin = make_person("admin")
    password = "a-new-staff-password"
    r = client.post("/api/staff", json={"full_name": "New", "roles": ["operator"],
                                        "username": "newbie", "password": password},
                    headers=admin.headers)
    assert r.status_code == 201
    token = login(client, "newbie", password).json()["access_token"]
    acc = account(engine, "newbie")
    assert acc.password_hash.startswith("$argon2id$")
    with Session(engine) as s:
        every_value = " ".join(
            str(v) for model in (Account, LoginSession, AuditEntry)
            for row in s.exec(select(model)) for v in row.model_dump().values()
        )
    assert password not in every_value
    assert token not in every_value


def test_short_passwords_are_refused(client: TestClient, make_person: Callable[..., Person],
                                     engine: Engine) -> None:
    admin = make_person("admin")
    r = client.post("/api/staff", json={"full_name": "New", "roles": ["operator"],
                                        "username": "newbie", "password": "2short"},
                    headers=admin.headers)
    assert r.status_code == 422
    assert "at least 10 characters" in r.json()["detail"]


@pytest.mark.parametrize(("roles", "status"), [
    (("operator",), 403), (("crisis_responder",), 403), (("team_lead",), 403),
    (("supervisor",), 200), (("admin",), 200),
])
def test_audit_log_is_for_supervisors_and_admins(
    client: TestClient, make_person: Callable[..., Person], roles: tuple[str, ...], status: int
) -> None:
    person = make_person(*roles)
    r = client.get("/api/audit", headers=person.headers)
    assert r.status_code == status
    if status == 403:
        assert r.json()["action"] == "view_audit" and "Ask a supervisor" in r.json()["detail"]


def test_audit_log_newest_first_and_by_subject(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    op = make_person("operator")
    sup = make_person("supervisor")
    login(client, op.username, "wrong-password")
    login(client, op.username)
    client.post("/api/auth/logout", headers=op.headers)
    r = client.get("/api/audit", params={"subject": f"staff:{op.id}"}, headers=sup.headers)
    assert r.status_code == 200
    assert [e["action"] for e in r.json()] == ["auth.logout", "auth.login", "auth.login_failed"]
    assert all(e["actor_id"] == op.id for e in r.json())
