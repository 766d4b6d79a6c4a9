"""``GET/PUT /api/presence``: an operator reads and sets their own status (never another's)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from hotline.auth.deps import CurrentUserDep
from hotline.db import SessionDep
from hotline.presence import service
from hotline.presence.models import Presence

router = APIRouter(prefix="/api/presence", tags=["presence"])


class PresenceIn(BaseModel):
    status: Presence


class PresenceOut(BaseModel):
    status: Presence
    state: str
    takes_calls: bool
    shift_end: datetime | None
    next_shift_start: datetime | None


def _out(session: SessionDep, staff_id: int) -> PresenceOut:
    state = service.state_of(session, staff_id)
    return PresenceOut(status=state.status, state=state.word, takes_calls=state.takes_calls,
                       shift_end=state.shift.end if state.shift else None,
                       next_shift_start=state.next_shift.start if state.next_shift else None)


@router.get("", response_model=PresenceOut)
def my_presence(user: CurrentUserDep, session: SessionDep) -> PresenceOut:
    assert user.id is not None
    return _out(session, user.id)


@router.put("", response_model=PresenceOut)
def set_presence(body: PresenceIn, user: CurrentUserDep, session: SessionDep) -> PresenceOut:
    service.set_status(session, actor=user, status=body.status, client_addr=user.client_addr)
    assert user.id is not None
    return _out(session, user.id)
