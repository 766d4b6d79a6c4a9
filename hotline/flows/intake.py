"""Intake: a contact is saved with its risk screen scored, its follow-up scheduled, and a high
or imminent one routed to the crisis team, all in one transaction (if the contact is saved,
its escalation is too, and the other way round)."""

from __future__ import annotations

from sqlmodel import Session

from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import service as contacts
from hotline.contacts.models import Contact
from hotline.contacts.schemas import ContactCreate, ContactPublic, ContactUpdate
from hotline.crisis import engine as crisis_engine
from hotline.followups import schedule as follow_ups
from hotline.policies import Policies


def create_contact(
    session: Session, *, actor: CurrentUser, data: ContactCreate, client_addr: str,
    settings: Settings, policies: Policies, caller_key: str | None = None,
) -> Contact:
    """Log a new contact (``contacts.service.create_contact``) and route it."""
    contact = contacts.create_contact(
        session, actor=actor, data=data, client_addr=client_addr, settings=settings,
        policies=policies, caller_key=caller_key,
    )
    route(session, contact=contact, actor=actor, settings=settings, policies=policies)
    return contact


def update_contact(
    session: Session, *, actor: CurrentUser, contact_id: int, data: ContactUpdate,
    client_addr: str, settings: Settings, policies: Policies,
) -> Contact:
    """Change a contact; a changed follow-up is rescheduled, and a raised risk level is
    routed now (or the open escalation re-alerted at the new level)."""
    contact, changed = contacts.update_contact(
        session, actor=actor, contact_id=contact_id, data=data, client_addr=client_addr,
        settings=settings, policies=policies,
    )
    if "follow_up" in changed:
        follow_ups.sync_from_contact(session, contact, zone=settings.zone,
                                     policy=policies.records)
    if "risk_level" in changed:
        crisis_engine.open_escalation(session, contact=contact, opened_by=actor.id,
                                      policies=policies, channels=settings.alert_channels)
    return contact


def route(session: Session, *, contact: Contact, actor: CurrentUser, settings: Settings,
          policies: Policies) -> None:
    """What a new contact sets going: its follow-up, and its escalation when the risk is high
    or imminent (idempotent: routing a contact twice alerts nobody twice)."""
    follow_ups.sync_from_contact(session, contact, zone=settings.zone, policy=policies.records)
    crisis_engine.open_escalation(session, contact=contact, opened_by=actor.id, policies=policies,
                                  channels=settings.alert_channels)


def public(session: Session, contact: Contact) -> ContactPublic:
    """The contact as the API and pages show it, with its latest escalation (or null)."""
    return contacts.to_public(session, contact,
                              escalation=crisis_engine.latest_summary(session, contact.id))
