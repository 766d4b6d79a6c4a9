"""Staff pages (the talent database): the list with filters, a person's page, and the forms
for people (new, edit, deactivation through the coverage guard). Thin: ``hotline.staff`` and
the flows check permissions and do the work; a refused form is drawn again with what was typed
and nothing written. Teams, qualifications and logins have their own modules beside this."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.access.permissions import require
from hotline.config import SettingsDep
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import Forbidden
from hotline.flows import departure, hiring, role_change
from hotline.policies import PoliciesDep
from hotline.roster import workload
from hotline.staff import people, views
from hotline.staff import teams as staff_teams
from hotline.staffcare import service as staffcare
from hotline.training.records import pre_service_hours
from operator_ui import staff_choices, staff_form
from operator_ui.form_errors import FORM_REFUSALS, FormProblems, Problem, refused
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect
from operator_ui.roster_labels import POSITIONS
from operator_ui.routes.staff.page import page, public

router = page_router(prefix="/staff")
ACTIVE_FILTERS = ("active", "inactive", "all")



# --- the list ----------------------------------------------------------------------------------


@router.get("")
def staff_list(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_staff")
    query = request.query_params
    role = query.get("role") if query.get("role") in staff_form.ROLES else None
    active = str(query.get("active")) if query.get("active") in ACTIVE_FILTERS else "active"
    if query.get("inactive") == "1" and "active" not in query:  # the old link
        active = "all"
    teams = staff_teams.list_teams(session, reader=user)
    team_id = next((t.id for t in teams if str(t.id) == query.get("team_id")), None)
    search = (query.get("q") or "").strip()[:100]
    found = people.list_staff(
        session, role=role, team_id=team_id, q=search,
        active={"active": True, "inactive": False}.get(active), reader=user,
    )
    found.sort(key=lambda s: not s.active)  # former staff last (the sort is stable)
    return page(
        request, "staff/list.html", people=public(request, session, found), teams=teams,
        filters={"role": role or "", "team_id": str(team_id or ""), "active": active,
                 "q": search},
        filtered=bool(role or team_id or search or active != "active"),
        warning_days=staff_choices.warning_days(request),
    )


# --- new person --------------------------------------------------------------------------------


def _staff_form(request: Request, *, values: dict[str, Any], person: Any = None,
                problems: list[Problem] | None = None, gaps: list[Any] | None = None,
                status_code: int = 200) -> Response:
    return page(request, "staff/form.html", status_code=status_code, values=values,
                 person=person, problems=problems or [], gaps=gaps or [])


@router.get("/new")
def new_staff(request: Request, user: SignedInDep) -> Response:
    require(user, "manage_staff")
    return _staff_form(request, values=staff_form.blank_staff())


@router.post("/new")
def create_staff(request: Request, user: SignedInDep, form: FormDep,
                 session: SessionDep) -> Response:
    require(user, "manage_staff")
    values = staff_form.read_staff(form)
    with refused(session) as refusal:
        staff = hiring.hire(session, actor=user, data=staff_form.to_staff_create(values),
                            client_addr=user.client_addr)
    if refusal:
        values["password"] = ""  # never sent back to the browser
        return _staff_form(request, values=values, problems=refusal.problems,
                           status_code=refusal.status_code)
    return redirect(f"/staff/{staff.id}?done=created")


# --- one person --------------------------------------------------------------------------------


@router.get("/{staff_id}")
def staff_page(staff_id: Id, request: Request, user: SignedInDep, session: SessionDep,
               settings: SettingsDep, policies: PoliciesDep) -> Response:
    staff = people.get_staff(session, staff_id)
    views.require_view(user, staff)
    return page(
        request, "staff/detail.html", person=public(request, session, [staff])[0],
        training_hours=pre_service_hours(session, staff),
        warning_days=staff_choices.warning_days(request),
        work=workload.of(session, staff_id, now=utcnow(), zone=settings.zone),
        rl_positions=POSITIONS,
        supervision_hours=staffcare.person_hours(session, staff_id,
                                                 staff_choices.today(request).year),
        supervision_required=policies.trainings
        .clinical_supervision_hours_per_year,
    )


@router.get("/{staff_id}/edit")
def edit_staff(staff_id: Id, request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "manage_staff")
    staff = people.get_staff(session, staff_id)
    return _staff_form(request, values=staff_form.staff_values(staff), person=staff)


@router.post("/{staff_id}/edit")
def save_staff(staff_id: Id, request: Request, user: SignedInDep, form: FormDep,
               session: SessionDep, settings: SettingsDep, policies: PoliciesDep) -> Response:
    require(user, "manage_staff")
    people.get_staff(session, staff_id)
    values = staff_form.read_staff(form)
    # A reason given by someone who may not accept gaps: said on the form, not the error page.
    with refused(session, *_with_reason(values["override_reason"])) as refusal:
        role_change.update_staff(session, actor=user, staff_id=staff_id,
                                 data=staff_form.to_staff_update(values),
                                 client_addr=user.client_addr,
                                 settings=settings,
                                 policies=policies)
    if refusal:
        # Roles that future shifts need, taken away: the gaps, and a reason field to accept them.
        return _staff_form(request, values=values, person=people.get_staff(session, staff_id),
                           problems=[] if refusal.gaps else refusal.problems, gaps=refusal.gaps,
                           status_code=refusal.status_code)
    return redirect(f"/staff/{staff_id}?done=saved")


def _with_reason(reason: str) -> tuple[type[Exception], ...]:
    """A form's refusals, and with an override reason also its refusal as not allowed."""
    return (*FORM_REFUSALS, Forbidden) if reason else FORM_REFUSALS


def _deactivate_page(request: Request, session: Session, staff_id: int, *,
                     gaps: list[Any] | None = None, problems: list[Problem] | None = None,
                     reason: str = "", status_code: int = 200) -> Response:
    staff = people.get_staff(session, staff_id)
    return page(request, "staff/deactivate.html", status_code=status_code, person=staff,
                 gaps=gaps or [], problems=problems or [], reason=reason)


@router.get("/{staff_id}/deactivate")
def confirm_deactivate(
    staff_id: Id, request: Request, user: SignedInDep, session: SessionDep
) -> Response:
    require(user, "manage_staff")
    if not people.get_staff(session, staff_id).active:
        return redirect(f"/staff/{staff_id}")
    return _deactivate_page(request, session, staff_id)


@router.post("/{staff_id}/deactivate")
def deactivate(staff_id: Id, request: Request, user: SignedInDep, form: FormDep,
               session: SessionDep, settings: SettingsDep, policies: PoliciesDep) -> Response:
    """Through the roster's coverage guard: the gaps it would open come back (409) with a
    form for a supervisor to accept them with a reason."""
    require(user, "manage_staff")
    reason = str(form.get("override_reason", "")).strip()
    with refused(session, *_with_reason(reason)) as refusal:
        if len(reason) > 500:
            raise FormProblems([Problem("override_reason",
                                        staff_form.FIELD_PROBLEMS["override_reason"])])
        departure.deactivate(
            session, actor=user, staff_id=staff_id, override_reason=reason or None,
            client_addr=user.client_addr, settings=settings,
            policies=policies,
        )
    if refusal:
        return _deactivate_page(request, session, staff_id, gaps=refusal.gaps,
                                problems=[] if refusal.gaps else refusal.problems,
                                reason=reason, status_code=refusal.status_code)
    return redirect(f"/staff/{staff_id}?done=deactivated")


@router.post("/{staff_id}/reactivate")
def reactivate(staff_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    people.reactivate_staff(session, actor=user, staff_id=staff_id,
                            client_addr=user.client_addr)
    return redirect(f"/staff/{staff_id}?done=reactivated")
