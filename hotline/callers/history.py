"""The caller's history, for whoever is handling one of their contacts now: earlier contacts
(when, channel, risk and why, issues, outcome, follow-ups, services given), the latest safety
plan to review with them, active flags and the care plan. Every contact shown is an audited
read; notes are not shown (the record itself is one click away for those allowed)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.auth.service import CurrentUser
from hotline.callers import access, service
from hotline.callers.schemas import CallerHistory, EarlierContact, EarlierFollowUp, LatestSafetyPlan
from hotline.contacts.models import Contact
from hotline.contacts.risk import RiskScreen, assess
from hotline.contacts.schemas import SafetyPlan
from hotline.crisis.models import Escalation
from hotline.db import id_of, utcnow
from hotline.followups import service as follow_ups
from hotline.resources import service as resources
from hotline.staff.lookup import full_names

LIMIT = 50


def earlier_contacts(session: Session, contact: Contact, limit: int = LIMIT, *,
                     network: bool = False) -> list[Contact]:
    """The same caller's contacts before this one, newest first: those of this contact's
    centre (its records are its own), or with ``network`` of every centre (the province)."""
    if not contact.caller_key:
        return []
    query = select(Contact) if network else \
        select(Contact).where(Contact.centre_id == contact.centre_id)
    return list(session.exec(
        query.where(Contact.caller_key == contact.caller_key)
        .where(Contact.id != contact.id)
        .where(col(Contact.received_at) <= contact.received_at)
        .order_by(col(Contact.received_at).desc(), col(Contact.id).desc()).limit(limit)))


def latest_safety_plan(contacts: list[Contact]) -> LatestSafetyPlan | None:
    for c in contacts:  # newest first
        if c.safety_plan and SafetyPlan.model_validate(c.safety_plan).has_plan():
            return LatestSafetyPlan(contact_id=id_of(c), received_at=c.received_at,
                                    plan=c.safety_plan)
    return None


def _outcomes(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.exec(select(Escalation.contact_id, Escalation.outcome)
                        .where(col(Escalation.contact_id).in_(ids))
                        .order_by(col(Escalation.id))).all() if ids else []
    return {cid: outcome for cid, outcome in rows}


def caller_history(session: Session, *, actor: CurrentUser, contact_id: int, client_addr: str,
                   now: datetime | None = None) -> CallerHistory:
    """The history of contact ``contact_id``'s caller, for the person handling it now."""
    contact = access.handled_contact(session, actor=actor, contact_id=contact_id)
    earlier = earlier_contacts(session, contact, network=scope.is_provincial(actor))
    ids = [c.id for c in earlier if c.id is not None]
    audit.record(session, actor.id, "caller_history.read", f"contact:{contact.id}", client_addr,
                 {"earlier": len(ids)})
    audit.record_many(session, actor.id, "contact.read_in_history",
                      [f"contact:{i}" for i in ids], client_addr)
    names = full_names(session, {c.operator_id for c in earlier})
    tasks = follow_ups.of_contacts(session, ids)
    given: dict[int, list[str]] = {}
    for referral in resources.referrals_of(session, ids):
        given.setdefault(referral.contact_id, []).append(referral.resource_name)
    outcomes = _outcomes(session, ids)
    rows = []
    for c in earlier:
        task = tasks.get(id_of(c))
        screen = RiskScreen.model_validate(c.risk_screen) if c.risk_screen else RiskScreen()
        rows.append(EarlierContact(
            id=id_of(c), received_at=c.received_at, channel=c.channel, call_type=c.call_type,
            status=c.status, risk_level=c.risk_level, risk_reasons=list(assess(screen).reasons),
            issues=c.issues, interventions=c.interventions, referrals=c.referrals,
            resources_given=given.get(id_of(c), []), operator_name=names.get(c.operator_id),
            escalation_outcome=outcomes.get(id_of(c), ""),
            follow_up=EarlierFollowUp(status=task.status, due_on=task.due_on.isoformat(),
                                      attempts=task.attempts) if task else None,
        ))
    return CallerHistory(
        contact_id=id_of(contact), caller_known=bool(contact.caller_key),
        earlier_count=len(earlier), contacts=rows, safety_plan=latest_safety_plan(earlier),
        flags=service.flags_public(session, service.active_flags(
            session, contact.caller_key, now or utcnow())),
        care_plan=service.care_plan_public(session, contact.caller_key),
    )
