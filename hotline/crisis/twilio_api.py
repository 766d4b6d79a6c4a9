"""Twilio's webhooks for crisis alerts: an SMS reply with the alert's code and a keypress on the
alert call acknowledge it (through ``hotline.flows.acknowledgement``, like the console), and
delivery news moves an escalation on when an alert did not get through. Signed and idempotent
like every Twilio webhook (``hotline.telephony.webhooks``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

from hotline.crisis import engine
from hotline.crisis.models import DeliveryStatus, Notification
from hotline.db import Id, LoopSessionDep, get_or_404, utcnow
from hotline.flows import acknowledgement
from hotline.telephony import calls
from hotline.telephony.webhooks import TWIML, SignedForm

router = APIRouter(prefix="/twilio", tags=["telephony"])
FAILED = {"no-answer": DeliveryStatus.no_answer, "busy": DeliveryStatus.busy,
          "failed": DeliveryStatus.failed, "undelivered": DeliveryStatus.failed,
          "canceled": DeliveryStatus.failed}
FINAL = {DeliveryStatus.delivered, DeliveryStatus.failed, DeliveryStatus.no_answer,
         DeliveryStatus.busy, DeliveryStatus.cancelled}


REPLIES = {
    "yours": "已确认接收，请立即打开控制台。Acknowledged: open the console now.",
    "taken": "已由其他人员接收。Already taken by someone else.",
    "unknown": "未识别的确认码。Code not recognised.",
}


@router.post("/sms")
async def sms_reply(form: SignedForm, session: LoopSessionDep, request: Request) -> Response:
    """A responder replies with the code from the alert to acknowledge it."""
    outcome = acknowledgement.by_sms(session, body=form.get("Body", ""),
                                     sender=form.get("From", ""),
                                     client_addr=request.client.host if request.client else "")
    reply = MessagingResponse()
    reply.message(REPLIES[outcome])
    return Response(str(reply), media_type=TWIML)


def _note(session: Session, notification_id: int | None) -> Notification:
    return get_or_404(session, Notification, notification_id, "twilio.unknown_notification")


@router.post("/voice/alert")
async def voice_keypress(form: SignedForm, session: LoopSessionDep, request: Request,
                   notification_id: Id | None = None) -> Response:
    """The responder pressed a key on the alert call; 1 acknowledges."""
    note = _note(session, notification_id)
    response = VoiceResponse()
    if form.get("Digits") == "1":
        outcome = acknowledgement.by_reply(
            session, note=note, via="voice",
            client_addr=request.client.host if request.client else "")
        response.say(REPLIES[outcome], language="zh-CN")
    else:
        response.say("Not acknowledged. 未确认。", language="zh-CN")
    return Response(str(response), media_type=TWIML)


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
