"""A person's login, from their staff page: give one, reset the password (which also unlocks
and ends old sessions), or lift a lockout."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.access.permissions import require
from hotline.auth import accounts
from hotline.db import Id, SessionDep
from hotline.staff import people
from operator_ui import staff_form
from operator_ui.form_errors import Problem, refused
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect
from operator_ui.routes.staff.page import page

router = page_router(prefix="/staff")


def _account_page(request: Request, session: Session, staff_id: int, *,
                  values: dict[str, Any], problems: list[Problem] | None = None,
                  status_code: int = 200) -> Response:
    staff = people.get_staff(session, staff_id)
    account = accounts.account_of(session, staff_id)
    return page(request, "staff/account.html", status_code=status_code, person=staff,
                 account=account, locked=accounts.is_locked(account), values=values,
                 problems=problems or [])


@router.get("/{staff_id}/account")
def account_form(staff_id: Id, request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "manage_staff")
    account = accounts.account_of(session, staff_id)
    return _account_page(request, session, staff_id, values={
        "username": account.username if account else "", "password": ""})


@router.post("/{staff_id}/account")
def save_account(staff_id: Id, request: Request, user: SignedInDep, form: FormDep,
                 session: SessionDep) -> Response:
    """Give a login, or reset the password (which also unlocks and ends old sessions)."""
    require(user, "manage_staff")
    people.get_staff(session, staff_id)
    values = {"username": str(form.get("username", "")).strip(),
              "password": str(form.get("password", ""))}
    with refused(session) as refusal:
        data = staff_form.to_account(values)
        accounts.set_account(session, actor=user, staff_id=staff_id, password=data.password,
                            username=data.username, client_addr=user.client_addr)
    if refusal:
        return _account_page(request, session, staff_id, problems=refusal.problems,
                             values={**values, "password": ""}, status_code=refusal.status_code)
    return redirect(f"/staff/{staff_id}?done=password")


@router.post("/{staff_id}/unlock")
def unlock(staff_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    accounts.unlock_account(session, actor=user, staff_id=staff_id,
                           client_addr=user.client_addr)
    return redirect(f"/staff/{staff_id}?done=unlocked")
