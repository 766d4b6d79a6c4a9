"""Caller history, flags and care plans over HTTP."""

from __future__ import annotations

from fastapi import APIRouter, Response

from hotline.auth.deps import CurrentUserDep
from hotline.callers import history, service
from hotline.callers.schemas import (
    CallerHistory,
    CarePlanIn,
    CarePlanPublic,
    FlagCreate,
    FlagPublic,
    FlagReviewCreate,
)
from hotline.db import Id, SessionDep
from hotline.policies import PoliciesDep

router = APIRouter(prefix="/api", tags=["callers"])


@router.get("/contacts/{contact_id}/caller-history", response_model=CallerHistory)
def caller_history(contact_id: Id, user: CurrentUserDep, session: SessionDep):
    """The caller's earlier contacts, latest safety plan, flags and care plan, for whoever
    handles contact ``contact_id`` now (its operator, a follow-up owner, an alerted responder,
    supervisors); 403 for others. Audited as reads."""
    return history.caller_history(session, actor=user, contact_id=contact_id,
                                  client_addr=user.client_addr)


@router.post("/contacts/{contact_id}/caller-flags", response_model=FlagPublic, status_code=201)
def set_flag(contact_id: Id, body: FlagCreate, user: CurrentUserDep, session: SessionDep,
             response: Response, policies: PoliciesDep):
    flag, created = service.set_flag(session, actor=user, contact_id=contact_id, data=body,
                                     policy=policies.records,
                                     client_addr=user.client_addr)
    if not created:
        response.status_code = 200
    return service.flags_public(session, [flag])[0]


@router.get("/caller-flags", response_model=list[FlagPublic])
def flags_to_review(user: CurrentUserDep, session: SessionDep):
    return service.flags_public(session, service.pending_review(session, actor=user))


@router.post("/caller-flags/{flag_id}/review", response_model=FlagPublic)
def review_flag(flag_id: Id, body: FlagReviewCreate, user: CurrentUserDep, session: SessionDep):
    flag = service.review_flag(session, actor=user, flag_id=flag_id, data=body,
                               client_addr=user.client_addr)
    return service.flags_public(session, [flag])[0]


@router.put("/contacts/{contact_id}/care-plan", response_model=CarePlanPublic)
def set_care_plan(contact_id: Id, body: CarePlanIn, user: CurrentUserDep, session: SessionDep):
    plan = service.set_care_plan(session, actor=user, contact_id=contact_id, data=body,
                                 client_addr=user.client_addr)
    session.flush()
    public = service.care_plan_public(session, plan.caller_key)
    assert public is not None
    return public
