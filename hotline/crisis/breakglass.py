"""Break-glass: the caller's number and location for a rescue (PIPL Art. 13(4): processing
needed to protect a person's life in an emergency).

Only for a contact at high or imminent risk, only for the people acting on it (the responder
who took its escalation, the operator who handled it, supervisors), only with a written
reason. Each opening is audited with that reason and every supervisor is told; the console
shows the number for ``VISIBLE_FOR`` and then hides it again.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import Session

from hotline.access import audit
from hotline.access.permissions import Target, can, outside
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import sealing
from hotline.contacts.models import Contact
from hotline.contacts.risk import RiskLevel
from hotline.contacts.schemas import BreakGlassPublic
from hotline.crisis import engine as crisis_engine
from hotline.db import get_or_404, utcnow
from hotline.errors import Conflict, Forbidden, NotFound
from hotline.notices import service as notices
from hotline.realtime import events

VISIBLE_FOR = timedelta(minutes=15)
def open_glass(session: Session, *, actor: CurrentUser, contact_id: int, reason: str,
               settings: Settings, client_addr: str) -> BreakGlassPublic:
    """The caller's number (E.164) and the call's location, for the rescue."""
    contact = get_or_404(session, Contact, contact_id, "contact.not_found", contact_id=contact_id)
    esc = crisis_engine.current(session, contact_id)
    target = Target(owner_id=contact.operator_id, created_at=contact.created_at,
                    risk_level=RiskLevel.high.value,  # who may, asked apart from the level
                    acknowledged_by=esc.acknowledged_by if esc else None,
                    centre_id=contact.centre_id)
    if not can(actor, "break_glass", target):
        if outside(actor, target):  # another centre's caller: no such contact, for them
            raise NotFound("contact.not_found", contact_id=contact_id)
        raise Forbidden("breakglass.not_allowed")
    if RiskLevel(contact.risk_level).rank < RiskLevel.high.rank:
        raise Conflict("breakglass.below_high", risk_level=contact.risk_level)
    now = utcnow()
    number = sealing.open_number(session, settings, contact.caller_key)
    location = json.loads(sealing.open_text(settings, contact.location_sealed) or "{}")
    audit.record(session, actor.id, "contact.break_glass", f"contact:{contact.id}", client_addr,
                 {"reason": reason, "number": number is not None, "location": bool(location)})
    notice = {"contact_id": contact.id, "staff_id": actor.id, "at": now.isoformat()}
    notices.raise_notice(
        session, audience="role:supervisor", kind="contact.break_glass",
        title=f"Break-glass: the caller's number of contact #{contact.id} was opened",
        dedupe_key=f"break_glass:{contact.id}:{actor.id}:{now.isoformat()}", data=notice,
        centre_id=contact.centre_id)
    events.emit(session, "contact.break_glass", notice, ["role:supervisor"],
                centre_id=contact.centre_id)
    return BreakGlassPublic(caller_number=number, location=location,
                            visible_until=now + VISIBLE_FOR)
