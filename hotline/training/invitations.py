"""Who is invited to a session: chosen by team, role or name, taken off the phones only as
the coverage guard allows, told by a notice; and changed after the session is planned."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.db import id_of
from hotline.errors import Conflict, InvalidInput
from hotline.notices import service as notices
from hotline.notices.models import Notice
from hotline.policies import Policies
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff, TeamMembership
from hotline.training.models import Attendance, Participant, SessionStatus, TrainingSession
from hotline.training.policy import AUDIENCE_ROLE
from hotline.training.schemas import Invite

OnShift = Literal["refuse", "exclude"]


def audience_roles(audience: str) -> list[str]:
    """The roles a session's audience (operators, crisis_team, all) is made of."""
    return list(AUDIENCE_ROLE.values()) if audience == "all" else (
        [AUDIENCE_ROLE[audience]] if audience in AUDIENCE_ROLE else [])


def audience_members(session: Session, audience: str) -> list[Staff]:
    """Active staff in the audience, by name."""
    roles = set(audience_roles(audience))
    return [s for s in session.exec(select(Staff).where(col(Staff.active).is_(True))
                                    .order_by(col(Staff.full_name))) if roles & set(s.roles)]


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


def people_on_shift(session: Session, shifts: list[Shift]) -> list[dict[str, Any]]:
    """The people a session would take off the phones: name, position and their shift."""
    names = full_names(session, (s.staff_id for s in shifts))
    return [{"staff_id": s.staff_id, "name": names.get(s.staff_id), "position": s.position,
             "start": s.start, "end": s.end}
            for s in sorted(shifts, key=lambda s: (s.start, names.get(s.staff_id) or ""))]


def off_the_phones(session: Session, *, actor: CurrentUser, people: list[int], start: datetime,
                   end: datetime, on_shift: OnShift, override_reason: str | None, what: str,
                   client_addr: str, settings: Settings,
                   policies: Policies) -> tuple[list[int], list[int]]:
    """``(invited, excluded)``: people on shift then are left out ("exclude"), or the guard
    refuses with the gaps and the people whose absence would open them ("refuse")."""
    busy = on_shift_during(session, people, start, end)
    if busy and on_shift == "exclude":
        excluded = sorted({s.staff_id for s in busy})
        return [p for p in people if p not in excluded], excluded
    if busy:
        try:
            roster.guard(session, actor=actor, removed=busy,
                         added=[p for s in busy for p in _away(s, start, end)],
                         override_reason=override_reason, what=what, client_addr=client_addr,
                         settings=settings, policies=policies)
        except Conflict as exc:
            exc.extra["on_shift"] = people_on_shift(session, busy)
            raise
    return people, []


def notify(session: Session, row: TrainingSession, people: list[int]) -> None:
    """A notice for each newly invited person (one per person and session: an invitation
    withdrawn and given again opens the same notice) and their consoles told live."""
    data = {"session_id": row.id, "kind": row.kind, "start": row.start.isoformat()}
    for person in people:
        key = f"training:{row.id}:invited:{person}"
        existing = session.exec(select(Notice).where(Notice.dedupe_key == key)).first()
        if existing is None:
            notices.raise_notice(session, audience=f"staff:{person}", kind="training.invited",
                                 title=row.title, dedupe_key=key, data=data)
        else:
            notices.update_in_place(session, existing, title=row.title, data=data)
    if people:
        events.emit(session, "training.invited", {"session_id": row.id, "title": row.title,
                                                  "kind": row.kind, "start": row.start.isoformat()},
                    [f"staff:{p}" for p in people])


def check_capacity(row: TrainingSession, count: int) -> None:
    if row.capacity is not None and count > row.capacity:
        raise InvalidInput("training.over_capacity", invited=count, capacity=row.capacity,
                           field="capacity")


def _open_for_changes(row: TrainingSession) -> None:
    if row.status == SessionStatus.cancelled:
        raise Conflict("training.cancelled")


def add(session: Session, *, actor: CurrentUser, row: TrainingSession, invite: Invite,
        on_shift: OnShift, override_reason: str | None, client_addr: str, settings: Settings,
        policies: Policies) -> tuple[list[int], list[int]]:
    """Invite more people to a planned session, guarded like the first invitation; returns
    ``(newly invited, left out because on shift)``."""
    require(actor, "manage_trainings")
    _open_for_changes(row)
    already = {p.staff_id for p in participants(session, id_of(row))}
    wanted = [p for p in invitees(session, invite) if p not in already]
    if not wanted:
        raise InvalidInput("training.already_invited")
    people, excluded = off_the_phones(
        session, actor=actor, people=wanted, start=row.start, end=row.end, on_shift=on_shift,
        override_reason=override_reason, what=f"training:{row.id}", client_addr=client_addr,
        settings=settings, policies=policies)
    if not people:
        raise InvalidInput("training.everyone_on_shift")
    check_capacity(row, len(already) + len(people))
    session.add_all(Participant(session_id=id_of(row), staff_id=p) for p in people)
    notify(session, row, people)
    audit.record(session, actor.id, "training.invite", f"training:{row.id}", client_addr,
                 {"invited": people, "excluded_on_shift": excluded})
    return people, excluded


def remove(session: Session, *, actor: CurrentUser, row: TrainingSession, staff_ids: list[int],
           client_addr: str) -> list[int]:
    """Withdraw invitations that have no attendance recorded yet; their notices close."""
    require(actor, "manage_trainings")
    _open_for_changes(row)
    invited = {p.staff_id: p for p in participants(session, id_of(row))}
    strangers = [i for i in staff_ids if i not in invited]
    if strangers:
        raise InvalidInput("training.not_invited", staff_id=strangers[0])
    recorded = [i for i in staff_ids if invited[i].attendance != Attendance.invited]
    if recorded:
        raise Conflict("training.attendance_recorded", staff_id=recorded[0])
    for staff_id in staff_ids:
        session.delete(invited[staff_id])
        notice = session.exec(select(Notice).where(
            Notice.dedupe_key == f"training:{row.id}:invited:{staff_id}")).first()
        if notice is not None:
            notices.close(session, notice)
    audit.record(session, actor.id, "training.uninvite", f"training:{row.id}", client_addr,
                 {"removed": sorted(staff_ids)})
    return sorted(staff_ids)


def participants(session: Session, session_id: int) -> list[Participant]:
    return list(session.exec(select(Participant).where(Participant.session_id == session_id)
                             .order_by(col(Participant.staff_id))))
