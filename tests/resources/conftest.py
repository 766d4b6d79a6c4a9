from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Person


@pytest.fixture
def make_resource(client: TestClient) -> Callable[..., dict[str, Any]]:
    """``make_resource(person, name=..., **fields)`` through the API."""

    def _make(person: Person, **fields: Any) -> dict[str, Any]:
        r = client.post("/api/resources", json=fields, headers=person.headers)
        assert r.status_code == 201, r.text
        return r.json()

    return _make
