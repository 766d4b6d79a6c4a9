"""Staff care pages: my debriefs (and, for supervisors, the outstanding ones), and clinical
supervision hours against the yearly policy with a form to record a session."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import can
from hotline.db import Id, SessionDep
from hotline.errors import InvalidInput
from hotline.policies import PoliciesDep
from hotline.staffcare import service
from hotline.staffcare.schemas import DebriefAnswer, SupervisionCreate
from operator_ui import care_labels, form_errors, staff_choices
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router(prefix="/care")


@router.get("/debriefs")
def debriefs(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    outstanding = (service.outstanding(session, actor=user)
                   if can(user, "oversee_debriefs") else [])
    return render(request, "care/debriefs.html", nav="care", mine=service.mine(session, actor=user),
                  outstanding=outstanding, wellbeing=care_labels.WELLBEING,
                  supervisors=staff_choices.operators(session, user))


@router.post("/debriefs/{debrief_id}")
def answer(debrief_id: Id, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    supervisor = str(form.get("supervisor_id", "")).strip()
    wellbeing = str(form.get("wellbeing", ""))
    data = form_errors.validated(DebriefAnswer, {
        "declined": form.get("declined") == "yes",
        "wellbeing": int(wellbeing) if wellbeing.isdigit() else None,
        "what_helped": str(form.get("what_helped", "")).strip(),
        "still_with_me": str(form.get("still_with_me", "")).strip(),
        "wants_support": form.get("wants_support") == "yes",
        "supervisor_id": int(supervisor) if supervisor.isdigit() else None})
    service.answer(session, actor=user, debrief_id=debrief_id, data=data,
                   client_addr=user.client_addr)
    return redirect("/care/debriefs")


@router.get("/supervision")
def supervision(request: Request, user: SignedInDep, session: SessionDep, policies: PoliciesDep,
                year: int | None = None) -> Response:
    today = staff_choices.today(request)
    year = year if year and 2000 <= year <= 2100 else today.year
    rows = service.hours(session, actor=user, year=year,
                         policy=policies.trainings)
    return render(request, "care/supervision.html", nav="care", rows=rows, year=year,
                  today=today, people=staff_choices.operators(session, user),
                  formats=care_labels.SUPERVISION_FORMATS)


@router.post("/supervision")
def record(request: Request, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    try:
        values = {
            "staff_ids": [int(str(x)) for x in form.getlist("staff_ids") if str(x).isdigit()],
            "supervisor_id": int(str(form.get("supervisor_id", "")) or 0),
            "held_on": date.fromisoformat(str(form.get("held_on", ""))),
            "hours": float(str(form.get("hours", "0")) or 0),
            "format": str(form.get("format", ""))}
    except ValueError:
        raise InvalidInput("page.supervision_date_hours") from None
    data = form_errors.validated(SupervisionCreate, values)
    service.record_supervision(session, actor=user, data=data,
                               today=staff_choices.today(request),
                               client_addr=user.client_addr)
    return redirect("/care/supervision")
