"""Reading the staff registry for pages: the operator filter and the staff list.

Read-only, and only until ``hotline.staff.service`` offers the same reads; changes to staff
always go through that service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from hotline.staff.models import Qualification, Staff, Team, TeamMembership

CONTACT_ROLES = {"operator", "crisis_responder", "supervisor"}
EXPIRY_WARNING_DAYS = 60


def operators(session: Session) -> list[tuple[int, str]]:
    """Everyone who may log contacts, by name (the operator filter of the contact list)."""
    rows = session.exec(select(Staff).order_by(col(Staff.full_name)))
    return [(s.id, s.full_name) for s in rows if s.id is not None and CONTACT_ROLES & set(s.roles)]


@dataclass
class QualificationRow:
    qualification: Qualification
    state: str  # "valid", "expiring" (within EXPIRY_WARNING_DAYS) or "expired"


@dataclass
class StaffRow:
    staff: Staff
    teams: list[tuple[Team, str]] = field(default_factory=list)  # (team, duty)
    qualifications: list[QualificationRow] = field(default_factory=list)


def _state(expires_on: date | None, today: date) -> str:
    if expires_on is None or (expires_on - today).days > EXPIRY_WARNING_DAYS:
        return "valid"
    return "expired" if expires_on < today else "expiring"


def directory(session: Session, today: date, *, include_inactive: bool = False) -> list[StaffRow]:
    """Everyone with their teams, duties and qualifications, in three queries."""
    query = select(Staff).order_by(col(Staff.active).desc(), col(Staff.full_name))
    if not include_inactive:
        query = query.where(col(Staff.active).is_(True))
    rows = {s.id: StaffRow(s) for s in session.exec(query)}
    memberships = session.exec(
        select(TeamMembership, Team).join(Team, col(Team.id) == col(TeamMembership.team_id))
        .where(col(TeamMembership.staff_id).in_(rows))
    )
    for membership, team in memberships:
        rows[membership.staff_id].teams.append((team, membership.duty.value))
    qualifications = session.exec(
        select(Qualification).where(col(Qualification.staff_id).in_(rows))
        .order_by(col(Qualification.expires_on))
    )
    for q in qualifications:
        rows[q.staff_id].qualifications.append(QualificationRow(q, _state(q.expires_on, today)))
    return list(rows.values())
