"""The live call queue and call-back tasks, for the console."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from hotline.access.permissions import require
from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep, settings_of
from hotline.contacts.schemas import ContactPublic
from hotline.db import Id, SessionDep
from hotline.errors import Conflict
from hotline.flows import intake
from hotline.policies import PoliciesDep
from hotline.telephony import callbacks, calls, conference
from hotline.telephony.gateway import Telephony, TwilioGateway
from hotline.telephony.models import CallLeg

router = APIRouter(prefix="/api", tags=["telephony"])


def telephony(request: Request) -> Telephony:
    settings = settings_of(request)
    if not settings.twilio_configured:
        raise Conflict("call.telephony_not_set_up")
    return TwilioGateway(settings)


@router.get("/queue")
def call_queue(user: CurrentUserDep, session: SessionDep) -> list[dict[str, Any]]:
    require(user, "view_call_queue")
    return calls.queue(session, reader=user, client_addr=user.client_addr)


@router.post("/queue/{contact_id}/accept", response_model=ContactPublic)
def accept_call(contact_id: Id, user: CurrentUserDep, session: SessionDep, request: Request,
                settings: SettingsDep, policies: PoliciesDep):
    contact = calls.accept(session, actor=user, contact_id=contact_id,
                           telephony=telephony(request), settings=settings,
                           policies=policies, client_addr=user.client_addr)
    return intake.public(session, contact)


class Monitor(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: conference.Mode


def leg_public(leg: CallLeg) -> dict[str, Any]:
    """A conference leg as the API shows it."""
    return {"leg_id": leg.id, "role": leg.role, "mode": leg.mode, "status": leg.status}


@router.post("/calls/{contact_id}/monitor", status_code=202)
def monitor_call(contact_id: Id, body: Monitor, user: CurrentUserDep, session: SessionDep,
                 request: Request, settings: SettingsDep, policies: PoliciesDep) -> dict[str, Any]:
    """A supervisor listens (muted), whispers to the operator, or barges in."""
    leg = conference.monitor(session, actor=user, contact_id=contact_id, mode=body.mode,
                             telephony=telephony(request), settings=settings,
                             policies=policies,
                             client_addr=user.client_addr)
    session.flush()
    return leg_public(leg)


class Attempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    result: callbacks.Result


@router.get("/callbacks")
def open_callbacks(user: CurrentUserDep, session: SessionDep) -> list[dict[str, Any]]:
    require(user, "create_contact")
    return [t.model_dump(mode="json") for t in callbacks.open_tasks(session, reader=user)]


@router.post("/callbacks/{task_id}/attempts")
def callback_attempt(task_id: Id, body: Attempt, user: CurrentUserDep,
                     session: SessionDep) -> dict[str, Any]:
    task = callbacks.record_attempt(session, actor=user, task_id=task_id, result=body.result,
                                    client_addr=user.client_addr)
    return task.model_dump(mode="json")


@router.post("/callbacks/{task_id}/dial")
def callback_dial(task_id: Id, user: CurrentUserDep, session: SessionDep, request: Request,
                  settings: SettingsDep) -> dict[str, str]:
    sid = callbacks.dial(session, actor=user, task_id=task_id, telephony=telephony(request),
                         settings=settings, client_addr=user.client_addr)
    return {"call_sid": sid}
