"""Caller flags and care plans by centre, as an attacker would test them: a supervisor or
team lead of one centre cannot list, review or agree another centre's callers' flags and care
plans, nor name another centre's person as key worker (404 / 422, nothing written). The
provincial supervisor neither reviews flags nor agrees plans (a centre's own work)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from hotline.callers.models import CarePlan
from tests.operator_ui.conftest import log_in  # noqa: F401  (fixture)

NUMBER = "+8613700003333"
PLAN = {"call_frequency": "每周一次", "approach": "先肯定来电。"}


@pytest.fixture
def people(make_person, centres):
    main, gz = centres["main"].id, centres["gz"].id
    return {"op_a": make_person("operator", centre_id=main),
            "sup_a": make_person("supervisor", "team_lead", centre_id=main),
            "op_b": make_person("operator", centre_id=gz),
            "sup_b": make_person("supervisor", "team_lead", centre_id=gz),
            "province": make_person("provincial_supervisor", centre_id=main)}


@pytest.fixture
def gz_flagged(client, people) -> tuple[dict, dict]:
    """A contact of centre gz whose caller its operator flagged."""
    r = client.post("/api/contacts", json={"channel": "voice", "caller_number": NUMBER},
                    headers=people["op_b"].headers)
    assert r.status_code == 201, r.text
    contact = r.json()
    r = client.post(f"/api/contacts/{contact['id']}/caller-flags",
                    json={"kind": "abusive", "reason": "辱骂"}, headers=people["op_b"].headers)
    assert r.status_code == 201, r.text
    return contact, r.json()


def test_flags_are_listed_and_reviewed_within_the_centre(client, people, gz_flagged):
    _, flag = gz_flagged

    def listed(who: str) -> list[int]:
        r = client.get("/api/caller-flags", headers=people[who].headers)
        assert r.status_code == 200, r.text
        return [f["id"] for f in r.json()]

    assert listed("sup_a") == [] and listed("sup_b") == [flag["id"]]
    assert client.get("/api/caller-flags", headers=people["province"].headers).status_code == 403
    url = f"/api/caller-flags/{flag['id']}/review"
    found = client.post(url, json={"decision": "lift"}, headers=people["sup_a"].headers)
    missing = client.post("/api/caller-flags/999999/review", json={"decision": "lift"},
                          headers=people["sup_a"].headers)
    assert found.status_code == missing.status_code == 404
    assert found.json()["code"] == missing.json()["code"]
    assert listed("sup_b") == [flag["id"]]  # still pending: the refused review wrote nothing
    r = client.post(url, json={"decision": "lift"}, headers=people["sup_b"].headers)
    assert r.status_code == 200 and r.json()["review"] == "lifted"


def test_care_plans_are_agreed_within_the_centre(client, people, gz_flagged, engine, log_in):  # noqa: F811
    contact, _ = gz_flagged
    url = f"/api/contacts/{contact['id']}/care-plan"
    r = client.put(url, json=PLAN, headers=people["sup_a"].headers)
    assert r.status_code == 404 and r.json()["code"] == "contact.not_found", r.text
    assert client.put(url, json=PLAN, headers=people["province"].headers).status_code == 403
    r = client.put(url, json={**PLAN, "key_worker_id": people["op_a"].id},
                   headers=people["sup_b"].headers)
    assert r.status_code == 422 and r.json()["code"] == "caller.key_worker_not_active"
    with Session(engine) as s:
        assert s.exec(select(CarePlan)).all() == []  # nothing half-written
    r = client.put(url, json={**PLAN, "key_worker_id": people["op_b"].id},
                   headers=people["sup_b"].headers)
    assert r.status_code == 200, r.text
    log_in(people["sup_a"])
    page = client.get(f"/callers/{contact['id']}/care-plan")
    assert page.status_code == 404 and PLAN["approach"] not in page.text
    log_in(people["sup_b"])
    page = client.get(f"/callers/{contact['id']}/care-plan")
    assert page.status_code == 200 and PLAN["approach"] in page.text
