"""Who handles a contact now: the ``view_caller_history`` rule, over the same facts as the
contact's own read rule (``hotline.contacts.access``)."""

from __future__ import annotations

from sqlmodel import Session

from hotline.access.permissions import Target, require
from hotline.auth.service import CurrentUser
from hotline.contacts import access
from hotline.contacts.models import Contact
from hotline.db import get_or_404


def handler_target(session: Session, contact: Contact) -> Target:
    return access.target(session, contact)


def handled_contact(session: Session, *, actor: CurrentUser, contact_id: int) -> Contact:
    """The contact, if ``actor`` is handling it now (else 403; 404 when it does not exist)."""
    contact = get_or_404(session, Contact, contact_id, "contact.not_found", contact_id=contact_id)
    require(actor, "view_caller_history", handler_target(session, contact))
    return contact
