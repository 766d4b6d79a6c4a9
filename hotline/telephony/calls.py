"""Inbound voice: a call becomes a ``ringing`` contact of the centre it is routed to
(``hotline.centres.routing``: the number dialled, the caller's region, or the region menu),
waits in that centre's queue while its operators are busy (up to its policy's limit), is
accepted by one of its operators with one click into a conference (see ``conference``), or
moves on: to the next centre of the network's rollover order when the centre is busy or
closed, and at the end of that order to the named backup line with the caller's own number
(or voicemail). It never rings forever, and an overflowed call is not "abandoned"."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import BindParameter, bindparam, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select
from twilio.twiml.voice_response import VoiceResponse

from hotline.access import audit, scope
from hotline.access.scope import CentreActor
from hotline.auth.service import CurrentUser
from hotline.centres import routing
from hotline.centres.models import Centre
from hotline.centres.routing import RouteReason
from hotline.config import Settings
from hotline.contacts import callerkey, sealing
from hotline.contacts import service as contacts
from hotline.contacts.models import CallType, Channel, Contact, ContactStatus
from hotline.db import affected, id_of, utcnow
from hotline.errors import Conflict, Forbidden, NotFound
from hotline.notices import service as notices
from hotline.presence import service as presence
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.roster.policy import Position
from hotline.staff.models import Staff
from hotline.telephony import conference, rollover
from hotline.telephony.gateway import Telephony, TwilioUnavailable
from hotline.telephony.models import CallbackReason, CallbackTask, LegRole, RolloverReason
from hotline.telephony.policy import TelephonyPolicies

QUEUE = "hotline"
ENDED = {"completed", "busy", "no-answer", "failed", "canceled"}
# Wrong keys in the region menu: asked again this many times, then the provincial centre.
MENU_ATTEMPTS = 3


def _on_shift(now: BindParameter[datetime]):
    return (roster.live_shifts().with_only_columns(Shift.staff_id).distinct()
            .where(Shift.position == Position.operator).where(Shift.start <= now)
            .where(Shift.end > now).where(col(Shift.checked_in_at).is_not(None))
            # An operator marked away takes no calls: a caller does not wait for them.
            .where(col(Shift.staff_id).not_in(presence.away_staff())))


# The queue's statements are built once, with the instant as a parameter: every inbound call
# asks them, and building and keying a select with subqueries costs more than running it.
_NOW: BindParameter[datetime] = bindparam("now")
_ON_A_CALL = (select(Contact.operator_id).where(Contact.status == ContactStatus.in_progress)
              .where(col(Contact.call_sid).is_not(None)).where(col(Contact.ended_at).is_(None))
              .where(col(Contact.operator_id).is_not(None)))
_AVAILABLE = (_on_shift(_NOW).where(col(Shift.staff_id).not_in(_ON_A_CALL))
              .order_by(col(Shift.staff_id)))
# The same, at one centre (where the shift is worked: a lent operator answers its calls).
_AT_CENTRE = col(Shift.centre_id) == bindparam("centre")
_AVAILABLE_AT = _AVAILABLE.where(_AT_CENTRE)
_ANY_ON_SHIFT_AT = _on_shift(_NOW).where(_AT_CENTRE).limit(1)
# Who is on shift at a centre now, each with whether they are on a call: one query answers
# both what placing a call asks (may a caller wait here?) and whom its queue event is for.
_STAFFED_AT = (_on_shift(_NOW).where(_AT_CENTRE)
               .add_columns(col(Shift.staff_id).in_(_ON_A_CALL).label("busy"))
               .order_by(col(Shift.staff_id)))
_BY_CALL_SID = select(Contact).where(Contact.call_sid == bindparam("sid"))


def available_operators(session: Session, now: datetime,
                        centre_id: int | None = None) -> list[int]:
    """Operators on shift now (at ``centre_id``, or anywhere) who checked in, are not Away
    and not already on a call (one query: every inbound call asks)."""
    if centre_id is None:
        return list(session.exec(_AVAILABLE, params={"now": now}))
    return list(session.exec(_AVAILABLE_AT, params={"now": now, "centre": centre_id}))


def operators_on_shift(session: Session, now: datetime, centre_id: int) -> bool:
    """Someone checked in on an operator shift at the centre now and not away, busy or not:
    a caller may wait for them."""
    return session.exec(_ANY_ON_SHIFT_AT, params={"now": now, "centre": centre_id}
                        ).first() is not None


def free_if_answering(session: Session, centre: Centre, policies: TelephonyPolicies,
                      now: datetime) -> list[int] | None:
    """The centre's free operators (maybe none: all on calls) when it takes calls now,
    within its answer hours with an operator on shift; None when it does not."""
    local = rollover.local_time(centre, now).time()
    if not policies.for_centre(centre.code).telephony.answers_at(local):
        return None
    with session.no_autoflush:  # what this request wrote changes nobody's shift or call
        rows = session.execute(_STAFFED_AT, {"now": now, "centre": id_of(centre)}).all()
    return [staff_id for staff_id, busy in rows if not busy] if rows else None


def _url(settings: Settings, path: str, **query: object) -> str:
    return f"{settings.public_base_url.rstrip('/')}{path}?{urlencode(query)}"


def _say_both(response: VoiceResponse, zh: str, en: str) -> None:
    response.say(zh, language="zh-CN")
    response.say(en, language="en-US")


def forwards(settings: Settings, policies: TelephonyPolicies) -> bool:
    """Forward to the backup line, unless it is this hotline's own number (a loop)."""
    tel = policies.telephony
    own = settings.twilio_from_number
    return tel.overflow == "forward" and not (
        own and callerkey.normalise(own) == callerkey.normalise(tel.overflow_number))


def overflow_twiml(contact: Contact, settings: Settings, policies: TelephonyPolicies,
                   caller_number: str = "") -> str:
    """Forward to the named backup line with the caller's own number as caller ID (so the
    backup sees who calls and can call back), or voicemail with a call-back task."""
    tel = policies.telephony
    response = VoiceResponse()
    if forwards(settings, policies):
        _say_both(response, tel.overflow_message_zh, tel.overflow_message_en)
        passed = caller_number if caller_number not in ("", "anonymous", "Anonymous") else None
        response.dial(caller_id=passed or settings.twilio_from_number or None).number(
            tel.overflow_number)
    else:
        _say_both(response, tel.voicemail_prompt_zh, tel.voicemail_prompt_en)
        response.record(max_length=180, play_beep=True,
                        action=_url(settings, "/twilio/voice/voicemail", contact_id=contact.id))
    return str(response)


# Who hears that a centre's queue changed, besides the operators who could take its calls:
# its supervisors, and the province's roles (their dashboard counts every queue).
QUEUE_WATCHERS = ["role:supervisor", "role:provincial_crisis_lead"]


def _queue_event(session: Session, now: datetime, centre_id: int | None,
                 available: list[int] | None = None) -> None:
    """Tell the operators who could take a call of the centre's queue, and its supervisors,
    that the queue changed (another centre's consoles hear nothing of it)."""
    if available is None:
        available = available_operators(session, now, centre_id)
    events.emit(session, "queue.updated", {"at": now.isoformat()},
                [f"staff:{i}" for i in available] + QUEUE_WATCHERS, centre_id=centre_id)


def _overflowed(session: Session, contact: Contact, why: str, now: datetime,
                settings: Settings, policies: TelephonyPolicies) -> None:
    """The caller leaves for the backup line (or voicemail): supervisors are told; a
    forwarded call is ``overflowed`` (a rollover in the KPIs), never "abandoned"."""
    if forwards(settings, policies) and contact.status == ContactStatus.ringing:
        contact.status, contact.ended_at = ContactStatus.overflowed, now
        session.add(contact)
    notices.raise_notice(
        session, audience="role:supervisor", kind="call.overflow",
        title="A call went to overflow", dedupe_key=f"overflow:{contact.id}",
        data={"contact_id": contact.id, "why": why, "at": now.isoformat()},
        centre_id=contact.centre_id,
    )


# What Twilio's voice webhook says about where a call comes from.
LOCATION_FIELDS = {"FromCity": "city", "FromState": "province", "FromCountry": "country",
                   "FromZip": "postcode"}


def seal_location(settings: Settings, form: dict[str, str]) -> str:
    """The location an inbound call carried, sealed for break-glass (empty when none)."""
    found = {name: form[key][:80] for key, name in LOCATION_FIELDS.items() if form.get(key)}
    return sealing.seal_text(settings, json.dumps(found, ensure_ascii=False)) if found else ""


def inbound(session: Session, *, form: dict[str, str], settings: Settings,
            policies: TelephonyPolicies, client_addr: str = "", now: datetime | None = None) -> str:
    """Answer Twilio's voice webhook: record the contact in the centre the call is routed
    to (once per CallSid: a retry finds it and answers the same), then queue it there, or
    ask the caller for their region first."""
    now = now or utcnow()
    sid = form.get("CallSid", "")
    if not sid:
        raise Conflict("twilio.call_sid_missing")
    contact = session.exec(_BY_CALL_SID, params={"sid": sid}).first()
    if contact is None:
        network = policies.network
        route = routing.route(network, called=form.get("To", ""), caller=form.get("From", ""))
        centre = rollover.centre(session, route.centre or network.provincial.code)
        number = form.get("From", "")
        key = None
        if number and number not in ("anonymous", "Anonymous"):
            try:
                key = callerkey.caller_key(number, settings.caller_key)
                sealing.seal(session, settings, key, callerkey.normalise(number))
            except ValueError:
                key = None
        contact = contacts.new_contact(
            session, created_by=None, client_addr=client_addr, now=now,
            channel=Channel.voice, call_type=CallType.data, status=ContactStatus.ringing,
            received_at=now, call_sid=sid, caller_key=key, centre_id=centre.id,
            routed_by=route.reason.value,
            previous_contact_id=contacts.previous_contact(session, key),
            location_sealed=seal_location(settings, form))
    if contact.routed_by == RouteReason.ask:
        return region_menu(contact, settings, policies)
    return _place(session, contact, settings, policies, form.get("From", ""), now)


def _place(session: Session, contact: Contact, settings: Settings, policies: TelephonyPolicies,
           caller_number: str, now: datetime, moved: bool = False) -> str:
    """Queue the call at its centre, or at the first centre of its rollover order that is
    answering (each centre passed recorded as a rollover); at the end of the order, the
    last centre's overflow. ``moved``: the caller is told they are being transferred.
    The operators free where the call waits are told (one queue event, there)."""
    here = rollover.centre_of(session, contact)
    ringing = contact.status == ContactStatus.ringing
    free = free_if_answering(session, here, policies, now) if ringing else None
    if ringing:
        for code in rollover.chain(policies.network, here.code)[1:]:
            if free is not None:
                break
            nxt = rollover.centre(session, code)
            rollover.hop(session, contact, to=nxt, reason=RolloverReason.closed, now=now)
            here, moved = nxt, True
            free = free_if_answering(session, here, policies, now)
    own = policies.for_centre(here.code)
    if contact.status == ContactStatus.overflowed or (ringing and free is None):
        _overflowed(session, contact, "nobody answering", now, settings, own)
        return overflow_twiml(contact, settings, own, caller_number)
    if free is not None:
        _queue_event(session, now, id_of(here), free)
    return _enqueue(contact, here, settings, policies, moved)


def _enqueue(contact: Contact, centre: Centre, settings: Settings, policies: TelephonyPolicies,
             moved: bool) -> str:
    tel = policies.for_centre(centre.code).telephony
    response = VoiceResponse()
    if moved:
        shared = policies.telephony
        _say_both(response, shared.rollover_message_zh.format(name=centre.name_zh, digits=""),
                  shared.rollover_message_en.format(name=centre.name_en, digits=""))
    _say_both(response, tel.greeting_zh, tel.greeting_en)
    if tel.record_calls:
        _say_both(response, tel.recording_notice_zh, tel.recording_notice_en)
    where = {"contact_id": contact.id, "centre": centre.code}
    response.enqueue(f"{QUEUE}-{centre.code}",
                     wait_url=_url(settings, "/twilio/voice/wait", **where),
                     wait_url_method="POST",
                     action=_url(settings, "/twilio/voice/queue-result", **where))
    return str(response)


def region_menu(contact: Contact, settings: Settings, policies: TelephonyPolicies,
                attempt: int = 0) -> str:
    """The region menu, in both languages: one key per centre; no key within the time is
    the provincial centre (the Redirect after the Gather carries no digits)."""
    tel = policies.telephony
    choices = routing.menu(policies.network)
    response = VoiceResponse()
    if attempt:
        _say_both(response, tel.menu_invalid_zh, tel.menu_invalid_en)
    action = _url(settings, "/twilio/voice/region", contact_id=contact.id, attempt=attempt)
    gather = response.gather(num_digits=len(choices[-1].digits), timeout=tel.menu_timeout_seconds,
                             action=action, method="POST", finish_on_key="#")
    gather.say(tel.menu_prompt_zh, language="zh-CN")
    for choice in choices:
        gather.say(tel.menu_choice_zh.format(name=choice.name_zh, digits=choice.digits),
                   language="zh-CN")
    gather.say(tel.menu_prompt_en, language="en-US")
    for choice in choices:
        gather.say(tel.menu_choice_en.format(name=choice.name_en, digits=choice.digits),
                   language="en-US")
    response.redirect(action, method="POST")
    return str(response)


def region_chosen(session: Session, *, contact_id: int, digits: str, attempt: int,
                  settings: Settings, policies: TelephonyPolicies,
                  caller_number: str = "", now: datetime | None = None) -> str:
    """The caller's key in the region menu: the chosen centre; a key that names none asks
    again (``MENU_ATTEMPTS`` in all), then, like no key at all, the provincial centre. A
    retry of an answered menu answers the same and changes nothing."""
    now = now or utcnow()
    contact = _contact(session, contact_id)
    if contact.status != ContactStatus.ringing:
        return str(VoiceResponse())
    if contact.routed_by == RouteReason.ask:
        network = policies.network
        choice = routing.choose(network, digits)
        if choice is None:
            if attempt + 1 < MENU_ATTEMPTS:
                return region_menu(contact, settings, policies, attempt + 1)
            choice = routing.Route(network.provincial.code, RouteReason.provincial)
        contact.centre_id = rollover.centre(session, choice.centre or network.provincial.code).id
        contact.routed_by = choice.reason.value
        session.add(contact)
    return _place(session, contact, settings, policies, caller_number, now)


# A call's contact with its centre, in one query: every webhook of the call asks for both
# (the centre then comes from the session, with no statement of its own).
_WITH_CENTRE = (select(Contact, Centre).outerjoin(Centre, col(Centre.id) == Contact.centre_id)
                .where(col(Contact.id) == bindparam("id")))


def _contact(session: Session, contact_id: int | None) -> Contact:
    contact = session.get(Contact, contact_id) if contact_id else None
    if contact is None or contact.call_sid is None:
        raise NotFound("twilio.unknown_call")
    return contact


def _call(session: Session, contact_id: int | None) -> tuple[Contact, Centre]:
    """A call's contact and the centre holding it (the session's own from then on)."""
    row = session.execute(_WITH_CENTRE, {"id": contact_id}).first() if contact_id else None
    if row is None or row[0].call_sid is None:
        raise NotFound("twilio.unknown_call")
    contact, centre = row
    return contact, centre if centre is not None else rollover.centre_of(session, contact)


def waiting(session: Session, *, contact_id: int, queue_time_s: int, policies: TelephonyPolicies,
            now: datetime | None = None) -> str:
    """Twilio asks what the waiting caller hears; past the centre's limit, or with nobody
    left there to answer, the caller leaves the queue (and the Enqueue action moves them
    on: the next centre, else overflow)."""
    now = now or utcnow()
    contact, here = _call(session, contact_id)
    limit = policies.for_centre(here.code).telephony.queue_wait_limit_seconds
    response = VoiceResponse()
    if contact.status == ContactStatus.ringing and (
        queue_time_s >= limit or not operators_on_shift(session, now, id_of(here))
    ):
        response.leave()
        return str(response)
    response.say("请稍候，接线员马上接听。Please hold.", language="zh-CN")
    response.pause(length=10)
    return str(response)


def queue_result(session: Session, *, contact_id: int, result: str, settings: Settings,
                 policies: TelephonyPolicies, caller_number: str = "", centre: str = "",
                 now: datetime | None = None) -> str:
    """After a centre's queue: the next centre of the rollover order when the caller left
    it unanswered (busy), overflow at the end of the order; abandoned on hang-up.

    ``centre`` is the queue the caller left: a retry after the call already moved on
    answers with where it is now instead of moving it again."""
    now = now or utcnow()
    contact, here = _call(session, contact_id)
    response = VoiceResponse()
    if contact.status != ContactStatus.ringing:
        return str(response)
    if result == "hangup":
        contact.status, contact.ended_at = ContactStatus.abandoned, now
        session.add(contact)
        _queue_event(session, now, here.id)
        return str(response)
    if result not in ("leave", "queue-full", "error", "system-error"):
        return str(response)
    if centre and centre != here.code:
        return _place(session, contact, settings, policies, caller_number, now)
    onward = rollover.chain(policies.network, here.code)[1:]
    _queue_event(session, now, here.id)
    if onward:
        rollover.hop(session, contact, to=rollover.centre(session, onward[0]),
                     reason=RolloverReason.busy, now=now)
        return _place(session, contact, settings, policies, caller_number, now, moved=True)
    own = policies.for_centre(here.code)
    _overflowed(session, contact, f"queue {result}", now, settings, own)
    return overflow_twiml(contact, settings, own, caller_number)


def voicemail(session: Session, *, contact_id: int, recording_url: str, policies: TelephonyPolicies,
              now: datetime | None = None) -> str:
    """A caller left a message: the contact is missed and a call-back task is opened."""
    now = now or utcnow()
    contact = _contact(session, contact_id)
    if contact.status == ContactStatus.ringing:
        contact.status, contact.ended_at = ContactStatus.missed, now
        session.add(contact)
    exists = session.exec(select(CallbackTask).where(CallbackTask.contact_id == contact.id)
                          .where(CallbackTask.reason == CallbackReason.voicemail)).first()
    if exists is None:
        session.add(CallbackTask(contact_id=contact_id, centre_id=contact.centre_id,
                                 reason=CallbackReason.voicemail,
                                 recording_url=recording_url[:500], due_at=now,
                                 max_attempts=policies.records.follow_up_max_attempts))
        events.emit(session, "callback.created", {"contact_id": contact.id},
                    ["role:supervisor", "role:operator"], centre_id=contact.centre_id)
    response = VoiceResponse()
    response.say("谢谢，我们会尽快回电。Thank you, we will call you back.", language="zh-CN")
    return str(response)


def status(session: Session, *, form: dict[str, str], now: datetime | None = None) -> None:
    """Call lifecycle from Twilio, in any order: times only move forward, nothing regresses."""
    now = now or utcnow()
    contact = session.exec(select(Contact).where(Contact.call_sid == form.get("CallSid"))).first()
    if contact is None:
        raise NotFound("twilio.unknown_call")
    call_status = form.get("CallStatus", "")
    if call_status == "in-progress" and contact.answered_at is None and contact.operator_id:
        contact.answered_at = now
        session.add(contact)
    elif call_status in ENDED and contact.ended_at is None:
        contact.ended_at = max(now, contact.answered_at or contact.received_at)
        left = contact.status in (ContactStatus.ringing, ContactStatus.in_progress)
        if contact.status == ContactStatus.ringing:
            contact.status = (ContactStatus.abandoned if call_status == "completed"
                              else ContactStatus.missed)
        elif contact.status == ContactStatus.in_progress:
            contact.status = ContactStatus.completed
        session.add(contact)
        # A waiting call left the queue, or an operator is free again: the centre's queue
        # changed. Anything else (a hang-up the queue's action already recorded) changes
        # no queue, and tells nobody.
        if left:
            _queue_event(session, now, contact.centre_id)


# The caller's previous contact's risk level, beside each waiting call (one query for the
# whole queue: every console that shows it asks again each time it changes).
_EARLIER = aliased(Contact)
_EARLIER_RISK = (select(_EARLIER.risk_level).where(_EARLIER.caller_key == Contact.caller_key)
                 .where(_EARLIER.id != Contact.id)
                 .order_by(col(_EARLIER.received_at).desc(), col(_EARLIER.id).desc()).limit(1))
_WAITING = (select(Contact).where(Contact.status == ContactStatus.ringing)
            .where(col(Contact.call_sid).is_not(None))
            .where(col(Contact.routed_by) != RouteReason.ask.value)
            .order_by(col(Contact.received_at), col(Contact.id)))


def queue(session: Session, now: datetime | None = None, centre_id: int | None = None, *,
          reader: CentreActor | None = None, client_addr: str = "") -> list[dict[str, Any]]:
    """Calls waiting (at ``centre_id``, or anywhere), oldest first, with what helps an
    operator choose: repeat caller and the caller's last risk level. A caller still in the
    region menu waits in no queue yet.

    ``reader``: the calls of the reader's centres only (every centre for the province, each
    other centre's calls read audited); the caller's earlier contacts looked at are those the
    reader's centres hold too, as in the caller's history."""
    now = now or utcnow()
    earlier = _EARLIER_RISK
    query = _WAITING
    if centre_id is not None:
        query = query.where(Contact.centre_id == centre_id)
    if reader is not None:
        query = scope.readable(query, Contact.centre_id, reader)
        earlier = scope.readable(earlier, _EARLIER.centre_id, reader)
    rows = session.execute(query.add_columns(earlier.correlate(Contact).scalar_subquery())).all()
    waiting_calls = [c for c, _ in rows]
    out = []
    for c, last in rows:
        out.append({"contact_id": c.id, "caller_key": (c.caller_key or "")[:8],
                    "repeat_caller": last is not None, "last_risk_level": last,
                    "waiting_s": int((now - c.received_at).total_seconds()),
                    "received_at": c.received_at.isoformat(),
                    # In a network: whose call it is, and where it was routed first.
                    "centre_id": c.centre_id,
                    "rolled_over_from_centre_id": c.rolled_over_from_centre_id})
    if reader is not None:
        scope.audit_reads(session, reader, [c.centre_id for c in waiting_calls], "queue",
                          client_addr)
    return out


def accept(session: Session, *, actor: CurrentUser, contact_id: int, telephony: Telephony,
           settings: Settings, policies: TelephonyPolicies, client_addr: str,
           now: datetime | None = None) -> Contact:
    """One click: the operator's phone and the caller meet in the contact's conference, and
    the contact becomes the operator's.

    If Twilio refuses, nothing is written: the caller stays in the queue and the operator is
    told (the caller's record never points at someone who is not on the line).
    """
    now = now or utcnow()
    contact = _contact(session, contact_id)
    if contact.routed_by == RouteReason.ask:  # not queued anywhere yet, in no centre
        raise Conflict("call.choosing_region")
    if not scope.reaches(actor, contact.centre_id, change=True):  # as an unknown call
        raise NotFound("twilio.unknown_call")
    if actor.id not in available_operators(session, now, contact.centre_id):
        raise Forbidden("call.not_available_to_take")
    staff = session.get(Staff, actor.id)
    if staff is None or not staff.phone:
        raise Conflict("call.no_staff_phone")
    taken = affected(session,
        update(Contact).where(col(Contact.id) == contact.id)
        .where(col(Contact.status) == ContactStatus.ringing)
        .values(status=ContactStatus.in_progress, operator_id=actor.id, answered_at=now,
                updated_at=now, created_by=actor.id)
    )
    if taken != 1:
        raise Conflict("call.already_taken")
    # The operator's phone first, then the caller: if either step fails nothing is written
    # and the caller is still in the queue (an operator leg already placed is hung up).
    session.refresh(contact)
    leg_sid = None
    try:
        leg_sid = conference.dial_in(
            session, contact=contact, staff=staff, role=LegRole.operator, mode="",
            telephony=telephony, settings=settings, policies=policies).call_sid
        telephony.redirect(call_sid=contact.call_sid,  # type: ignore[arg-type]
                           twiml=conference.join_twiml(contact, settings, policies, caller=True))
    except Exception as exc:  # noqa: BLE001 - any REST failure: leave the call queued
        session.rollback()
        if leg_sid is not None:
            with contextlib.suppress(Exception):
                telephony.hangup(call_sid=leg_sid)
        raise TwilioUnavailable("call.connect_failed", error=type(exc).__name__) from None
    session.refresh(contact)
    audit.record(session, actor.id, "call.accept", f"contact:{contact.id}", client_addr)
    _queue_event(session, now, contact.centre_id)
    return contact
