"""Acknowledging an alert from any channel. The console (``POST /api/escalations/{id}/ack``),
an SMS reply with the alert's code and a keypress on the alert call all end in
``crisis.service.acknowledge``: the same checks, the same state change, the same audit entry.
This module turns an SMS or a keypress into the responder who answered."""

from __future__ import annotations

from typing import Literal

from sqlmodel import Session, col, select

from hotline.contacts.callerkey import normalise
from hotline.crisis import service as crisis
from hotline.crisis.models import Notification
from hotline.errors import Conflict, Forbidden, NotFound
from hotline.staff.models import Staff

Outcome = Literal["yours", "taken", "unknown"]


def by_sms(session: Session, *, body: str, sender: str, client_addr: str) -> Outcome:
    """A responder replied to an SMS alert with its code, from the phone it was sent to."""
    code = "".join(ch for ch in body if ch.isdigit())
    if not code or not sender:
        return "unknown"
    candidates = session.exec(
        select(Notification).where(Notification.reply_code == code)
        .where(Notification.channel == "sms").order_by(col(Notification.id).desc())
    ).all()
    for note in candidates:
        staff = session.get(Staff, note.recipient_id)
        if staff and staff.phone and normalise(staff.phone) == normalise(sender):
            return by_reply(session, note=note, via="sms", client_addr=client_addr)
    return "unknown"


def by_reply(session: Session, *, note: Notification, via: str, client_addr: str) -> Outcome:
    """The recipient of ``note`` takes its escalation (an SMS code, or 1 on the alert call)."""
    staff = session.get(Staff, note.recipient_id)
    if staff is None or note.escalation_id is None:
        return "unknown"
    try:
        esc = crisis.acknowledge(session, actor=staff, escalation_id=note.escalation_id, via=via,
                                 client_addr=client_addr)
    except NotFound:
        return "unknown"
    except (Conflict, Forbidden):  # taken already, by them or by someone else
        esc = crisis.load(session, note.escalation_id)
    return "yours" if esc.acknowledged_by == staff.id else "taken"
