"""Leave and swap requests over HTTP."""

from __future__ import annotations

from fastapi import APIRouter

from hotline.auth.deps import CurrentUserDep
from hotline.db import Id, SessionDep
from hotline.roster import requests as svc
from hotline.roster.api import GuardedDep
from hotline.roster.models import LeaveStatus, SwapStatus
from hotline.roster.schemas import (
    LeaveCreate,
    LeaveDecision,
    LeavePublic,
    SwapCreate,
    SwapDecision,
    SwapPublic,
)

router = APIRouter(prefix="/api", tags=["roster"])


@router.get("/leave", response_model=list[LeavePublic])
def list_leave(user: CurrentUserDep, session: SessionDep, status: LeaveStatus | None = None):
    return svc.list_leave(session, actor=user, status=status)


@router.post("/leave", status_code=201, response_model=LeavePublic)
def request_leave(body: LeaveCreate, user: CurrentUserDep, session: SessionDep):
    return svc.request_leave(session, actor=user, data=body, client_addr=user.client_addr)


@router.post("/leave/{leave_id}/decision", response_model=LeavePublic)
def decide_leave(leave_id: Id, body: LeaveDecision, user: CurrentUserDep, session: SessionDep,
                 guard: GuardedDep):
    return svc.decide_leave(
        session, actor=user, leave_id=leave_id, decision=body, **guard
    )


@router.post("/leave/{leave_id}/cancel", response_model=LeavePublic)
def cancel_leave(leave_id: Id, user: CurrentUserDep, session: SessionDep):
    return svc.cancel_leave(session, actor=user, leave_id=leave_id,
                            client_addr=user.client_addr)


@router.get("/swaps", response_model=list[SwapPublic])
def list_swaps(user: CurrentUserDep, session: SessionDep, status: SwapStatus | None = None):
    return svc.list_swaps(session, status=status)


@router.post("/swaps", status_code=201, response_model=SwapPublic)
def offer_swap(body: SwapCreate, user: CurrentUserDep, session: SessionDep):
    return svc.offer_swap(session, actor=user, shift_id=body.shift_id, reason=body.reason,
                          client_addr=user.client_addr)


@router.post("/swaps/{swap_id}/take", response_model=SwapPublic)
def take_swap(swap_id: Id, user: CurrentUserDep, session: SessionDep, guard: GuardedDep):
    return svc.take_swap(session, actor=user, swap_id=swap_id, **guard)


@router.post("/swaps/{swap_id}/untake", response_model=SwapPublic)
def untake_swap(swap_id: Id, user: CurrentUserDep, session: SessionDep):
    return svc.untake_swap(session, actor=user, swap_id=swap_id, client_addr=user.client_addr)


@router.post("/swaps/{swap_id}/cancel", response_model=SwapPublic)
def cancel_swap(swap_id: Id, user: CurrentUserDep, session: SessionDep):
    return svc.cancel_swap(session, actor=user, swap_id=swap_id, client_addr=user.client_addr)


@router.post("/swaps/{swap_id}/decision", response_model=SwapPublic)
def decide_swap(swap_id: Id, body: SwapDecision, user: CurrentUserDep, session: SessionDep,
                guard: GuardedDep):
    return svc.decide_swap(session, actor=user, swap_id=swap_id, approve=body.approve,
                           **guard)
