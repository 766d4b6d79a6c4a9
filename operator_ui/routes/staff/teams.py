"""The teams page: the operator team and the crisis-intervention team with their duties (the
crisis team has one leader)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.db import MAX_ID, Id, SessionDep
from hotline.staff import teams
from hotline.staff.models import Duty, TeamKind
from hotline.staff.schemas import TeamCreate
from operator_ui import staff_choices, staff_form
from operator_ui.form_errors import FormProblems, Problem, refused
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect
from operator_ui.routes.staff.page import page

router = page_router(prefix="/staff")
OPERATOR_TEAM_DUTIES = (Duty.member.value, Duty.leader.value)


def _teams_page(request: Request, session: Session, user: CurrentUser, *,
                problems: list[Problem] | None = None, team_id: int | None = None,
                values: dict[str, str] | None = None, status_code: int = 200) -> Response:
    public_teams = teams.team_public(session, teams.list_teams(session, reader=user))
    return page(
        request, "staff/teams.html", status_code=status_code, teams=public_teams,
        people=staff_choices.active_people(session, user) if can(user, "manage_staff") else [],
        problems=problems or [], problem_team=team_id, values=values or {},
        operator_duties=OPERATOR_TEAM_DUTIES, team_kinds=[k.value for k in TeamKind],
    )


@router.get("/teams")
def teams_page(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_staff")
    return _teams_page(request, session, user)


@router.post("/teams")
def create_team(request: Request, user: SignedInDep, form: FormDep,
                session: SessionDep) -> Response:
    require(user, "manage_staff")
    values = {k: str(form.get(k, "")).strip() for k in ("code", "name_zh", "name_en", "kind")}
    with refused(session) as refusal:
        data = staff_form._validate(TeamCreate, values)
        teams.create_team(session, actor=user, data=data, client_addr=user.client_addr)
    if refusal:
        problems = refusal.problems
        if isinstance(refusal.error, FormProblems):
            problems = [Problem("code", N_("Team codes use lower-case letters, digits, '-' and "
                                           "'_' (e.g. crisis).")) if p.field == "code" else
                        Problem("kind", N_("Choose the kind of team.")) if p.field == "kind" else
                        Problem("name_zh", N_("Give the team a name in Chinese, in English or "
                                              "both.")) for p in problems]
        return _teams_page(request, session, user, problems=problems, team_id=0, values=values,
                           status_code=refusal.status_code)
    return redirect("/staff/teams?done=team")


@router.post("/teams/{team_id}/members")
def save_member(team_id: Id, request: Request, user: SignedInDep, form: FormDep,
                session: SessionDep) -> Response:
    """Put someone on a team, or change a member's duty (the crisis team has one leader)."""
    require(user, "manage_staff")
    values = {"staff_id": str(form.get("staff_id", "")), "duty": str(form.get("duty", ""))}
    with refused(session) as refusal:
        if not values["staff_id"].isdigit() or not 0 < int(values["staff_id"]) <= MAX_ID:
            raise FormProblems([Problem("staff_id", N_("Choose a person."))])
        if values["duty"] not in {d.value for d in Duty}:
            raise FormProblems([Problem("duty", N_("Choose a duty."))])
        teams.add_member(session, actor=user, team_id=team_id, staff_id=int(values["staff_id"]),
                           duty=Duty(values["duty"]), client_addr=user.client_addr)
    if refusal:
        return _teams_page(request, session, user, problems=refusal.problems,
                           team_id=team_id, values=values, status_code=refusal.status_code)
    return redirect(f"/staff/teams?done=member#team-{team_id}")


@router.post("/teams/{team_id}/members/{staff_id}/remove")
def remove_member(team_id: Id, staff_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    teams.remove_member(session, actor=user, team_id=team_id, staff_id=staff_id,
                          client_addr=user.client_addr)
    return redirect(f"/staff/teams?done=member_removed#team-{team_id}")
