"""Training reminders, each raised once (deduplicated notices, pushed to consoles):
participants 7 days and 1 day before a session; team leads when a half-year has no drill
planned by its third month, and when a certificate is about to expire."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from hotline.notices import service as notices
from hotline.realtime import events
from hotline.staff.models import Qualification, Staff
from hotline.training.models import Attendance, Participant, SessionStatus, TrainingSession
from hotline.training.policy import TrainingPolicies
from hotline.wallclock import at

LEADS = "role:team_lead"


def _notify(session: Session, *, audience: str, kind: str, title: str, key: str,
            data: dict, centre_id: int | None = None) -> int:
    """``centre_id``: the centre it is about (the team leads there hear it)."""
    notice = notices.raise_notice(session, audience=audience, kind=kind, title=title,
                                  dedupe_key=key, data=data, centre_id=centre_id)
    if notice is None:
        return 0
    events.emit(session, "notice", {"id": notice.id, "kind": kind, "title": title, **data},
                [audience], centre_id=centre_id)
    return 1


def session_reminders(session: Session, now: datetime) -> int:
    sent = 0
    for days in (7, 1):
        window_end = now + timedelta(days=days)
        upcoming = session.exec(
            select(TrainingSession).where(TrainingSession.status == SessionStatus.scheduled)
            .where(TrainingSession.start > now).where(TrainingSession.start <= window_end))
        for row in upcoming:
            invited = session.exec(select(Participant.staff_id)
                                   .where(Participant.session_id == row.id)
                                   .where(Participant.attendance == Attendance.invited))
            for staff_id in invited:
                sent += _notify(session, audience=f"staff:{staff_id}", kind="training.reminder",
                                title=row.title, key=f"training:{row.id}:{days}d:{staff_id}",
                                data={"session_id": row.id, "start": row.start.isoformat(),
                                      "days": days})
    return sent


def drill_planning(session: Session, today: date, policies: TrainingPolicies, zone: ZoneInfo,
                   centre_id: int | None = None, code: str = "") -> int:
    """From the third month of a half-year, a half with too few drills planned is flagged.
    With ``centre_id`` (and its ``code``): that centre's sessions against its policies, told
    to its team leads."""
    sent = 0
    half = 1 if today.month <= 6 else 2
    first = date(today.year, 1 if half == 1 else 7, 1)
    if today.month - first.month < 2:
        return 0
    last = date(today.year, 6, 30) if half == 1 else date(today.year, 12, 31)
    for mandate in policies.trainings.mandate:
        if not mandate.per_half_year:
            continue
        query = (select(TrainingSession.id).where(TrainingSession.kind == mandate.kind)
                 .where(TrainingSession.status == SessionStatus.scheduled)
                 .where(col(TrainingSession.start) >= at(first, time(0), zone))
                 .where(col(TrainingSession.start) < at(last + timedelta(days=1), time(0), zone)))
        if centre_id is not None:
            query = query.where(TrainingSession.centre_id == centre_id)
        planned = session.exec(query).all()
        if len(planned) < mandate.per_half_year:
            sent += _notify(session, audience=LEADS, kind="training.mandate_behind",
                            title=f"{mandate.name}: {len(planned)}/{mandate.per_half_year} planned",
                            key=f"mandate:{mandate.name}:{today.year}H{half}"
                                + (f":{code}" if code else ""),
                            data={"mandate": mandate.name, "half": half, "planned": len(planned)},
                            centre_id=centre_id)
    return sent


def certificate_expiry(session: Session, today: date, policies: TrainingPolicies) -> int:
    sent = 0
    horizon = today + timedelta(days=policies.trainings.certificate_warning_days)
    expiring = session.exec(
        select(Qualification, Staff).join(Staff, col(Staff.id) == col(Qualification.staff_id))
        .where(col(Staff.active).is_(True))
        .where(col(Qualification.expires_on).is_not(None))
        .where(col(Qualification.expires_on) <= horizon)
        .where(col(Qualification.expires_on) >= today)
    )
    for qual, staff in expiring:
        data = {"qualification_id": qual.id, "staff_id": staff.id, "kind": qual.kind,
                "expires_on": qual.expires_on.isoformat()}  # type: ignore[union-attr]
        for audience in (f"staff:{staff.id}", LEADS):
            sent += _notify(session, audience=audience, kind="certificate.expiring",
                            title=f"{staff.full_name}: {qual.kind}",
                            key=f"cert:{qual.id}:{qual.expires_on}:{audience}", data=data,
                            centre_id=staff.centre_id)
    return sent
