"""Report tables beyond the KPIs: a series over months, the risk mix, presenting-issue
categories, repeat callers, staffing and trainings held, and the monthly report that puts
them in the shape the authorities' forms ask for.

Everything is aggregated in SQL; Python only sees groups (hours, risk levels, distinct issue
lists), never one row per contact. Drill contacts never count.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, case, cast, distinct, exists, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from hotline.centres import service as centres_service
from hotline.config import Settings
from hotline.contacts.models import CallType, Contact, ContactStatus
from hotline.crisis.models import Escalation
from hotline.db import id_of, utcnow
from hotline.reports import drills, kpis
from hotline.reports.policy import ReportPolicies
from hotline.roster import centres as roster_centres
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.training.models import (
    Attendance,
    Participant,
    SessionKind,
    SessionStatus,
    TrainingSession,
)

RISK_LEVELS = ("none", "low", "moderate", "high", "imminent")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(month: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[first local midnight of the month, first local midnight of the next) as aware times."""
    start = first_of_month(month)
    return (datetime.combine(start, time(), zone), datetime.combine(next_month(start), time(), zone))


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _counted(since: datetime, until: datetime, centre_id: int | None = None) -> list[Any]:
    """The filter every contact figure shares: received in [since, until), not a drill, of
    one centre (``centre_id``) or of the whole network (None)."""
    where = [Contact.received_at >= since, Contact.received_at < until,
             col(Contact.is_drill).is_(False)]
    return where if centre_id is None else [*where, Contact.centre_id == centre_id]


@dataclass(frozen=True)
class MonthPoint:
    month: str  # "2025-03"
    offered: int
    answered: int
    abandoned: int
    high_risk: int
    answer_rate: float | None
    abandonment_rate: float | None


def monthly_series(session: Session, *, first: date, last: date, zone: ZoneInfo,
                   centre_id: int | None = None) -> list[MonthPoint]:
    """One point per local calendar month from ``first``'s month to ``last``'s, empty months
    included. Grouped by UTC hour in SQL, so months follow the hotline's clock (DST-safe)."""
    since, _ = month_bounds(first, zone)
    _, until = month_bounds(last, zone)
    rows = session.execute(
        sa_select(  # SQLAlchemy's: sqlmodel's select is typed for at most four columns
            col(Contact.received_hour), func.count(), func.count(col(Contact.wait_s)),
            func.sum(case((col(Contact.status) == ContactStatus.abandoned, 1), else_=0)),
            func.sum(case((col(Contact.risk_level).in_(["high", "imminent"]), 1), else_=0)),
        ).where(*_counted(since, until, centre_id)).group_by(col(Contact.received_hour))
    ).all()
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for hour, *values in rows:
        local = datetime.fromtimestamp(hour * 3600, tz=UTC).astimezone(zone)
        bucket = sums[f"{local.year:04d}-{local.month:02d}"]
        for i, v in enumerate(values):
            bucket[i] += int(v or 0)
    points, month = [], first_of_month(first)
    while month <= last:
        key = f"{month.year:04d}-{month.month:02d}"
        offered, answered, abandoned, high = sums.get(key, [0, 0, 0, 0])
        points.append(MonthPoint(key, offered, answered, abandoned, high,
                                 _ratio(answered, offered), _ratio(abandoned, offered)))
        month = next_month(month)
    return points


def risk_mix(session: Session, *, since: datetime, until: datetime,
             centre_id: int | None = None) -> dict[str, int]:
    """Full-record contacts by risk level, every level present (0 when none)."""
    rows = session.exec(
        select(Contact.risk_level, func.count()).where(*_counted(since, until, centre_id))
        .where(Contact.call_type == CallType.data).group_by(Contact.risk_level)
    ).all()
    found = dict(rows)
    return {level: int(found.get(level, 0)) for level in RISK_LEVELS}


def call_types(session: Session, *, since: datetime, until: datetime,
               centre_id: int | None = None) -> dict[str, int]:
    """Contacts by call type (full records, silent, hang-up, ...), every type present."""
    found = dict(session.exec(
        select(Contact.call_type, func.count()).where(*_counted(since, until, centre_id))
        .group_by(Contact.call_type)
    ).all())
    return {t.value: int(found.get(t, 0)) for t in CallType}


def issue_categories(session: Session, *, since: datetime, until: datetime,
                     centre_id: int | None = None) -> dict[str, int]:
    """Full-record contacts per top-level presenting issue (a contact with two sub-issues of
    one category counts once there), most frequent first. SQL groups identical issue lists,
    so Python sees each distinct combination once."""
    rows = session.exec(
        select(cast(Contact.issues, String), func.count()).where(*_counted(since, until, centre_id))
        .where(Contact.call_type == CallType.data).group_by(cast(Contact.issues, String))
    ).all()
    counts: Counter[str] = Counter()
    for issues, n in rows:
        for top in {code.split(".", 1)[0] for code in json.loads(issues or "[]")}:
            counts[top] += int(n)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class CallerFigures:
    identified: int  # distinct callers with a caller key
    repeat: int  # of those, callers with two or more contacts in the period
    returning: int  # of those, callers who had contacted the line before the period


def callers(session: Session, *, since: datetime, until: datetime,
            centre_id: int | None = None) -> CallerFigures:
    """Repeat and returning callers, linked by the pseudonymous caller key."""
    keyed = [*_counted(since, until, centre_id), col(Contact.caller_key).is_not(None)]
    identified = session.exec(select(func.count(distinct(col(Contact.caller_key)))).where(*keyed)).one()
    per_caller = (select(Contact.caller_key).where(*keyed).group_by(Contact.caller_key)
                  .having(func.count() >= 2).subquery())
    repeat = session.exec(select(func.count()).select_from(per_caller)).one()
    earlier = aliased(Contact)
    returning = session.exec(
        select(func.count(distinct(col(Contact.caller_key)))).where(*keyed).where(exists().where(and_(
            col(earlier.caller_key) == col(Contact.caller_key), col(earlier.received_at) < since,
            col(earlier.is_drill).is_(False),
        )))
    ).one()
    return CallerFigures(int(identified), int(repeat), int(returning))


@dataclass(frozen=True)
class Crisis:
    high: int
    imminent: int
    escalations: int
    acknowledged: int


def crisis(session: Session, *, since: datetime, until: datetime,
           mix: dict[str, int] | None = None, centre_id: int | None = None) -> Crisis:
    """High and imminent contacts, and crisis escalations opened and acknowledged."""
    mix = mix if mix is not None else risk_mix(session, since=since, until=until,
                                                centre_id=centre_id)
    query = (select(func.count(), func.count(col(Escalation.acknowledged_at)))
             .where(Escalation.opened_at >= since).where(Escalation.opened_at < until)
             .where(col(Escalation.is_drill).is_(False)))
    if centre_id is not None:
        query = query.where(Escalation.centre_id == centre_id)
    opened, acked = session.exec(query).one()
    return Crisis(mix["high"], mix["imminent"], int(opened), int(acked))


@dataclass(frozen=True)
class Staffing:
    covered_ratio: float
    required_hours: float
    staffed_hours: float
    people_on_shift: int


def staffing(session: Session, *, since: datetime, until: datetime, settings: Settings,
             policies: ReportPolicies, centre_id: int | None = None) -> Staffing:
    """How much of the required position-hours the roster staffed, and by how many people:
    at one centre (its zone, its policy), or in the whole network (each centre judged by its
    own policy, then added up)."""
    ids = [centre_id] if centre_id is not None else [
        c.id for c in centres_service.active(session)]
    required = staffed = 0.0
    for cid in ids:
        here = roster_centres.view(session, cid, settings=settings, policies=policies)
        report = roster.coverage_report(session, since=since, until=until,
                                        settings=here.settings, policies=here.policies,
                                        centre_id=here.centre_id)
        required += report.required_hours
        staffed += report.staffed_hours
    query = (select(func.count(distinct(col(Shift.staff_id))))
             .where(col(Shift.cancelled_at).is_(None))
             .where(Shift.end > since).where(Shift.start < until))
    if centre_id is not None:
        query = query.where(Shift.centre_id == centre_id)
    people = session.exec(query).one()
    ratio = staffed / required if required else 1.0
    return Staffing(round(ratio, 4), round(required, 1), round(staffed, 1), int(people))


@dataclass(frozen=True)
class SessionHeld:
    """A training reports attendance and, where assessed, passes; a drill reports what its
    runs measured (time to acknowledge, rescue steps done), never a pass count."""

    session_id: int
    kind: str
    title: str
    start: datetime
    hours: float
    invited: int
    attended: int
    passed: int | None  # None when nobody was assessed
    runs: int | None = None
    ack_median_s: float | None = None
    steps_done_share: float | None = None


def sessions_held(session: Session, *, since: datetime, until: datetime,
                  now: datetime | None = None, centre_id: int | None = None) -> list[SessionHeld]:
    """Trainings and drills that started in the period (and by now), not cancelled, with
    how many were invited, attended and passed, and each drill's measures."""
    now = now or utcnow()
    was_there = col(Participant.attendance) == Attendance.attended
    attended = case((was_there, 1), else_=0)
    passed = case((and_(was_there, col(Participant.passed).is_(True)), 1), else_=0)
    assessed = case((and_(was_there, col(Participant.passed).is_not(None)), 1), else_=0)
    query = (
        sa_select(  # SQLAlchemy's: sqlmodel's select is typed for at most four columns
            TrainingSession, func.count(col(Participant.id)),
            func.coalesce(func.sum(attended), 0), func.coalesce(func.sum(passed), 0),
            func.coalesce(func.sum(assessed), 0))
        .outerjoin(Participant, col(Participant.session_id) == col(TrainingSession.id))
        .where(col(TrainingSession.status) == SessionStatus.scheduled)
        .where(col(TrainingSession.start) >= since).where(col(TrainingSession.start) < until)
        .where(col(TrainingSession.start) <= now)
        .group_by(col(TrainingSession.id)).order_by(col(TrainingSession.start))
    )
    if centre_id is not None:
        query = query.where(col(TrainingSession.centre_id) == centre_id)
    rows = session.execute(query).all()
    measured = drills.measures(session, [id_of(s) for s, *_ in rows
                                         if s.kind == SessionKind.drill])
    out = []
    for s, n, a, p, graded in rows:
        drill = s.kind == SessionKind.drill
        m = measured.get(id_of(s)) if drill else None
        out.append(SessionHeld(
            id_of(s), str(s.kind), s.title, s.start,
            round((s.end - s.start).total_seconds() / 3600, 2), int(n), int(a),
            int(p) if graded else None,
            runs=(m.runs if m else 0) if drill else None,
            ack_median_s=m.ack_median_s if m else None,
            steps_done_share=round(m.steps_done / m.steps_total, 4) if m and m.steps_total else None))
    return out


class _Scope(TypedDict):
    since: datetime
    until: datetime
    centre_id: int | None


@dataclass
class MonthlyReport:
    month: str
    since: datetime
    until: datetime
    totals: dict[str, Any]
    call_types: dict[str, int]
    risk_mix: dict[str, int]
    crisis: Crisis
    callers: CallerFigures
    categories: dict[str, int]
    staffing: Staffing
    sessions: list[SessionHeld] = field(default_factory=list)

    @property
    def full_records(self) -> int:
        return self.call_types.get(CallType.data.value, 0)


def monthly_report(session: Session, *, month: date, settings: Settings,
                   policies: ReportPolicies, centre_id: int | None = None) -> MonthlyReport:
    """The figures of one local calendar month, in the order the monthly forms ask for:
    totals and answer rate, crisis calls, repeat callers, categories, staffing, trainings.
    Of one centre (``centre_id``; pass its zone and policies), or of the whole network."""
    since, until = month_bounds(month, settings.zone)
    totals = kpis.compute(session, since=since, until=until, zone=settings.zone,
                          target_s=policies.records.service_level_seconds,
                          centre_id=centre_id).totals
    scope = _Scope(since=since, until=until, centre_id=centre_id)
    mix = risk_mix(session, **scope)
    return MonthlyReport(
        month=f"{month.year:04d}-{month.month:02d}", since=since, until=until, totals=totals,
        call_types=call_types(session, **scope), risk_mix=mix,
        crisis=crisis(session, mix=mix, **scope),
        callers=callers(session, **scope),
        categories=issue_categories(session, **scope),
        staffing=staffing(session, settings=settings, policies=policies, **scope),
        sessions=sessions_held(session, **scope),
    )
