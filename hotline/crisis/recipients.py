"""Who a tier's targets mean at an instant: the roster, or the crisis team's leader, less
anyone on approved leave then (a leader on leave is not paged, and the timeline says so)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from hotline.crisis.policy import Target
from hotline.roster import service as roster
from hotline.roster.models import Leave, LeaveStatus
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


def _ids(session: Session, target: Target, at: datetime, where: Where) -> list[int]:
    if target == Target.crisis_team_leader:
        leaders = (select(TeamMembership.staff_id)
                   .join(Team, col(Team.id) == col(TeamMembership.team_id))
                   .where(Team.kind == TeamKind.crisis)
                   .where(TeamMembership.duty == Duty.leader))
        if where.centre_id is not None:
            leaders = leaders.where(Team.centre_id == where.centre_id)
        return list(session.exec(leaders))
    held = roster.on_call(session, at)
    if target == Target.backup_centre:
        return [s.staff_id for p in CRISIS_TEAM for s in held[p]
                if where.backup_centre_id is not None and s.centre_id == where.backup_centre_id]
    return [s.staff_id for s in held[Position(target.value)]
            if where.centre_id is None or s.centre_id == where.centre_id]


def on_leave(session: Session, ids: Iterable[int], at: datetime) -> set[int]:
    """Of these people, who is on approved leave at ``at``."""
    return set(session.exec(
        select(Leave.staff_id).where(col(Leave.staff_id).in_(list(ids)))
        .where(Leave.status == LeaveStatus.approved)
        .where(col(Leave.start) <= at).where(col(Leave.end) > at)
    ))


def _people(session: Session, ids: list[int], at: datetime) -> Resolved:
    ids = list(dict.fromkeys(ids))
    people = {s.id: s for s in session.exec(select(Staff).where(col(Staff.id).in_(ids)))}
    away = on_leave(session, ids, at)
    found = [people[i] for i in ids if i in people and people[i].active]
    return Resolved([s for s in found if s.id not in away], [s for s in found if s.id in away])


def resolve_all(session: Session, targets: Iterable[Target], at: datetime,
                where: Where = Where()) -> Resolved:
    """Everyone holding any of ``targets`` at ``at`` (at ``where``), in a stable order, each
    once."""
    ids = [i for target in targets for i in _ids(session, target, at, where)]
    return _people(session, ids, at)


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
