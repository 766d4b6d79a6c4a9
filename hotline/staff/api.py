"""Staff registry API (the talent database): people, teams and qualifications (their logins
are ``hotline.auth.api``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response

from hotline.access import scope
from hotline.access.permissions import require
from hotline.auth import accounts
from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep, settings_of
from hotline.db import Id, SessionDep, utcnow
from hotline.flows import departure, hiring, role_change
from hotline.policies import PoliciesDep, policies_of
from hotline.staff import people, qualifications, teams, views
from hotline.staff.models import Qualification, Role, Staff
from hotline.staff.schemas import (
    DeactivateRequest,
    MemberCreate,
    QualificationCreate,
    QualificationPublic,
    QualificationUpdate,
    StaffCreate,
    StaffPublic,
    StaffUpdate,
    TeamCreate,
    TeamPublic,
)

router = APIRouter(prefix="/api", tags=["staff"])


def _public(request: Request, session: SessionDep, people: list[Staff]) -> list[StaffPublic]:
    return views.staff_public(
        session, people, today=utcnow().astimezone(settings_of(request).zone).date(),
        warning_days=policies_of(request).trainings.certificate_warning_days,
        logins=accounts.logins(session, (s.id for s in people)),
    )


def _qualification(request: Request, q: Qualification) -> QualificationPublic:
    return qualifications.qualification_public(
        q, today=utcnow().astimezone(settings_of(request).zone).date(),
        warning_days=policies_of(request).trainings.certificate_warning_days,
    )


@router.get("/staff", response_model=list[StaffPublic])
def list_staff(
    request: Request, user: CurrentUserDep, session: SessionDep,
    role: Role | None = None, team_id: Id | None = None, active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
):
    require(user, "view_staff")
    found = people.list_staff(session, role=role, team_id=team_id, active=active, q=q,
                              reader=user)
    scope.audit_reads(session, user, [s.centre_id for s in found], "staff", user.client_addr)
    return _public(request, session, found)


@router.post("/staff", status_code=201, response_model=StaffPublic)
def create_staff(body: StaffCreate, request: Request, user: CurrentUserDep, session: SessionDep):
    staff = hiring.hire(session, actor=user, data=body, client_addr=user.client_addr)
    return _public(request, session, [staff])[0]


@router.get("/staff/{staff_id}", response_model=StaffPublic)
def get_staff(staff_id: Id, request: Request, user: CurrentUserDep, session: SessionDep):
    staff = people.get_staff(session, staff_id)
    views.require_view(user, staff)
    scope.audit_reads(session, user, [staff.centre_id], "staff", user.client_addr)
    return _public(request, session, [staff])[0]


@router.patch("/staff/{staff_id}", response_model=StaffPublic)
def update_staff(staff_id: Id, body: StaffUpdate, request: Request, user: CurrentUserDep,
                 session: SessionDep, settings: SettingsDep, policies: PoliciesDep):
    staff = role_change.update_staff(session, actor=user, staff_id=staff_id, data=body,
                                     client_addr=user.client_addr,
                                     settings=settings,
                                     policies=policies)
    return _public(request, session, [staff])[0]


@router.post("/staff/{staff_id}/deactivate", response_model=StaffPublic)
def deactivate_staff(staff_id: Id, request: Request, user: CurrentUserDep, session: SessionDep,
                     settings: SettingsDep, policies: PoliciesDep,
                     body: Annotated[DeactivateRequest | None, Body()] = None):
    staff = departure.deactivate(
        session, actor=user, staff_id=staff_id,
        override_reason=body.override_reason if body else None,
        client_addr=user.client_addr, settings=settings,
        policies=policies,
    )
    return _public(request, session, [staff])[0]


@router.post("/staff/{staff_id}/reactivate", response_model=StaffPublic)
def reactivate_staff(staff_id: Id, request: Request, user: CurrentUserDep, session: SessionDep):
    staff = people.reactivate_staff(session, actor=user, staff_id=staff_id,
                                    client_addr=user.client_addr)
    return _public(request, session, [staff])[0]


@router.get("/teams", response_model=list[TeamPublic])
def list_teams(user: CurrentUserDep, session: SessionDep):
    require(user, "view_staff")
    return teams.team_public(session, teams.list_teams(session, reader=user))


@router.post("/teams", status_code=201, response_model=TeamPublic)
def create_team(body: TeamCreate, user: CurrentUserDep, session: SessionDep):
    team = teams.create_team(session, actor=user, data=body, client_addr=user.client_addr)
    return teams.team_public(session, [team])[0]


@router.get("/teams/{team_id}", response_model=TeamPublic)
def get_team(team_id: Id, user: CurrentUserDep, session: SessionDep):
    require(user, "view_staff")
    return teams.team_public(session, [teams.get_team(session, team_id, within=user)])[0]


@router.post("/teams/{team_id}/members", status_code=201, response_model=TeamPublic)
def add_member(team_id: Id, body: MemberCreate, user: CurrentUserDep, session: SessionDep):
    teams.add_member(session, actor=user, team_id=team_id, staff_id=body.staff_id,
                       duty=body.duty, client_addr=user.client_addr)
    return teams.team_public(session, [teams.get_team(session, team_id)])[0]


@router.delete("/teams/{team_id}/members/{staff_id}", status_code=204)
def remove_member(team_id: Id, staff_id: Id, user: CurrentUserDep, session: SessionDep) -> Response:
    teams.remove_member(session, actor=user, team_id=team_id, staff_id=staff_id,
                          client_addr=user.client_addr)
    return Response(status_code=204)


@router.get("/staff/{staff_id}/qualifications", response_model=list[QualificationPublic])
def list_qualifications(
    staff_id: Id, request: Request, user: CurrentUserDep, session: SessionDep
):
    views.require_view(user, people.get_staff(session, staff_id))
    return [_qualification(request, q) for q in qualifications.list_qualifications(session, staff_id)]


@router.post("/staff/{staff_id}/qualifications", status_code=201,
             response_model=QualificationPublic)
def add_qualification(staff_id: Id, body: QualificationCreate, request: Request,
                      user: CurrentUserDep, session: SessionDep):
    q = qualifications.add_qualification(session, actor=user, staff_id=staff_id, data=body,
                                  client_addr=user.client_addr)
    return _qualification(request, q)


@router.patch("/qualifications/{qualification_id}", response_model=QualificationPublic)
def update_qualification(qualification_id: Id, body: QualificationUpdate, request: Request,
                         user: CurrentUserDep, session: SessionDep):
    q = qualifications.update_qualification(session, actor=user, qualification_id=qualification_id,
                                     data=body, client_addr=user.client_addr)
    return _qualification(request, q)


@router.delete("/qualifications/{qualification_id}", status_code=204)
def remove_qualification(qualification_id: Id, user: CurrentUserDep,
                         session: SessionDep) -> Response:
    qualifications.remove_qualification(session, actor=user, qualification_id=qualification_id,
                                 client_addr=user.client_addr)
    return Response(status_code=204)
