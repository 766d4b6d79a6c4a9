"""Who a tier's targets mean at an instant: the roster, or the crisis team's leader, less
anyone on approved leave then (a leader on leave is not paged, and the timeline says so)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from hotline.crisis.policy import Target
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


def _away(at: datetime) -> Any:
    """Whether the person of the row is on approved leave at ``at`` (a correlated EXISTS)."""
    return (select(Leave.id).where(col(Leave.staff_id) == col(Staff.id))
            .where(Leave.status == LeaveStatus.approved)
            .where(col(Leave.start) <= at).where(col(Leave.end) > at)).exists()


def _holders(session: Session, target: Target, at: datetime,
             where: Where) -> list[tuple[Staff, bool]]:
    """Who holds ``target`` at ``at``, each with whether they are on leave then: one query
    (the alert path reads the roster, the people and their leave at once)."""
    if target == Target.crisis_team_leader:
        query = (select(Staff, _away(at))
                 .join(TeamMembership, col(TeamMembership.staff_id) == col(Staff.id))
                 .join(Team, col(Team.id) == col(TeamMembership.team_id))
                 .where(Team.kind == TeamKind.crisis).where(TeamMembership.duty == Duty.leader)
                 .order_by(col(TeamMembership.id)))
        if where.centre_id is not None:
            query = query.where(Team.centre_id == where.centre_id)
        return [(person, away) for person, away in session.exec(query)]
    query = (select(Staff, _away(at)).join(Shift, col(Shift.staff_id) == col(Staff.id))
             .where(col(Shift.cancelled_at).is_(None))
             .where(col(Shift.start) <= at).where(col(Shift.end) > at)
             .order_by(col(Shift.start), col(Shift.id)))
    if target == Target.backup_centre:
        if where.backup_centre_id is None:
            return []
        query = (query.where(col(Shift.position).in_(CRISIS_TEAM))
                 .where(Shift.centre_id == where.backup_centre_id))
    else:
        query = query.where(Shift.position == Position(target.value))
        if where.centre_id is not None:
            query = query.where(Shift.centre_id == where.centre_id)
    return [(person, away) for person, away in session.exec(query)]


def _split(found: Iterable[tuple[Staff, bool]]) -> Resolved:
    """The active ones, each once in first-seen order, split by leave."""
    people: dict[int | None, tuple[Staff, bool]] = {}
    for person, away in found:
        people.setdefault(person.id, (person, away))
    active = [(p, away) for p, away in people.values() if p.active]
    return Resolved([p for p, away in active if not away], [p for p, away in active if away])


def _people(session: Session, ids: list[int], at: datetime) -> Resolved:
    query = select(Staff, _away(at)).where(col(Staff.id).in_(ids))
    by_id = {person.id: (person, away) for person, away in session.exec(query)}
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
