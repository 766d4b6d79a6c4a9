"""Login and logout pages: CSRF, readable failures, throttling, and where people land."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from hotline.auth.deps import SESSION_COOKIE
from tests.conftest import PASSWORD, Person
from tests.operator_ui.conftest import csrf


def _login(client: TestClient, username: str, password: str, **extra: str):
    data = {"username": username, "password": password, "csrf_token": csrf(client), **extra}
    return client.post("/login", data=data, follow_redirects=False)


def test_pages_need_a_login(client: TestClient) -> None:
    for path in ("/contacts/new", "/contacts/mine", "/contacts", "/contacts/1", "/staff"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"] == f"/login?next={path}"
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_login_with_a_bad_csrf_token_is_refused_readably(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    person = make_person("operator")
    csrf(client)
    r = client.post("/login", data={"username": person.username, "password": PASSWORD,
                                    "csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("text/html")
    assert "The form expired or came from another site" in r.text
    assert SESSION_COOKIE not in r.cookies


def test_wrong_password_says_so_and_keeps_the_username(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    person = make_person("operator")
    r = _login(client, person.username, "not-the-password")
    assert r.status_code == 401
    assert "Wrong username or password." in r.text
    assert f'value="{person.username}"' in r.text
    assert SESSION_COOKIE not in r.cookies


def test_repeated_failures_slow_down_with_a_plain_message(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    """Five failures a minute from one place: the sixth try waits (429, Retry-After), said
    plainly in both languages; nothing calls it a lock, because nothing is locked."""
    person = make_person("operator")
    for _ in range(5):
        assert _login(client, person.username, "wrong-password").status_code == 401
    r = _login(client, person.username, PASSWORD)  # even the right password waits now
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert "Wait a minute" in r.text and "locked" not in r.text
    r = client.get("/login?lang=zh")
    r = _login(client, person.username, PASSWORD)
    assert "请稍等一分钟" in r.text


def test_each_role_lands_on_its_home(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    for roles, home in [(("operator",), "/home"), (("supervisor",), "/wallboard"),
                        (("team_lead",), "/wallboard"), (("crisis_responder",), "/contacts/new"),
                        (("admin",), "/staff")]:
        person = make_person(*roles)
        r = _login(client, person.username, PASSWORD)
        assert r.headers["location"] == home, roles
        assert client.get("/", follow_redirects=False).headers["location"] == home
        client.cookies.clear()


def test_login_returns_to_the_page_asked_for_but_never_off_site(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    person = make_person("operator")
    assert _login(client, person.username, PASSWORD,
                  next="/contacts/mine").headers["location"] == "/contacts/mine"
    client.cookies.clear()
    assert _login(client, person.username, PASSWORD,
                  next="//evil.example/").headers["location"] == "/home"


def test_logout_ends_the_session(
    client: TestClient, make_person: Callable[..., Person], log_in: Callable[[Person], None]
) -> None:
    person = make_person("operator")
    log_in(person)
    token = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    r = client.post("/logout", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert r.headers["location"] == "/login"
    client.cookies.set(SESSION_COOKIE, token)  # a copied cookie no longer works either
    assert client.get("/contacts/new", follow_redirects=False).status_code == 303
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
