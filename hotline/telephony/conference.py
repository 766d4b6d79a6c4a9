"""The live call, inside a Twilio Conference.

An answered inbound call runs in a conference named after the contact (never after the
caller): the operator's phone is dialled in, then the caller is moved in. So the crisis
responder who took the alert can be dialled in too (a warm transfer: the operator stays until
they hang up; the conference ends when the caller leaves), and a supervisor can listen
(muted), whisper to the operator (Twilio's coach) or barge in. By policy the conference is
recorded; the recording's address is sealed and goes with the contact.

Every request to Twilio goes through the ``Telephony`` gateway. When Twilio fails, nothing is
written and the caller stays where they were (with the operator, or in the queue).
"""

from __future__ import annotations

import logging
from typing import Literal
from urllib.parse import urlencode

from sqlmodel import Session, col, select
from twilio.twiml.voice_response import Dial, VoiceResponse

from hotline.access import audit
from hotline.access.permissions import Target, require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import sealing
from hotline.contacts.models import Contact, ContactStatus
from hotline.db import get_or_404, id_of
from hotline.errors import Conflict, NotFound
from hotline.staff.models import Staff
from hotline.telephony.gateway import Telephony, TwilioUnavailable
from hotline.telephony.models import CallLeg, CallRecording, LegRole
from hotline.telephony.policy import TelephonyPolicies

log = logging.getLogger(__name__)
Mode = Literal["listen", "whisper", "barge"]


def room(contact: Contact) -> str:
    return f"hotline-contact-{contact.id}"


def _url(settings: Settings, path: str, **query: object) -> str:
    return f"{settings.public_base_url.rstrip('/')}{path}?{urlencode(query)}"


def join_twiml(contact: Contact, settings: Settings, policies: TelephonyPolicies, *, caller: bool = False,
               muted: bool = False, coach: str | None = None) -> str:
    """What a leg does when it answers: enter the contact's conference. The caller's leaving
    ends it; staff come and go. The caller's leg starts the recording, by policy."""
    response = VoiceResponse()
    dial = Dial()
    record = caller and policies.telephony.record_calls
    dial.conference(
        room(contact), beep=False, start_conference_on_enter=True,
        end_conference_on_exit=caller, muted=muted or None, coach=coach,
        record="record-from-start" if record else None,
        recording_status_callback=_url(settings, "/twilio/recording", contact_id=contact.id)
        if record else None,
        recording_status_callback_event="completed" if record else None,
    )
    response.append(dial)
    return str(response)


def is_live(contact: Contact) -> bool:
    return (contact.call_sid is not None and contact.status == ContactStatus.in_progress
            and contact.ended_at is None)


def live_contact(session: Session, contact_id: int) -> Contact:
    contact = get_or_404(session, Contact, contact_id, "contact.not_found", contact_id=contact_id)
    if not is_live(contact):
        raise Conflict("call.not_live")
    return contact


def phone_of(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.phone:
        raise Conflict("call.no_staff_phone")
    return staff


def dial_in(session: Session, *, contact: Contact, staff: Staff, role: LegRole, mode: str,
            telephony: Telephony, settings: Settings, policies: TelephonyPolicies,
            coach: str | None = None) -> CallLeg:
    """Ring a staff phone into the contact's conference; the leg is kept with its status."""
    twiml = join_twiml(contact, settings, policies, muted=mode == "listen", coach=coach)
    try:
        sid = telephony.call(to=staff.phone, twiml=twiml,  # type: ignore[arg-type]
                             status_callback=_url(settings, "/twilio/leg-status"))
    except Exception as exc:  # noqa: BLE001 - any provider failure: the caller stays put
        log.warning("could not dial %s leg into contact %s: %s: %s", role, contact.id,
                    type(exc).__name__, exc)
        raise TwilioUnavailable("call.dial_in_failed", error=type(exc).__name__) from None
    leg = CallLeg(contact_id=id_of(contact), centre_id=contact.centre_id, role=role, mode=mode,
                  staff_id=id_of(staff), call_sid=sid)
    session.add(leg)
    return leg


def operator_leg(session: Session, contact: Contact) -> CallLeg | None:
    return session.exec(
        select(CallLeg).where(CallLeg.contact_id == contact.id)
        .where(CallLeg.role == LegRole.operator).order_by(col(CallLeg.id).desc())
    ).first()


def monitor(session: Session, *, actor: CurrentUser, contact_id: int, mode: Mode,
            telephony: Telephony, settings: Settings, policies: TelephonyPolicies,
            client_addr: str) -> CallLeg:
    """A supervisor listens (muted), whispers to the operator only, or barges in."""
    found = session.get(Contact, contact_id)
    require(actor, "monitor_call", Target(centre_id=found.centre_id if found else None),
            hidden=NotFound("contact.not_found", contact_id=contact_id))
    contact = live_contact(session, contact_id)
    coach = None
    if mode == "whisper":
        operator = operator_leg(session, contact)
        if operator is None:
            raise Conflict("call.no_operator_leg")
        coach = operator.call_sid
    leg = dial_in(session, contact=contact, staff=phone_of(session, actor.id),
                  role=LegRole.supervisor, mode=mode, telephony=telephony, settings=settings,
                  policies=policies, coach=coach)
    audit.record(session, actor.id, "call.monitor", f"contact:{contact.id}", client_addr,
                 {"mode": mode})
    return leg


def recording_done(session: Session, *, contact_id: int, form: dict[str, str],
                   settings: Settings) -> None:
    """Twilio's recording callback: keep the address sealed, once per recording."""
    contact = session.get(Contact, contact_id)
    sid = form.get("RecordingSid", "")
    if contact is None or not sid:
        raise NotFound("twilio.unknown_recording")
    if session.exec(select(CallRecording.id).where(CallRecording.recording_sid == sid)).first():
        return
    duration = form.get("RecordingDuration", "")
    session.add(CallRecording(
        contact_id=contact_id, recording_sid=sid[:64],
        url_sealed=sealing.seal_text(settings, form.get("RecordingUrl", "")[:500]),
        duration_s=int(duration) if duration.isdigit() else None))


def leg_status(session: Session, *, form: dict[str, str]) -> None:
    """A staff leg's progress (ringing, answered, completed...), kept on the leg."""
    leg = session.exec(select(CallLeg).where(CallLeg.call_sid == form.get("CallSid", ""))).first()
    if leg is not None and form.get("CallStatus"):
        leg.status = form["CallStatus"][:20]
        session.add(leg)
