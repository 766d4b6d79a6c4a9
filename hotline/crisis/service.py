"""Escalations as people use them: list, read, acknowledge, resolve, with permission checks."""

from __future__ import annotations

from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import Actor, Target, can
from hotline.auth.service import CurrentUser
from hotline.contacts import access
from hotline.contacts.models import Contact
from hotline.crisis import engine, rescue
from hotline.crisis.models import Escalation, EscalationState, EscalationStep, Notification
from hotline.crisis.schemas import Resolution
from hotline.db import get_or_404
from hotline.errors import Conflict, Forbidden, InvalidInput, NotFound
from hotline.staff.lookup import full_names


def load(session: Session, escalation_id: int) -> Escalation:
    return get_or_404(session, Escalation, escalation_id,
                      "escalation.not_found", escalation_id=escalation_id)


def _involved(session: Session, esc: Escalation, user: Actor) -> bool:
    """An escalation shows the contact's risk facts: the contact read rule decides."""
    contact = session.get(Contact, esc.contact_id)
    return can(user, "view_all_escalations", Target(centre_id=esc.centre_id)) or (
        contact is not None and can(user, "view_contact", access.target(session, contact)))


def reachable(session: Session, *, actor: Actor, escalation_id: int) -> Escalation:
    """The escalation, or 404: also one in another centre the actor has no part in, so an
    id there answers exactly as an id that does not exist. (Alerted to it, or the operator
    of its contact, a person reaches it from any centre.)"""
    esc = load(session, escalation_id)
    if not scope.reaches(actor, esc.centre_id) \
            and not engine.was_notified(session, esc, actor.id or 0) \
            and not _involved(session, esc, actor):
        raise NotFound("escalation.not_found", escalation_id=escalation_id)
    return esc


def get(session: Session, *, actor: CurrentUser, escalation_id: int,
        client_addr: str = "") -> Escalation:
    esc = reachable(session, actor=actor, escalation_id=escalation_id)
    if not _involved(session, esc, actor):
        raise Forbidden("escalation.not_yours")
    scope.audit_reads(session, actor, [esc.centre_id], "escalations", client_addr)
    return esc


def visible(session: Session, *, actor: CurrentUser,
            state: EscalationState | None = None, limit: int = 100) -> list[Escalation]:
    """Supervisors see every escalation of their centres (the province's, every centre's);
    others those they were alerted to or logged."""
    query = select(Escalation)
    if state is not None:
        query = query.where(Escalation.state == state)
    if can(actor, "view_all_escalations"):
        query = scope.readable(query, Escalation.centre_id, actor)
    else:
        mine = select(Notification.escalation_id).where(Notification.recipient_id == actor.id)
        logged = select(Contact.id).where(Contact.operator_id == actor.id)
        query = query.where(col(Escalation.id).in_(mine) | col(Escalation.contact_id).in_(logged))
    rows = session.exec(query.order_by(col(Escalation.opened_at).desc()).limit(limit))
    return [e for e in rows if _involved(session, e, actor)]


def exhausted(session: Session, *, actor: CurrentUser) -> list[Escalation]:
    """Escalations nobody took, for the banner: the crisis team and supervisors see them all
    (they can still step in); others those they logged or were alerted to."""
    query = select(Escalation).where(Escalation.state == EscalationState.exhausted)
    if can(actor, "hear_exhausted"):
        query = scope.readable(query, Escalation.centre_id, actor)
    else:
        mine = select(Notification.escalation_id).where(Notification.recipient_id == actor.id)
        logged = select(Contact.id).where(Contact.operator_id == actor.id)
        query = query.where(col(Escalation.id).in_(mine) | col(Escalation.contact_id).in_(logged))
    return list(session.exec(query.order_by(col(Escalation.opened_at))))


def acknowledge(session: Session, *, actor: Actor, escalation_id: int, via: str,
                client_addr: str) -> Escalation:
    """Take an alert, from any channel (``via``: console, sms, voice; see
    ``hotline.flows.acknowledgement``). Only someone it was sent to, or a supervisor, may take
    it; twice is 409, and so is taking it a moment after someone else did (the engine's
    claim lets exactly one of two at the same moment through)."""
    esc = reachable(session, actor=actor, escalation_id=escalation_id)
    if esc.state not in engine.ACKNOWLEDGEABLE:
        raise Conflict("escalation.already_acknowledged", name=_taker(session, esc))
    staff_id = actor.id
    if staff_id is None or not (can(actor, "oversee_escalations", Target(centre_id=esc.centre_id))
                                or engine.was_notified(session, esc, staff_id)):
        raise Forbidden("escalation.sent_to_someone_else")
    if not engine.acknowledge(session, esc=esc, staff_id=staff_id, via=via):
        raise Conflict("escalation.taken_meanwhile", name=_taker(session, esc))
    audit.record(session, staff_id, "escalation.acknowledge", f"escalation:{esc.id}",
                 client_addr, {"via": via})
    return esc


def _taker(session: Session, esc: Escalation) -> str:
    """Who has the escalation, as a refusal names them."""
    who = full_names(session, [esc.acknowledged_by]).get(esc.acknowledged_by or -1)
    return who or f"#{esc.acknowledged_by}"


def target(session: Session, esc: Escalation) -> Target:
    """The escalation's contact as the permission rules see it."""
    contact = session.get(Contact, esc.contact_id)
    return Target(owner_id=contact.operator_id if contact else None,
                  created_at=contact.created_at if contact else None,
                  risk_level=contact.risk_level if contact else esc.risk_level,
                  acknowledged_by=esc.acknowledged_by, centre_id=esc.centre_id)


def resolve(session: Session, *, actor: CurrentUser, escalation_id: int, data: Resolution,
            client_addr: str) -> Escalation:
    """Close an escalation with its outcome. Imminent risk closes only once the person is
    reached; otherwise it stays open in ``rescue_pending`` until a supervisor closes it with
    a reason (the outcome)."""
    esc = reachable(session, actor=actor, escalation_id=escalation_id)
    if esc.state not in (EscalationState.acknowledged, EscalationState.rescue_pending):
        raise Conflict("escalation.not_acknowledged", state=esc.state)
    supervisor = can(actor, "oversee_escalations", Target(centre_id=esc.centre_id))
    if actor.id != esc.acknowledged_by and not supervisor:
        raise Forbidden("escalation.resolve_not_allowed")
    if data.rescue is not None and esc.risk_level == "imminent":  # into the rescue timeline
        for service_code in ("110", "120"):
            if getattr(data.rescue, f"contacted_{service_code}") and \
                    not esc.rescue.get(f"contacted_{service_code}"):
                rescue.record(session, esc=esc, staff_id=actor.id,
                              data=rescue.RescueStep(step="emergency_called",
                                                     service=service_code))
        if data.rescue.person_reached is not None:
            rescue.record(session, esc=esc, staff_id=actor.id,
                          data=rescue.RescueStep(step="person_reached",
                                                 reached=data.rescue.person_reached,
                                                 note=data.rescue.note))
    if esc.risk_level == "imminent" and not rescue.reached(esc):
        if esc.state != EscalationState.rescue_pending:
            raise InvalidInput("escalation.rescue_outcome_first", field="rescue")
        if not supervisor:  # "not reached" is recorded: the case stays open and pages
            audit.record(session, actor.id, "escalation.rescue_pending", f"escalation:{esc.id}",
                         client_addr)
            return esc
        audit.record(session, actor.id, "escalation.close_unreached", f"escalation:{esc.id}",
                     client_addr, {"reason": data.outcome})
    engine.resolve(session, esc=esc, staff_id=actor.id, outcome=data.outcome,
                   rescue=data.rescue.model_dump() if data.rescue else {})
    audit.record(session, actor.id, "escalation.resolve", f"escalation:{esc.id}", client_addr)
    return esc


def record_rescue(session: Session, *, actor: CurrentUser, escalation_id: int,
                  data: rescue.RescueStep, client_addr: str) -> Escalation:
    """One step of the rescue timeline, by the operator on the call, the responder who took
    it, or a supervisor."""
    esc = reachable(session, actor=actor, escalation_id=escalation_id)
    if not can(actor, "record_rescue", target(session, esc)):
        raise Forbidden("escalation.rescue_not_allowed")
    rescue.record(session, esc=esc, staff_id=actor.id, data=data)
    audit.record(session, actor.id, "escalation.rescue_step", f"escalation:{esc.id}",
                 client_addr, {"step": data.step})
    return esc


def steps(session: Session, esc: Escalation) -> list[EscalationStep]:
    return list(session.exec(select(EscalationStep).where(EscalationStep.escalation_id == esc.id)
                             .order_by(col(EscalationStep.id))))
