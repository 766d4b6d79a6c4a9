"""A responder joins the caller's live call: dialled into its conference (``hotline.telephony
.conference``), the step logged on the escalation, and for imminent risk on the rescue
timeline."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from hotline.access import audit
from hotline.access.permissions import Target, can, require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts.models import Contact
from hotline.crisis import engine as crisis_engine
from hotline.crisis import rescue
from hotline.crisis.models import Escalation, EscalationState
from hotline.db import get_or_404, utcnow
from hotline.errors import Conflict, NotFound
from hotline.telephony import conference
from hotline.telephony.gateway import Telephony
from hotline.telephony.models import CallLeg, LegRole
from hotline.telephony.policy import TelephonyPolicies


def join_call(session: Session, *, actor: CurrentUser, escalation_id: int,
              telephony: Telephony, settings: Settings, policies: TelephonyPolicies,
              client_addr: str, now: datetime | None = None) -> CallLeg:
    """The responder who took the alert (or a supervisor) is dialled into the caller's call;
    the operator stays on until they hang up."""
    now = now or utcnow()
    esc = get_or_404(session, Escalation, escalation_id,
                     "escalation.not_found", escalation_id=escalation_id)
    contact = session.get(Contact, esc.contact_id)
    if esc.acknowledged_by is None and crisis_engine.was_notified(session, esc, actor.id) \
            and not can(actor, "oversee_escalations", Target(centre_id=esc.centre_id)):
        raise Conflict("escalation.join_needs_ack")  # said so, not "your role does not allow"
    require(actor, "join_call", Target(
        owner_id=contact.operator_id if contact else None,
        risk_level=contact.risk_level if contact else None, acknowledged_by=esc.acknowledged_by,
        centre_id=esc.centre_id),
        hidden=NotFound("escalation.not_found", escalation_id=escalation_id))
    if esc.state == EscalationState.resolved:
        raise Conflict("escalation.closed")
    contact = conference.live_contact(session, esc.contact_id)
    leg = conference.dial_in(session, contact=contact, staff=conference.phone_of(session, actor.id),
                  role=LegRole.responder, mode="", telephony=telephony, settings=settings,
                  policies=policies)
    crisis_engine.log_step(session, esc, "joined_call", now, actor.id)
    if esc.risk_level == "imminent":
        rescue.record(session, esc=esc, staff_id=actor.id,
                      data=rescue.RescueStep(step="responder_conferenced"), now=now)
    audit.record(session, actor.id, "call.join", f"contact:{contact.id}", client_addr)
    return leg
