"""A staff-registry refusal by code: the API says it in the request's language with its values
(the page's side is in tests/operator_ui/test_page_errors.py)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import Person


def _new(client: TestClient, admin: Person, language: str):
    return client.post("/api/staff", json={
        "full_name": "新同事", "roles": ["operator"], "username": "taken", "password": "pw-12345678",
    }, headers={**admin.headers, "Accept-Language": language})


def test_a_taken_username_in_both_languages(client: TestClient, admin: Person,
                                           make_person: Callable[..., Person]) -> None:
    make_person("operator", username="taken")
    zh, en = _new(client, admin, "zh"), _new(client, admin, "en")
    assert zh.status_code == en.status_code == 409
    assert zh.json()["code"] == en.json()["code"] == "account.username_taken"
    assert zh.json()["params"] == en.json()["params"] == {"username": "taken",
                                                          "field": "username"}
    assert zh.json()["detail"] == "用户名 taken 已被使用，请换一个。"
    assert en.json()["detail"] == "The username taken is taken. Choose another."

