"""Sessions, invitations and attendance (scheduled without breaking coverage by
``hotline.flows.training_sessions``)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import require
from hotline.access.scope import CentreActor
from hotline.auth.service import CurrentUser
from hotline.db import id_of, utcnow
from hotline.errors import Conflict, InvalidInput
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff
from hotline.training import invitations
from hotline.training.models import Attendance, Participant, SessionStatus, TrainingSession
from hotline.training.policy import TrainingPolicies
from hotline.training.schemas import (
    AttendanceRecord,
    ParticipantPublic,
    SessionCreate,
    SessionPublic,
    SessionUpdate,
)


def load(session: Session, session_id: int, *, within: CentreActor | None = None,
         change: bool = False) -> TrainingSession:
    """The session, or 404; with ``within``, also for one of a centre the actor does not
    reach (to read, or with ``change`` to change)."""
    return scope.get_or_404(session, TrainingSession, session_id, "training.not_found",
                            within=within, change=change, session_id=session_id)


def invitees_for(session: Session, *, actor: CurrentUser, data: SessionCreate) -> list[int]:
    """Who a new session invites (after the permission and facilitator checks); whether those
    on shift may leave the phones is the roster's to judge (``hotline.flows.training_sessions``)."""
    require(actor, "manage_trainings")
    check_facilitator(session, data.facilitator_id, actor.centres)
    chosen = invitations.invitees(session, data.invite, actor.centres)
    if not chosen:
        raise InvalidInput("training.nobody_invited")
    return chosen


def check_facilitator(session: Session, staff_id: int | None,
                      centres: frozenset[int]) -> None:
    """A facilitator is someone of the session's centre(s): another centre's person is
    refused exactly as an unknown one."""
    if staff_id is None:
        return
    person = session.get(Staff, staff_id)
    if person is None or person.centre_id not in centres:
        raise InvalidInput("training.facilitator_unknown", staff_id=staff_id,
                           field="facilitator_id")


def create_session(session: Session, *, actor: CurrentUser, data: SessionCreate,
                   people: list[int], excluded: list[int], client_addr: str) -> SessionPublic:
    """Schedule a session and invite ``people`` (``excluded``: left out for being on shift)."""
    if not people:
        raise InvalidInput("training.everyone_on_shift")
    row = TrainingSession(**data.model_dump(exclude={"invite", "on_shift", "override_reason"}),
                          created_by=actor.id, centre_id=actor.centre_id)
    invitations.check_capacity(row, len(people))
    session.add(row)
    session.flush()
    session.add_all(Participant(session_id=id_of(row), staff_id=p) for p in people)
    invitations.notify(session, row, people)
    audit.record(session, actor.id, "training.create", f"training:{row.id}", client_addr,
                 {"invited": len(people), "excluded_on_shift": excluded})
    return to_public(session, row, excluded=excluded)


def update_session(session: Session, *, actor: CurrentUser, session_id: int,
                   data: SessionUpdate, client_addr: str) -> TrainingSession:
    """Change what a session is about or where; moving it in time means cancel and re-plan,
    so the coverage check runs again."""
    require(actor, "manage_trainings")
    row = load(session, session_id, within=actor, change=True)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("facilitator_id") is not None:
        check_facilitator(session, changes["facilitator_id"], frozenset({row.centre_id or 0}))
    if "capacity" in changes and changes["capacity"] is not None:
        invited = len(invitations.participants(session, id_of(row)))
        if changes["capacity"] < invited:
            raise InvalidInput("training.capacity_below_invited", invited=invited,
                               field="capacity")
    for key, value in changes.items():
        setattr(row, key, value)
    session.add(row)
    audit.record(session, actor.id, "training.update", f"training:{row.id}", client_addr,
                 {"fields": sorted(changes)})
    return row


def cancel_session(session: Session, *, actor: CurrentUser, session_id: int,
                   client_addr: str) -> TrainingSession:
    require(actor, "manage_trainings")
    row = load(session, session_id, within=actor, change=True)
    if row.status == SessionStatus.cancelled:
        raise Conflict("training.already_cancelled")
    row.status = SessionStatus.cancelled
    session.add(row)
    audit.record(session, actor.id, "training.cancel", f"training:{row.id}", client_addr)
    return row


def record_attendance(session: Session, *, actor: CurrentUser, session_id: int,
                      records: list[AttendanceRecord], client_addr: str,
                      policies: TrainingPolicies) -> TrainingSession:
    """Attended / absent / excused with the assessment; hours accrue to attendees."""
    require(actor, "manage_trainings")
    row = load(session, session_id, within=actor, change=True)
    if row.status == SessionStatus.cancelled:
        raise Conflict("training.cancelled")
    if row.start > utcnow():
        raise InvalidInput("training.not_started")
    invited = {p.staff_id: p for p in invitations.participants(session, id_of(row))}
    strangers = [r.staff_id for r in records if r.staff_id not in invited]
    if strangers:
        raise InvalidInput("training.not_invited", staff_id=strangers[0])
    assessed = any(m.kind == row.kind and m.assessment_required
                   for m in policies.trainings.mandate)
    hours = round((row.end - row.start).total_seconds() / 3600, 2)
    for record in records:
        if record.attendance == "attended" and assessed and record.passed is None:
            raise InvalidInput("training.assessment_needed", staff_id=record.staff_id,
                               kind=row.kind)
        p = invited[record.staff_id]
        p.attendance = Attendance(record.attendance)
        p.passed = record.passed if record.attendance == "attended" else None
        p.score = record.score if record.attendance == "attended" else None
        p.hours = hours if record.attendance == "attended" else 0.0
        p.recorded_by, p.recorded_at = actor.id, utcnow()
        session.add(p)
    audit.record(session, actor.id, "training.attendance", f"training:{row.id}", client_addr,
                 {"records": len(records)})
    return row


def to_public(session: Session, row: TrainingSession,
              excluded: list[int] | None = None) -> SessionPublic:
    people = invitations.participants(session, id_of(row))
    names = full_names(session, (p.staff_id for p in people))
    return SessionPublic(
        **row.model_dump(),
        participants=[ParticipantPublic(**p.model_dump(), name=names.get(p.staff_id))
                      for p in people],
        excluded_on_shift=excluded or [],
    )


def list_sessions(session: Session, *, since: datetime | None = None,
                  until: datetime | None = None, kind: str | None = None,
                  staff_id: int | None = None,
                  reader: CentreActor | None = None) -> list[TrainingSession]:
    """Sessions by start; with ``reader``, those of the centres they read (and any they are
    invited to)."""
    query = select(TrainingSession)
    if reader is not None and not scope.is_provincial(reader):
        invited = select(Participant.session_id).where(Participant.staff_id == reader.id)
        query = query.where(col(TrainingSession.centre_id).in_(reader.centres)
                            | col(TrainingSession.id).in_(invited))
    if since:
        query = query.where(TrainingSession.end > since)
    if until:
        query = query.where(TrainingSession.start < until)
    if kind:
        query = query.where(TrainingSession.kind == kind)
    if staff_id is not None:
        query = query.where(col(TrainingSession.id).in_(
            select(Participant.session_id).where(Participant.staff_id == staff_id)))
    return list(session.exec(query.order_by(col(TrainingSession.start))))
