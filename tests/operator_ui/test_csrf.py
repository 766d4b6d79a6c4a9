"""Page forms are checked for their CSRF token by one router-level dependency
(``operator_ui.rendering.page_router``): every unsafe page request without the cookie's token
is refused with a readable page before anything is read or written; the JSON API with a bearer
token is never asked for one."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session

from hotline.auth.deps import CSRF_COOKIE, CSRF_HEADER, csrf_protected
from hotline.presence.models import OperatorPresence
from operator_ui import pages
from operator_ui.rendering import PageRoute
from tests.conftest import put_on_shift
from tests.operator_ui.conftest import csrf

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _routes() -> list[APIRoute]:
    return [route for router in pages.ROUTERS for route in router.routes
            if isinstance(route, APIRoute)]


def _page_forms() -> list[tuple[str, str]]:
    return sorted((method, route.path) for route in _routes()
                  for method in route.methods & UNSAFE)


def test_every_page_form_is_behind_the_csrf_dependency() -> None:
    assert all(isinstance(route, PageRoute) for route in _routes())
    assert len(_page_forms()) >= 40
    unguarded = [
        (method, route.path) for route in _routes() for method in route.methods & UNSAFE
        if csrf_protected not in [d.call for d in route.dependant.dependencies]
    ]
    assert unguarded == []


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_a_page_form_without_the_right_token_is_refused_with_a_readable_page(
    client: TestClient, make_person, log_in, token: str | None
) -> None:
    log_in(make_person("admin", "supervisor", "operator"))
    csrf(client)
    for method, path in _page_forms():
        url = re.sub(r"\{[^}]+\}", "1", path)
        data = {} if token is None else {"csrf_token": token}
        r = client.request(method, url, data=data, follow_redirects=False)
        assert r.status_code == 403, (method, url, r.status_code)
        assert r.headers["content-type"].startswith("text/html")
        assert "The form expired or came from another site" in r.text, (method, url)


def test_the_refusal_speaks_the_readers_language_and_changes_nothing(
    client: TestClient, engine, make_person, log_in
) -> None:
    op = make_person("operator")
    log_in(op)
    put_on_shift(engine, op)
    r = client.post("/presence?lang=zh", data={"status": "away", "csrf_token": "forged"})
    assert r.status_code == 403 and "表单已过期或来自其他网站" in r.text
    with Session(engine) as s:
        assert s.get(OperatorPresence, op.id) is None  # still the default: nothing written


def test_the_right_token_in_the_form_or_the_header_is_accepted(
    client: TestClient, engine, make_person, log_in
) -> None:
    op = make_person("operator")
    log_in(op)
    put_on_shift(engine, op)
    r = client.post("/presence", data={"status": "away", "csrf_token": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 303
    r = client.post("/presence", data={"status": "available"},
                    headers={CSRF_HEADER: client.cookies[CSRF_COOKIE]}, follow_redirects=False)
    assert r.status_code == 303
    with Session(engine) as s:
        assert s.get(OperatorPresence, op.id).status == "available"


def test_a_forged_post_is_refused_before_the_session_is_looked_at(
    client: TestClient
) -> None:
    """Logged out: without the token the post is refused outright; with it, the login page."""
    assert client.post("/presence", data={"status": "away"}).status_code == 403
    r = client.post("/presence", data={"status": "away", "csrf_token": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_reading_pages_needs_no_token(client: TestClient, make_person, log_in) -> None:
    log_in(make_person("operator"))
    assert client.get("/home").status_code == 200


def test_the_api_with_a_bearer_token_is_not_asked_for_csrf(
    client: TestClient, engine, make_person
) -> None:
    op = make_person("operator")
    put_on_shift(engine, op)
    client.cookies.clear()
    r = client.put("/api/presence", json={"status": "away"}, headers=op.headers)
    assert r.status_code == 200, r.text
    r = client.patch("/api/auth/me", json={"language": "zh"}, headers=op.headers)
    assert r.status_code == 200, r.text
