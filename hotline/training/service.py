"""Sessions, invitations and attendance, scheduled without breaking coverage."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.db import id_of, utcnow
from hotline.errors import Conflict, InvalidInput, NotFound
from hotline.notices import service as notices
from hotline.policies import Policies
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff, TeamMembership
from hotline.training.models import Attendance, Participant, SessionStatus, TrainingSession
from hotline.training.schemas import (
    AttendanceRecord,
    Invite,
    ParticipantPublic,
    SessionCreate,
    SessionPublic,
    SessionUpdate,
)


def load(session: Session, session_id: int) -> TrainingSession:
    found = session.get(TrainingSession, session_id)
    if found is None:
        raise NotFound("training.not_found", session_id=session_id)
    return found


def invitees(session: Session, invite: Invite) -> list[int]:
    """Active staff named by team, role or id; unknown teams or people are refused."""
    ids: set[int] = set()
    if invite.team_ids:
        ids |= set(session.exec(select(TeamMembership.staff_id)
                                .where(col(TeamMembership.team_id).in_(invite.team_ids))))
    active = {s.id: s for s in session.exec(select(Staff).where(col(Staff.active).is_(True)))
              if s.id is not None}
    unknown = [i for i in invite.staff_ids if i not in active]
    if unknown:
        raise InvalidInput("training.staff_not_active", staff_id=unknown[0])
    ids |= set(invite.staff_ids)
    ids |= {i for i, s in active.items() if set(invite.roles) & set(s.roles)}
    return sorted(i for i in ids if i in active)


def _away(shift: Shift, start: datetime, end: datetime) -> list[Shift]:
    """What is left of a shift when its holder is away during [start, end)."""
    pieces = []
    if shift.start < start:
        pieces.append(Shift(staff_id=shift.staff_id, position=shift.position,
                            start=shift.start, end=start))
    if shift.end > end:
        pieces.append(Shift(staff_id=shift.staff_id, position=shift.position,
                            start=end, end=shift.end))
    return pieces


def on_shift_during(session: Session, staff_ids: list[int], start: datetime,
                    end: datetime) -> list[Shift]:
    wanted = set(staff_ids)
    return [s for s in roster.shifts_between(session, start, end) if s.staff_id in wanted]


def create_session(session: Session, *, actor: CurrentUser, data: SessionCreate,
                   client_addr: str, settings: Settings, policies: Policies) -> SessionPublic:
    """Schedule a session and invite people. Taking people off the phones is guarded like any
    roster change: refused with the gaps, or those people left out, as the caller chose."""
    require(actor, "manage_trainings")
    if data.facilitator_id is not None and session.get(Staff, data.facilitator_id) is None:
        raise InvalidInput("training.facilitator_unknown", staff_id=data.facilitator_id,
                           field="facilitator_id")
    people = invitees(session, data.invite)
    busy = on_shift_during(session, people, data.start, data.end)
    excluded: list[int] = []
    if busy and data.on_shift == "exclude":
        excluded = sorted({s.staff_id for s in busy})
        people = [p for p in people if p not in excluded]
    elif busy:
        roster.guard(
            session, actor=actor, removed=busy,
            added=[p for s in busy for p in _away(s, data.start, data.end)],
            override_reason=data.override_reason, what="training:new",
            client_addr=client_addr, settings=settings, policies=policies,
        )
    if data.capacity is not None and len(people) > data.capacity:
        raise InvalidInput("training.over_capacity", invited=len(people), capacity=data.capacity,
                           field="capacity")
    row = TrainingSession(**data.model_dump(exclude={"invite", "on_shift", "override_reason"}),
                          created_by=actor.id)
    session.add(row)
    session.flush()
    session.add_all(Participant(session_id=id_of(row), staff_id=p) for p in people)
    for person in people:
        notices.raise_notice(
            session, audience=f"staff:{person}", kind="training.invited", title=row.title,
            dedupe_key=f"training:{row.id}:invited:{person}",
            data={"session_id": row.id, "kind": row.kind, "start": row.start.isoformat()},
        )
    if people:
        events.emit(session, "training.invited", {"session_id": row.id, "title": row.title,
                                                  "kind": row.kind, "start": row.start.isoformat()},
                    [f"staff:{p}" for p in people])
    audit.record(session, actor.id, "training.create", f"training:{row.id}", client_addr,
                 {"invited": len(people), "excluded_on_shift": excluded})
    return to_public(session, row, excluded=excluded)


def update_session(session: Session, *, actor: CurrentUser, session_id: int,
                   data: SessionUpdate, client_addr: str) -> TrainingSession:
    """Change what a session is about or where; moving it in time means cancel and re-plan,
    so the coverage check runs again."""
    require(actor, "manage_trainings")
    row = load(session, session_id)
    changes = data.model_dump(exclude_unset=True)
    if "capacity" in changes and changes["capacity"] is not None:
        invited = len(participants(session, id_of(row)))
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
    row = load(session, session_id)
    if row.status == SessionStatus.cancelled:
        raise Conflict("training.already_cancelled")
    row.status = SessionStatus.cancelled
    session.add(row)
    audit.record(session, actor.id, "training.cancel", f"training:{row.id}", client_addr)
    return row


def participants(session: Session, session_id: int) -> list[Participant]:
    return list(session.exec(select(Participant).where(Participant.session_id == session_id)
                             .order_by(col(Participant.staff_id))))


def record_attendance(session: Session, *, actor: CurrentUser, session_id: int,
                      records: list[AttendanceRecord], client_addr: str,
                      policies: Policies) -> TrainingSession:
    """Attended / absent / excused with the assessment; hours accrue to attendees."""
    require(actor, "manage_trainings")
    row = load(session, session_id)
    if row.status == SessionStatus.cancelled:
        raise Conflict("training.cancelled")
    if row.start > utcnow():
        raise InvalidInput("training.not_started")
    invited = {p.staff_id: p for p in participants(session, id_of(row))}
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
    people = participants(session, id_of(row))
    names = full_names(session, (p.staff_id for p in people))
    return SessionPublic(
        **row.model_dump(),
        participants=[ParticipantPublic(**p.model_dump(), name=names.get(p.staff_id))
                      for p in people],
        excluded_on_shift=excluded or [],
    )


def list_sessions(session: Session, *, since: datetime | None = None,
                  until: datetime | None = None, kind: str | None = None,
                  staff_id: int | None = None) -> list[TrainingSession]:
    query = select(TrainingSession)
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
