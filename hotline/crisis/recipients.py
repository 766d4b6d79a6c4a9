"""Who a tier's target means at an instant: the roster, or the crisis team's leader."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from hotline.crisis.policy import Target
from hotline.roster import service as roster
from hotline.roster.policy import Position
from hotline.staff.models import Duty, Staff, Team, TeamKind, TeamMembership


def resolve(session: Session, target: Target, at: datetime) -> list[Staff]:
    """Active staff who hold ``target`` at ``at``, in a stable order (earliest shift first)."""
    if target == Target.crisis_team_leader:
        ids = list(session.exec(
            select(TeamMembership.staff_id)
            .join(Team, col(Team.id) == col(TeamMembership.team_id))
            .where(Team.kind == TeamKind.crisis)
            .where(TeamMembership.duty == Duty.leader)
        ))
    else:
        ids = [s.staff_id for s in roster.on_call(session, at)[Position(target.value)]]
    people = {s.id: s for s in session.exec(select(Staff).where(col(Staff.id).in_(ids)))}
    return [people[i] for i in dict.fromkeys(ids) if i in people and people[i].active]


def supervisors(session: Session) -> list[Staff]:
    """Every active supervisor: who is alerted when an escalation is exhausted."""
    return [s for s in session.exec(select(Staff).where(col(Staff.active).is_(True)))
            if "supervisor" in s.roles]
