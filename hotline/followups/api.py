"""Follow-ups over HTTP: the worklist, one follow-up, attempts, reassignment."""

from __future__ import annotations

from fastapi import APIRouter, Request

from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep
from hotline.db import Id, SessionDep
from hotline.followups import service
from hotline.followups.schemas import Assign, AttemptCreate, FollowUpPublic, View
from hotline.policies import PoliciesDep
from hotline.telephony.api import telephony

router = APIRouter(prefix="/api/follow-ups", tags=["follow-ups"])


@router.get("", response_model=list[FollowUpPublic])
def worklist(user: CurrentUserDep, session: SessionDep, policies: PoliciesDep, view: View = "mine"):
    policy = policies.records
    rows = service.worklist(session, actor=user, view=view, policy=policy)
    return service.to_public(session, rows, policy)


@router.get("/{follow_up_id}", response_model=FollowUpPublic)
def get_follow_up(follow_up_id: Id, user: CurrentUserDep, session: SessionDep,
                  policies: PoliciesDep):
    task = service.get_follow_up(session, actor=user, follow_up_id=follow_up_id)
    return service.to_public(session, [task], policies.records,
                             with_attempts=True)[0]


@router.post("/{follow_up_id}/attempts", response_model=FollowUpPublic)
def record_attempt(follow_up_id: Id, body: AttemptCreate, user: CurrentUserDep, session: SessionDep,
                   settings: SettingsDep, policies: PoliciesDep):
    """One call to the caller; ``reached`` opens the linked follow-up contact
    (``reached_contact_id``)."""
    task, _attempt = service.record_attempt(
        session, actor=user, follow_up_id=follow_up_id, data=body,
        settings=settings, policies=policies, client_addr=user.client_addr)
    return service.to_public(session, [task], policies.records, with_attempts=True)[0]


@router.post("/{follow_up_id}/assign", response_model=FollowUpPublic)
def assign(follow_up_id: Id, body: Assign, user: CurrentUserDep, session: SessionDep,
           policies: PoliciesDep):
    task = service.assign(session, actor=user, follow_up_id=follow_up_id,
                          owner_id=body.owner_id, client_addr=user.client_addr)
    return service.to_public(session, [task], policies.records)[0]


@router.post("/{follow_up_id}/dial")
def dial(follow_up_id: Id, user: CurrentUserDep, session: SessionDep, request: Request,
         settings: SettingsDep) -> dict[str, str]:
    """Ring my phone, then the caller from the hotline's number (I never see the number)."""
    sid = service.dial(session, actor=user, follow_up_id=follow_up_id,
                       telephony=telephony(request), settings=settings,
                       client_addr=user.client_addr)
    return {"call_sid": sid}
