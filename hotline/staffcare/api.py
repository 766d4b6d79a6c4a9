"""Debriefs and clinical supervision over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep
from hotline.db import Id, SessionDep, utcnow
from hotline.policies import PoliciesDep
from hotline.staffcare import service
from hotline.staffcare.schemas import (
    DebriefAnswer,
    DebriefPublic,
    SupervisionCreate,
    SupervisionHours,
    SupervisionPublic,
)

router = APIRouter(prefix="/api", tags=["staff care"])


@router.get("/debriefs", response_model=list[DebriefPublic])
def debriefs(user: CurrentUserDep, session: SessionDep, outstanding: bool = False):
    """My debriefs; ``outstanding=true`` (supervisors): everyone's not yet taken up."""
    if outstanding:
        return service.outstanding(session, actor=user)
    return service.mine(session, actor=user)


@router.post("/debriefs/{debrief_id}", response_model=DebriefPublic)
def answer_debrief(debrief_id: Id, body: DebriefAnswer, user: CurrentUserDep, session: SessionDep):
    return service.answer(session, actor=user, debrief_id=debrief_id, data=body,
                          client_addr=user.client_addr)


@router.post("/supervision", response_model=list[SupervisionPublic], status_code=201)
def record_supervision(body: SupervisionCreate, user: CurrentUserDep, session: SessionDep,
                       settings: SettingsDep):
    today = utcnow().astimezone(settings.zone).date()
    return service.record_supervision(session, actor=user, data=body, today=today,
                                      client_addr=user.client_addr)


@router.get("/supervision/hours", response_model=list[SupervisionHours])
def supervision_hours(user: CurrentUserDep, session: SessionDep, settings: SettingsDep,
                      policies: PoliciesDep,
                      year: Annotated[int | None, Query(ge=2000, le=2100)] = None):
    zone = settings.zone
    return service.hours(session, actor=user, year=year or utcnow().astimezone(zone).year,
                         policy=policies.trainings)
