from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from hotline.auth.deps import CSRF_COOKIE
from tests.conftest import PASSWORD, Person


def csrf(client: TestClient) -> str:
    """The CSRF token a page gave this browser (the login page sets one)."""
    if CSRF_COOKIE not in client.cookies:
        client.get("/login")
    return client.cookies[CSRF_COOKIE]


@pytest.fixture
def log_in(client: TestClient) -> Callable[[Person], None]:
    """Log a person in through the login form, as a browser does."""

    def _log_in(person: Person) -> None:
        r = client.post("/login", data={"username": person.username, "password": PASSWORD,
                                        "csrf_token": csrf(client)}, follow_redirects=False)
        assert r.status_code == 303, r.text

    return _log_in
