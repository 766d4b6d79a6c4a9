"""Bad input gets a 4xx with a JSON detail that says what to fix, and nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from hotline.access.models import AuditEntry
from hotline.contacts.models import Contact, ContactRevision

NOW = datetime.now(UTC)


def _counts(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(  # type: ignore[return-value]
        session.exec(select(func.count()).select_from(m)).one()
        for m in (Contact, ContactRevision, AuditEntry)
    )


BAD_CREATES = [
    ({}, "channel"),
    ({"channel": "fax"}, "channel"),
    ({"channel": "voice", "issues": ["suicide.nonsense"]}, "suicide.nonsense"),
    ({"channel": "voice", "interventions": ["hugging"]}, "hugging"),
    ({"channel": "voice", "referrals": ["999"]}, "999"),
    ({"channel": "voice", "received_at": (NOW + timedelta(days=3)).isoformat()}, "future"),
    ({"channel": "voice", "received_at": "2026-11-23T08:00:00"}, "timezone"),
    ({"channel": "voice", "received_at": NOW.isoformat(),
      "ended_at": (NOW - timedelta(minutes=5)).isoformat()}, "ended_at"),
    ({"channel": "voice", "received_at": NOW.isoformat(),
      "answered_at": (NOW - timedelta(minutes=5)).isoformat()}, "answered_at"),
    ({"channel": "voice", "notes": "x" * 20_001}, "limit"),
    ({"channel": "voice", "operator_id": 424242}, "424242"),
    ({"channel": "voice", "risk_screen": {"wish_dead": True, "suicidal_thoughts": True, "intent": True,
                                          "operator_level": "none"}}, "operator_reason"),
    ({"channel": "voice", "risk_screen": {"plan": True}}, "suicidal_thoughts"),
    ({"channel": "voice", "call_type": "prank",
      "risk_screen": {"wish_dead": True, "suicidal_thoughts": False}}, "call_type"),
    ({"channel": "voice", "caller_number": "abc"}, "phone number"),
    ({"channel": "voice", "caller_name": "张三"}, "caller_name"),
    ({"channel": "voice", "caller_profile": {"age_band": "ancient"}}, "age_band"),
]


@pytest.mark.parametrize(("body", "says"), BAD_CREATES)
def test_bad_create_is_refused_and_writes_nothing(client, make_person, session, body, says):
    op = make_person("operator")
    before = _counts(session)
    r = client.post("/api/contacts", json=body, headers=op.headers)
    assert r.status_code == 422, r.text
    # the message says it, or names the field it concerns
    assert says in str(r.json()["detail"]) or r.json().get("field") == says
    assert _counts(session) == before


def test_malformed_json(client, make_person, session):
    op = make_person("operator")
    before = _counts(session)
    r = client.post(
        "/api/contacts", content=b'{"channel": "voice",',
        headers={**op.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422 and "detail" in r.json()
    assert _counts(session) == before


BAD_UPDATES = [
    ({"issues": ["nope"]}, "nope"),
    ({"channel": None}, "channel"),
    ({"ended_at": (NOW - timedelta(days=2)).isoformat()}, "ended_at"),
    ({"risk_screen": {"attempt_in_progress": True, "operator_level": "low"}}, "operator_reason"),
    ({"operator_id": 99999}, "99999"),
    ({"version": 7}, "version"),
]


@pytest.mark.parametrize(("body", "says"), BAD_UPDATES)
def test_bad_update_changes_nothing(client, make_person, make_contact, session, body, says):
    op = make_person("operator")
    c = make_contact(op)
    before = _counts(session)
    r = client.patch(f"/api/contacts/{c['id']}", json=body, headers=op.headers)
    assert r.status_code == 422, r.text
    assert says in str(r.json()["detail"]) or r.json().get("field") == says
    assert _counts(session) == before
    after = client.get(f"/api/contacts/{c['id']}", headers=op.headers).json()
    assert after["version"] == 1 and after["issues"] == c["issues"]


def test_bad_filters(client, make_person):
    sup = make_person("supervisor")
    r = client.get(
        "/api/contacts?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z", headers=sup.headers
    )
    assert r.status_code == 422 and "until" in str(r.json()["detail"])
    assert client.get("/api/contacts?risk_level=severe", headers=sup.headers).status_code == 422
    assert client.get("/api/contacts?limit=100000", headers=sup.headers).status_code == 422
