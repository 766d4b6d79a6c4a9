"""Who a tier's targets mean at an instant: the roster, or the crisis team's leader, less
anyone on approved leave then (a leader on leave is not paged, and the timeline says so)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from hotline.crisis.policy import Target
from hotline.roster import service as roster
from hotline.roster.models import Leave, LeaveStatus, Shift
from hotline.roster.policy import Position
from hotline.staff.models import Duty, Staff, Team, TeamKind, TeamMembership


@dataclass
class Resolved:
    people: list[Staff] = field(default_factory=list)
    on_leave: list[Staff] = field(default_factory=list)


@dataclass(frozen=True)
class Where:
    """Whose roster a tier reads: the escalation's centre (None: every centre's, as in a
    single hotline) and its backup centre (None: there is none)."""

    centre_id: int | None = None
    backup_centre_id: int | None = None


CRISIS_TEAM = (Position.crisis_primary, Position.crisis_backup)


# Whether the row's person is on approved leave at ``:at`` (a correlated EXISTS).
_AWAY = (select(Leave.id).where(col(Leave.staff_id) == col(Staff.id))
         .where(Leave.status == LeaveStatus.approved)
         .where(col(Leave.start) <= bindparam("at")).where(col(Leave.end) > bindparam("at"))
         ).exists()
# Who is on shift at ``:at``, earliest shift first, each with their leave.
_ON_SHIFT = (select(Staff, _AWAY).join(Shift, col(Shift.staff_id) == col(Staff.id))
             .where(*roster.holding_at(bindparam("at")))
             .order_by(col(Shift.start), col(Shift.id)))
_LEADERS = (select(Staff, _AWAY)
            .join(TeamMembership, col(TeamMembership.staff_id) == col(Staff.id))
            .join(Team, col(Team.id) == col(TeamMembership.team_id))
            .where(Team.kind == TeamKind.crisis).where(TeamMembership.duty == Duty.leader)
            .order_by(col(TeamMembership.id)))
_AT_CENTRE: Any = bindparam("centre")
# Built once, like the login lookup: every high-risk intake asks one of these, and building
# and keying a three-table select costs more than the database takes to answer it.
_HOLDERS = {
    "position": _ON_SHIFT.where(Shift.position == bindparam("position")),
    "position at centre": _ON_SHIFT.where(Shift.position == bindparam("position"))
                                   .where(Shift.centre_id == _AT_CENTRE),
    "backup centre": _ON_SHIFT.where(col(Shift.position).in_(CRISIS_TEAM))
                              .where(Shift.centre_id == _AT_CENTRE),
    "leader": _LEADERS,
    "leader at centre": _LEADERS.where(Team.centre_id == _AT_CENTRE),
}


def _holders(session: Session, target: Target, at: datetime,
             where: Where) -> list[tuple[Staff, bool]]:
    """Who holds ``target`` at ``at``, each with whether they are on leave then: one query
    (the alert path reads the roster, the people and their leave at once)."""
    params: dict[str, Any] = {"at": at, "centre": where.centre_id}
    if target == Target.crisis_team_leader:
        kind = "leader"
    elif target == Target.backup_centre:
        if where.backup_centre_id is None:
            return []
        kind, params["centre"] = "backup centre", where.backup_centre_id
    else:
        kind, params["position"] = "position", Position(target.value)
    if params["centre"] is not None and kind != "backup centre":
        kind += " at centre"
    return [(person, away) for person, away in session.exec(_HOLDERS[kind], params=params)]


def _split(found: Iterable[tuple[Staff, bool]]) -> Resolved:
    """The active ones, each once in first-seen order, split by leave."""
    people: dict[int | None, tuple[Staff, bool]] = {}
    for person, away in found:
        people.setdefault(person.id, (person, away))
    active = [(p, away) for p, away in people.values() if p.active]
    return Resolved([p for p, away in active if not away], [p for p, away in active if away])


def _people(session: Session, ids: list[int], at: datetime) -> Resolved:
    query = select(Staff, _AWAY).where(col(Staff.id).in_(ids))
    by_id = {person.id: (person, away) for person, away in session.exec(query, params={"at": at})}
    return _split(by_id[i] for i in ids if i in by_id)


def resolve_all(session: Session, targets: Iterable[Target], at: datetime,
                where: Where = Where()) -> Resolved:
    """Everyone holding any of ``targets`` at ``at`` (at ``where``), in a stable order (the
    targets' order, then the earliest shift first), each once."""
    return _split(pair for target in targets for pair in _holders(session, target, at, where))


def resolve(session: Session, target: Target, at: datetime) -> list[Staff]:
    """Active staff who hold ``target`` at ``at`` and are not on leave (earliest shift first)."""
    return resolve_all(session, [target], at).people


def supervisors(session: Session, at: datetime, centre_id: int | None = None) -> list[Staff]:
    """Every active supervisor not on leave: who is called when an escalation is exhausted.
    With ``centre_id`` (the escalation's), that centre's supervisors only."""
    query = select(Staff).where(col(Staff.active).is_(True))
    if centre_id is not None:
        query = query.where(Staff.centre_id == centre_id)
    ids = [s.id for s in session.exec(query) if "supervisor" in s.roles and s.id is not None]
    return _people(session, ids, at).people


def duty_supervisors(session: Session, at: datetime, centre_id: int | None = None) -> list[Staff]:
    """The supervisor(s) on duty now; every supervisor when the roster has none. With
    ``centre_id``, that centre's."""
    on_duty = [s for s in resolve(session, Target.supervisor, at)
               if centre_id is None or s.centre_id == centre_id]
    return on_duty or supervisors(session, at, centre_id)
