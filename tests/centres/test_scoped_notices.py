"""Notices by centre, as an attacker would test them: a notice addressed to a role reaches
that role in the centre it is about only (another centre's supervisors neither list,
acknowledge nor dismiss it); one about no centre reaches the role everywhere; the province's
own roles hear their notices from every centre and not the centres' role notices. The
periodic jobs judge each centre by its own policies and tell its own people."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from hotline import jobs, policies
from hotline.notices import service as notices
from hotline.notices.models import Notice
from hotline.roster.models import Shift
from hotline.training.models import TrainingSession
from tests.crisis.conftest import IMMINENT


@pytest.fixture
def people(make_person, centres):
    main, gz = centres["main"].id, centres["gz"].id
    return {
        "op_a": make_person("operator", centre_id=main),
        "sup_a": make_person("supervisor", centre_id=main),
        "admin_a": make_person("admin", centre_id=main),
        "op_b": make_person("operator", centre_id=gz),
        "sup_b": make_person("supervisor", centre_id=gz),
        "admin_b": make_person("admin", centre_id=gz),
        "province": make_person("provincial_supervisor", centre_id=main),
    }


def _kinds(client, person) -> list[str]:
    r = client.get("/api/notices", headers=person.headers)
    assert r.status_code == 200, r.text
    return [n["kind"] for n in r.json()]


def _on_duty(engine, person, position: str, centre_id: int, now: datetime) -> None:
    with Session(engine) as s:
        s.add(Shift(staff_id=person.id, position=position, centre_id=centre_id,
                    start=now - timedelta(hours=1), end=now + timedelta(hours=7),
                    checked_in_at=now - timedelta(hours=1)))
        s.commit()


def test_a_co_sign_request_goes_to_its_centres_supervisors_only(client, engine, people,
                                                               centres):
    """gz has no supervisor on duty, main has: the request goes to gz's supervisors (the
    role, in gz), not to main's supervisor on duty."""
    _on_duty(engine, people["sup_a"], "supervisor", centres["main"].id, datetime.now(UTC))
    lowered = {**IMMINENT, "operator_level": "moderate", "operator_reason": "药已被家人收走"}
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": lowered},
                    headers=people["op_b"].headers)
    assert r.status_code == 201, r.text
    with Session(engine) as s:
        (notice,) = s.exec(select(Notice).where(Notice.kind == "contact.cosign_requested")).all()
    assert (notice.audience, notice.centre_id) == ("role:supervisor", centres["gz"].id)
    assert "contact.cosign_requested" in _kinds(client, people["sup_b"])
    for who in ("sup_a", "province", "admin_b"):
        assert "contact.cosign_requested" not in _kinds(client, people[who])
    # Another centre's supervisor cannot acknowledge it by its id, nor dismiss it with all.
    sup_a = people["sup_a"]
    r = client.post(f"/api/notices/{notice.id}/ack", headers=sup_a.headers)
    assert r.status_code == 403 and r.json()["code"] == "notice.not_yours"
    client.post("/api/notices/ack-all", headers=sup_a.headers)
    with Session(engine) as s:
        assert s.get(Notice, notice.id).acknowledged_at is None
    r = client.post(f"/api/notices/{notice.id}/ack", headers=people["sup_b"].headers)
    assert r.status_code == 200 and r.json()["acknowledged_by"] == people["sup_b"].id


def test_a_notice_about_no_centre_reaches_the_role_everywhere(client, engine, people):
    with Session(engine) as s:
        notices.raise_notice(s, audience="role:admin", kind="auth.login_burst",
                             title="Many failed logins", dedupe_key="burst:1")
        s.commit()
    for who in ("admin_a", "admin_b"):
        assert _kinds(client, people[who]) == ["auth.login_burst"]
    assert _kinds(client, people["sup_a"]) == []


def test_the_province_hears_its_own_notices_from_every_centre_not_the_centres(
        client, engine, people, centres):
    """Provincial senders and subjects: a notice to the provincial supervisors about gz
    reaches them though their home is main; gz's supervisor notices do not reach them, and
    theirs do not reach the centres' supervisors."""
    gz = centres["gz"].id
    with Session(engine) as s:
        notices.raise_notice(s, audience="role:provincial_supervisor", kind="call.overflow",
                             title="gz overflowed", dedupe_key="p:1", centre_id=gz)
        notices.raise_notice(s, audience="role:supervisor", kind="contact.break_glass",
                             title="gz break-glass", dedupe_key="p:2", centre_id=gz)
        s.commit()
    assert _kinds(client, people["province"]) == ["call.overflow"]
    assert _kinds(client, people["sup_b"]) == ["contact.break_glass"]
    assert _kinds(client, people["sup_a"]) == []


def test_a_staff_notice_reaches_the_person_wherever_they_are(client, engine, people, centres):
    """Addressed to one person: theirs, whatever centre it is about (a lent shift's)."""
    with Session(engine) as s:
        notices.raise_notice(s, audience=f"staff:{people['op_a'].id}", kind="shift.offer",
                             title="A shift at gz", dedupe_key="s:1", centre_id=centres["gz"].id)
        s.commit()
    assert _kinds(client, people["op_a"]) == ["shift.offer"]
    assert _kinds(client, people["op_b"]) == []


def _late_shift(engine, person, centre_id: int, now: datetime, late_by: int) -> int:
    with Session(engine) as s:
        shift = Shift(staff_id=person.id, position="operator", centre_id=centre_id,
                      start=now - timedelta(minutes=late_by), end=now + timedelta(hours=6))
        s.add(shift)
        s.commit()
        assert shift.id is not None
        return shift.id


def test_no_shows_are_judged_by_each_centres_policy_and_told_to_its_people(
        client, engine, settings, people, centres, make_person):
    """main waits 15 minutes (the shared shifts.toml), gz 30 (its own): at 20 minutes only
    main's operator is a no-show; at 31 gz's is too, told to gz's supervisors (nobody on
    duty there: the role, in gz), with cover found among gz's people only."""
    shared = policies.load(settings.schedules_dir)
    patient = shared.shifts.model_copy(update={"rules": shared.shifts.rules.model_copy(
        update={"no_show_after_minutes": 30})})
    pol = dataclasses.replace(shared, centres={"gz": dataclasses.replace(shared, shifts=patient)})
    now = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    main, gz = centres["main"].id, centres["gz"].id
    _on_duty(engine, people["sup_a"], "supervisor", main, now)
    spare_b = make_person("operator", centre_id=gz)
    late_a = _late_shift(engine, people["op_a"], main, now, 20)
    late_b = _late_shift(engine, people["op_b"], gz, now, 20)

    assert jobs.check_no_shows(engine, settings, pol, now=now) == 1
    with Session(engine) as s:
        (first,) = s.exec(select(Notice).where(Notice.kind == "shift.no_show")).all()
    assert (first.data["shift_id"], first.audience, first.centre_id) == (
        late_a, f"staff:{people['sup_a'].id}", main)

    later = now + timedelta(minutes=11)
    assert jobs.check_no_shows(engine, settings, pol, now=later) == 1
    assert jobs.check_no_shows(engine, settings, pol, now=later) == 0  # once
    with Session(engine) as s:
        (second,) = s.exec(select(Notice).where(Notice.kind == "shift.no_show")
                           .where(Notice.id != first.id)).all()
    assert (second.data["shift_id"], second.audience, second.centre_id) == (
        late_b, "role:supervisor", gz)
    assert {p["staff_id"] for p in second.data["could_cover"]} <= {spare_b.id}
    assert "shift.no_show" in _kinds(client, people["sup_b"])
    assert [n["data"]["shift_id"] for n in client.get(
        "/api/notices", headers=people["sup_a"].headers).json()] == [late_a]


def test_an_overdue_follow_up_goes_to_its_centres_supervisor_on_duty(
        client, engine, settings, people, centres):
    from hotline.followups.models import FollowUp

    now = datetime.now(UTC)
    _on_duty(engine, people["sup_a"], "supervisor", centres["main"].id, now)
    _on_duty(engine, people["sup_b"], "supervisor", centres["gz"].id, now)
    r = client.post("/api/contacts", json={"channel": "voice"}, headers=people["op_b"].headers)
    assert r.status_code == 201, r.text
    contact_id = r.json()["id"]
    with Session(engine) as s:
        due = now - timedelta(hours=2)
        s.add(FollowUp(contact_id=contact_id, caller_key="k" * 16, owner_id=people["op_b"].id,
                       risk_level="high", due_on=due.date(), due_at=due, next_attempt_at=due,
                       ends_at=now + timedelta(days=2)))
        s.commit()
    pol = policies.load(settings.schedules_dir)
    assert jobs.check_overdue_follow_ups(engine, settings, pol, now=now) == 1
    assert "follow_up.overdue" in _kinds(client, people["sup_b"])
    assert "follow_up.overdue" not in _kinds(client, people["sup_a"])


def test_drill_planning_is_judged_per_centre_and_told_to_its_leads(client, engine, settings,
                                                                  people, centres, make_person):
    """gz has its half-year's drill planned, main has none: only main's team leads hear that
    a drill is missing."""
    lead_a = make_person("team_lead", centre_id=centres["main"].id)
    lead_b = make_person("team_lead", centre_id=centres["gz"].id)
    march = datetime(2026, 3, 10, tzinfo=UTC)
    with Session(engine) as s:
        start = datetime(2026, 5, 6, 6, 0, tzinfo=UTC)
        s.add(TrainingSession(kind="drill", title="演练", audience="crisis_team", start=start,
                              end=start + timedelta(hours=2), place="三楼",
                              scenario="imminent_rescue", centre_id=centres["gz"].id))
        s.commit()
    pol = policies.load(settings.schedules_dir)
    assert jobs.training_reminders(engine, settings, pol, now=march) == 1
    assert jobs.training_reminders(engine, settings, pol, now=march) == 0  # once
    assert "training.mandate_behind" in _kinds(client, lead_a)
    assert "training.mandate_behind" not in _kinds(client, lead_b)
