"""Twilio webhooks: inbound calls and their queue, call status, and for crisis alerts SMS reply
codes, voice keypresses and delivery status.

Every request must carry a valid X-Twilio-Signature (checked with Twilio's own
``RequestValidator``); anything else is 403 and changes nothing. Twilio retries webhooks, so
each handler is idempotent. Each is a few milliseconds of database work and no outside call,
so they run on the event loop (``LoopSessionDep``): at hundreds of calls a second that holds
its latency, where handing each to a worker thread does not.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session, col, select
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

from hotline.access import audit
from hotline.config import SettingsDep, settings_of
from hotline.contacts.callerkey import normalise
from hotline.crisis import engine
from hotline.crisis.models import DeliveryStatus, Escalation, EscalationState, Notification
from hotline.db import Id, LoopSessionDep, utcnow
from hotline.errors import Forbidden, NotFound
from hotline.policies import PoliciesDep
from hotline.staff.models import Staff
from hotline.telephony import callbacks, calls, conference

router = APIRouter(prefix="/twilio", tags=["telephony"])
TWIML = "application/xml"
FAILED = {"no-answer": DeliveryStatus.no_answer, "busy": DeliveryStatus.busy,
          "failed": DeliveryStatus.failed, "undelivered": DeliveryStatus.failed,
          "canceled": DeliveryStatus.failed}
FINAL = {DeliveryStatus.delivered, DeliveryStatus.failed, DeliveryStatus.no_answer,
         DeliveryStatus.busy, DeliveryStatus.cancelled}


def public_url(request: Request) -> str:
    """The URL Twilio signed: our public address when set, else the one requested."""
    base = settings_of(request).public_base_url.rstrip("/")
    if not base:
        return str(request.url)
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{base}{request.url.path}{query}"


async def signed_form(request: Request) -> dict[str, str]:
    form = {k: str(v) for k, v in (await request.form()).items()}
    token = settings_of(request).twilio_auth_token
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not RequestValidator(token).validate(public_url(request), form, signature):
        raise Forbidden("twilio.bad_signature")
    return form


SignedForm = Annotated[dict[str, str], Depends(signed_form)]


def _acknowledge(session: Session, note: Notification, via: str, client: str) -> str:
    esc = session.get(Escalation, note.escalation_id)
    if esc is None:
        return "unknown"
    if esc.state in (EscalationState.acknowledged, EscalationState.resolved):
        return "taken" if esc.acknowledged_by != note.recipient_id else "yours"
    engine.acknowledge(session, esc=esc, staff_id=note.recipient_id, via=via)
    audit.record(session, note.recipient_id, "escalation.acknowledge", f"escalation:{esc.id}",
                 client, {"via": via})
    return "yours"


REPLIES = {
    "yours": "已确认接收，请立即打开控制台。Acknowledged: open the console now.",
    "taken": "已由其他人员接收。Already taken by someone else.",
    "unknown": "未识别的确认码。Code not recognised.",
}


@router.post("/sms")
async def sms_reply(form: SignedForm, session: LoopSessionDep, request: Request) -> Response:
    """A responder replies with the code from the alert to acknowledge it."""
    code = "".join(ch for ch in form.get("Body", "") if ch.isdigit())
    sender = form.get("From", "")
    outcome = "unknown"
    if code:
        candidates = session.exec(
            select(Notification).where(Notification.reply_code == code)
            .where(Notification.channel == "sms").order_by(col(Notification.id).desc())
        ).all()
        for note in candidates:
            staff = session.get(Staff, note.recipient_id)
            if staff and staff.phone and sender and normalise(staff.phone) == normalise(sender):
                outcome = _acknowledge(session, note, "sms", request.client.host if request.client else "")
                break
    reply = MessagingResponse()
    reply.message(REPLIES[outcome])
    return Response(str(reply), media_type=TWIML)


def _note(session: Session, notification_id: int | None) -> Notification:
    note = session.get(Notification, notification_id) if notification_id else None
    if note is None:
        raise NotFound("twilio.unknown_notification")
    return note


@router.post("/voice/alert")
async def voice_keypress(form: SignedForm, session: LoopSessionDep, request: Request,
                   notification_id: Id | None = None) -> Response:
    """The responder pressed a key on the alert call; 1 acknowledges."""
    note = _note(session, notification_id)
    response = VoiceResponse()
    if form.get("Digits") == "1":
        outcome = _acknowledge(session, note, "voice", request.client.host if request.client else "")
        response.say(REPLIES[outcome], language="zh-CN")
    else:
        response.say("Not acknowledged. 未确认。", language="zh-CN")
    return Response(str(response), media_type=TWIML)


@router.post("/voice")
async def inbound_call(form: SignedForm, session: LoopSessionDep, settings: SettingsDep,
                       policies: PoliciesDep) -> Response:
    """A caller dials the hotline: a ringing contact (once per CallSid), greeting, queue."""
    twiml = calls.inbound(session, form=form, settings=settings,
                          policies=policies)
    return Response(twiml, media_type=TWIML)


@router.post("/voice/wait")
async def queue_wait(form: SignedForm, session: LoopSessionDep, policies: PoliciesDep,
                     contact_id: Id | None = None) -> Response:
    twiml = calls.waiting(session, contact_id=contact_id or 0,
                          queue_time_s=int(form.get("QueueTime", "0") or 0),
                          policies=policies)
    return Response(twiml, media_type=TWIML)


@router.post("/voice/queue-result")
async def queue_result(form: SignedForm, session: LoopSessionDep, settings: SettingsDep,
                       policies: PoliciesDep, contact_id: Id | None = None) -> Response:
    twiml = calls.queue_result(session, contact_id=contact_id or 0,
                               result=form.get("QueueResult", ""),
                               caller_number=form.get("From", ""),
                               settings=settings,
                               policies=policies)
    return Response(twiml, media_type=TWIML)


@router.post("/voice/voicemail")
async def voicemail(form: SignedForm, session: LoopSessionDep, policies: PoliciesDep,
                    contact_id: Id | None = None) -> Response:
    twiml = calls.voicemail(session, contact_id=contact_id or 0,
                            recording_url=form.get("RecordingUrl", ""),
                            policies=policies)
    return Response(twiml, media_type=TWIML)


@router.post("/callback-status")
async def callback_status(form: SignedForm, session: LoopSessionDep,
                          task_id: Id | None = None) -> Response:
    """Status of an outgoing call-back, kept on its task (the operator records the outcome)."""
    callbacks.call_status(session, task_id=task_id, status=form.get("CallStatus", ""))
    return Response(status_code=204)


@router.post("/recording")
async def recording(form: SignedForm, session: LoopSessionDep, settings: SettingsDep,
                    contact_id: Id | None = None) -> Response:
    """A conference recording is ready: its address is kept sealed with the contact."""
    conference.recording_done(session, contact_id=contact_id or 0, form=form,
                              settings=settings)
    return Response(status_code=204)


@router.post("/leg-status")
async def leg_status(form: SignedForm, session: LoopSessionDep) -> Response:
    """Progress of a staff phone dialled into a caller's conference."""
    conference.leg_status(session, form=form)
    return Response(status_code=204)


@router.post("/status")
async def delivery_status(form: SignedForm, session: LoopSessionDep,
                    notification_id: Id | None = None) -> Response:
    """Call lifecycle for inbound calls (by CallSid); delivery news for crisis alerts (by
    notification id), where no answer, busy or failed moves the escalation on at once."""
    if notification_id is None:
        calls.status(session, form=form)
        return Response(status_code=204)
    note = _note(session, notification_id)
    status = form.get("MessageStatus") or form.get("CallStatus") or ""
    if note.status not in FINAL:
        if status == "delivered" or (status == "in-progress" and note.channel == "voice"):
            note.status = DeliveryStatus.delivered
        elif status in FAILED:
            note.status = FAILED[status]
            note.last_error = f"provider status {status}"
            session.add(note)
            engine.delivery_failed(session, note, utcnow())
        session.add(note)
    return Response(status_code=204)
