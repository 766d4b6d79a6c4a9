"""A caller's rights over what the hotline holds about them (PIPL articles 45 and 47):
a supervisor exports everything kept under one caller key, and erases it on request.

Erasing keeps each contact as a bare count (channel, times, status, risk level, operator),
so the hotline's statistics stay true, and removes everything that describes or identifies
the person: the caller key, profile, risk answers, notes, safety plan, follow-up, the
revisions that copy them, call-backs (with voicemail links), the rescue notes of its
escalations and the sealed number. Both are audited; running an erase twice is harmless.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import callerkey
from hotline.contacts.models import Contact, ContactRevision
from hotline.contacts.service import to_public
from hotline.crisis.models import Escalation
from hotline.db import Id
from hotline.errors import InvalidInput, invalid_value
from hotline.telephony.models import CallbackTask, SealedNumber


class CallerRef(BaseModel):
    """Which caller: the key shown on their contacts, their number, or one of their contacts."""

    model_config = ConfigDict(extra="forbid")

    caller_key: str | None = Field(default=None, min_length=64, max_length=64,
                                   pattern="^[0-9a-f]{64}$")
    caller_number: str | None = Field(default=None, max_length=40)
    contact_id: Id | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> CallerRef:
        given = [v for v in (self.caller_key, self.caller_number, self.contact_id) if v]
        if len(given) != 1:
            raise invalid_value("caller.ref_exactly_one")
        return self


class ErasureRequest(CallerRef):
    reason: str = Field(min_length=3, max_length=500)


def caller_key_of(session: Session, settings: Settings, ref: CallerRef) -> str:
    if ref.caller_key:
        return ref.caller_key
    if ref.caller_number:
        try:
            return callerkey.caller_key(ref.caller_number, settings.caller_key)
        except ValueError as exc:
            raise InvalidInput("contact.caller_number_invalid", field="caller_number") from exc
    contact = session.get(Contact, ref.contact_id)
    if contact is None or not contact.caller_key:
        raise InvalidInput("caller.contact_without_key", contact_id=ref.contact_id)
    return contact.caller_key


def _contacts(session: Session, key: str) -> list[Contact]:
    return list(session.exec(select(Contact).where(Contact.caller_key == key)
                             .order_by(col(Contact.received_at))))


def export(session: Session, *, actor: CurrentUser, settings: Settings, ref: CallerRef,
           client_addr: str) -> dict[str, Any]:
    """Everything held under the caller key, as JSON; every contact read is audited."""
    require(actor, "caller_rights")
    key = caller_key_of(session, settings, ref)
    contacts = _contacts(session, key)
    ids = [c.id for c in contacts]
    revisions = session.exec(select(ContactRevision).where(col(ContactRevision.contact_id).in_(ids))
                             .order_by(col(ContactRevision.contact_id), col(ContactRevision.version))).all()
    callbacks = session.exec(select(CallbackTask).where(col(CallbackTask.contact_id).in_(ids))).all()
    audit.record_many(session, actor.id, "contact.export", [f"contact:{i}" for i in ids], client_addr)
    audit.record(session, actor.id, "caller.export", "", client_addr, {"contacts": len(ids)})
    return {
        "caller_key": key,
        "number_held": session.get(SealedNumber, key) is not None,
        "contacts": [to_public(session, c).model_dump(mode="json") for c in contacts],
        "revisions": [r.model_dump(mode="json") for r in revisions],
        "callbacks": [t.model_dump(mode="json") for t in callbacks],
    }


def erase(session: Session, *, actor: CurrentUser, settings: Settings, request: ErasureRequest,
          client_addr: str) -> dict[str, int]:
    """Erase the caller's personal data, keeping bare counts; returns what was touched."""
    require(actor, "caller_rights")
    key = caller_key_of(session, settings, request)
    ids = [c.id for c in _contacts(session, key)]
    if ids:
        session.execute(delete(ContactRevision).where(col(ContactRevision.contact_id).in_(ids)))
        session.execute(delete(CallbackTask).where(col(CallbackTask.contact_id).in_(ids)))
        session.execute(update(Escalation).where(col(Escalation.contact_id).in_(ids))
                        .values(outcome="", rescue={}))
        session.execute(update(Contact).where(col(Contact.previous_contact_id).in_(ids))
                        .values(previous_contact_id=None))
        session.execute(update(Contact).where(col(Contact.id).in_(ids)).values(
            caller_key=None, call_sid=None, previous_contact_id=None, caller_profile={},
            issues=[], risk_screen={}, interventions=[], referrals=[], safety_plan={},
            follow_up={}, notes=""))
    sealed = session.execute(delete(SealedNumber).where(col(SealedNumber.caller_key) == key))
    numbers = int(getattr(sealed, "rowcount", 0) or 0)
    audit.record(session, actor.id, "caller.erase", "", client_addr,
                 {"contacts": len(ids), "sealed_numbers": numbers,
                  "reason": request.reason.strip()})
    session.flush()
    session.expire_all()
    return {"contacts": len(ids), "sealed_numbers": numbers}
