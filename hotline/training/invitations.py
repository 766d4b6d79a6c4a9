"""Who is invited to a session: chosen by team, role or name, told by a notice; and changed
after the session is planned. Taking people off the phones is the roster's to judge
(``hotline.flows.training_sessions`` asks its coverage guard before anyone is invited)."""

from __future__ import annotations

from typing import Literal

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.db import id_of
from hotline.errors import Conflict, InvalidInput
from hotline.notices import service as notices
from hotline.notices.models import Notice
from hotline.realtime import events
from hotline.staff.models import Staff, Team, TeamMembership
from hotline.training.models import Attendance, Participant, SessionStatus, TrainingSession
from hotline.training.policy import AUDIENCE_ROLE
from hotline.training.schemas import Invite

OnShift = Literal["refuse", "exclude"]


def audience_roles(audience: str) -> list[str]:
    """The roles a session's audience (operators, crisis_team, all) is made of."""
    return list(AUDIENCE_ROLE.values()) if audience == "all" else (
        [AUDIENCE_ROLE[audience]] if audience in AUDIENCE_ROLE else [])


def audience_members(session: Session, audience: str,
                     centres: frozenset[int] | None = None) -> list[Staff]:
    """Active staff in the audience (of ``centres``, if given), by name."""
    roles = set(audience_roles(audience))
    query = select(Staff).where(col(Staff.active).is_(True))
    if centres is not None:
        query = query.where(col(Staff.centre_id).in_(centres))
    return [s for s in session.exec(query.order_by(col(Staff.full_name)))
            if roles & set(s.roles)]


def invitees(session: Session, invite: Invite, centres: frozenset[int]) -> list[int]:
    """Active staff of ``centres`` named by team, role or id; unknown teams or people (also
    those of other centres, refused exactly as unknown ones) are refused."""
    ids: set[int] = set()
    if invite.team_ids:
        ours = set(session.exec(select(Team.id).where(col(Team.id).in_(invite.team_ids))
                                .where(col(Team.centre_id).in_(centres))))
        unknown_teams = [i for i in invite.team_ids if i not in ours]
        if unknown_teams:
            raise InvalidInput("training.team_unknown", team_id=unknown_teams[0],
                               field="team_ids")
        ids |= set(session.exec(select(TeamMembership.staff_id)
                                .where(col(TeamMembership.team_id).in_(invite.team_ids))))
    active = {s.id: s for s in session.exec(select(Staff).where(col(Staff.active).is_(True))
                                            .where(col(Staff.centre_id).in_(centres)))
              if s.id is not None}
    unknown = [i for i in invite.staff_ids if i not in active]
    if unknown:
        raise InvalidInput("training.staff_not_active", staff_id=unknown[0])
    ids |= set(invite.staff_ids)
    ids |= {i for i, s in active.items() if set(invite.roles) & set(s.roles)}
    return sorted(i for i in ids if i in active)


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


def to_invite(session: Session, *, actor: CurrentUser, row: TrainingSession,
              invite: Invite) -> list[int]:
    """The people ``invite`` names who are not invited yet (the session still planned)."""
    require(actor, "manage_trainings")
    _open_for_changes(row)
    already = {p.staff_id for p in participants(session, id_of(row))}
    wanted = [p for p in invitees(session, invite, frozenset({row.centre_id or 0}))
              if p not in already]
    if not wanted:
        raise InvalidInput("training.already_invited")
    return wanted


def add(session: Session, *, actor: CurrentUser, row: TrainingSession, people: list[int],
        excluded: list[int], client_addr: str) -> list[int]:
    """Invite ``people`` to a planned session (``excluded``: left out for being on shift;
    whether those on shift may leave the phones was judged before, by the flow)."""
    require(actor, "manage_trainings")
    _open_for_changes(row)
    if not people:
        raise InvalidInput("training.everyone_on_shift")
    check_capacity(row, len(participants(session, id_of(row))) + len(people))
    session.add_all(Participant(session_id=id_of(row), staff_id=p) for p in people)
    notify(session, row, people)
    audit.record(session, actor.id, "training.invite", f"training:{row.id}", client_addr,
                 {"invited": people, "excluded_on_shift": excluded})
    return people


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
