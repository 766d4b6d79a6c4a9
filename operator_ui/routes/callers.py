"""Caller flags and care plans as pages: set a flag from the contact form, supervisors review
flags, supervisors and team leads agree care plans. Thin over ``hotline.callers``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from hotline.access.permissions import require
from hotline.auth.deps import check_csrf, client_addr
from hotline.callers import service
from hotline.callers.schemas import CarePlanIn, FlagCreate, FlagReviewCreate
from hotline.contacts.models import Contact
from hotline.db import Id, SessionDep
from operator_ui import form_errors, staff_choices
from operator_ui.rendering import FormDep, PageRoute, SignedInDep, redirect, render

router = APIRouter(prefix="/callers", route_class=PageRoute, include_in_schema=False)


@router.post("/{contact_id}/flags")
def set_flag(contact_id: Id, request: Request, user: SignedInDep, form: FormDep,
             session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    try:
        data = FlagCreate(kind=str(form.get("kind", "")),  # type: ignore[arg-type]
                          reason=str(form.get("reason", "")))
    except ValidationError as exc:
        raise form_errors.refusal(exc) from None
    service.set_flag(session, actor=user, contact_id=contact_id, data=data,
                     policy=request.app.state.policies.records, client_addr=client_addr(request))
    return redirect(f"/contacts/{contact_id}/edit#caller-history")


@router.get("/flags")
def flags(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    rows = service.flags_public(session, service.pending_review(session, actor=user))
    return render(request, "care/flags.html", nav="flags", flags=rows)


@router.post("/flags/{flag_id}/review")
def review(flag_id: Id, request: Request, user: SignedInDep, form: FormDep,
           session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    try:
        data = FlagReviewCreate(decision=str(form.get("decision", "")),  # type: ignore[arg-type]
                                note=str(form.get("note", "")).strip())
    except ValidationError as exc:
        raise form_errors.refusal(exc) from None
    service.review_flag(session, actor=user, flag_id=flag_id, data=data,
                        client_addr=client_addr(request))
    return redirect("/callers/flags")


@router.get("/{contact_id}/care-plan")
def care_plan_form(contact_id: Id, request: Request, user: SignedInDep,
                   session: SessionDep) -> Response:
    require(user, "manage_care_plans")
    contact = session.get(Contact, contact_id)
    plan = service.care_plan_public(session, contact.caller_key if contact else None)
    return render(request, "care/care_plan.html", contact_id=contact_id, plan=plan,
                  people=staff_choices.operators(session))


@router.post("/{contact_id}/care-plan")
def save_care_plan(contact_id: Id, request: Request, user: SignedInDep, form: FormDep,
                   session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    worker = str(form.get("key_worker_id", "")).strip()
    try:
        data = CarePlanIn(call_frequency=str(form.get("call_frequency", "")).strip(),
                          approach=str(form.get("approach", "")).strip(),
                          key_worker_id=int(worker) if worker.isdigit() else None)
    except ValidationError as exc:
        raise form_errors.refusal(exc) from None
    service.set_care_plan(session, actor=user, contact_id=contact_id, data=data,
                          client_addr=client_addr(request))
    return redirect(f"/contacts/{contact_id}")
