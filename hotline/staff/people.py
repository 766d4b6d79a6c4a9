"""People in the talent database: who they are, their roles, and whether they are active.

Plain functions taking the session first; they ``flush()`` and never commit (the request's
transaction does). Every change is permission-checked and audit-logged in the same
transaction, so a refused change leaves nothing behind. What a change means for other
domains (a login, the roster) is the flows' business (``hotline.flows``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import Actor, require
from hotline.access.scope import CentreActor
from hotline.errors import Conflict, InvalidInput
from hotline.staff.models import Role, Staff, TeamMembership
from hotline.staff.schemas import StaffCreate, StaffUpdate


def list_staff(
    session: Session, *, role: Role | str | None = None, team_id: int | None = None,
    active: bool | None = None, q: str | None = None, reader: CentreActor | None = None,
) -> list[Staff]:
    """People by name, filtered by role, team, active flag and a free-text search over name,
    phone and email; with ``reader``, only those of the centres they read."""
    query = select(Staff) if reader is None else scope.readable(select(Staff), Staff.centre_id,
                                                                 reader)
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


def get_staff(session: Session, staff_id: int, *, within: CentreActor | None = None,
              change: bool = False) -> Staff:
    """The person, or 404; with ``within``, also for a person of a centre the actor does not
    reach (to read, or with ``change`` to change: ``hotline.access.scope.reaches``)."""
    return scope.get_or_404(session, Staff, staff_id, "staff.not_found", within=within,
                            change=change, staff_id=staff_id)


def create_staff(
    session: Session, *, actor: Actor, data: StaffCreate, client_addr: str
) -> Staff:
    """Add a person (their login, if the form asks for one, is ``hotline.flows.hiring``)."""
    require(actor, "manage_staff")
    fields = data.model_dump(exclude={"username", "password"})
    fields["roles"] = [str(r) for r in data.roles]
    staff = Staff(**fields, centre_id=actor.centre_id)
    session.add(staff)
    session.flush()
    audit.record(session, actor.id, "staff.create", f"staff:{staff.id}", client_addr,
                 _public_fields(staff))
    return staff


def update_staff(
    session: Session, *, actor: Actor, staff_id: int, data: StaffUpdate, client_addr: str,
    on_roles_changed: Callable[[Staff, list[str]], Collection[Any]] | None = None,
) -> Staff:
    """Change the fields sent; the audit entry keeps each change as ``[old, new]``.

    When the roles change, ``on_roles_changed(staff, old_roles)`` runs before the entry is
    written and returns what it released (the roster's shifts that need a role taken away,
    see ``hotline.flows.role_change``); their ids go into the entry.
    """
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id, within=actor, change=True)
    old_roles = list(staff.roles)
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
    released = on_roles_changed(staff, old_roles) if (
        "roles" in changes and on_roles_changed is not None) else []
    if changes:
        session.add(staff)
        session.flush()
        detail: dict[str, Any] = {"changes": changes}
        if released:
            detail["released_shifts"] = [s.id for s in released]
        audit.record(session, actor.id, "staff.update", f"staff:{staff.id}", client_addr, detail)
    return staff


def may_deactivate(session: Session, *, actor: Actor, staff_id: int) -> Staff | None:
    """The person to deactivate, or None when they already are; refused for oneself and for
    the last active admin."""
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id, within=actor, change=True)
    if not staff.active:
        return None
    if staff.id == actor.id:
        raise InvalidInput("staff.deactivate_self")
    _keep_an_admin(session, staff)
    return staff


def deactivate_staff(
    session: Session, *, actor: Actor, staff: Staff, client_addr: str, detail: dict[str, Any]
) -> Staff:
    """Mark someone who left inactive (after ``may_deactivate``); ``detail`` says what
    leaving took with it (shifts released, sessions ended), for the audit entry."""
    staff.active = False
    session.add(staff)
    session.flush()
    audit.record(session, actor.id, "staff.deactivate", f"staff:{staff.id}", client_addr, detail)
    return staff


def reactivate_staff(
    session: Session, *, actor: Actor, staff_id: int, client_addr: str
) -> Staff:
    """Someone returns: their login works again (they have no shifts until rostered)."""
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id, within=actor, change=True)
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
        raise Conflict("staff.last_admin", field="roles")


def _public_fields(staff: Staff) -> dict[str, Any]:
    return {
        "full_name": staff.full_name, "roles": staff.roles, "phone": staff.phone,
        "email": staff.email, "languages": staff.languages,
    }
