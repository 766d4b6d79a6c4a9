"""Who handles a contact now: the facts the ``view_caller_history`` rule looks at."""

from __future__ import annotations

from sqlmodel import Session, col, select

from hotline.auth.deps import require
from hotline.auth.permissions import Target
from hotline.auth.service import CurrentUser
from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation, Notification
from hotline.errors import NotFound
from hotline.followups import schedule


def alerted_ids(session: Session, contact_id: int) -> frozenset[int]:
    """Responders an escalation of this contact alerted (or who acknowledged it)."""
    notified = session.exec(
        select(Notification.recipient_id).join(Escalation, col(Escalation.id)
                                               == Notification.escalation_id)
        .where(Escalation.contact_id == contact_id)).all()
    acked = session.exec(select(Escalation.acknowledged_by)
                         .where(Escalation.contact_id == contact_id)).all()
    return frozenset(i for i in (*notified, *acked) if i is not None)


def handler_target(session: Session, contact: Contact) -> Target:
    return Target(
        owner_id=contact.operator_id, created_at=contact.created_at, risk_level=contact.risk_level,
        follow_up_owner_ids=schedule.owner_ids(session, contact.id, contact.caller_key),
        alerted_ids=alerted_ids(session, contact.id),  # type: ignore[arg-type]
    )


def handled_contact(session: Session, *, actor: CurrentUser, contact_id: int) -> Contact:
    """The contact, if ``actor`` is handling it now (else 403; 404 when it does not exist)."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"No contact {contact_id}.")
    require(actor, "view_caller_history", handler_target(session, contact))
    return contact
