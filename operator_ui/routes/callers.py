"""Caller flags and care plans as pages: set a flag from the contact form, supervisors review
flags, supervisors and team leads agree care plans. Thin over ``hotline.callers``."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import require
from hotline.callers import service
from hotline.callers.schemas import CarePlanIn, FlagCreate, FlagReviewCreate
from hotline.contacts.models import Contact
from hotline.db import Id, SessionDep
from hotline.policies import PoliciesDep
from operator_ui import form_errors, staff_choices
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router(prefix="/callers")


@router.post("/{contact_id}/flags")
def set_flag(contact_id: Id, user: SignedInDep, form: FormDep, session: SessionDep,
             policies: PoliciesDep) -> Response:
    data = form_errors.validated(FlagCreate, {"kind": str(form.get("kind", "")),
                                              "reason": str(form.get("reason", ""))})
    service.set_flag(session, actor=user, contact_id=contact_id, data=data,
                     policy=policies.records, client_addr=user.client_addr)
    return redirect(f"/contacts/{contact_id}/edit#caller-history")


@router.get("/flags")
def flags(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    rows = service.flags_public(session, service.pending_review(session, actor=user))
    return render(request, "care/flags.html", nav="flags", flags=rows)


@router.post("/flags/{flag_id}/review")
def review(flag_id: Id, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    data = form_errors.validated(FlagReviewCreate, {"decision": str(form.get("decision", "")),
                                                    "note": str(form.get("note", "")).strip()})
    service.review_flag(session, actor=user, flag_id=flag_id, data=data,
                        client_addr=user.client_addr)
    return redirect("/callers/flags")


@router.get("/{contact_id}/care-plan")
def care_plan_form(contact_id: Id, request: Request, user: SignedInDep,
                   session: SessionDep) -> Response:
    require(user, "manage_care_plans")
    contact = session.get(Contact, contact_id)
    plan = service.care_plan_public(session, contact.caller_key if contact else None)
    return render(request, "care/care_plan.html", contact_id=contact_id, plan=plan,
                  people=staff_choices.operators(session, user))


@router.post("/{contact_id}/care-plan")
def save_care_plan(contact_id: Id, user: SignedInDep, form: FormDep,
                   session: SessionDep) -> Response:
    worker = str(form.get("key_worker_id", "")).strip()
    data = form_errors.validated(CarePlanIn, {
        "call_frequency": str(form.get("call_frequency", "")).strip(),
        "approach": str(form.get("approach", "")).strip(),
        "key_worker_id": int(worker) if worker.isdigit() else None})
    service.set_care_plan(session, actor=user, contact_id=contact_id, data=data,
                          client_addr=user.client_addr)
    return redirect(f"/contacts/{contact_id}")
