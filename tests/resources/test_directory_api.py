"""The referral directory: who may change it, what a bad entry does, retire, stale flag,
and referrals from a contact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.resources.models import Referral, Resource

FULL = {
    "name": "北京市青少年心理咨询中心",
    "description": "面向中小学生的个体心理咨询与家庭咨询。",
    "categories": ["youth", "counselling"],
    "phone": "+861065120000",
    "address": "北京市东城区东单北大街",
    "region": "CN-BJ",
    "opening_hours": "周二至周日 9:00-18:00",
    "eligibility": "12-25岁青少年及家长",
    "languages": ["zh"],
    "last_verified_on": (date.today() - timedelta(days=10)).isoformat(),
}


def test_only_name_is_required_and_everyone_may_search(client, make_person):
    lead, op = make_person("team_lead"), make_person("operator")
    r = client.post("/api/resources", json={"name": "社区心理服务站"}, headers=lead.headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["categories"] == [] and body["stale"] is True  # never verified: review it
    found = client.get("/api/resources", params={"q": "心理服务"}, headers=op.headers).json()
    assert [i["id"] for i in found["items"]] == [body["id"]] and found["total"] == 1
    assert client.post("/api/resources", json={"name": "x"}, headers=op.headers).status_code == 403


def test_explicit_nulls_read_as_not_given(client, make_person):
    """The API fuzzer's find: ``"languages": null`` on create was a 500."""
    lead = make_person("team_lead")
    r = client.post("/api/resources", json={"name": "热线", "languages": None, "categories": None},
                    headers=lead.headers)
    assert r.status_code == 201, r.text
    assert (r.json()["languages"], r.json()["categories"]) == ([], [])


def test_full_entry_round_trips_and_updates_are_versions(client, make_person, engine):
    sup = make_person("supervisor")
    created = client.post("/api/resources", json=FULL, headers=sup.headers).json()
    assert {k: created[k] for k in FULL} == FULL and created["stale"] is False
    r = client.patch(f"/api/resources/{created['id']}", json={"phone": "+861065120001"},
                     headers=sup.headers)
    assert r.json()["phone"] == "+861065120001" and r.json()["version"] == 2
    same = client.patch(f"/api/resources/{created['id']}", json={"phone": "+861065120001"},
                        headers=sup.headers)
    assert same.json()["version"] == 2  # nothing new, no new version
    with Session(engine) as s:
        actions = s.exec(select(AuditEntry.action).where(
            AuditEntry.subject == f"resource:{created['id']}")).all()
    assert sorted(actions) == ["resource.create", "resource.update"]


@pytest.mark.parametrize(("body", "word"), [
    ({"name": "A", "categories": ["astrology"]}, "category"),
    ({"name": "A", "phone": "010-6512 0000"}, "E.164"),
    ({"name": "A", "phone": "+86"}, "E.164"),
    ({"name": "A", "region": "Atlantis"}, "region"),
    ({"name": "   "}, "blank"),
    ({}, "name"),
    ({"name": "A", "last_verified_on": "2999-01-01"}, "future"),
    ({"name": "A", "languages": ["中文"]}, "languages"),
    ({"name": "A", "surprise": 1}, "surprise"),
])
def test_bad_entries_are_refused_and_nothing_is_written(client, make_person, engine, body, word):
    sup = make_person("supervisor")
    r = client.post("/api/resources", json=body, headers=sup.headers)
    assert r.status_code == 422 and word in r.text, r.text
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Resource)).one() == 0


@pytest.mark.parametrize("params", [
    {"q": "心" * 101}, {"category": "astrology"}, {"region": "XX"}, {"limit": 0},
    {"limit": 10_000}, {"offset": -1},
])
def test_bad_searches_are_4xx(client, make_person, params):
    op = make_person("operator")
    r = client.get("/api/resources", params=params, headers=op.headers)
    assert r.status_code == 422 and "detail" in r.json()


def test_retired_services_leave_search_but_stay_readable(client, make_person, make_resource):
    sup = make_person("supervisor")
    kept = make_resource(sup, name="上海市心理热线", region="CN-SH")
    gone = make_resource(sup, name="上海市旧心理热线", region="CN-SH")
    r = client.post(f"/api/resources/{gone['id']}/retire", headers=sup.headers)
    assert r.status_code == 200 and r.json()["retired_at"]
    again = client.post(f"/api/resources/{gone['id']}/retire", headers=sup.headers)
    assert again.json()["retired_at"] == r.json()["retired_at"]  # safe to repeat
    found = client.get("/api/resources", params={"q": "心理热线"}, headers=sup.headers).json()
    assert [i["id"] for i in found["items"]] == [kept["id"]]
    everything = client.get("/api/resources", params={"q": "心理热线", "include_retired": True},
                            headers=sup.headers).json()
    assert everything["total"] == 2
    assert client.get(f"/api/resources/{gone['id']}", headers=sup.headers).status_code == 200
    client.post(f"/api/resources/{gone['id']}/restore", headers=sup.headers)
    assert client.get("/api/resources", params={"q": "心理热线"},
                      headers=sup.headers).json()["total"] == 2


def test_stale_flag_after_a_year_unverified(client, make_person, make_resource):
    sup = make_person("supervisor")
    today = date.today()
    fresh = make_resource(sup, name="新近核实", last_verified_on=(today - timedelta(days=364))
                          .isoformat())
    old = make_resource(sup, name="久未核实", last_verified_on=(today - timedelta(days=370))
                        .isoformat())
    never = make_resource(sup, name="从未核实")
    assert not fresh["stale"] and old["stale"] and never["stale"]
    stale = client.get("/api/resources", params={"stale": True}, headers=sup.headers).json()
    assert {i["id"] for i in stale["items"]} == {old["id"], never["id"]}
    current = client.get("/api/resources", params={"stale": False}, headers=sup.headers).json()
    assert [i["id"] for i in current["items"]] == [fresh["id"]]


def test_referring_records_the_service_once(client, make_person, make_resource, engine):
    op, other, sup = make_person("operator"), make_person("operator"), make_person("supervisor")
    service = make_resource(sup, **FULL)
    contact = client.post("/api/contacts", json={"channel": "voice"}, headers=op.headers).json()
    url = f"/api/contacts/{contact['id']}/referrals"
    r = client.post(url, json={"resource_id": service["id"]}, headers=op.headers)
    assert r.status_code == 201, r.text
    assert r.json()["resource_name"] == FULL["name"] and r.json()["given_by"] == op.id
    again = client.post(url, json={"resource_id": service["id"]}, headers=op.headers)
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    assert client.post(url, json={"resource_id": service["id"]},
                       headers=other.headers).status_code == 403
    assert client.post(url, json={"resource_id": 999_999},
                       headers=op.headers).status_code == 404
    assert client.post(url, json={"resource_id": "abc"}, headers=op.headers).status_code == 422
    listed = client.get(url, headers=op.headers).json()
    assert [x["resource_id"] for x in listed] == [service["id"]]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Referral)).one() == 1
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "contact.referral")).one()
        assert audit.subject == f"contact:{contact['id']}"


def test_a_retired_service_cannot_be_given(client, make_person, make_resource):
    op, sup = make_person("operator"), make_person("supervisor")
    service = make_resource(sup, name="已停办的服务")
    client.post(f"/api/resources/{service['id']}/retire", headers=sup.headers)
    contact = client.post("/api/contacts", json={"channel": "voice"}, headers=op.headers).json()
    r = client.post(f"/api/contacts/{contact['id']}/referrals",
                    json={"resource_id": service["id"]}, headers=op.headers)
    assert r.status_code == 409 and "retired" in r.json()["detail"]
