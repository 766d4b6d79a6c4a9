"""Escalations as people use them: list, read, acknowledge, resolve, with permission checks."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from hotline.auth import audit
from hotline.auth.permissions import can
from hotline.auth.service import CurrentUser
from hotline.contacts import access
from hotline.contacts.models import Contact
from hotline.crisis import engine
from hotline.crisis.models import Escalation, EscalationState, EscalationStep, Notification
from hotline.crisis.schemas import Resolution
from hotline.errors import Conflict, Forbidden, InvalidInput, NotFound
from hotline.staff.lookup import full_names


def load(session: Session, escalation_id: int) -> Escalation:
    esc = session.get(Escalation, escalation_id)
    if esc is None:
        raise NotFound(f"No escalation {escalation_id}.")
    return esc


def _involved(session: Session, esc: Escalation, user: CurrentUser) -> bool:
    """An escalation shows the contact's risk facts: the contact read rule decides."""
    contact = session.get(Contact, esc.contact_id)
    return can(user, "oversee_escalations") or (
        contact is not None and can(user, "view_contact", access.target(session, contact)))


def get(session: Session, *, actor: CurrentUser, escalation_id: int) -> Escalation:
    esc = load(session, escalation_id)
    if not _involved(session, esc, actor):
        raise Forbidden("This escalation is not yours to see.")
    return esc


def visible(session: Session, *, actor: CurrentUser,
            state: EscalationState | None = None, limit: int = 100) -> list[Escalation]:
    """Supervisors see every escalation; others those they were alerted to or logged."""
    query = select(Escalation)
    if state is not None:
        query = query.where(Escalation.state == state)
    if not can(actor, "oversee_escalations"):
        mine = select(Notification.escalation_id).where(Notification.recipient_id == actor.id)
        logged = select(Contact.id).where(Contact.operator_id == actor.id)
        query = query.where(col(Escalation.id).in_(mine) | col(Escalation.contact_id).in_(logged))
    rows = session.exec(query.order_by(col(Escalation.opened_at).desc()).limit(limit))
    return [e for e in rows if _involved(session, e, actor)]


def exhausted(session: Session, *, actor: CurrentUser) -> list[Escalation]:
    """Escalations nobody took, for the banner: the crisis team and supervisors see them all
    (they can still step in); others those they logged or were alerted to."""
    query = select(Escalation).where(Escalation.state == EscalationState.exhausted)
    if not can(actor, "hear_exhausted"):
        mine = select(Notification.escalation_id).where(Notification.recipient_id == actor.id)
        logged = select(Contact.id).where(Contact.operator_id == actor.id)
        query = query.where(col(Escalation.id).in_(mine) | col(Escalation.contact_id).in_(logged))
    return list(session.exec(query.order_by(col(Escalation.opened_at))))


def acknowledge(session: Session, *, actor: CurrentUser, escalation_id: int, via: str,
                client_addr: str) -> Escalation:
    """Take an alert. Only someone it was sent to, or a supervisor, may take it; twice is 409."""
    esc = load(session, escalation_id)
    if esc.state in (EscalationState.acknowledged, EscalationState.resolved):
        who = full_names(session, [esc.acknowledged_by]).get(esc.acknowledged_by or -1, "someone")
        raise Conflict(f"Already acknowledged by {who}.")
    if not (can(actor, "oversee_escalations")
            or engine.was_notified(session, esc, actor.id)):  # type: ignore[arg-type]
        raise Forbidden("This alert was sent to someone else; a supervisor can take it over.")
    engine.acknowledge(session, esc=esc, staff_id=actor.id, via=via)  # type: ignore[arg-type]
    audit.record(session, actor.id, "escalation.acknowledge", f"escalation:{esc.id}",
                 client_addr, {"via": via})
    return esc


def resolve(session: Session, *, actor: CurrentUser, escalation_id: int, data: Resolution,
            client_addr: str) -> Escalation:
    """Close an acknowledged escalation with its outcome; imminent needs the rescue outcome."""
    esc = load(session, escalation_id)
    if esc.state != EscalationState.acknowledged:
        raise Conflict(f"Only an acknowledged escalation can be resolved; this one is {esc.state}.")
    if actor.id != esc.acknowledged_by and not can(actor, "oversee_escalations"):
        raise Forbidden("Only the person who acknowledged it, or a supervisor, can resolve it.")
    rescue: dict[str, Any] = data.rescue.model_dump() if data.rescue else {}
    if esc.risk_level == "imminent" and (
        data.rescue is None or data.rescue.person_reached is None
        or not (data.rescue.contacted_110 or data.rescue.contacted_120 or data.rescue.note.strip())
    ):
        raise InvalidInput(
            "Imminent risk: record the rescue outcome: whether 110/120 were contacted (or why "
            "not, in rescue.note) and whether the person was reached (rescue.person_reached)."
        )
    engine.resolve(session, esc=esc, staff_id=actor.id, outcome=data.outcome,  # type: ignore[arg-type]
                   rescue=rescue)
    audit.record(session, actor.id, "escalation.resolve", f"escalation:{esc.id}", client_addr)
    return esc


def steps(session: Session, esc: Escalation) -> list[EscalationStep]:
    return list(session.exec(select(EscalationStep).where(EscalationStep.escalation_id == esc.id)
                             .order_by(col(EscalationStep.id))))
