"""Call-back tasks: callers who left a voicemail are called back from the hotline's number,
with attempts counted (policy: 3-5 before the task closes). Agreed follow-ups of callers at
risk live in ``hotline.followups``."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from sqlmodel import Session, col, select
from twilio.twiml.voice_response import VoiceResponse

from hotline.access import audit, scope
from hotline.access.permissions import require
from hotline.access.scope import CentreActor
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import sealing
from hotline.contacts.models import Contact
from hotline.db import utcnow
from hotline.errors import Conflict, InvalidInput
from hotline.staff.models import Staff
from hotline.telephony.gateway import Telephony
from hotline.telephony.models import CallbackStatus, CallbackTask

Result = Literal["reached", "no_answer", "busy", "voicemail_left", "wrong_number"]
RETRY_AFTER = timedelta(hours=2)


def open_tasks(session: Session, reader: CentreActor | None = None) -> list[CallbackTask]:
    """Open call-backs by due time; with ``reader``, those of the centres they read."""
    query = select(CallbackTask).where(CallbackTask.status == CallbackStatus.open)
    if reader is not None:
        query = scope.readable(query, CallbackTask.centre_id, reader)
    return list(session.exec(query.order_by(col(CallbackTask.due_at))))


def _task(session: Session, task_id: int, actor: CentreActor) -> CallbackTask:
    task = scope.get_or_404(session, CallbackTask, task_id, "callback.not_found", within=actor,
                            change=True, task_id=task_id)
    if task.status != CallbackStatus.open:
        raise Conflict("callback.not_open", status=task.status)
    return task


def record_attempt(session: Session, *, actor: CurrentUser, task_id: int, result: Result,
                   client_addr: str) -> CallbackTask:
    """Count one attempt; reached closes it as done, the last failed attempt closes it."""
    require(actor, "create_contact")
    task = _task(session, task_id, actor)
    now = utcnow()
    task.attempts += 1
    task.last_attempt_at, task.last_result = now, result
    if result in ("reached", "wrong_number"):
        task.status = CallbackStatus.done
    elif task.attempts >= task.max_attempts:
        task.status = CallbackStatus.closed
    else:
        task.due_at = now + RETRY_AFTER
    session.add(task)
    audit.record(session, actor.id, "callback.attempt", f"contact:{task.contact_id}",
                 client_addr, {"result": result, "attempt": task.attempts})
    return task


def dial(session: Session, *, actor: CurrentUser, task_id: int, telephony: Telephony,
         settings: Settings, client_addr: str) -> str:
    """Call back a caller who left a voicemail."""
    require(actor, "create_contact")
    task = _task(session, task_id, actor)
    contact = session.get(Contact, task.contact_id)
    sid = connect(session, actor=actor, caller_key=contact.caller_key if contact else None,
                  telephony=telephony, settings=settings, task_id=task.id)
    audit.record(session, actor.id, "callback.dial", f"contact:{task.contact_id}", client_addr)
    return sid


def connect(session: Session, *, actor: CurrentUser, caller_key: str | None,
            telephony: Telephony, settings: Settings, task_id: int | None = None) -> str:
    """Ring the operator's phone, then connect them to the caller from the hotline's number
    (the operator never sees the caller's number). Callers check who may do this."""
    number = sealing.open_number(session, settings, caller_key)
    if number is None:
        raise InvalidInput("callback.no_number")
    staff = session.get(Staff, actor.id)
    if staff is None or not staff.phone:
        raise Conflict("call.no_staff_phone")
    response = VoiceResponse()
    response.say("正在为您接通回访来电者。Connecting you to the caller.", language="zh-CN")
    response.dial(caller_id=settings.twilio_from_number or None).number(number)
    query = f"?task_id={task_id}" if task_id is not None else ""
    return telephony.call(to=staff.phone, twiml=str(response),
                          status_callback=f"{settings.public_base_url.rstrip('/')}"
                                          f"/twilio/callback-status{query}")


def call_status(session: Session, *, task_id: int | None, status: str) -> None:
    """Twilio's news of a call-back dialled from the console (ringing, completed, no-answer)."""
    task = session.get(CallbackTask, task_id) if task_id else None
    if task is not None and status:
        task.last_call_status = status[:20]
        session.add(task)
