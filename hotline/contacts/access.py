"""The facts the contact permission rules look at (``access.permissions``), gathered in one
place so the API, the pages and the crisis views judge a read the same way."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from hotline.access.permissions import Target
from hotline.contacts.models import Contact, ContactStatus
from hotline.crisis.models import Escalation, Notification
from hotline.db import utcnow
from hotline.followups import schedule as follow_ups

LIVE_CALL = (ContactStatus.ringing, ContactStatus.in_progress)
# A contact left "in progress" by mistake is not a live call forever.
LIVE_CALL_LONGEST = timedelta(hours=12)


def _responders(session: Session, contact_id: int) -> dict[int, datetime | None]:
    """Everyone alerted to or acknowledging an escalation of the contact, with the time the
    last such escalation was resolved (None while one is not)."""
    escalations = session.exec(select(Escalation).where(Escalation.contact_id == contact_id)).all()
    if not escalations:
        return {}
    alerted = session.exec(
        select(Notification.escalation_id, Notification.recipient_id)
        .where(col(Notification.escalation_id).in_([e.id for e in escalations]))
    ).all()
    people: dict[int, datetime | None] = {}
    for esc in escalations:
        involved = {r for e, r in alerted if e == esc.id} | (
            {esc.acknowledged_by} if esc.acknowledged_by is not None else set())
        for staff_id in involved:
            if staff_id in people and people[staff_id] is None:
                continue  # already reads it through a live escalation
            ends = esc.resolved_at
            before = people.get(staff_id)
            people[staff_id] = None if ends is None else max(ends, before or ends)
    return people


def target(session: Session, contact: Contact) -> Target:
    """The contact as the permission rules see it."""
    live = (contact.status in LIVE_CALL
            and utcnow() - contact.received_at <= LIVE_CALL_LONGEST)
    handler = contact.operator_id if live else None
    latest = session.exec(select(Escalation).where(Escalation.contact_id == contact.id)
                          .order_by(col(Escalation.id).desc())).first()
    return Target(
        owner_id=contact.operator_id, created_at=contact.created_at,
        risk_level=contact.risk_level,
        responders=_responders(session, contact.id) if contact.id is not None else {},
        handlers=frozenset() if handler is None else frozenset({handler}),
        follow_up_owner_ids=follow_ups.owner_ids(session, contact.id, contact.caller_key),
        acknowledged_by=latest.acknowledged_by if latest else None,
    )
