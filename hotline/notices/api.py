"""Notices over HTTP: the console polls or is pushed these as banners."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from hotline.auth.deps import CurrentUserDep
from hotline.db import Id, SessionDep
from hotline.notices import service

router = APIRouter(prefix="/api/notices", tags=["notices"])


class NoticePublic(BaseModel):
    id: int
    created_at: datetime
    audience: str
    kind: str
    title: str
    data: dict[str, Any]
    acknowledged_at: datetime | None
    acknowledged_by: int | None


@router.get("", response_model=list[NoticePublic])
def my_notices(user: CurrentUserDep, session: SessionDep, include_acknowledged: bool = False):
    return service.for_user(session, user, include_acknowledged=include_acknowledged)


class Dismissed(BaseModel):
    dismissed: int


@router.post("/ack-all", response_model=Dismissed)
def acknowledge_all(user: CurrentUserDep, session: SessionDep) -> Dismissed:
    """Dismiss all: every open notice for this person and their roles."""
    return Dismissed(dismissed=service.acknowledge_all(session, user=user))


@router.post("/{notice_id}/ack", response_model=NoticePublic)
def acknowledge(notice_id: Id, user: CurrentUserDep, session: SessionDep):
    return service.acknowledge(session, user=user, notice_id=notice_id)
