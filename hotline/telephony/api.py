"""The live call queue and call-back tasks, for the console."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from hotline.auth.deps import CurrentUserDep, client_addr, require
from hotline.contacts import service as contacts
from hotline.contacts.schemas import ContactPublic
from hotline.db import Id, SessionDep
from hotline.errors import Conflict
from hotline.telephony import callbacks, calls
from hotline.telephony.gateway import Telephony, TwilioGateway

router = APIRouter(prefix="/api", tags=["telephony"])


def telephony(request: Request) -> Telephony:
    settings = request.app.state.settings
    if not settings.twilio_configured:
        raise Conflict("Calls cannot be placed from here: the hotline's telephony (Twilio) is "
                       "not set up. Call from your phone, or ask an administrator.")
    return TwilioGateway(settings)


@router.get("/queue")
def call_queue(user: CurrentUserDep, session: SessionDep) -> list[dict[str, Any]]:
    require(user, "create_contact")
    return calls.queue(session)


@router.post("/queue/{contact_id}/accept", response_model=ContactPublic)
def accept_call(contact_id: Id, user: CurrentUserDep, session: SessionDep, request: Request):
    contact = calls.accept(session, actor=user, contact_id=contact_id,
                           telephony=telephony(request), settings=request.app.state.settings,
                           client_addr=client_addr(request))
    return contacts.to_public(session, contact)


class Attempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    result: callbacks.Result


@router.get("/callbacks")
def open_callbacks(user: CurrentUserDep, session: SessionDep) -> list[dict[str, Any]]:
    require(user, "create_contact")
    return [t.model_dump(mode="json") for t in callbacks.open_tasks(session)]


@router.post("/callbacks/{task_id}/attempts")
def callback_attempt(task_id: Id, body: Attempt, user: CurrentUserDep, session: SessionDep,
                     request: Request) -> dict[str, Any]:
    task = callbacks.record_attempt(session, actor=user, task_id=task_id, result=body.result,
                                    client_addr=client_addr(request))
    return task.model_dump(mode="json")


@router.post("/callbacks/{task_id}/dial")
def callback_dial(task_id: Id, user: CurrentUserDep, session: SessionDep,
                  request: Request) -> dict[str, str]:
    sid = callbacks.dial(session, actor=user, task_id=task_id, telephony=telephony(request),
                         settings=request.app.state.settings, client_addr=client_addr(request))
    return {"call_sid": sid}
