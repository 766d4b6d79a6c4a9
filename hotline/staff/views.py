"""Reading the registry for the API and pages: who may see whom, and people with their
teams, qualifications and login state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlmodel import Session, col, select

from hotline.access.permissions import Actor, Target, can, outside
from hotline.db import id_of
from hotline.errors import Forbidden, NotFound
from hotline.staff.models import Qualification, Staff, Team, TeamMembership
from hotline.staff.qualifications import qualification_public
from hotline.staff.schemas import MembershipPublic, QualificationPublic, StaffPublic


def may_view(actor: Actor, staff: Staff) -> bool:
    """Registry readers see everyone of their centres; anyone sees their own record."""
    return actor.id == staff.id or can(actor, "view_staff", Target(centre_id=staff.centre_id))


def require_view(actor: Actor, staff: Staff) -> None:
    """403 for a person of one's centres one may not read; 404 for one of another centre."""
    if not may_view(actor, staff):
        if outside(actor, Target(centre_id=staff.centre_id)):
            raise NotFound("staff.not_found", staff_id=staff.id)
        raise Forbidden("auth.role_forbidden", extra={"action": "view_staff"})


def staff_public(
    session: Session, people: Sequence[Staff], *, today: date, warning_days: int,
    logins: Mapping[int, tuple[str, bool]],
) -> list[StaffPublic]:
    """People with login name and lock state (``logins``: ``(username, locked)`` by staff id,
    from ``hotline.auth.accounts.logins``), teams with duties and qualifications with expiry
    flags, in three queries whatever the number of people."""
    ids = [s.id for s in people if s.id is not None]
    teams: dict[int, list[MembershipPublic]] = {i: [] for i in ids}
    for membership, team in session.exec(
        select(TeamMembership, Team).join(Team, col(Team.id) == col(TeamMembership.team_id))
        .where(col(TeamMembership.staff_id).in_(ids)).order_by(col(Team.code))
    ):
        teams[membership.staff_id].append(MembershipPublic(
            team_id=id_of(team), team_code=team.code, team_name_zh=team.name_zh,
            team_name_en=team.name_en, kind=team.kind,
            duty=membership.duty,
        ))
    quals: dict[int, list[QualificationPublic]] = {i: [] for i in ids}
    for q in session.exec(
        select(Qualification).where(col(Qualification.staff_id).in_(ids))
        .order_by(col(Qualification.expires_on), col(Qualification.id))
    ):
        quals[q.staff_id].append(qualification_public(q, today=today, warning_days=warning_days))
    out = []
    for s in people:
        username, locked = logins.get(id_of(s), (None, False))
        out.append(StaffPublic(
            id=id_of(s), full_name=s.full_name, phone=s.phone, email=s.email,
            languages=s.languages, roles=s.roles, active=s.active,
            prior_training_hours=s.prior_training_hours, notes=s.notes, created_at=s.created_at,
            username=username, locked=locked,
            teams=teams[id_of(s)], qualifications=quals[id_of(s)],
        ))
    return out
