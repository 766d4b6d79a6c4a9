"""The live call queue and call-backs: operators on shift see who is waiting and take a call
with one click (it rings their phone and opens the contact form)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hotline.access.permissions import require
from hotline.auth.deps import check_csrf, client_addr
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import InvalidInput
from hotline.telephony import callbacks, calls, worklist
from hotline.telephony.api import telephony
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, PageRoute, SignedInDep, redirect, render

router = APIRouter(prefix="/calls", route_class=PageRoute, include_in_schema=False)
RESULT_LABELS = {"reached": N_("Reached"), "no_answer": N_("No answer"), "busy": N_("Busy"),
                 "voicemail_left": N_("Left a message"), "wrong_number": N_("Wrong number")}
RESULTS = tuple(RESULT_LABELS)


@router.get("")
def queue_page(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "create_contact")
    return render(request, "calls/queue.html", nav="calls", waiting=calls.queue(session),
                  tasks=worklist.open_callbacks(session, utcnow()), results=RESULTS,
                  result_labels=RESULT_LABELS,
                  telephony=request.app.state.settings.twilio_configured,
                  may_take=user.id in calls.available_operators(session, utcnow()))


@router.post("/{contact_id}/accept")
def accept(contact_id: Id, request: Request, user: SignedInDep, form: FormDep,
           session: SessionDep) -> Response:
    """Bridge the call to this operator; on any refusal the page says why, the caller waits."""
    check_csrf(request, str(form.get("csrf_token", "")))
    calls.accept(session, actor=user, contact_id=contact_id, telephony=telephony(request),
                 settings=request.app.state.settings, policies=request.app.state.policies,
                 client_addr=client_addr(request))
    return redirect(f"/contacts/{contact_id}/edit")


@router.post("/callbacks/{task_id}/attempt")
def callback_attempt(task_id: Id, request: Request, user: SignedInDep, form: FormDep,
                     session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    result = str(form.get("result", ""))
    if result not in RESULTS:  # no default: one stray click must not record a false result
        raise InvalidInput(N_("Choose what happened on the call before recording it."))
    callbacks.record_attempt(session, actor=user, task_id=task_id, result=result,  # type: ignore[arg-type]
                             client_addr=client_addr(request))
    return redirect("/calls")


@router.post("/callbacks/{task_id}/dial")
def callback_dial(task_id: Id, request: Request, user: SignedInDep, form: FormDep,
                  session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    callbacks.dial(session, actor=user, task_id=task_id, telephony=telephony(request),
                   settings=request.app.state.settings, client_addr=client_addr(request))
    return redirect("/calls")
