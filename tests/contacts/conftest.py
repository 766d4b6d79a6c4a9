from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Person


@pytest.fixture
def make_contact(client: TestClient) -> Callable[..., dict[str, Any]]:
    """``make_contact(person, **overrides)``: a realistic contact logged through the API."""

    def _make(person: Person, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "channel": "voice",
            "caller_profile": {"age_band": "18_24", "gender": "female", "region": "海淀区"},
            "issues": ["mood.depression", "stress.exams"],
            "risk_screen": {"wish_dead": True, "suicidal_thoughts": False},
            "interventions": ["active_listening", "risk_assessment"],
            "notes": "来电者考试失利后情绪低落，愿意和室友谈谈。",
        }
        body.update(overrides)
        r = client.post("/api/contacts", json=body, headers=person.headers)
        assert r.status_code == 201, r.text
        return r.json()

    return _make
