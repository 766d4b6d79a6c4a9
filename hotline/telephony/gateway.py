"""The one place that talks to Twilio's REST API, through the real ``twilio`` client.

``HOTLINE_TWILIO_API_BASE`` points the client at another address (a local fake in tests).
The client is synchronous: call it from worker threads, never on the event loop.
"""

from __future__ import annotations

from typing import Protocol

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from hotline.config import Settings
from hotline.errors import Conflict

TIMEOUT_S = 10


class TwilioUnavailable(Conflict):
    """The phone provider refused; 502 tells the console it is upstream, not the request."""

    status_code = 502


class Telephony(Protocol):
    def send_sms(self, *, to: str, body: str, status_callback: str) -> str: ...

    def call(self, *, to: str, twiml: str, status_callback: str) -> str: ...

    def redirect(self, *, call_sid: str, twiml: str) -> None: ...

    def hangup(self, *, call_sid: str) -> None: ...


class TwilioGateway:
    def __init__(self, settings: Settings) -> None:
        self.from_number = settings.twilio_from_number
        self.client = Client(
            settings.twilio_account_sid, settings.twilio_auth_token,
            http_client=TwilioHttpClient(timeout=TIMEOUT_S),
        )
        if settings.twilio_api_base:
            self.client.api.base_url = settings.twilio_api_base.rstrip("/")

    def send_sms(self, *, to: str, body: str, status_callback: str) -> str:
        message = self.client.messages.create(
            to=to, from_=self.from_number, body=body, status_callback=status_callback
        )
        return str(message.sid)

    def call(self, *, to: str, twiml: str, status_callback: str) -> str:
        call = self.client.calls.create(
            to=to, from_=self.from_number, twiml=twiml, status_callback=status_callback,
            status_callback_event=["initiated", "answered", "completed"], timeout=30,
        )
        return str(call.sid)

    def redirect(self, *, call_sid: str, twiml: str) -> None:
        """Give a live call new instructions, e.g. leave the queue and dial an operator."""
        self.client.calls(call_sid).update(twiml=twiml)

    def hangup(self, *, call_sid: str) -> None:
        """End a call we placed (e.g. an operator's leg when the caller could not follow)."""
        self.client.calls(call_sid).update(status="completed")
