"""The screen records what was asked: unanswered items, "not assessed", "not screened" apart
from "none", the highest computed level kept, and third-party callers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Person

ASKED_NO = {"wish_dead": False, "suicidal_thoughts": False}


def _post(client: TestClient, person: Person, **body):
    return client.post("/api/contacts", json={"channel": "voice", **body}, headers=person.headers)


def test_q1_and_q2_must_be_answered_or_the_screen_marked_not_assessed(client, make_person):
    op = make_person("operator")
    r = _post(client, op, risk_screen={"wish_dead": True})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "contact.screen_not_asked"
    r = _post(client, op, risk_screen={"not_assessed": "caller_hung_up",
                                       "not_assessed_note": "挂断于第 2 分钟"})
    assert r.status_code == 201, r.text
    assert (r.json()["screen_status"], r.json()["risk_level"]) == ("not_assessed", "none")
    r = _post(client, op, risk_screen=ASKED_NO)
    assert r.json()["screen_status"] == "screened"
    assert r.json()["risk_unanswered"] == ["attempt_in_progress", "means_at_hand",
                                           "harm_to_others", "behavior"]
    assert r.json()["risk_screen"]["attempt_in_progress"] is None  # never asked, not "no"
    r = _post(client, op)
    assert (r.json()["screen_status"], r.json()["risk_level"]) == ("not_screened", "none")


def test_lists_tell_not_screened_from_none(client, make_person):
    op = make_person("operator")
    _post(client, op)
    _post(client, op, risk_screen=ASKED_NO)
    rows = client.get("/api/contacts", headers=op.headers).json()["items"]
    assert sorted((c["risk_level"], c["screen_status"]) for c in rows) == [
        ("none", "not_screened"), ("none", "screened")]


def test_the_screen_keeps_the_highest_level_it_ever_computed(client, make_person):
    op = make_person("operator")
    contact = _post(client, op, risk_screen={**ASKED_NO, "suicidal_thoughts": True,
                                             "intent": True}).json()
    assert contact["risk_level"] == "high"
    r = client.patch(f"/api/contacts/{contact['id']}", json={"risk_screen": ASKED_NO},
                     headers=op.headers)
    assert r.status_code == 200
    # Un-ticking intent does not make the contact safe: only a co-signed judgement may.
    assert (r.json()["computed_risk_level"], r.json()["risk_level"]) == ("high", "high")
    r = client.patch(f"/api/contacts/{contact['id']}",
                     json={"risk_screen": {**ASKED_NO, "operator_level": "low"}},
                     headers=op.headers)
    assert r.status_code == 422 and r.json()["params"]["field"] == "operator_reason"


def test_a_third_party_screen_is_about_the_person_at_risk(client, make_person):
    op = make_person("operator")
    person = {"age_band": "12_17", "where": "小区 5 号楼楼顶", "how_to_reach": "母亲陪同在旁",
              "note": "儿子站在楼顶边缘"}
    r = _post(client, op, caller_relationship="family", person_at_risk=person,
              risk_screen={"not_assessed": "third_party", "attempt_in_progress": True})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["caller_relationship"] == "family" and body["person_at_risk"] == person
    assert body["risk_level"] == "imminent" and body["escalation"]["risk_level"] == "imminent"
    r = _post(client, op, person_at_risk=person, risk_screen=ASKED_NO)
    assert r.status_code == 422 and "caller_relationship" in r.json()["detail"]
    r = _post(client, op, caller_relationship="neighbour")
    assert r.status_code == 422
