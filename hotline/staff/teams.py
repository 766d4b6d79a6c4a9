"""Teams with duties: the operator team and the crisis-intervention team."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import Actor, require
from hotline.access.scope import CentreActor
from hotline.db import id_of
from hotline.errors import Conflict, InvalidInput, NotFound
from hotline.staff.models import Duty, Staff, Team, TeamKind, TeamMembership
from hotline.staff.people import get_staff
from hotline.staff.schemas import MemberPublic, TeamCreate, TeamPublic

OPERATOR_TEAM_DUTIES = {Duty.member, Duty.leader}


def list_teams(session: Session, reader: CentreActor | None = None) -> list[Team]:
    """Teams by code; with ``reader``, those of the centres they read."""
    query = select(Team) if reader is None else scope.readable(select(Team), Team.centre_id,
                                                               reader)
    return list(session.exec(query.order_by(col(Team.code))))


def get_team(session: Session, team_id: int, *, within: CentreActor | None = None,
             change: bool = False) -> Team:
    """The team, or 404 (also outside the centres ``within`` reaches, see ``get_staff``)."""
    return scope.get_or_404(session, Team, team_id, "team.not_found", within=within,
                            change=change, team_id=team_id)


def create_team(
    session: Session, *, actor: Actor, data: TeamCreate, client_addr: str
) -> Team:
    require(actor, "manage_staff")
    if session.exec(select(Team).where(Team.code == data.code)
                    .where(Team.centre_id == actor.centre_id)).first() is not None:
        raise Conflict("team.code_taken", code=data.code, field="code")
    team = Team(code=data.code, name_zh=data.name_zh, name_en=data.name_en, kind=data.kind,
                centre_id=actor.centre_id)
    session.add(team)
    session.flush()
    audit.record(session, actor.id, "team.create", f"team:{team.id}", client_addr,
                 {"code": team.code, "kind": team.kind.value})
    return team


def add_member(
    session: Session, *, actor: Actor, team_id: int, staff_id: int, duty: Duty,
    client_addr: str,
) -> TeamMembership:
    """Put a person on a team with a duty (or change the duty of a member).

    The crisis-intervention team has at most one leader; the operator team knows only
    ``member`` and ``leader``.
    """
    require(actor, "manage_staff")
    team = get_team(session, team_id, within=actor, change=True)
    staff = get_staff(session, staff_id, within=actor, change=True)
    if not staff.active:
        raise InvalidInput("staff.not_active", name=staff.full_name)
    if team.kind == TeamKind.operators and duty not in OPERATOR_TEAM_DUTIES:
        raise InvalidInput("team.operator_duty", field="duty")
    if team.kind == TeamKind.crisis and duty == Duty.leader:
        leader = session.exec(
            select(TeamMembership).where(TeamMembership.team_id == team_id)
            .where(TeamMembership.duty == Duty.leader)
            .where(TeamMembership.staff_id != staff_id)
        ).first()
        if leader is not None:
            name = get_staff(session, leader.staff_id).full_name
            raise Conflict("team.crisis_leader_exists", name=name)
    membership = _membership(session, team_id, staff_id)
    detail: dict[str, Any]
    if membership is None:
        membership = TeamMembership(team_id=team_id, staff_id=staff_id, duty=duty)
        action, detail = "team.add_member", {"staff_id": staff_id, "duty": duty.value}
    else:
        action = "team.change_duty"
        detail = {"staff_id": staff_id, "duty": [membership.duty.value, duty.value]}
        membership.duty = duty
    session.add(membership)
    session.flush()
    audit.record(session, actor.id, action, f"team:{team_id}", client_addr, detail)
    return membership


def remove_member(
    session: Session, *, actor: Actor, team_id: int, staff_id: int, client_addr: str
) -> None:
    require(actor, "manage_staff")
    get_team(session, team_id)
    membership = _membership(session, team_id, staff_id)
    if membership is None:
        raise NotFound("team.not_member", staff_id=staff_id, team_id=team_id)
    session.delete(membership)
    session.flush()
    audit.record(session, actor.id, "team.remove_member", f"team:{team_id}", client_addr,
                 {"staff_id": staff_id, "duty": membership.duty.value})


def _membership(session: Session, team_id: int, staff_id: int) -> TeamMembership | None:
    return session.exec(
        select(TeamMembership).where(TeamMembership.team_id == team_id)
        .where(TeamMembership.staff_id == staff_id)
    ).first()


def team_public(session: Session, teams: Sequence[Team]) -> list[TeamPublic]:
    """Teams with their members (name, duty, active), leaders first, in two queries."""
    ids = [t.id for t in teams]
    rows = session.exec(
        select(TeamMembership, Staff).join(Staff, col(Staff.id) == col(TeamMembership.staff_id))
        .where(col(TeamMembership.team_id).in_(ids)).order_by(col(Staff.full_name))
    ).all()
    members: dict[int, list[MemberPublic]] = {i: [] for i in ids if i is not None}
    for membership, staff in rows:
        members[membership.team_id].append(MemberPublic(
            staff_id=id_of(staff), full_name=staff.full_name, duty=membership.duty,
            active=staff.active,
        ))
    for group in members.values():
        group.sort(key=lambda m: m.duty != Duty.leader)
    return [
        TeamPublic(id=id_of(t), code=t.code, name_zh=t.name_zh, name_en=t.name_en, kind=t.kind,
                   members=members[id_of(t)])
        for t in teams
    ]
