"""Someone joins: the person in the registry and, when the form asks for one, their login."""

from __future__ import annotations

from sqlmodel import Session

from hotline.access import audit
from hotline.auth import service as auth_service
from hotline.auth.service import CurrentUser
from hotline.db import id_of
from hotline.staff import people
from hotline.staff.models import Staff
from hotline.staff.schemas import StaffCreate


def hire(session: Session, *, actor: CurrentUser, data: StaffCreate, client_addr: str) -> Staff:
    """Add a person; with ``username`` and ``password`` they get a login in the same
    transaction (a taken username refuses the whole thing with 409)."""
    staff = people.create_staff(session, actor=actor, data=data, client_addr=client_addr)
    if data.username is not None and data.password is not None:
        account = auth_service.create_account(
            session, staff_id=id_of(staff), username=data.username, password=data.password,
        )
        audit.record(session, actor.id, "account.create", f"staff:{staff.id}", client_addr,
                     {"username": account.username})
    return staff
