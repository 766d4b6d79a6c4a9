"""How an outbox row becomes a message: the texts, and the telephony call that sends them."""

from __future__ import annotations

from urllib.parse import urlencode

from twilio.twiml.voice_response import Gather, VoiceResponse

from hotline.crisis.models import Escalation, Notification
from hotline.staff.models import Staff
from hotline.telephony.gateway import Telephony

LEVEL_ZH = {"high": "高", "imminent": "紧急"}


def sms_text(note: Notification, esc: Escalation) -> str:
    drill = "【演练 DRILL】" if esc.is_drill else ""
    return (
        f"{drill}【热线危机预警】{LEVEL_ZH.get(esc.risk_level, esc.risk_level)}风险来电 #{esc.contact_id}。"
        f"回复 {note.reply_code} 确认接收。 "
        f"[hotline] {esc.risk_level.upper()} risk contact #{esc.contact_id}: "
        f"reply {note.reply_code} to acknowledge."
    )


def voice_twiml(note: Notification, esc: Escalation, gather_url: str) -> str:
    response = VoiceResponse()
    gather = Gather(num_digits=1, action=gather_url, method="POST", timeout=10)
    drill = "这是演练。" if esc.is_drill else ""
    gather.say(f"{drill}热线危机预警，{LEVEL_ZH.get(esc.risk_level, '')}风险来电。确认接收请按1。",
               language="zh-CN")
    gather.say(f"Hotline crisis alert, {esc.risk_level} risk. Press 1 to acknowledge.",
               language="en-US")
    response.append(gather)
    response.say("No key pressed. The alert moves on.", language="en-US")
    return str(response)


class Notifier:
    """Sends SMS and voice alerts through a ``Telephony`` (Twilio in production)."""

    def __init__(self, telephony: Telephony, public_base_url: str) -> None:
        self.telephony = telephony
        self.base = public_base_url.rstrip("/")

    def _url(self, path: str, note: Notification) -> str:
        return f"{self.base}{path}?{urlencode({'notification_id': note.id})}"

    def send(self, note: Notification, esc: Escalation, recipient: Staff) -> str:
        """Hand one message to the provider; returns its id. Raises on any failure."""
        if not recipient.phone:
            raise ValueError("the recipient has no phone number")
        callback = self._url("/twilio/status", note)
        if note.channel == "sms":
            return self.telephony.send_sms(to=recipient.phone, body=sms_text(note, esc),
                                           status_callback=callback)
        if note.channel == "voice":
            twiml = voice_twiml(note, esc, self._url("/twilio/voice/alert", note))
            return self.telephony.call(to=recipient.phone, twiml=twiml, status_callback=callback)
        raise ValueError(f"channel {note.channel!r} is not delivered by the notifier")
