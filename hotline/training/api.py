"""Trainings and drills over HTTP."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import AwareDatetime

from hotline.access.permissions import require
from hotline.auth.deps import CurrentUserDep
from hotline.config import settings_of
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import InvalidInput
from hotline.flows import drills, training_sessions
from hotline.policies import PoliciesDep, centre_policies, policies_of
from hotline.roster.api import GuardedDep
from hotline.training import invitations, records, service
from hotline.training.schemas import (
    AttendanceBody,
    InvitationsAdd,
    InvitationsRemove,
    SessionCreate,
    SessionPublic,
    SessionUpdate,
)

router = APIRouter(prefix="/api/trainings", tags=["training"])


def _compliance(request: Request, session: SessionDep, user: CurrentUserDep,
                year: int | None) -> list[records.PersonCompliance]:
    require(user, "view_compliance")
    settings = settings_of(request)
    today = utcnow().astimezone(settings.zone).date()
    if year is not None and not 2000 <= year <= 2100:
        raise InvalidInput("training.year_out_of_range", field="year")
    return records.compliance(session, year=year or today.year, today=today,
                              policies=centre_policies(session, policies_of(request),
                                                       user.centre_id),
                              zone=settings.zone, centre_id=user.centre_id)


@router.get("/compliance")
def compliance(request: Request, session: SessionDep, user: CurrentUserDep,
               year: int | None = None) -> list[dict[str, Any]]:
    """Per person and mandate: required vs counted, and met / on_track / behind / at_risk."""
    return [asdict(r) for r in _compliance(request, session, user, year)]


@router.get("/compliance.csv")
def compliance_csv(request: Request, session: SessionDep, user: CurrentUserDep,
                   year: int | None = None) -> Response:
    body = records.compliance_csv(_compliance(request, session, user, year))
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="compliance-{year or "current"}.csv"'})


@router.get("", response_model=list[SessionPublic])
def list_sessions(session: SessionDep, user: CurrentUserDep, since: AwareDatetime | None = None,
                  until: AwareDatetime | None = None, kind: Literal["training", "drill"] | None = None,
                  mine: bool = False):
    """Everyone sees their centre's calendar of sessions; ``mine`` for one's own
    invitations, at any centre."""
    rows = service.list_sessions(session, since=since, until=until, kind=kind,
                                 staff_id=user.id if mine else None, reader=user)
    return [service.to_public(session, r) for r in rows]


@router.post("", status_code=201, response_model=SessionPublic)
def create_session(body: SessionCreate, session: SessionDep, user: CurrentUserDep,
                   guard: GuardedDep):
    return training_sessions.create_session(session, actor=user, data=body, **guard)


@router.get("/{session_id}", response_model=SessionPublic)
def get_session(session_id: Id, session: SessionDep, user: CurrentUserDep):
    return service.to_public(session, service.load(session, session_id, within=user))


@router.patch("/{session_id}", response_model=SessionPublic)
def update_session(session_id: Id, body: SessionUpdate, session: SessionDep, user: CurrentUserDep):
    row = service.update_session(session, actor=user, session_id=session_id, data=body,
                                 client_addr=user.client_addr)
    return service.to_public(session, row)


@router.post("/{session_id}/cancel", response_model=SessionPublic)
def cancel_session(session_id: Id, session: SessionDep, user: CurrentUserDep):
    row = service.cancel_session(session, actor=user, session_id=session_id,
                                 client_addr=user.client_addr)
    return service.to_public(session, row)


@router.post("/{session_id}/invitations", response_model=SessionPublic)
def invite(session_id: Id, body: InvitationsAdd, session: SessionDep, user: CurrentUserDep,
           guard: GuardedDep):
    """Invite more people after the session is planned (409 with the gaps and the people on
    shift, unless ``on_shift`` is "exclude")."""
    row = service.load(session, session_id, within=user, change=True)
    _, excluded = training_sessions.invite(
        session, actor=user, row=row, invite=body.invite, on_shift=body.on_shift,
        override_reason=body.override_reason, **guard)
    return service.to_public(session, row, excluded=excluded)


@router.post("/{session_id}/invitations/remove", response_model=SessionPublic)
def uninvite(session_id: Id, body: InvitationsRemove, session: SessionDep,
             user: CurrentUserDep):
    """Withdraw invitations that have no attendance recorded."""
    row = service.load(session, session_id, within=user, change=True)
    invitations.remove(session, actor=user, row=row, staff_ids=body.staff_ids,
                       client_addr=user.client_addr)
    return service.to_public(session, row)


@router.post("/{session_id}/attendance", response_model=SessionPublic)
def record_attendance(session_id: Id, body: AttendanceBody, session: SessionDep,
                      user: CurrentUserDep, policies: PoliciesDep):
    row = service.record_attendance(session, actor=user, session_id=session_id,
                                    records=body.records, client_addr=user.client_addr,
                                    policies=policies)
    return service.to_public(session, row)


@router.post("/{session_id}/drill-runs", status_code=201)
def start_drill_run(session_id: Id, session: SessionDep, user: CurrentUserDep,
                    guard: GuardedDep) -> dict[str, Any]:
    run = drills.start_run(session, actor=user, session_id=session_id, **guard)
    return {"run_id": run.id, "contact_id": run.contact_id}


@router.get("/{session_id}/drill-runs")
def drill_results(session_id: Id, session: SessionDep, user: CurrentUserDep) -> list[dict[str, Any]]:
    require(user, "view_compliance")
    service.load(session, session_id, within=user)
    return drills.results(session, session_id=session_id)
