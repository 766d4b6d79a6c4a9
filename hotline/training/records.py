"""Each person's training record: compliance with the mandates, pre-service hours, and
whether they may be rostered alone."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from hotline.db import id_of
from hotline.errors import Reason
from hotline.spreadsheets import SafeWriter
from hotline.staff.models import Qualification, Staff
from hotline.training.compliance import MandateStatus, evaluate
from hotline.training.models import Attendance, Participant, SessionStatus, TrainingSession
from hotline.training.policy import AUDIENCE_ROLE, TrainingPolicies, TrainingPolicy


@dataclass(frozen=True)
class PersonCompliance:
    staff_id: int
    name: str
    audience: str
    mandate: str
    required: int
    counted: int
    upcoming: int
    first_half: int
    second_half: int
    status: str


def _rows(session: Session, staff_ids: list[int]) -> list[tuple[Participant, TrainingSession]]:
    return list(session.exec(
        select(Participant, TrainingSession)
        .join(TrainingSession, col(TrainingSession.id) == col(Participant.session_id))
        .where(col(Participant.staff_id).in_(staff_ids))
        .where(TrainingSession.status == SessionStatus.scheduled)
    ))


def compliance(session: Session, *, year: int, today: date, policies: TrainingPolicies,
               zone: ZoneInfo, centre_id: int | None = None) -> list[PersonCompliance]:
    """One row per person and mandate that applies to them (by role), for ``year``: the
    people of centre ``centre_id`` (all, if None), by that centre's mandates. Sessions held
    at any centre count for the person who attended."""
    query = select(Staff).where(col(Staff.active).is_(True))
    if centre_id is not None:
        query = query.where(Staff.centre_id == centre_id)
    people = list(session.exec(query.order_by(col(Staff.full_name))))
    rows = _rows(session, [id_of(p) for p in people])
    by_person: dict[int, list[tuple[Participant, TrainingSession]]] = {}
    for p, s in rows:
        by_person.setdefault(p.staff_id, []).append((p, s))
    out = []
    for person in people:
        for mandate in policies.trainings.mandate:
            if AUDIENCE_ROLE[mandate.audience] not in person.roles:
                continue
            counted, upcoming = [], []
            for p, s in by_person.get(id_of(person), []):
                if s.kind != mandate.kind or s.pre_service:
                    continue
                day = s.start.astimezone(zone).date()
                if p.attendance == Attendance.attended and (
                    p.passed or not mandate.assessment_required
                ):
                    counted.append(day)
                elif p.attendance == Attendance.invited and day >= today:
                    upcoming.append(day)
            status: MandateStatus = evaluate(mandate, counted, upcoming, year, today)
            out.append(PersonCompliance(
                staff_id=id_of(person), name=person.full_name,
                audience=mandate.audience, **{k: v for k, v in asdict(status).items()},
            ))
    return out


def compliance_csv(rows: list[PersonCompliance]) -> str:
    buffer = io.StringIO()
    fields = list(PersonCompliance.__dataclass_fields__)
    writer = SafeWriter(buffer)
    writer.writerow(fields)
    writer.writerows(asdict(r).values() for r in rows)
    return buffer.getvalue()


def pre_service_hours(session: Session, staff: Staff) -> float:
    attended = session.exec(
        select(Participant.hours)
        .join(TrainingSession, col(TrainingSession.id) == col(Participant.session_id))
        .where(Participant.staff_id == staff.id)
        .where(col(TrainingSession.pre_service).is_(True))
        .where(Participant.attendance == Attendance.attended)
    ).all()
    return staff.prior_training_hours + sum(attended)


def busy_in_sessions(session: Session, since: datetime, until: datetime
                     ) -> dict[int, list[tuple[datetime, datetime]]]:
    """Per person, the scheduled training sessions and drills they are invited to in
    [since, until): time the roster generator must leave free."""
    rows = session.exec(
        select(Participant.staff_id, TrainingSession.start, TrainingSession.end)
        .join(TrainingSession, col(TrainingSession.id) == col(Participant.session_id))
        .where(TrainingSession.status == SessionStatus.scheduled)
        .where(col(Participant.attendance) != Attendance.excused)
        .where(TrainingSession.end > since).where(TrainingSession.start < until)
    )
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    for staff_id, start, end in rows:
        busy.setdefault(staff_id, []).append((start, end))
    return busy


def first_blocked_day(session: Session, staff: Staff, first: date, last: date,
                      policy: TrainingPolicy) -> date | None:
    """The first day in [first, last] the person may not work alone, checked per day: a
    certificate expiring inside the period blocks the days after it, not the whole period."""
    if solo_blockers(session, staff, first, policy):
        return first
    quals = session.exec(select(Qualification).where(Qualification.staff_id == staff.id))
    for day in sorted({q.expires_on + timedelta(days=1) for q in quals
                       if q.expires_on is not None and first < q.expires_on + timedelta(days=1) <= last}):
        if solo_blockers(session, staff, day, policy):
            return day
    return None


def solo_blockers(session: Session, staff: Staff, on: date, policy: TrainingPolicy
                  ) -> list[Reason]:
    """Why this person may not yet be rostered alone; empty when they may."""
    reasons = []
    hours = pre_service_hours(session, staff)
    if hours < policy.pre_service_hours:
        reasons.append(Reason("solo.pre_service_hours", hours=f"{hours:g}",
                              needed=f"{policy.pre_service_hours:g}"))
    quals = list(session.exec(select(Qualification).where(Qualification.staff_id == staff.id)))
    for audience, kinds in policy.required_certificates.items():
        if AUDIENCE_ROLE[audience] not in staff.roles:
            continue
        for kind in kinds:
            valid = [q for q in quals if q.kind == kind and (q.expires_on is None or q.expires_on >= on)]
            if not valid:
                reasons.append(Reason("solo.certificate_missing", kind=kind))
    return reasons

