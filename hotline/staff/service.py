"""The staff registry: people, teams with duties, qualifications, and their logins.

Plain functions taking the session first; they ``flush()`` and never commit (the request's
transaction does). Every change is permission-checked and audit-logged in the same
transaction, so a refused change leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from hotline.auth import audit
from hotline.auth import service as auth_service
from hotline.auth.deps import require
from hotline.auth.models import Account, LoginSession
from hotline.auth.permissions import can
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.db import utcnow
from hotline.errors import Conflict, Forbidden, InvalidInput, NotFound
from hotline.policies import Policies
from hotline.roster import rules
from hotline.roster import service as roster_service
from hotline.staff.models import Duty, Qualification, Role, Staff, Team, TeamKind, TeamMembership
from hotline.staff.schemas import (
    MemberPublic,
    MembershipPublic,
    QualificationCreate,
    QualificationPublic,
    QualificationUpdate,
    StaffCreate,
    StaffPublic,
    StaffUpdate,
    TeamCreate,
    TeamPublic,
)

# Duties that make sense on the operator team; the crisis team may use every duty.
OPERATOR_TEAM_DUTIES = {Duty.member, Duty.leader}


# --- people -----------------------------------------------------------------------------------


def list_staff(
    session: Session, *, role: Role | str | None = None, team_id: int | None = None,
    active: bool | None = None, q: str | None = None,
) -> list[Staff]:
    """People by name, filtered by role, team, active flag and a free-text search over name,
    phone and email."""
    query = select(Staff)
    if active is not None:
        query = query.where(col(Staff.active).is_(active))
    if team_id is not None:
        query = query.join(TeamMembership, col(TeamMembership.staff_id) == col(Staff.id)).where(
            TeamMembership.team_id == team_id
        )
    if q and q.strip():
        # Escaped, so a search for "50%" or "li_ming" means those characters, not wildcards.
        text = q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{text}%"
        query = query.where(or_(
            func.lower(Staff.full_name).like(pattern, escape="\\"),
            func.lower(func.coalesce(Staff.phone, "")).like(pattern, escape="\\"),
            func.lower(func.coalesce(Staff.email, "")).like(pattern, escape="\\"),
        ))
    rows = list(session.exec(query.order_by(col(Staff.full_name), col(Staff.id))))
    if role is not None:  # roles are a JSON list: filtered here, the same on every database
        rows = [s for s in rows if str(role) in s.roles]
    return rows


def get_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(f"No staff member {staff_id}.")
    return staff


def account_of(session: Session, staff_id: int) -> Account | None:
    return session.exec(select(Account).where(Account.staff_id == staff_id)).first()


def create_staff(
    session: Session, *, actor: CurrentUser, data: StaffCreate, client_addr: str
) -> Staff:
    """Add a person; with ``username`` and ``password`` they get a login in the same
    transaction (a taken username refuses the whole thing with 409)."""
    require(actor, "manage_staff")
    fields = data.model_dump(exclude={"username", "password"})
    fields["roles"] = [str(r) for r in data.roles]
    staff = Staff(**fields)
    session.add(staff)
    session.flush()
    audit.record(session, actor.id, "staff.create", f"staff:{staff.id}", client_addr,
                 _public_fields(staff))
    if data.username is not None and data.password is not None:
        account = auth_service.create_account(
            session, staff_id=staff.id, username=data.username, password=data.password,  # type: ignore[arg-type]
        )
        audit.record(session, actor.id, "account.create", f"staff:{staff.id}", client_addr,
                     {"username": account.username})
    return staff


def update_staff(
    session: Session, *, actor: CurrentUser, staff_id: int, data: StaffUpdate, client_addr: str,
    settings: Settings, policies: Policies,
) -> Staff:
    """Change the fields sent; the audit entry keeps each change as ``[old, new]``.

    A role taken away takes the person off the future shifts that need it (a counsellor who
    is no longer a crisis responder cannot stay on crisis call), through the coverage guard.
    """
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id)
    could = rules.eligible_positions(staff.roles)
    changes: dict[str, list[Any]] = {}
    for name, value in data.model_dump(exclude_unset=True, exclude={"override_reason"}).items():
        if name == "roles":
            value = [str(r) for r in value]
        old = getattr(staff, name)
        if old != value:
            changes[name] = [old, value]
            setattr(staff, name, value)
    if "roles" in changes and Role.admin.value not in staff.roles:
        _keep_an_admin(session, staff)
    released = roster_service.release_staff(
        session, actor=actor, staff_id=staff_id, override_reason=data.override_reason,
        client_addr=client_addr, settings=settings, policies=policies,
        positions=could - rules.eligible_positions(staff.roles), because="lost the role",
    ) if "roles" in changes else []
    if changes:
        session.add(staff)
        session.flush()
        detail: dict[str, Any] = {"changes": changes}
        if released:
            detail["released_shifts"] = [s.id for s in released]
        audit.record(session, actor.id, "staff.update", f"staff:{staff.id}", client_addr, detail)
    return staff


def deactivate_staff(
    session: Session, *, actor: CurrentUser, staff_id: int, override_reason: str | None,
    client_addr: str, settings: Settings, policies: Policies,
) -> Staff:
    """Someone leaves: take them off every future shift, then disable their login.

    The roster's coverage guard runs first, so a departure that would open a gap is refused
    with 409 and the ``gaps`` unless a supervisor gives an override reason (audited).
    """
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id)
    if not staff.active:
        return staff
    if staff.id == actor.id:
        raise InvalidInput("You cannot deactivate yourself; ask another admin.")
    _keep_an_admin(session, staff)
    released = roster_service.release_staff(
        session, actor=actor, staff_id=staff_id, override_reason=override_reason,
        client_addr=client_addr, settings=settings, policies=policies,
    )
    staff.active = False
    session.add(staff)
    revoked = _revoke_sessions(session, staff_id)
    session.flush()
    detail: dict[str, Any] = {"released_shifts": [s.id for s in released],
                              "revoked_sessions": revoked}
    if override_reason and override_reason.strip():
        detail["override_reason"] = override_reason.strip()
    audit.record(session, actor.id, "staff.deactivate", f"staff:{staff.id}", client_addr, detail)
    return staff


def reactivate_staff(
    session: Session, *, actor: CurrentUser, staff_id: int, client_addr: str
) -> Staff:
    """Someone returns: their login works again (they have no shifts until rostered)."""
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id)
    if staff.active:
        return staff
    staff.active = True
    session.add(staff)
    session.flush()
    audit.record(session, actor.id, "staff.reactivate", f"staff:{staff.id}", client_addr)
    return staff


def _keep_an_admin(session: Session, losing: Staff) -> None:
    """Refuse a change that would leave no active admin to manage the registry."""
    others = [s for s in list_staff(session, role=Role.admin, active=True) if s.id != losing.id]
    if not others:
        raise Conflict("This is the last active admin. Make someone else admin first.")


def _revoke_sessions(session: Session, staff_id: int) -> int:
    account = account_of(session, staff_id)
    if account is None:
        return 0
    now = utcnow()
    rows = session.exec(
        select(LoginSession).where(LoginSession.account_id == account.id)
        .where(col(LoginSession.revoked_at).is_(None))
    ).all()
    for row in rows:
        row.revoked_at = now
        session.add(row)
    return len(rows)


def _public_fields(staff: Staff) -> dict[str, Any]:
    return {
        "full_name": staff.full_name, "roles": staff.roles, "phone": staff.phone,
        "email": staff.email, "languages": staff.languages,
    }


# --- logins -----------------------------------------------------------------------------------


def set_account(
    session: Session, *, actor: CurrentUser, staff_id: int, password: str,
    username: str | None = None, client_addr: str,
) -> Account:
    """Admin: give a person a login, or reset their password (and optionally username).

    A reset also unlocks the account and ends every session opened with the old password.
    """
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id)
    account = account_of(session, staff_id)
    if account is None:
        if username is None:
            raise InvalidInput("This person has no login yet: send a username too.")
        account = auth_service.create_account(
            session, staff_id=staff_id, username=username, password=password,
        )
        audit.record(session, actor.id, "account.create", f"staff:{staff.id}", client_addr,
                     {"username": account.username})
        return account
    detail: dict[str, Any] = {}
    if username is not None:
        wanted = username.strip().lower()
        if wanted != account.username:
            taken = session.exec(select(Account).where(Account.username == wanted)).first()
            if taken is not None:
                raise Conflict(f"The username {wanted!r} is taken.")
            if not wanted.replace("_", "").replace(".", "").isalnum():
                raise InvalidInput("Usernames use letters, digits, '.' and '_' only.")
            detail["username"] = [account.username, wanted]
            account.username = wanted
    account.password_hash = auth_service.hash_password(password)
    account.failed_logins = 0
    account.locked_until = None
    session.add(account)
    detail["revoked_sessions"] = _revoke_sessions(session, staff_id)
    session.flush()
    audit.record(session, actor.id, "account.reset_password", f"staff:{staff.id}", client_addr,
                 detail)
    return account


def unlock_account(
    session: Session, *, actor: CurrentUser, staff_id: int, client_addr: str
) -> Account:
    """Admin: lift a lockout after failed logins without changing the password."""
    require(actor, "manage_staff")
    get_staff(session, staff_id)
    account = account_of(session, staff_id)
    if account is None:
        raise NotFound(f"Staff member {staff_id} has no login.")
    account.failed_logins = 0
    account.locked_until = None
    session.add(account)
    session.flush()
    audit.record(session, actor.id, "account.unlock", f"staff:{staff_id}", client_addr)
    return account


def is_locked(account: Account | None) -> bool:
    return bool(account and account.locked_until and account.locked_until > utcnow())


def set_language(
    session: Session, *, user: CurrentUser, language: str, client_addr: str
) -> Account:
    """The user's own choice of page language, kept on their account."""
    if language not in ("zh", "en"):
        raise InvalidInput("Language must be 'zh' or 'en'.")
    account = session.get(Account, user.account.id)
    if account is None:
        raise NotFound("Your account is gone.")
    if account.language != language:
        audit.record(session, user.id, "account.language", f"staff:{user.id}", client_addr,
                     {"language": [account.language, language]})
        account.language = language
        session.add(account)
        session.flush()
    user.account.language = language
    return account


# --- teams ------------------------------------------------------------------------------------


def list_teams(session: Session) -> list[Team]:
    return list(session.exec(select(Team).order_by(col(Team.code))))


def get_team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"No team {team_id}.")
    return team


def create_team(
    session: Session, *, actor: CurrentUser, data: TeamCreate, client_addr: str
) -> Team:
    require(actor, "manage_staff")
    if session.exec(select(Team).where(Team.code == data.code)).first() is not None:
        raise Conflict(f"A team with code {data.code!r} exists.")
    team = Team(code=data.code, name_zh=data.name_zh, name_en=data.name_en, kind=data.kind)
    session.add(team)
    session.flush()
    audit.record(session, actor.id, "team.create", f"team:{team.id}", client_addr,
                 {"code": team.code, "kind": team.kind.value})
    return team


def add_member(
    session: Session, *, actor: CurrentUser, team_id: int, staff_id: int, duty: Duty,
    client_addr: str,
) -> TeamMembership:
    """Put a person on a team with a duty (or change the duty of a member).

    The crisis-intervention team has at most one leader; the operator team knows only
    ``member`` and ``leader``.
    """
    require(actor, "manage_staff")
    team = get_team(session, team_id)
    staff = get_staff(session, staff_id)
    if not staff.active:
        raise InvalidInput(f"{staff.full_name} is inactive; reactivate them first.")
    if team.kind == TeamKind.operators and duty not in OPERATOR_TEAM_DUTIES:
        raise InvalidInput("On the operator team the duty is 'member' or 'leader'.")
    if team.kind == TeamKind.crisis and duty == Duty.leader:
        leader = session.exec(
            select(TeamMembership).where(TeamMembership.team_id == team_id)
            .where(TeamMembership.duty == Duty.leader)
            .where(TeamMembership.staff_id != staff_id)
        ).first()
        if leader is not None:
            name = get_staff(session, leader.staff_id).full_name
            raise Conflict(f"The crisis team already has a leader ({name}). "
                           "Change their duty first.")
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
    session: Session, *, actor: CurrentUser, team_id: int, staff_id: int, client_addr: str
) -> None:
    require(actor, "manage_staff")
    get_team(session, team_id)
    membership = _membership(session, team_id, staff_id)
    if membership is None:
        raise NotFound(f"Staff member {staff_id} is not on team {team_id}.")
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
            staff_id=staff.id, full_name=staff.full_name, duty=membership.duty,  # type: ignore[arg-type]
            active=staff.active,
        ))
    for group in members.values():
        group.sort(key=lambda m: m.duty != Duty.leader)
    return [
        TeamPublic(id=t.id, code=t.code, name_zh=t.name_zh, name_en=t.name_en, kind=t.kind,  # type: ignore[arg-type]
                   members=members[t.id])  # type: ignore[arg-type,index]
        for t in teams
    ]


# --- qualifications ---------------------------------------------------------------------------


def list_qualifications(session: Session, staff_id: int) -> list[Qualification]:
    get_staff(session, staff_id)
    return list(session.exec(
        select(Qualification).where(Qualification.staff_id == staff_id)
        .order_by(col(Qualification.expires_on), col(Qualification.id))
    ))


def get_qualification(session: Session, qualification_id: int) -> Qualification:
    qualification = session.get(Qualification, qualification_id)
    if qualification is None:
        raise NotFound(f"No qualification {qualification_id}.")
    return qualification


def add_qualification(
    session: Session, *, actor: CurrentUser, staff_id: int, data: QualificationCreate,
    client_addr: str,
) -> Qualification:
    require(actor, "manage_qualifications")
    get_staff(session, staff_id)
    _check_dates(data.issued_on, data.expires_on)
    qualification = Qualification(staff_id=staff_id, **data.model_dump())
    session.add(qualification)
    session.flush()
    audit.record(session, actor.id, "qualification.create", f"staff:{staff_id}", client_addr,
                 _qualification_fields(qualification))
    return qualification


def update_qualification(
    session: Session, *, actor: CurrentUser, qualification_id: int, data: QualificationUpdate,
    client_addr: str,
) -> Qualification:
    require(actor, "manage_qualifications")
    qualification = get_qualification(session, qualification_id)
    sent = data.model_dump(exclude_unset=True)
    if sent.get("kind", "") is None:
        raise InvalidInput("kind cannot be null; leave it out to keep it.")
    for name in ("number", "issuer"):
        if name in sent and sent[name] is None:
            sent[name] = ""
    _check_dates(sent.get("issued_on", qualification.issued_on),
                 sent.get("expires_on", qualification.expires_on))
    changes = {k: [_iso(getattr(qualification, k)), _iso(v)] for k, v in sent.items()
               if getattr(qualification, k) != v}
    for name, value in sent.items():
        setattr(qualification, name, value)
    if changes:
        session.add(qualification)
        session.flush()
        audit.record(session, actor.id, "qualification.update",
                     f"staff:{qualification.staff_id}", client_addr,
                     {"qualification_id": qualification.id, "changes": changes})
    return qualification


def remove_qualification(
    session: Session, *, actor: CurrentUser, qualification_id: int, client_addr: str
) -> None:
    """Remove a certificate entered by mistake; the audit entry keeps what it said."""
    require(actor, "manage_qualifications")
    qualification = get_qualification(session, qualification_id)
    detail = _qualification_fields(qualification)
    session.delete(qualification)
    session.flush()
    audit.record(session, actor.id, "qualification.delete", f"staff:{qualification.staff_id}",
                 client_addr, detail)


def _check_dates(issued_on: date | None, expires_on: date | None) -> None:
    if issued_on is not None and issued_on > utcnow().date() + timedelta(days=1):
        raise InvalidInput("issued_on is in the future; enter the date on the certificate.")
    if issued_on is not None and issued_on.year < 1900:
        raise InvalidInput("issued_on is before 1900; check the year on the certificate.")
    if issued_on is not None and expires_on is not None and expires_on <= issued_on:
        raise InvalidInput("expires_on must be after issued_on.")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _qualification_fields(q: Qualification) -> dict[str, Any]:
    return {"qualification_id": q.id, "kind": q.kind, "number": q.number, "issuer": q.issuer,
            "issued_on": _iso(q.issued_on), "expires_on": _iso(q.expires_on)}


def qualification_public(q: Qualification, *, today: date, warning_days: int) -> QualificationPublic:
    """The certificate with ``expired`` (before today) and ``expiring_soon`` (valid, but ends
    within ``warning_days``)."""
    expired = q.expires_on is not None and q.expires_on < today
    soon = (q.expires_on is not None and not expired
            and q.expires_on <= today + timedelta(days=warning_days))
    return QualificationPublic(
        id=q.id, staff_id=q.staff_id, kind=q.kind, number=q.number, issuer=q.issuer,  # type: ignore[arg-type]
        issued_on=q.issued_on, expires_on=q.expires_on, expired=expired, expiring_soon=soon,
    )


# --- reading for the API and pages ------------------------------------------------------------


def may_view(actor: CurrentUser, staff_id: int) -> bool:
    """Registry readers see everyone; anyone sees their own record."""
    return actor.id == staff_id or can(actor, "view_staff")


def require_view(actor: CurrentUser, staff_id: int) -> None:
    if not may_view(actor, staff_id):
        raise Forbidden("Your role does not allow this. Ask a supervisor if you need it.",
                        extra={"action": "view_staff"})


def staff_public(
    session: Session, people: Sequence[Staff], *, today: date, warning_days: int
) -> list[StaffPublic]:
    """People with login name, lock state, teams with duties and qualifications with expiry
    flags, in four queries whatever the number of people."""
    ids = [s.id for s in people if s.id is not None]
    accounts = {a.staff_id: a for a in session.exec(
        select(Account).where(col(Account.staff_id).in_(ids)))}
    teams: dict[int, list[MembershipPublic]] = {i: [] for i in ids}
    for membership, team in session.exec(
        select(TeamMembership, Team).join(Team, col(Team.id) == col(TeamMembership.team_id))
        .where(col(TeamMembership.staff_id).in_(ids)).order_by(col(Team.code))
    ):
        teams[membership.staff_id].append(MembershipPublic(
            team_id=team.id, team_code=team.code, team_name_zh=team.name_zh,  # type: ignore[arg-type]
            team_name_en=team.name_en, kind=team.kind,  # type: ignore[arg-type]
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
        account = accounts.get(s.id)  # type: ignore[arg-type]
        out.append(StaffPublic(
            id=s.id, full_name=s.full_name, phone=s.phone, email=s.email,  # type: ignore[arg-type]
            languages=s.languages, roles=s.roles, active=s.active,
            prior_training_hours=s.prior_training_hours, notes=s.notes, created_at=s.created_at,
            username=account.username if account else None, locked=is_locked(account),
            teams=teams[s.id], qualifications=quals[s.id],  # type: ignore[index]
        ))
    return out
