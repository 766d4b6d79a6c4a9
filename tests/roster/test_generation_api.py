"""Generate a roster from the database's staff over HTTP, review it, publish it."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from hotline.roster.models import Shift
from hotline.roster.wallclock import at
from tests.roster.test_shifts_api import TOMORROW, ZONE


def _staff(make_person):
    return ([make_person("operator") for _ in range(14)]
            + [make_person("crisis_responder") for _ in range(6)]
            + [make_person("supervisor") for _ in range(4)])


def test_generate_then_publish_gives_a_gap_free_roster(client, make_person, engine):
    people = _staff(make_person)
    sup = people[-1]
    novice = make_person("operator", prior_training_hours=0)
    days = 2
    body = {"since": TOMORROW.isoformat(), "until": (TOMORROW + timedelta(days=days)).isoformat(),
            "time_limit_s": 20}
    r = client.post("/api/roster/generate", json=body, headers=sup.headers)
    assert r.status_code == 200, r.text
    proposal = r.json()
    assert proposal["gap_free"] and proposal["gaps"] == []
    assert proposal["status"] in ("optimal", "feasible")
    assert novice.id not in {s["staff_id"] for s in proposal["shifts"]}  # not alone, not auto
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Shift)).one() == 0  # only a proposal
    shifts = [{k: v for k, v in s.items() if k in ("staff_id", "position", "start", "end")}
              for s in proposal["shifts"]]
    r = client.post("/api/roster/publish", json={"shifts": shifts}, headers=sup.headers)
    assert r.status_code == 201, r.text
    window = {"since": at(TOMORROW, time(0), ZONE).isoformat(),
              "until": at(TOMORROW + timedelta(days=days), time(0), ZONE).isoformat()}
    cov = client.get("/api/coverage", params=window, headers=sup.headers).json()
    assert cov["gaps"] == [] and cov["covered_ratio"] == 1.0
    # Publishing the same roster again breaks the rules (overlaps): all refused, none written.
    r = client.post("/api/roster/publish", json={"shifts": shifts}, headers=sup.headers)
    assert r.status_code == 422 and "Shift 1" in r.json()["detail"]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Shift)).one() == len(shifts)


def test_infeasible_roster_is_explained(client, make_person):
    sup = make_person("supervisor")
    make_person("operator")
    r = client.post("/api/roster/generate", json={
        "since": TOMORROW.isoformat(), "until": (TOMORROW + timedelta(days=1)).isoformat(),
        "time_limit_s": 10}, headers=sup.headers)
    assert r.status_code == 200
    proposal = r.json()
    assert not proposal["gap_free"]
    assert {g["position"] for g in proposal["gaps"]} >= {"crisis_primary", "crisis_backup"}
    assert proposal["reasons"]


def test_generation_bad_input_and_access(client, make_person):
    sup, op = make_person("supervisor"), make_person("operator")
    body = {"since": TOMORROW.isoformat(), "until": TOMORROW.isoformat()}
    assert client.post("/api/roster/generate", json=body, headers=op.headers).status_code == 403
    r = client.post("/api/roster/generate", json=body, headers=sup.headers)
    assert r.status_code == 422 and "until" in r.json()["detail"]
    r = client.post("/api/roster/generate", json={
        "since": TOMORROW.isoformat(), "until": (TOMORROW + timedelta(days=60)).isoformat()},
        headers=sup.headers)
    assert r.status_code == 422 and "42" in r.json()["detail"]
    assert client.post("/api/roster/publish", json={"shifts": []},
                       headers=sup.headers).status_code == 422
