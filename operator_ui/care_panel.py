"""What the contact form shows beside the screen for continuity of care: the caller's history
(with the last safety plan to review), flags and care plan, the services given, and whether
the directory may be searched to refer. Reads through the services, so they are audited."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from hotline.access.permissions import can
from hotline.auth.service import CurrentUser
from hotline.callers import access, history
from hotline.callers.schemas import CallerHistory
from hotline.contacts.models import Contact
from hotline.contacts.schemas import PLAN_STEPS
from hotline.db import id_of
from hotline.resources import service as resources
from hotline.resources import vocabulary


def caller_history(session: Session, user: CurrentUser, contact: Contact,
                   client_addr: str) -> CallerHistory | None:
    """The history when the caller is known and this person handles the contact now."""
    if not contact.caller_key or not can(user, "view_caller_history",
                                         access.handler_target(session, contact)):
        return None
    return history.caller_history(session, actor=user, contact_id=id_of(contact),
                                  client_addr=client_addr)


def carry_forward(values: dict[str, Any], found: CallerHistory | None) -> int | None:
    """Pre-fill an empty safety plan with the caller's latest one, for review with them;
    returns the contact it came from (None when nothing was carried)."""
    if found is None or found.safety_plan is None:
        return None
    if any(str(values["safety_plan"].get(step, "")).strip() for step in PLAN_STEPS):
        return None
    for step in PLAN_STEPS:
        values["safety_plan"][step] = found.safety_plan.plan.get(step, "")
    return found.safety_plan.contact_id


EMPTY: dict[str, Any] = {"history": None, "carried_from": None, "referrals": [],
                         "may_refer": False, "regions": {}}


def context(session: Session, user: CurrentUser, contact: Contact, values: dict[str, Any],
            client_addr: str, *, prefill: bool) -> dict[str, Any]:
    """Template context for the contact form's care panel (a saved contact)."""
    found = caller_history(session, user, contact, client_addr)
    return {
        "history": found,
        "carried_from": carry_forward(values, found) if prefill else None,
        "referrals": resources.referrals_of(session, [id_of(contact)]),
        "may_refer": True,  # the edit form is only shown to those who may edit the contact
        "regions": vocabulary.load().regions,
    }
