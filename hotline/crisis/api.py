"""Escalations over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from hotline.access import audit
from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep
from hotline.contacts.schemas import BreakGlass, BreakGlassPublic
from hotline.crisis import breakglass, engine, live_call, rescue, service
from hotline.crisis.models import EscalationState
from hotline.crisis.schemas import EscalationStepPublic, Resolution
from hotline.db import Id, SessionDep
from hotline.policies import PoliciesDep
from hotline.telephony.api import leg_public, telephony

router = APIRouter(prefix="/api/escalations", tags=["crisis"])
# Crisis actions on a contact itself.
contacts = APIRouter(prefix="/api/contacts", tags=["crisis"])


@router.get("")
def list_escalations(user: CurrentUserDep, session: SessionDep,
                     state: EscalationState | None = None) -> list[dict[str, Any]]:
    rows = service.visible(session, actor=user, state=state)
    # The summaries carry the contacts' risk answers: a read of those records, audited.
    audit.record_many(session, user.id, "contact.read_via_escalation",
                      [f"contact:{e.contact_id}" for e in rows], user.client_addr)
    return [engine.summary(session, e) for e in rows]


@router.get("/{escalation_id}")
def get_escalation(escalation_id: Id, user: CurrentUserDep, session: SessionDep) -> dict[str, Any]:
    esc = service.get(session, actor=user, escalation_id=escalation_id,
                      client_addr=user.client_addr)
    audit.record(session, user.id, "contact.read_via_escalation", f"contact:{esc.contact_id}",
                 user.client_addr)
    return {**engine.summary(session, esc), "outcome": esc.outcome, "rescue": esc.rescue,
            "steps": [EscalationStepPublic.model_validate(s, from_attributes=True).model_dump(mode="json")
                      for s in service.steps(session, esc)]}


@router.post("/{escalation_id}/ack")
def acknowledge(escalation_id: Id, user: CurrentUserDep, session: SessionDep) -> dict[str, Any]:
    esc = service.acknowledge(session, actor=user, escalation_id=escalation_id, via="console",
                              client_addr=user.client_addr)
    return engine.summary(session, esc)


@router.post("/{escalation_id}/resolve")
def resolve(escalation_id: Id, body: Resolution, user: CurrentUserDep,
            session: SessionDep) -> dict[str, Any]:
    esc = service.resolve(session, actor=user, escalation_id=escalation_id, data=body,
                          client_addr=user.client_addr)
    return engine.summary(session, esc)


@router.post("/{escalation_id}/rescue")
def rescue_step(escalation_id: Id, body: rescue.RescueStep, user: CurrentUserDep,
                session: SessionDep) -> dict[str, Any]:
    """One step of the rescue timeline (emergency service called, location given, person
    reached or not, hand-over...). "Not reached" keeps the case open and pages."""
    esc = service.record_rescue(session, actor=user, escalation_id=escalation_id, data=body,
                                client_addr=user.client_addr)
    return {**engine.summary(session, esc), "rescue": esc.rescue}


@router.post("/{escalation_id}/join-call", status_code=202)
def join_call(escalation_id: Id, user: CurrentUserDep, session: SessionDep, request: Request,
              settings: SettingsDep, policies: PoliciesDep) -> dict[str, Any]:
    """Dial the responder who took the alert into the caller's call (warm: the operator
    stays on until they hang up). 409 when the contact has no live call."""
    leg = live_call.join_call(session, actor=user, escalation_id=escalation_id,
                              telephony=telephony(request), settings=settings,
                              policies=policies, client_addr=user.client_addr)
    session.flush()
    return leg_public(leg)


@contacts.post("/{contact_id}/break-glass", response_model=BreakGlassPublic)
def break_glass(contact_id: Id, body: BreakGlass, user: CurrentUserDep, session: SessionDep,
                settings: SettingsDep):
    """The caller's number and location for a rescue: audited with the reason."""
    return breakglass.open_glass(session, actor=user, contact_id=contact_id, reason=body.reason,
                                 settings=settings, client_addr=user.client_addr)
