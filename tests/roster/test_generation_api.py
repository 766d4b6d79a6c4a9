"""Generate a roster from the database's staff over HTTP, review it, publish it."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from hotline.roster.models import Shift
from hotline.wallclock import at
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


def test_generator_sees_certificates_per_day_and_trainings(session, make_person, settings):
    """A certificate expiring inside the period blocks only the days after it; a training
    session the person is invited to is time the roster leaves free."""
    from hotline.policies import load
    from hotline.roster.generation import make_request
    from hotline.staff.models import Qualification
    from hotline.training.models import Participant, TrainingSession

    policies = load(settings.schedules_dir)
    expiring = make_person("crisis_responder", certified=False)
    trainee = make_person("operator")
    session.add(Qualification(staff_id=expiring.id, kind="心理危机干预培训证书",
                              issued_on=TOMORROW - timedelta(days=700),
                              expires_on=TOMORROW + timedelta(days=1)))
    lesson = TrainingSession(kind="training", title="Safety planning", audience="operators",
                             start=at(TOMORROW + timedelta(days=2), time(9), ZONE),
                             end=at(TOMORROW + timedelta(days=2), time(12), ZONE))
    session.add(lesson)
    session.flush()
    session.add(Participant(session_id=lesson.id, staff_id=trainee.id))
    session.commit()
    request = make_request(session, first_day=TOMORROW, last_day=TOMORROW + timedelta(days=3),
                           settings=settings, policies=policies)
    by_id = {c.staff_id: c for c in request.candidates}
    # Valid through its expiry day: rostered then, unavailable from the next local midnight.
    assert [a for a, _ in by_id[expiring.id].unavailable] == [
        at(TOMORROW + timedelta(days=2), time(0), ZONE)]
    assert by_id[trainee.id].unavailable == ((lesson.start, lesson.end),)


def test_impossible_roster_is_answered_at_once_with_the_arithmetic(client, make_person):
    """Two crisis responders cannot keep a primary and a backup on call around the clock
    for a week: the capacity check says so before any search, naming position, window and
    shortfall."""
    people = [make_person("operator") for _ in range(12)] + [
        make_person("crisis_responder") for _ in range(2)] + [
        make_person("supervisor") for _ in range(4)]
    body = {"since": TOMORROW.isoformat(),
            "until": (TOMORROW + timedelta(days=7)).isoformat(), "time_limit_s": 60}
    r = client.post("/api/roster/generate", json=body, headers=people[-1].headers)
    assert r.status_code == 200
    proposal = r.json()
    assert proposal["status"] == "infeasible" and proposal["shifts"] == []
    assert proposal["first_solution_s"] is None and proposal["wall_s"] < 30
    primary, backup = proposal["reasons"]
    assert primary.startswith("crisis_primary, ") and backup.startswith("crisis_backup, ")
    for reason in (primary, backup):  # 168 h each; 2 x 72 h of standby in any 7 days
        assert "needs 168 h, the 2 eligible people can give at most 144 h; short by 24 h." in reason
