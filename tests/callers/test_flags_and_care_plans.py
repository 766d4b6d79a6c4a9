"""Caller flags: set with a reason by whoever handles the caller, expiring, reviewed by a
supervisor. Care plans for frequent callers, shown to whoever takes their call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from hotline.callers.models import CallerFlag

NUMBER = "+8613700002222"


def _call(client, person):
    r = client.post("/api/contacts", json={"channel": "voice", "caller_number": NUMBER},
                    headers=person.headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_flag_with_reason_expires_by_policy_and_shows_in_history(client, make_person):
    op = make_person("operator")
    contact = _call(client, op)
    r = client.post(f"/api/contacts/{contact['id']}/caller-flags",
                    json={"kind": "frequent_caller", "reason": "本周第六次来电"},
                    headers=op.headers)
    assert r.status_code == 201, r.text
    flag = r.json()
    expires = datetime.fromisoformat(flag["expires_at"]) - datetime.fromisoformat(flag["set_at"])
    assert expires == timedelta(days=90) and flag["review"] == "pending"
    again = client.post(f"/api/contacts/{contact['id']}/caller-flags",
                        json={"kind": "frequent_caller", "reason": "再次"}, headers=op.headers)
    assert again.status_code == 200 and again.json()["id"] == flag["id"]
    later = _call(client, op)
    history = client.get(f"/api/contacts/{later['id']}/caller-history",
                         headers=op.headers).json()
    assert [f["kind"] for f in history["flags"]] == ["frequent_caller"]


@pytest.mark.parametrize(("body", "word"), [
    ({"kind": "abusive", "reason": "   "}, "reason"),
    ({"kind": "abusive"}, "reason"),
    ({"kind": "annoying", "reason": "x"}, "kind"),
    ({"kind": "abusive", "reason": "x" * 501}, "reason"),
])
def test_bad_flags_are_refused_and_nothing_is_written(client, make_person, engine, body, word):
    op = make_person("operator")
    contact = _call(client, op)
    r = client.post(f"/api/contacts/{contact['id']}/caller-flags", json=body, headers=op.headers)
    assert r.status_code == 422 and word in r.text
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(CallerFlag)).one() == 0


def test_only_the_handler_flags_and_a_caller_needs_a_number(client, make_person):
    op, other = make_person("operator"), make_person("operator")
    contact = _call(client, op)
    body = {"kind": "abusive", "reason": "辱骂接线员"}
    assert client.post(f"/api/contacts/{contact['id']}/caller-flags", json=body,
                       headers=other.headers).status_code == 403
    anonymous = client.post("/api/contacts", json={"channel": "chat"}, headers=op.headers).json()
    r = client.post(f"/api/contacts/{anonymous['id']}/caller-flags", json=body,
                    headers=op.headers)
    assert r.status_code == 422 and "no caller number" in r.json()["detail"]


def test_supervisor_reviews_and_lifts(client, make_person, engine):
    op, sup = make_person("operator"), make_person("supervisor")
    contact = _call(client, op)
    flag = client.post(f"/api/contacts/{contact['id']}/caller-flags",
                       json={"kind": "abusive", "reason": "辱骂"}, headers=op.headers).json()
    assert client.get("/api/caller-flags", headers=op.headers).status_code == 403
    assert [f["id"] for f in client.get("/api/caller-flags", headers=sup.headers).json()] == [
        flag["id"]]
    url = f"/api/caller-flags/{flag['id']}/review"
    assert client.post(url, json={"decision": "lift"}, headers=op.headers).status_code == 403
    assert client.post(url, json={"decision": "maybe"}, headers=sup.headers).status_code == 422
    r = client.post(url, json={"decision": "lift", "note": "误会，来电者当时醉酒"},
                    headers=sup.headers)
    assert r.status_code == 200 and r.json()["review"] == "lifted"
    assert client.get("/api/caller-flags", headers=sup.headers).json() == []
    history = client.get(f"/api/contacts/{contact['id']}/caller-history",
                         headers=op.headers).json()
    assert history["flags"] == []
    assert client.post(url, json={"decision": "keep"}, headers=sup.headers).status_code == 409


def test_expired_flags_are_not_shown(client, make_person, engine):
    op = make_person("operator")
    contact = _call(client, op)
    flag = client.post(f"/api/contacts/{contact['id']}/caller-flags",
                       json={"kind": "at_risk_watch", "reason": "近期多次提及轻生"},
                       headers=op.headers).json()
    with Session(engine) as s:
        row = s.get(CallerFlag, flag["id"])
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        s.add(row)
        s.commit()
    history = client.get(f"/api/contacts/{contact['id']}/caller-history",
                         headers=op.headers).json()
    assert history["flags"] == []


def test_care_plan_for_a_frequent_caller(client, make_person):
    op, lead, worker = make_person("operator"), make_person("team_lead"), make_person("operator")
    contact = _call(client, op)
    plan = {"call_frequency": "每周二、周五各一次，每次不超过20分钟",
            "approach": "先肯定来电，再回到本周的小目标。", "key_worker_id": worker.id}
    url = f"/api/contacts/{contact['id']}/care-plan"
    assert client.put(url, json=plan, headers=op.headers).status_code == 403
    r = client.put(url, json=plan, headers=lead.headers)
    assert r.status_code == 200 and r.json()["key_worker_name"] == worker.staff.full_name
    assert client.put(url, json={**plan, "key_worker_id": 999999},
                      headers=lead.headers).status_code == 422
    later = _call(client, op)
    history = client.get(f"/api/contacts/{later['id']}/caller-history",
                         headers=op.headers).json()
    assert history["care_plan"]["call_frequency"] == plan["call_frequency"]
