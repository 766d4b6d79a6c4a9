"""Staff pages (the talent database): the list with filters, a person's page, and the admin
forms (people, logins, deactivation through the coverage guard, teams with duties,
qualifications). Thin: ``hotline.staff.service`` checks permissions and does the work; a
refused form is drawn again with what was typed and nothing written."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.auth.deps import check_csrf, client_addr, require
from hotline.auth.permissions import can
from hotline.auth.service import CurrentUser
from hotline.db import MAX_ID, Id, SessionDep, utcnow
from hotline.errors import Conflict, Forbidden, HotlineError, InvalidInput
from hotline.staff import service, workload
from hotline.staff.models import Duty, TeamKind
from hotline.staff.schemas import StaffPublic, TeamCreate
from hotline.staffcare import service as staffcare
from hotline.training.records import pre_service_hours
from operator_ui import staff_choices, staff_form
from operator_ui.contact_form import FormProblems, Problem
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, PageRoute, SignedInDep, redirect, render
from operator_ui.roster_labels import POSITIONS

router = APIRouter(prefix="/staff", route_class=PageRoute, include_in_schema=False)

# Said once after a change, on the page the admin lands on.
NOTICES = {
    "created": N_("Saved. The person is in the talent database."),
    "saved": N_("Changes saved."),
    "deactivated": N_("Deactivated: taken off future shifts, and their login no longer works."),
    "reactivated": N_("Reactivated: their login works again. They have no shifts until rostered."),
    "password": N_("Login saved. The account is unlocked and old sessions have ended."),
    "unlocked": N_("Unlocked: they can log in again."),
    "qualification": N_("Qualification saved."),
    "qualification_removed": N_("Qualification removed."),
    "member": N_("Team saved."),
    "member_removed": N_("Removed from the team."),
    "team": N_("Team created."),
}
ACTIVE_FILTERS = ("active", "inactive", "all")
OPERATOR_TEAM_DUTIES = (Duty.member.value, Duty.leader.value)


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    notice = NOTICES.get(request.query_params.get("done", ""))
    return render(request, template, status_code=status_code, nav="staff", notice=notice,
                  field_names=staff_form.FIELDS, roles=staff_form.ROLES,
                  duties=[d.value for d in Duty], positions=POSITIONS, **context)


def _public(request: Request, session: Session, people: list[Any]) -> list[StaffPublic]:
    return service.staff_public(session, people, today=staff_choices.today(request),
                                warning_days=staff_choices.warning_days(request))


def _refused(session: Session, exc: Exception) -> list[Problem]:
    """Nothing of a refused form may stay in the transaction."""
    session.rollback()
    if isinstance(exc, FormProblems):
        return exc.problems
    assert isinstance(exc, HotlineError)
    return [staff_form.problem_from(exc)]


def _status(exc: Exception) -> int:
    return exc.status_code if isinstance(exc, Conflict) else 422


def _csrf(request: Request, form: Any) -> None:
    check_csrf(request, str(form.get("csrf_token", "")))


# --- the list ----------------------------------------------------------------------------------


@router.get("")
def staff_list(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_staff")
    query = request.query_params
    role = query.get("role") if query.get("role") in staff_form.ROLES else None
    active = str(query.get("active")) if query.get("active") in ACTIVE_FILTERS else "active"
    if query.get("inactive") == "1" and "active" not in query:  # the old link
        active = "all"
    teams = service.list_teams(session)
    team_id = next((t.id for t in teams if str(t.id) == query.get("team_id")), None)
    search = (query.get("q") or "").strip()[:100]
    people = service.list_staff(
        session, role=role, team_id=team_id, q=search,
        active={"active": True, "inactive": False}.get(active),
    )
    people.sort(key=lambda s: not s.active)  # former staff last (the sort is stable)
    return _page(
        request, "staff/list.html", people=_public(request, session, people), teams=teams,
        filters={"role": role or "", "team_id": str(team_id or ""), "active": active,
                 "q": search},
        filtered=bool(role or team_id or search or active != "active"),
        warning_days=staff_choices.warning_days(request),
    )


# --- new person --------------------------------------------------------------------------------


def _staff_form(request: Request, *, values: dict[str, Any], person: Any = None,
                problems: list[Problem] | None = None, gaps: list[Any] | None = None,
                status_code: int = 200) -> Response:
    return _page(request, "staff/form.html", status_code=status_code, values=values,
                 person=person, problems=problems or [], gaps=gaps or [])


@router.get("/new")
def new_staff(request: Request, user: SignedInDep) -> Response:
    require(user, "manage_staff")
    return _staff_form(request, values=staff_form.blank_staff())


@router.post("/new")
def create_staff(request: Request, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    _csrf(request, form)
    require(user, "manage_staff")
    values = staff_form.read_staff(form)
    try:
        staff = service.create_staff(session, actor=user, data=staff_form.to_staff_create(values),
                                     client_addr=client_addr(request))
    except (FormProblems, InvalidInput, Conflict) as exc:
        values["password"] = ""  # never sent back to the browser
        return _staff_form(request, values=values, problems=_refused(session, exc),
                           status_code=_status(exc))
    return redirect(f"/staff/{staff.id}?done=created")


# --- teams -------------------------------------------------------------------------------------


def _teams_page(request: Request, session: Session, user: CurrentUser, *,
                problems: list[Problem] | None = None, team_id: int | None = None,
                values: dict[str, str] | None = None, status_code: int = 200) -> Response:
    teams = service.team_public(session, service.list_teams(session))
    return _page(
        request, "staff/teams.html", status_code=status_code, teams=teams,
        people=staff_choices.active_people(session) if can(user, "manage_staff") else [],
        problems=problems or [], problem_team=team_id, values=values or {},
        operator_duties=OPERATOR_TEAM_DUTIES, team_kinds=[k.value for k in TeamKind],
    )


@router.get("/teams")
def teams_page(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_staff")
    return _teams_page(request, session, user)


@router.post("/teams")
def create_team(request: Request, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    _csrf(request, form)
    require(user, "manage_staff")
    values = {k: str(form.get(k, "")).strip() for k in ("code", "name_zh", "name_en", "kind")}
    try:
        data = staff_form._validate(TeamCreate, values)
        service.create_team(session, actor=user, data=data, client_addr=client_addr(request))
    except (FormProblems, InvalidInput, Conflict) as exc:
        problems = _refused(session, exc)
        if isinstance(exc, FormProblems):
            problems = [Problem("code", N_("Team codes use lower-case letters, digits, '-' and "
                                           "'_' (e.g. crisis).")) if p.field == "code" else
                        Problem("kind", N_("Choose the kind of team.")) if p.field == "kind" else
                        Problem("name_zh", N_("Give the team a name in Chinese, in English or "
                                              "both.")) for p in problems]
        return _teams_page(request, session, user, problems=problems, team_id=0, values=values,
                           status_code=_status(exc))
    return redirect("/staff/teams?done=team")


@router.post("/teams/{team_id}/members")
def save_member(
    team_id: Id, request: Request, user: SignedInDep, form: FormDep, session: SessionDep
) -> Response:
    """Put someone on a team, or change a member's duty (the crisis team has one leader)."""
    _csrf(request, form)
    require(user, "manage_staff")
    values = {"staff_id": str(form.get("staff_id", "")), "duty": str(form.get("duty", ""))}
    try:
        if not values["staff_id"].isdigit() or not 0 < int(values["staff_id"]) <= MAX_ID:
            raise FormProblems([Problem("staff_id", N_("Choose a person."))])
        if values["duty"] not in {d.value for d in Duty}:
            raise FormProblems([Problem("duty", N_("Choose a duty."))])
        service.add_member(session, actor=user, team_id=team_id, staff_id=int(values["staff_id"]),
                           duty=Duty(values["duty"]), client_addr=client_addr(request))
    except (FormProblems, InvalidInput, Conflict) as exc:
        return _teams_page(request, session, user, problems=_refused(session, exc),
                           team_id=team_id, values=values, status_code=_status(exc))
    return redirect(f"/staff/teams?done=member#team-{team_id}")


@router.post("/teams/{team_id}/members/{staff_id}/remove")
def remove_member(
    team_id: Id, staff_id: Id, request: Request, user: SignedInDep, form: FormDep,
    session: SessionDep,
) -> Response:
    _csrf(request, form)
    service.remove_member(session, actor=user, team_id=team_id, staff_id=staff_id,
                          client_addr=client_addr(request))
    return redirect(f"/staff/teams?done=member_removed#team-{team_id}")


# --- qualifications ----------------------------------------------------------------------------


def _qualification_form(request: Request, *, person: Any, values: dict[str, str],
                        qualification_id: int | None = None,
                        problems: list[Problem] | None = None,
                        status_code: int = 200) -> Response:
    return _page(request, "staff/qualification_form.html", status_code=status_code,
                 person=person, values=values, qualification_id=qualification_id,
                 problems=problems or [])


@router.get("/qualifications/{qualification_id}/edit")
def edit_qualification(
    qualification_id: Id, request: Request, user: SignedInDep, session: SessionDep
) -> Response:
    require(user, "manage_qualifications")
    q = service.get_qualification(session, qualification_id)
    return _qualification_form(request, person=service.get_staff(session, q.staff_id),
                               values=staff_form.qualification_values(q),
                               qualification_id=qualification_id)


@router.post("/qualifications/{qualification_id}/edit")
def save_qualification(
    qualification_id: Id, request: Request, user: SignedInDep, form: FormDep,
    session: SessionDep,
) -> Response:
    _csrf(request, form)
    require(user, "manage_qualifications")
    q = service.get_qualification(session, qualification_id)
    staff_id = q.staff_id
    values = staff_form.read_qualification(form)
    try:
        service.update_qualification(
            session, actor=user, qualification_id=qualification_id,
            data=staff_form.to_qualification_update(values), client_addr=client_addr(request),
        )
    except (FormProblems, InvalidInput) as exc:
        problems = _refused(session, exc)
        return _qualification_form(request, person=service.get_staff(session, staff_id),
                                   values=values, qualification_id=qualification_id,
                                   problems=problems, status_code=422)
    return redirect(f"/staff/{staff_id}?done=qualification#qualifications")


@router.post("/qualifications/{qualification_id}/remove")
def remove_qualification(
    qualification_id: Id, request: Request, user: SignedInDep, form: FormDep,
    session: SessionDep,
) -> Response:
    _csrf(request, form)
    staff_id = service.get_qualification(session, qualification_id).staff_id
    service.remove_qualification(session, actor=user, qualification_id=qualification_id,
                                 client_addr=client_addr(request))
    return redirect(f"/staff/{staff_id}?done=qualification_removed#qualifications")


# --- one person --------------------------------------------------------------------------------


@router.get("/{staff_id}")
def staff_page(staff_id: Id, request: Request, user: SignedInDep, session: SessionDep) -> Response:
    service.require_view(user, staff_id)
    staff = service.get_staff(session, staff_id)
    return _page(
        request, "staff/detail.html", person=_public(request, session, [staff])[0],
        training_hours=pre_service_hours(session, staff),
        warning_days=staff_choices.warning_days(request),
        work=workload.of(session, staff_id, now=utcnow(), zone=request.app.state.settings.zone),
        rl_positions=POSITIONS,
        supervision_hours=staffcare.person_hours(session, staff_id,
                                                 staff_choices.today(request).year),
        supervision_required=request.app.state.policies.trainings
        .clinical_supervision_hours_per_year,
    )


@router.get("/{staff_id}/edit")
def edit_staff(staff_id: Id, request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "manage_staff")
    staff = service.get_staff(session, staff_id)
    return _staff_form(request, values=staff_form.staff_values(staff), person=staff)


@router.post("/{staff_id}/edit")
def save_staff(
    staff_id: Id, request: Request, user: SignedInDep, form: FormDep, session: SessionDep
) -> Response:
    _csrf(request, form)
    require(user, "manage_staff")
    service.get_staff(session, staff_id)
    values = staff_form.read_staff(form)
    try:
        service.update_staff(session, actor=user, staff_id=staff_id,
                             data=staff_form.to_staff_update(values),
                             client_addr=client_addr(request),
                             settings=request.app.state.settings,
                             policies=request.app.state.policies)
    except (FormProblems, InvalidInput, Conflict, Forbidden) as exc:
        if isinstance(exc, Forbidden) and not values["override_reason"]:
            raise
        # Roles that future shifts need, taken away: the gaps, and a reason field to accept them.
        gaps = list(exc.extra.get("gaps", [])) if isinstance(exc, Conflict) else []
        problems = _refused(session, exc)
        return _staff_form(request, values=values, person=service.get_staff(session, staff_id),
                           problems=[] if gaps else problems, gaps=gaps,
                           status_code=403 if isinstance(exc, Forbidden) else _status(exc))
    return redirect(f"/staff/{staff_id}?done=saved")


def _deactivate_page(request: Request, session: Session, staff_id: int, *,
                     gaps: list[Any] | None = None, problems: list[Problem] | None = None,
                     reason: str = "", status_code: int = 200) -> Response:
    staff = service.get_staff(session, staff_id)
    return _page(request, "staff/deactivate.html", status_code=status_code, person=staff,
                 gaps=gaps or [], problems=problems or [], reason=reason)


@router.get("/{staff_id}/deactivate")
def confirm_deactivate(
    staff_id: Id, request: Request, user: SignedInDep, session: SessionDep
) -> Response:
    require(user, "manage_staff")
    if not service.get_staff(session, staff_id).active:
        return redirect(f"/staff/{staff_id}")
    return _deactivate_page(request, session, staff_id)


@router.post("/{staff_id}/deactivate")
def deactivate(
    staff_id: Id, request: Request, user: SignedInDep, form: FormDep, session: SessionDep
) -> Response:
    """Through the roster's coverage guard: the gaps it would open come back (409) with a
    form for a supervisor to accept them with a reason."""
    _csrf(request, form)
    require(user, "manage_staff")
    reason = str(form.get("override_reason", "")).strip()
    try:
        if len(reason) > 500:
            raise FormProblems([Problem("override_reason",
                                        staff_form.FIELD_PROBLEMS["override_reason"])])
        service.deactivate_staff(
            session, actor=user, staff_id=staff_id, override_reason=reason or None,
            client_addr=client_addr(request), settings=request.app.state.settings,
            policies=request.app.state.policies,
        )
    except Conflict as exc:
        session.rollback()
        gaps = list(exc.extra.get("gaps", []))
        problems = [] if gaps else [staff_form.problem_from(exc)]
        return _deactivate_page(request, session, staff_id, gaps=gaps, problems=problems,
                                reason=reason, status_code=409)
    except (FormProblems, InvalidInput, Forbidden) as exc:
        if isinstance(exc, Forbidden) and not reason:
            raise
        problems = _refused(session, exc)
        return _deactivate_page(request, session, staff_id, problems=problems, reason=reason,
                                status_code=403 if isinstance(exc, Forbidden) else 422)
    return redirect(f"/staff/{staff_id}?done=deactivated")


@router.post("/{staff_id}/reactivate")
def reactivate(
    staff_id: Id, request: Request, user: SignedInDep, form: FormDep, session: SessionDep
) -> Response:
    _csrf(request, form)
    service.reactivate_staff(session, actor=user, staff_id=staff_id,
                             client_addr=client_addr(request))
    return redirect(f"/staff/{staff_id}?done=reactivated")


def _account_page(request: Request, session: Session, staff_id: int, *,
                  values: dict[str, Any], problems: list[Problem] | None = None,
                  status_code: int = 200) -> Response:
    staff = service.get_staff(session, staff_id)
    account = service.account_of(session, staff_id)
    return _page(request, "staff/account.html", status_code=status_code, person=staff,
                 account=account, locked=service.is_locked(account), values=values,
                 problems=problems or [])


@router.get("/{staff_id}/account")
def account_form(staff_id: Id, request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "manage_staff")
    account = service.account_of(session, staff_id)
    return _account_page(request, session, staff_id, values={
        "username": account.username if account else "", "password": ""})


@router.post("/{staff_id}/account")
def save_account(
    staff_id: Id, request: Request, user: SignedInDep, form: FormDep, session: SessionDep
) -> Response:
    """Give a login, or reset the password (which also unlocks and ends old sessions)."""
    _csrf(request, form)
    require(user, "manage_staff")
    service.get_staff(session, staff_id)
    values = {"username": str(form.get("username", "")).strip(),
              "password": str(form.get("password", ""))}
    try:
        data = staff_form.to_account(values)
        service.set_account(session, actor=user, staff_id=staff_id, password=data.password,
                            username=data.username, client_addr=client_addr(request))
    except (FormProblems, InvalidInput, Conflict) as exc:
        problems = _refused(session, exc)
        return _account_page(request, session, staff_id, problems=problems,
                             values={**values, "password": ""}, status_code=_status(exc))
    return redirect(f"/staff/{staff_id}?done=password")


@router.post("/{staff_id}/unlock")
def unlock(
    staff_id: Id, request: Request, user: SignedInDep, form: FormDep, session: SessionDep
) -> Response:
    _csrf(request, form)
    service.unlock_account(session, actor=user, staff_id=staff_id,
                           client_addr=client_addr(request))
    return redirect(f"/staff/{staff_id}?done=unlocked")


@router.get("/{staff_id}/qualifications/new")
def new_qualification(
    staff_id: Id, request: Request, user: SignedInDep, session: SessionDep
) -> Response:
    require(user, "manage_qualifications")
    return _qualification_form(request, person=service.get_staff(session, staff_id),
                               values=staff_form.blank_qualification())


@router.post("/{staff_id}/qualifications/new")
def add_qualification(
    staff_id: Id, request: Request, user: SignedInDep, form: FormDep, session: SessionDep
) -> Response:
    _csrf(request, form)
    require(user, "manage_qualifications")
    service.get_staff(session, staff_id)
    values = staff_form.read_qualification(form)
    try:
        service.add_qualification(session, actor=user, staff_id=staff_id,
                                  data=staff_form.to_qualification_create(values),
                                  client_addr=client_addr(request))
    except (FormProblems, InvalidInput) as exc:
        problems = _refused(session, exc)
        return _qualification_form(request, person=service.get_staff(session, staff_id),
                                   values=values, problems=problems, status_code=422)
    return redirect(f"/staff/{staff_id}?done=qualification#qualifications")

