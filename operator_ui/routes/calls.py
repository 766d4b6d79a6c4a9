"""The live call queue and call-backs: operators on shift see who is waiting and take a call
with one click (it rings their phone and opens the contact form)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import can, require
from hotline.centres import service as centres
from hotline.config import SettingsDep
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import InvalidInput
from hotline.policies import PoliciesDep
from hotline.telephony import callbacks, calls, worklist
from hotline.telephony.api import telephony
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, SignedInDep, language_of, page_router, redirect, render

router = page_router(prefix="/calls")
RESULT_LABELS = {"reached": N_("Reached"), "no_answer": N_("No answer"), "busy": N_("Busy"),
                 "voicemail_left": N_("Left a message"), "wrong_number": N_("Wrong number")}
RESULTS = tuple(RESULT_LABELS)


@router.get("")
def queue_page(request: Request, user: SignedInDep, session: SessionDep,
               settings: SettingsDep) -> Response:
    require(user, "view_call_queue")
    waiting = calls.queue(session, reader=user, client_addr=user.client_addr)
    # Call-backs are work for those who take calls; the province only watches the queue.
    works = can(user, "create_contact")
    return render(request, "calls/queue.html", nav="calls", waiting=waiting,
                  tasks=worklist.open_callbacks(session, utcnow(), reader=user) if works else [],
                  results=RESULTS, works=works, lang=language_of(request),
                  centres={c.id: c for c in centres.active(session)},
                  result_labels=RESULT_LABELS,
                  telephony=settings.twilio_configured,
                  may_take=user.id in calls.available_operators(session, utcnow()))


@router.post("/{contact_id}/accept")
def accept(contact_id: Id, request: Request, user: SignedInDep, session: SessionDep,
           settings: SettingsDep, policies: PoliciesDep) -> Response:
    """Bridge the call to this operator; on any refusal the page says why, the caller waits."""
    calls.accept(session, actor=user, contact_id=contact_id, telephony=telephony(request),
                 settings=settings, policies=policies,
                 client_addr=user.client_addr)
    return redirect(f"/contacts/{contact_id}/edit")


@router.post("/callbacks/{task_id}/attempt")
def callback_attempt(task_id: Id, user: SignedInDep, form: FormDep,
                     session: SessionDep) -> Response:
    result = str(form.get("result", ""))
    if result not in RESULTS:  # no default: one stray click must not record a false result
        raise InvalidInput("page.call_result_missing", field="result")
    callbacks.record_attempt(session, actor=user, task_id=task_id, result=result,  # type: ignore[arg-type]
                             client_addr=user.client_addr)
    return redirect("/calls")


@router.post("/callbacks/{task_id}/dial")
def callback_dial(task_id: Id, request: Request, user: SignedInDep, session: SessionDep,
                  settings: SettingsDep) -> Response:
    callbacks.dial(session, actor=user, task_id=task_id, telephony=telephony(request),
                   settings=settings, client_addr=user.client_addr)
    return redirect("/calls")
