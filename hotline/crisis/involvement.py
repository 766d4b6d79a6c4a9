"""Who crisis routing involved with a contact: everyone its escalations alerted or who took one,
for the contact read rules (``hotline.contacts.access``)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from hotline.contacts import access
from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation, Notification


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


@access.involves
def escalations(session: Session, contact: Contact) -> access.Involvement:
    """The contact's responders, and who took its latest escalation."""
    if contact.id is None:
        return access.Involvement()
    latest = session.exec(select(Escalation).where(Escalation.contact_id == contact.id)
                          .order_by(col(Escalation.id).desc())).first()
    return access.Involvement(responders=_responders(session, contact.id),
                              acknowledged_by=latest.acknowledged_by if latest else None)
