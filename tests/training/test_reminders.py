"""Reminders fire once each: 7 and 1 days before, drill planning, certificate expiry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs, policies
from hotline.notices.models import Notice
from hotline.staff.models import Qualification
from hotline.training.models import Participant, TrainingSession


def _kinds(engine, kind=None):
    with Session(engine) as s:
        return sorted((n.kind, n.audience) for n in s.exec(select(Notice))
                      if kind is None or n.kind == kind)


def test_session_reminders_seven_and_one_day_before_once_each(engine, settings, make_person):
    pol = policies.load(settings.schedules_dir)
    op = make_person("operator")
    now = datetime(2026, 2, 1, 2, 0, tzinfo=UTC)  # before drill-planning season
    with Session(engine) as s:
        row = TrainingSession(kind="training", title="季度培训", audience="operators",
                              start=now + timedelta(days=6, hours=20),
                              end=now + timedelta(days=6, hours=23), place="培训室")
        s.add(row)
        s.flush()
        s.add(Participant(session_id=row.id, staff_id=op.id))
        s.commit()
    assert jobs.training_reminders(engine, settings, pol, now=now) == 1
    assert jobs.training_reminders(engine, settings, pol, now=now + timedelta(hours=1)) == 0
    assert jobs.training_reminders(engine, settings, pol, now=now + timedelta(days=6)) == 1
    assert _kinds(engine) == [("training.reminder", f"staff:{op.id}")] * 2


def test_drill_planning_flags_a_half_without_a_drill(engine, settings, make_person):
    pol = policies.load(settings.schedules_dir)
    make_person("team_lead")
    feb = datetime(2026, 2, 10, tzinfo=UTC)
    assert jobs.training_reminders(engine, settings, pol, now=feb) == 0  # too early to worry
    march = datetime(2026, 3, 10, tzinfo=UTC)
    assert jobs.training_reminders(engine, settings, pol, now=march) == 1
    assert jobs.training_reminders(engine, settings, pol, now=march + timedelta(days=1)) == 0
    assert _kinds(engine) == [("training.mandate_behind", "role:team_lead")]


def test_certificate_expiry_warns_the_person_and_team_leads(engine, settings, make_person):
    pol = policies.load(settings.schedules_dir)
    crisis = make_person("crisis_responder", certified=False)
    today = date(2026, 11, 23)
    with Session(engine) as s:
        s.add(Qualification(staff_id=crisis.id, kind="心理咨询师", expires_on=today + timedelta(days=30)))
        s.add(Qualification(staff_id=crisis.id, kind="社会工作师", expires_on=today + timedelta(days=200)))
        s.commit()
    now = datetime(2026, 11, 23, 4, tzinfo=UTC)
    assert jobs.training_reminders(engine, settings, pol, now=now) >= 2
    assert jobs.training_reminders(engine, settings, pol, now=now) == 0
    assert _kinds(engine, "certificate.expiring") == sorted([
        ("certificate.expiring", f"staff:{crisis.id}"), ("certificate.expiring", "role:team_lead")])
