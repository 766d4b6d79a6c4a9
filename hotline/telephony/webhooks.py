"""Twilio webhooks: inbound calls and their queue, call-backs, recordings and conference legs
(the crisis alerts' replies and delivery news are ``hotline.crisis.twilio_api``).

Every request must carry a valid X-Twilio-Signature (checked with Twilio's own
``RequestValidator``); anything else is 403 and changes nothing. Twilio retries webhooks, so
each handler is idempotent. Each is a few milliseconds of database work and no outside call,
so they run on the event loop (``LoopSessionDep``): at hundreds of calls a second that holds
its latency, where handing each to a worker thread does not.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from twilio.request_validator import RequestValidator

from hotline.config import SettingsDep, settings_of
from hotline.db import Id, LoopSessionDep
from hotline.errors import Forbidden
from hotline.policies import PoliciesDep
from hotline.telephony import callbacks, calls, conference

router = APIRouter(prefix="/twilio", tags=["telephony"])
TWIML = "application/xml"


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


@router.post("/voice")
async def inbound_call(form: SignedForm, session: LoopSessionDep, settings: SettingsDep,
                       policies: PoliciesDep, request: Request) -> Response:
    """A caller dials the hotline: a ringing contact (once per CallSid), greeting, queue."""
    twiml = calls.inbound(session, form=form, settings=settings,
                          policies=policies,
                          client_addr=request.client.host if request.client else "")
    return Response(twiml, media_type=TWIML)


# A centre's code, as network.toml allows it.
CentreCode = Annotated[str, Query(max_length=20, pattern=r"^[a-z0-9-]*$")]


@router.post("/voice/region")
async def region_menu(form: SignedForm, session: LoopSessionDep, settings: SettingsDep,
                      policies: PoliciesDep, contact_id: Id | None = None,
                      attempt: Annotated[int, Query(ge=0, le=9)] = 0) -> Response:
    """The caller's key in the region menu (or none: the menu's time ran out)."""
    twiml = calls.region_chosen(session, contact_id=contact_id or 0,
                                digits=form.get("Digits", "")[:8], attempt=attempt,
                                settings=settings, policies=policies,
                                caller_number=form.get("From", ""))
    return Response(twiml, media_type=TWIML)


def _seconds(value: str) -> int:
    """Twilio's count of seconds; anything else is 0 (a signed form is still input)."""
    return int(value) if value.isdigit() and len(value) < 9 else 0


@router.post("/voice/wait")
async def queue_wait(form: SignedForm, session: LoopSessionDep, policies: PoliciesDep,
                     contact_id: Id | None = None) -> Response:
    twiml = calls.waiting(session, contact_id=contact_id or 0,
                          queue_time_s=_seconds(form.get("QueueTime", "")),
                          policies=policies)
    return Response(twiml, media_type=TWIML)


@router.post("/voice/queue-result")
async def queue_result(form: SignedForm, session: LoopSessionDep, settings: SettingsDep,
                       policies: PoliciesDep, contact_id: Id | None = None,
                       centre: CentreCode = "") -> Response:
    twiml = calls.queue_result(session, contact_id=contact_id or 0,
                               result=form.get("QueueResult", ""),
                               caller_number=form.get("From", ""),
                               settings=settings,
                               policies=policies, centre=centre)
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
