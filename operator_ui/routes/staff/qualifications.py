"""Qualification forms: a person's certificates and licences, added, corrected or removed."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import require
from hotline.db import Id, SessionDep
from hotline.staff import people, qualifications
from operator_ui import staff_form
from operator_ui.form_errors import Problem, refused
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect
from operator_ui.routes.staff.page import page

router = page_router(prefix="/staff")


def _qualification_form(request: Request, *, person: Any, values: dict[str, str],
                        qualification_id: int | None = None,
                        problems: list[Problem] | None = None,
                        status_code: int = 200) -> Response:
    return page(request, "staff/qualification_form.html", status_code=status_code,
                 person=person, values=values, qualification_id=qualification_id,
                 problems=problems or [])


@router.get("/qualifications/{qualification_id}/edit")
def edit_qualification(
    qualification_id: Id, request: Request, user: SignedInDep, session: SessionDep
) -> Response:
    require(user, "manage_qualifications")
    q = qualifications.get_qualification(session, qualification_id)
    return _qualification_form(request, person=people.get_staff(session, q.staff_id),
                               values=staff_form.qualification_values(q),
                               qualification_id=qualification_id)


@router.post("/qualifications/{qualification_id}/edit")
def save_qualification(qualification_id: Id, request: Request, user: SignedInDep, form: FormDep,
                       session: SessionDep) -> Response:
    require(user, "manage_qualifications")
    q = qualifications.get_qualification(session, qualification_id)
    staff_id = q.staff_id
    values = staff_form.read_qualification(form)
    with refused(session) as refusal:
        qualifications.update_qualification(
            session, actor=user, qualification_id=qualification_id,
            data=staff_form.to_qualification_update(values), client_addr=user.client_addr,
        )
    if refusal:
        return _qualification_form(request, person=people.get_staff(session, staff_id),
                                   values=values, qualification_id=qualification_id,
                                   problems=refusal.problems, status_code=refusal.status_code)
    return redirect(f"/staff/{staff_id}?done=qualification#qualifications")


@router.post("/qualifications/{qualification_id}/remove")
def remove_qualification(qualification_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    staff_id = qualifications.get_qualification(session, qualification_id).staff_id
    qualifications.remove_qualification(session, actor=user, qualification_id=qualification_id,
                                 client_addr=user.client_addr)
    return redirect(f"/staff/{staff_id}?done=qualification_removed#qualifications")




@router.get("/{staff_id}/qualifications/new")
def new_qualification(
    staff_id: Id, request: Request, user: SignedInDep, session: SessionDep
) -> Response:
    require(user, "manage_qualifications")
    return _qualification_form(request, person=people.get_staff(session, staff_id),
                               values=staff_form.blank_qualification())


@router.post("/{staff_id}/qualifications/new")
def add_qualification(staff_id: Id, request: Request, user: SignedInDep, form: FormDep,
                      session: SessionDep) -> Response:
    require(user, "manage_qualifications")
    people.get_staff(session, staff_id)
    values = staff_form.read_qualification(form)
    with refused(session) as refusal:
        qualifications.add_qualification(session, actor=user, staff_id=staff_id,
                                  data=staff_form.to_qualification_create(values),
                                  client_addr=user.client_addr)
    if refusal:
        return _qualification_form(request, person=people.get_staff(session, staff_id),
                                   values=values, problems=refusal.problems,
                                   status_code=refusal.status_code)
    return redirect(f"/staff/{staff_id}?done=qualification#qualifications")
