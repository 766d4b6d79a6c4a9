"""A high or imminent contact cannot be closed without a safety plan or a written reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from hotline.contacts.models import Contact

HIGH = {"suicidal_thoughts": True, "intent": True}


def test_closing_a_high_risk_contact_needs_a_plan(client, make_person, engine):
    op = make_person("operator")
    c = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                    headers=op.headers).json()
    r = client.patch(f"/api/contacts/{c['id']}", json={"status": "completed"},
                     headers=op.headers)
    assert r.status_code == 422 and "safety plan" in r.json()["detail"]
    with Session(engine) as s:
        row = s.get(Contact, c["id"])
        assert row is not None and row.status == "in_progress" and row.version == 1


@pytest.mark.parametrize("plan", [
    {"reasons_for_living": "想看女儿长大"},
    {"not_made_reason": "来电者中途挂断，未能完成安全计划"},
])
def test_a_plan_or_a_reason_lets_it_close(client, make_person, plan):
    op = make_person("operator")
    c = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                    headers=op.headers).json()
    r = client.patch(f"/api/contacts/{c['id']}", json={"status": "completed",
                                                       "safety_plan": plan},
                     headers=op.headers)
    assert r.status_code == 200, r.text
    assert r.json()["safety_plan"] == {**dict.fromkeys(
        ["reasons_for_living", "warning_signs", "coping_strategies", "distractions",
         "who_can_help", "crisis_agencies", "safe_environment", "not_made_reason"], ""), **plan}


def test_logged_after_the_call_it_needs_one_too_low_risk_does_not(client, make_person):
    op = make_person("operator")
    times = {"received_at": (datetime.now(UTC) - timedelta(minutes=30)).isoformat(),
             "ended_at": (datetime.now(UTC) - timedelta(minutes=5)).isoformat()}
    high = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH, **times},
                       headers=op.headers)
    assert high.status_code == 422 and "safety plan" in high.json()["detail"]
    low = client.post("/api/contacts", json={"channel": "voice", **times,
                                             "risk_screen": {"wish_dead": True}},
                      headers=op.headers)
    assert low.status_code == 201
