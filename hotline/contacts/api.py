"""Contact records over HTTP: thin, the rules live in the service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from hotline.access.permissions import require
from hotline.auth.deps import CurrentUserDep, CurrentUserOnLoopDep
from hotline.config import SettingsDep
from hotline.contacts import breakglass, service
from hotline.contacts.risk import RiskScreen, assess
from hotline.contacts.schemas import (
    BreakGlass,
    BreakGlassPublic,
    ContactCreate,
    ContactFilters,
    ContactPage,
    ContactPublic,
    ContactUpdate,
    CoSign,
    RevisionPublic,
    RiskAssessmentPublic,
)
from hotline.db import Id, LoopSessionDep, SessionDep
from hotline.policies import PoliciesDep

router = APIRouter(prefix="/api/contacts", tags=["contacts"])


@router.post("", status_code=201, response_model=ContactPublic)
async def create_contact(body: ContactCreate, user: CurrentUserOnLoopDep, session: LoopSessionDep,
                         settings: SettingsDep, policies: PoliciesDep):
    """On the event loop: the alert path. A few milliseconds of database work here beat four
    thread hand-offs, and the commit hands the events to the consoles without another."""
    contact = service.create_contact(
        session, actor=user, data=body, client_addr=user.client_addr,
        settings=settings, policies=policies,
    )
    return service.to_public(session, contact)


@router.get("", response_model=ContactPage)
def list_contacts(filters: Annotated[ContactFilters, Query()], user: CurrentUserDep,
                  session: SessionDep):
    rows, total = service.list_contacts(
        session, actor=user, filters=filters, client_addr=user.client_addr
    )
    return ContactPage(items=service.to_summaries(session, rows), total=total)


@router.post("/risk-preview", response_model=RiskAssessmentPublic)
def risk_preview(screen: RiskScreen, user: CurrentUserDep):
    """Score a screen without saving it: the console shows the level live as answers come."""
    require(user, "create_contact")
    result = assess(screen)
    return RiskAssessmentPublic(
        risk_level=result.level, computed_level=result.computed_level,
        reasons=list(result.reasons), lowered=result.lowered,
    )


@router.get("/{contact_id}", response_model=ContactPublic)
def get_contact(contact_id: Id, user: CurrentUserDep, session: SessionDep):
    contact = service.get_contact(
        session, actor=user, contact_id=contact_id, client_addr=user.client_addr
    )
    return service.to_public(session, contact)


@router.patch("/{contact_id}", response_model=ContactPublic)
def update_contact(contact_id: Id, body: ContactUpdate, user: CurrentUserDep, session: SessionDep,
                   settings: SettingsDep, policies: PoliciesDep):
    contact = service.update_contact(
        session, actor=user, contact_id=contact_id, data=body, client_addr=user.client_addr,
        settings=settings, policies=policies,
    )
    return service.to_public(session, contact)


@router.get("/{contact_id}/revisions", response_model=list[RevisionPublic])
def contact_revisions(contact_id: Id, user: CurrentUserDep, session: SessionDep):
    return service.revisions(
        session, actor=user, contact_id=contact_id, client_addr=user.client_addr
    )


@router.post("/{contact_id}/co-sign", response_model=ContactPublic)
def co_sign(contact_id: Id, body: CoSign, user: CurrentUserDep, session: SessionDep):
    """A supervisor co-signs or refuses an operator's lowering of a high/imminent screen."""
    contact = service.co_sign(session, actor=user, contact_id=contact_id, data=body,
                              client_addr=user.client_addr)
    return service.to_public(session, contact)


@router.post("/{contact_id}/break-glass", response_model=BreakGlassPublic)
def break_glass(contact_id: Id, body: BreakGlass, user: CurrentUserDep, session: SessionDep,
                settings: SettingsDep):
    """The caller's number and location for a rescue: audited with the reason."""
    return breakglass.open_glass(session, actor=user, contact_id=contact_id, reason=body.reason,
                                 settings=settings,
                                 client_addr=user.client_addr)
