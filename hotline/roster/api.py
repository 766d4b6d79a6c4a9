"""Shifts, coverage and on-call over HTTP."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, TypedDict

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AwareDatetime, BaseModel
from starlette.requests import HTTPConnection

from hotline.access import scope
from hotline.access.permissions import require
from hotline.auth.deps import CurrentUserDep, client_addr
from hotline.config import Settings, SettingsDep
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import InvalidInput
from hotline.policies import Policies, PoliciesDep
from hotline.roster import calendar, centres, service, training_slots
from hotline.roster.policy import Position
from hotline.roster.schemas import (
    CoveragePublic,
    CoverageQuery,
    OnCallPublic,
    ShiftCreate,
    ShiftPublic,
    ShiftUpdate,
    Window,
)

router = APIRouter(prefix="/api", tags=["roster"])
public = APIRouter(tags=["roster"])


class Guarded(TypedDict):
    """What the guarded roster services (the working-time and coverage rules) need beyond the
    actor and the body; a route passes it on as ``**guard``."""

    client_addr: str
    settings: Settings
    policies: Policies


async def guarded_context(connection: HTTPConnection, settings: SettingsDep,
                          policies: PoliciesDep) -> Guarded:
    return Guarded(client_addr=client_addr(connection), settings=settings, policies=policies)


GuardedDep = Annotated[Guarded, Depends(guarded_context)]


# Slots for a training are the roster's to judge (what keeps 7x24 coverage), so the route
# lives here, under the trainings' path.
@router.get("/trainings/suggestions", tags=["training"])
def suggestions(
    session: SessionDep, user: CurrentUserDep, settings: SettingsDep, policies: PoliciesDep,
    since: date, until: date, audience: Literal["operators", "crisis_team", "all"],
    hours: Annotated[float, Query(gt=0, le=12)] = 3,
    earliest: time = training_slots.DAY_STARTS, latest: time = training_slots.DAY_ENDS,
) -> list[dict[str, Any]]:
    """Coverage-safe slots between two local dates, each within ``earliest``-``latest`` local
    time, the best of each day, most attendees first."""
    require(user, "manage_trainings")
    if until < since or (until - since) > timedelta(days=200):
        raise InvalidInput("training.suggest_window", field="until")
    training_slots.check_hours(hours, earliest, latest)
    slots = training_slots.suggest(session, first_day=since, last_day=until, audience=audience,
                                   hours=hours, settings=settings, policies=policies,
                                   earliest=earliest, latest=latest)
    return [asdict(s) for s in slots]


@router.get("/shifts", response_model=list[ShiftPublic])
def list_shifts(
    window: Annotated[Window, Query()], user: CurrentUserDep, session: SessionDep,
    staff_id: Id | None = None, position: Position | None = None,
):
    """The reader's centre: the shifts worked there (``lent: lent_in`` for people from
    other centres) and its people's shifts at other centres (``lent: lent_out``)."""
    require(user, "view_roster")
    shifts = [s for s in service.shifts_between(
        session, window.since, window.until, staff_id=staff_id, position=position
    ) if scope.reaches(user, s.centre_id) or s.staff_id == user.id]
    scope.audit_reads(session, user, [s.centre_id for s in shifts], "shifts", user.client_addr)
    seen = {s.id for s in shifts}
    away = [s for s in service.lent_out(session, window.since, window.until,
                                        centre_id=user.centre_id)
            if s.id not in seen and staff_id in (None, s.staff_id)
            and position in (None, s.position)]
    return service.to_public(session, sorted([*shifts, *away], key=lambda s: (s.start, s.id)),
                             viewer_centre_id=user.centre_id)


@router.post("/shifts", status_code=201, response_model=ShiftPublic)
def create_shift(body: ShiftCreate, user: CurrentUserDep, session: SessionDep, guard: GuardedDep):
    shift = service.create_shift(session, actor=user, data=body, **guard)
    return service.to_public(session, [shift])[0]


@router.patch("/shifts/{shift_id}", response_model=ShiftPublic)
def update_shift(shift_id: Id, body: ShiftUpdate, user: CurrentUserDep, session: SessionDep,
                 guard: GuardedDep):
    shift = service.update_shift(
        session, actor=user, shift_id=shift_id, data=body, **guard
    )
    return service.to_public(session, [shift])[0]


@router.delete("/shifts/{shift_id}", status_code=204)
def delete_shift(shift_id: Id, user: CurrentUserDep, session: SessionDep, guard: GuardedDep,
                 override_reason: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    service.delete_shift(
        session, actor=user, shift_id=shift_id, override_reason=override_reason,
        **guard,
    )
    return Response(status_code=204)


@router.post("/shifts/{shift_id}/check-in", response_model=ShiftPublic)
def check_in(shift_id: Id, user: CurrentUserDep, session: SessionDep):
    shift = service.check_in(session, actor=user, shift_id=shift_id,
                             client_addr=user.client_addr)
    return service.to_public(session, [shift])[0]


@router.post("/shifts/{shift_id}/check-out", response_model=ShiftPublic)
def check_out(shift_id: Id, user: CurrentUserDep, session: SessionDep):
    shift = service.check_out(session, actor=user, shift_id=shift_id,
                              client_addr=user.client_addr)
    return service.to_public(session, [shift])[0]


class FeedRequest(BaseModel):
    staff_id: Id | None = None
    team_id: Id | None = None


@router.post("/calendar/feeds", status_code=201)
def create_feed(body: FeedRequest, user: CurrentUserDep, session: SessionDep, request: Request):
    """A secret iCalendar URL; the token is shown only in this answer."""
    token = calendar.create_feed(
        session, actor=user, staff_id=body.staff_id, team_id=body.team_id,
        client_addr=user.client_addr,
    )
    return {"token": token, "url": str(request.url_for("calendar_feed", token=token))}


@router.post("/calendar/feeds/revoke")
def revoke_feeds(user: CurrentUserDep, session: SessionDep):
    return {"revoked": calendar.revoke_feeds(session, actor=user, client_addr=user.client_addr)}


@public.get("/calendar/{token}.ics", name="calendar_feed")
def calendar_feed(token: str, session: SessionDep) -> Response:
    """No login: calendar apps cannot log in; the unguessable token is the key."""
    return Response(calendar.render(session, token), media_type="text/calendar; charset=utf-8")


@router.get("/coverage", response_model=CoveragePublic)
def coverage(window: Annotated[CoverageQuery, Query()], user: CurrentUserDep, session: SessionDep,
             settings: SettingsDep, policies: PoliciesDep):
    """Gaps in the roster, or (``basis=checked_in``) in the seats people actually checked in
    to, up to now: the future has no check-ins yet."""
    require(user, "view_roster")
    now = utcnow()
    if window.basis == "checked_in" and window.since >= now:
        raise InvalidInput("coverage.checked_in_needs_past", field="since")
    here = centres.view(session, user.centre_id, settings=settings, policies=policies)
    report = service.coverage_report(
        session, since=window.since, until=window.until,
        settings=here.settings, policies=here.policies,
        basis=window.basis, now=now, centre_id=here.centre_id,
    )
    return CoveragePublic(
        gaps=service.gaps_public(report.gaps), covered_ratio=round(report.covered_ratio, 6),
        required_hours=report.required_hours, staffed_hours=report.staffed_hours,
    )


@router.get("/oncall", response_model=OnCallPublic)
def oncall(user: CurrentUserDep, session: SessionDep, at: AwareDatetime | None = None):
    require(user, "view_roster")
    instant: datetime = at or utcnow()
    held = service.on_call(session, instant, user.centre_id)
    return OnCallPublic(
        at=instant, positions={p: service.to_public(session, s) for p, s in held.items()}
    )
