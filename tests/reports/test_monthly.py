"""Monthly report tables against hand-made contacts, shifts and sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from hotline.config import Settings
from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.policies import load as load_policies
from hotline.reports import monthly
from hotline.roster.models import Shift
from hotline.training.models import Participant, TrainingSession

ZONE = ZoneInfo("Asia/Shanghai")
MARCH = date(2025, 3, 1)
# 2025-03-31 23:30 in Shanghai is still March there, though April has begun nowhere in UTC.
LATE_MARCH = datetime(2025, 3, 31, 15, 30, tzinfo=UTC)
EARLY_APRIL = datetime(2025, 3, 31, 16, 30, tzinfo=UTC)  # 00:30 on 1 April locally
MID_MARCH = datetime(2025, 3, 15, 4, 0, tzinfo=UTC)


def add(engine: Any, *rows: Any) -> None:
    with Session(engine, expire_on_commit=False) as s:
        s.add_all(rows)
        s.commit()


def contact(at: datetime = MID_MARCH, *, status: str = "completed", wait: int | None = 10,
            risk: str = "none", issues: list[str] | None = None, caller: str | None = None,
            call_type: str = "data", drill: bool = False) -> Contact:
    answered = at + timedelta(seconds=wait) if wait is not None else None
    return Contact(channel="voice", status=status, received_at=at, answered_at=answered,
                   ended_at=answered + timedelta(minutes=5) if answered else None,
                   risk_level=risk, issues=issues or [], caller_key=caller, call_type=call_type,
                   is_drill=drill)


def march_bounds() -> tuple[datetime, datetime]:
    return monthly.month_bounds(MARCH, ZONE)


SERIES_CASES = [
    # (contacts, {month: (offered, answered, abandoned, high_risk)})
    ([], {"2025-02": (0, 0, 0, 0), "2025-03": (0, 0, 0, 0), "2025-04": (0, 0, 0, 0)}),
    ([contact(LATE_MARCH), contact(EARLY_APRIL, status="abandoned", wait=None)],
     {"2025-03": (1, 1, 0, 0), "2025-04": (1, 0, 1, 0)}),
    ([contact(risk="high"), contact(risk="imminent"), contact(risk="moderate"),
      contact(status="missed", wait=None)],
     {"2025-03": (4, 3, 0, 2)}),
    ([contact(), contact(drill=True), contact(drill=True, risk="imminent")],  # drills never count
     {"2025-03": (1, 1, 0, 0)}),
]


@pytest.mark.parametrize(("contacts", "expected"), SERIES_CASES)
def test_monthly_series_follows_the_local_calendar(engine, session, contacts, expected) -> None:
    add(engine, *contacts)
    points = {p.month: p for p in monthly.monthly_series(
        session, first=date(2025, 2, 1), last=date(2025, 4, 20), zone=ZONE)}
    assert list(points) == ["2025-02", "2025-03", "2025-04"]
    for month, (offered, answered, abandoned, high) in expected.items():
        p = points[month]
        assert (p.offered, p.answered, p.abandoned, p.high_risk) == (offered, answered,
                                                                     abandoned, high)
        assert p.answer_rate == (round(answered / offered, 4) if offered else None)


def test_month_bounds_cross_the_year() -> None:
    since, until = monthly.month_bounds(date(2025, 12, 17), ZONE)
    assert (since.isoformat(), until.isoformat()) == (
        "2025-12-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00")


MIX_CASES = [
    ([], {"none": 0, "low": 0, "moderate": 0, "high": 0, "imminent": 0}),
    ([contact(risk="low"), contact(risk="low"), contact(risk="imminent"),
      contact(call_type="silent", wait=None, status="completed"),  # no screen: not in the mix
      contact(risk="high", drill=True)],
     {"none": 0, "low": 2, "moderate": 0, "high": 0, "imminent": 1}),
]


@pytest.mark.parametrize(("contacts", "expected"), MIX_CASES)
def test_risk_mix_counts_full_records_by_level(engine, session, contacts, expected) -> None:
    add(engine, *contacts)
    since, until = march_bounds()
    assert monthly.risk_mix(session, since=since, until=until) == expected


CATEGORY_CASES = [
    ([], {}),
    # Two sub-issues of one category count once for it; categories sort by count.
    ([contact(issues=["suicide.plan", "suicide.ideation"]), contact(issues=["suicide.plan"]),
      contact(issues=["family", "suicide.plan"]), contact(issues=[])],
     {"suicide": 3, "family": 1}),
    ([contact(issues=["family"]), contact(issues=["family"], drill=True),
      contact(issues=["family"], at=EARLY_APRIL)],
     {"family": 1}),
]


@pytest.mark.parametrize(("contacts", "expected"), CATEGORY_CASES)
def test_issue_categories_by_top_level(engine, session, contacts, expected) -> None:
    add(engine, *contacts)
    since, until = march_bounds()
    found = monthly.issue_categories(session, since=since, until=until)
    assert found == expected
    assert list(found) == list(expected)


CALLER_CASES = [
    ([], (0, 0, 0)),
    ([contact(caller="a"), contact(caller="a"), contact(caller="b"), contact()], (2, 1, 0)),
    # "c" called in February too: returning; "d" only in a drill before: not returning.
    ([contact(caller="c"), contact(caller="c", at=MID_MARCH - timedelta(days=30)),
      contact(caller="d"), contact(caller="d", at=MID_MARCH - timedelta(days=30), drill=True),
      contact(caller="e", at=EARLY_APRIL)],
     (2, 0, 1)),
]


@pytest.mark.parametrize(("contacts", "expected"), CALLER_CASES)
def test_repeat_and_returning_callers(engine, session, contacts, expected) -> None:
    add(engine, *contacts)
    since, until = march_bounds()
    figures = monthly.callers(session, since=since, until=until)
    assert (figures.identified, figures.repeat, figures.returning) == expected


def test_call_types_and_crisis_escalations(engine, session) -> None:
    high, imminent = contact(risk="high"), contact(risk="imminent")
    add(engine, high, imminent, contact(call_type="silent", wait=None), contact(call_type="prank"))
    # Real ids: PostgreSQL sequences do not restart between tests.
    first, second = session.exec(select(Contact.id).order_by(Contact.id)).all()[:2]
    add(engine,
        Escalation(contact_id=first, risk_level="high", opened_at=MID_MARCH,
                   acknowledged_at=MID_MARCH + timedelta(seconds=40)),
        Escalation(contact_id=second, risk_level="imminent", opened_at=MID_MARCH),
        Escalation(contact_id=second, risk_level="imminent", opened_at=MID_MARCH, is_drill=True))
    since, until = march_bounds()
    types = monthly.call_types(session, since=since, until=until)
    assert (types["data"], types["silent"], types["prank"], types["abusive"]) == (2, 1, 1, 0)
    assert monthly.crisis(session, since=since, until=until) == monthly.Crisis(
        high=1, imminent=1, escalations=2, acknowledged=1)


def test_sessions_held_count_attendance_and_passes(engine, session, make_person) -> None:
    a, b, c = (make_person("operator") for _ in range(3))
    held = TrainingSession(kind="training", title="倾听技巧", audience="operators",
                           start=MID_MARCH, end=MID_MARCH + timedelta(hours=3), place="301")
    cancelled = TrainingSession(kind="drill", title="停电演练", audience="crisis_team",
                                start=MID_MARCH, end=MID_MARCH + timedelta(hours=1), place="301",
                                scenario="telephony_outage", status="cancelled")
    planned = TrainingSession(kind="drill", title="未来演练", audience="crisis_team",
                              start=LATE_MARCH, end=LATE_MARCH + timedelta(hours=1), place="301",
                              scenario="telephony_outage")
    add(engine, held, cancelled, planned)
    add(engine,
        Participant(session_id=held.id, staff_id=a.id, attendance="attended", passed=True, score=90),
        Participant(session_id=held.id, staff_id=b.id, attendance="attended", passed=False, score=40),
        Participant(session_id=held.id, staff_id=c.id, attendance="absent"))
    since, until = march_bounds()
    rows = monthly.sessions_held(session, since=since, until=until,
                                 now=MID_MARCH + timedelta(days=1))
    assert [(r.title, r.invited, r.attended, r.passed, r.hours) for r in rows] == [
        ("倾听技巧", 3, 2, 1, 3.0)]


def test_monthly_report_puts_it_together(engine, session, settings: Settings) -> None:
    policies = load_policies(settings.schedules_dir)
    add(engine, contact(risk="high", issues=["suicide.plan"], caller="a"),
        contact(status="abandoned", wait=None, caller="a"))
    report = monthly.monthly_report(session, month=date(2025, 3, 9), settings=settings,
                                    policies=policies)
    assert report.month == "2025-03"
    assert (report.totals["offered"], report.totals["answer_rate"]) == (2, 0.5)
    assert (report.crisis.high, report.callers.repeat, report.categories) == (1, 1, {"suicide": 1})
    assert report.full_records == 2
    assert report.staffing.covered_ratio == 0.0  # nothing rostered: nothing covered
    assert report.staffing.required_hours > 0


def test_staffing_counts_rostered_hours_and_people(engine, session, settings, make_person) -> None:
    policies = load_policies(settings.schedules_dir)
    one = make_person("operator")
    add(engine, Shift(staff_id=one.id, position="operator", start=MID_MARCH,
                      end=MID_MARCH + timedelta(hours=10)),
        Shift(staff_id=one.id, position="operator", start=EARLY_APRIL,
              end=EARLY_APRIL + timedelta(hours=8)))
    since, until = march_bounds()
    figures = monthly.staffing(session, since=since, until=until, settings=settings,
                               policies=policies)
    assert (figures.staffed_hours, figures.people_on_shift) == (10.0, 1)
    assert figures.covered_ratio == round(10.0 / figures.required_hours, 4)
