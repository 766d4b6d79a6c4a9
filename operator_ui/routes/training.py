"""Training and drill pages: the year plan, a session with its attendance and drill runs, the
session form (with the coverage guard's answer), slot suggestions, the compliance board and
everyone's own trainings. Thin: the training services do the work."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.config import SettingsDep, settings_of
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import Conflict, InvalidInput
from hotline.flows import drills, training_sessions
from hotline.policies import PoliciesDep, centre_policies, policies_of
from hotline.reports import drills as drill_measures
from hotline.roster import training_slots
from hotline.roster.api import GuardedDep
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff, Team, TeamMembership
from hotline.training import invitations, records, service
from hotline.training.models import SessionKind, SessionStatus, TrainingSession
from hotline.training.schemas import SCENARIOS, Invite, SessionPublic
from operator_ui import training_form
from operator_ui.form_errors import FORM_REFUSALS, FormProblems, Problem, Refusal, refused
from operator_ui.i18n import N_
from operator_ui.rendering import (
    FormDep,
    SignedInDep,
    language_of,
    page_router,
    redirect,
    render,
    translator,
)
from operator_ui.report_tables import labeller
from operator_ui.roster_labels import POSITIONS

router = page_router(prefix="/trainings")

_NO_REFUSAL: dict[str, Any] = {"gaps": [], "on_shift": []}
CONCERN = ("at_risk", "behind", "on_track", "met")
INVITE_ROLES = ("operator", "crisis_responder", "supervisor", "team_lead")
TRAINING_LABELS: dict[str, dict[str, str]] = {
    "session_kind": {"training": N_("Training"), "drill": N_("Drill")},
    "audience": {"operators": N_("Operators"), "crisis_team": N_("Crisis-intervention team"),
                 "all": N_("Everyone")},
    "scenario": {"imminent_rescue": N_("Imminent-risk caller needing active rescue"),
                 "mass_casualty_surge": N_("Surge after a mass-casualty event"),
                 "telephony_outage": N_("Telephony outage"), "other": N_("Other scenario")},
    "attendance": {"invited": N_("Invited"), "attended": N_("Attended"),
                   "absent": N_("Absent"), "excused": N_("Excused")},
    "compliance": {"met": N_("Met"), "on_track": N_("On track"), "behind": N_("Behind"),
                   "at_risk": N_("At risk")},
    "mandate": {"operators:training": N_("Operators: systematic training"),
                "crisis_team:training": N_("Crisis team: systematic training"),
                "crisis_team:drill": N_("Crisis team: drill")},
    "position": POSITIONS,
    "session_status": {"scheduled": N_("Scheduled"), "cancelled": N_("Cancelled")},
}


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    language = language_of(request)
    return render(request, template, status_code=status_code, nav="trainings",
                  tlabel=labeller(translator(language), language, TRAINING_LABELS), **context)


def _today(request: Request) -> date:
    return utcnow().astimezone(settings_of(request).zone).date()


def _year(request: Request) -> int:
    raw = request.query_params.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else _today(request).year


def _year_bounds(request: Request, year: int) -> tuple[datetime, datetime]:
    zone = settings_of(request).zone
    return datetime.combine(date(year, 1, 1), time(), zone), datetime.combine(date(year + 1, 1, 1), time(), zone)


def _staff(session: Session, centres: frozenset[int]) -> list[Staff]:
    """The people a form offers: active, of the centres the session is planned in."""
    return list(session.exec(select(Staff).where(col(Staff.active).is_(True))
                             .where(col(Staff.centre_id).in_(centres))
                             .order_by(col(Staff.full_name))))


def _refusal(refusal: Refusal) -> dict[str, Any]:
    """A refused change as the form shows it: the coverage guard's 409 as the people on shift
    and the gaps, anything else as its problems."""
    if isinstance(refusal.error, Conflict):
        return {"refusal": {"gaps": [g.model_dump() for g in refusal.gaps],
                            "on_shift": refusal.error.extra.get("on_shift", [])}}
    return {"problems": refusal.problems}


def _form_page(request: Request, session: Session, user: CurrentUser, *,
               values: dict[str, Any], problems: list[Problem] | None = None,
               refusal: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    """The new-session form: people and teams of the team lead's centres only."""
    return _page(request, "training/form.html", status_code=status_code, values=values,
                 problems=problems or [], staff=_staff(session, user.centres),
                 **(refusal or _NO_REFUSAL),
                 teams=list(session.exec(select(Team).where(col(Team.centre_id).in_(user.centres))
                                         .order_by(col(Team.code)))),
                 scenarios=SCENARIOS, invite_roles=INVITE_ROLES)


def _summary(sessions: list[SessionPublic], now: datetime) -> dict[str, int]:
    held = [s for s in sessions if s.status == SessionStatus.scheduled and s.start <= now]
    return {
        "trainings_held": sum(1 for s in held if s.kind == SessionKind.training),
        "drills_held": sum(1 for s in held if s.kind == SessionKind.drill),
        "planned": sum(1 for s in sessions if s.status == SessionStatus.scheduled and s.start > now),
    }


@router.get("")
def year_plan(request: Request, user: SignedInDep, session: SessionDep,
              settings: SettingsDep) -> Response:
    """Every session of a year by month: held ones with their attendance, planned ones."""
    year = _year(request)
    since, until = _year_bounds(request, year)
    rows = [service.to_public(session, r)
            for r in service.list_sessions(session, since=since, until=until, reader=user)]
    zone = settings.zone
    months: dict[int, list[SessionPublic]] = {}
    for row in rows:
        months.setdefault(row.start.astimezone(zone).month, []).append(row)
    now = utcnow()
    return _page(request, "training/year.html", year=year, months=months, now=now,
                 summary=_summary(rows, now),
                 measures=drill_measures.measures(session, [r.id for r in rows if r.kind == SessionKind.drill]))


@router.get("/mine")
def my_trainings(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    """The sessions I am invited to, my results, and where I stand on my mandates."""
    rows = [service.to_public(session, r) for r in service.list_sessions(session, staff_id=user.id)]
    mine = {r.id: next(p for p in r.participants if p.staff_id == user.id) for r in rows}
    now = utcnow()
    standing = [c for c in _compliance(request, session, user, _today(request).year)
                if c.staff_id == user.id]
    past = list(reversed([r for r in rows if r.end <= now]))
    return _page(request, "training/mine.html", upcoming=[r for r in rows if r.end > now],
                 past=past, mine=mine, standing=standing,
                 measures=drill_measures.measures(session, [r.id for r in past if r.kind == SessionKind.drill]))


def _compliance(request: Request, session: Session, user: CurrentUser,
                year: int) -> list[records.PersonCompliance]:
    """The year's compliance of the reader's centre, by its own mandates."""
    return records.compliance(session, year=year, today=_today(request),
                              policies=centre_policies(session, policies_of(request),
                                                       user.centre_id),
                              zone=settings_of(request).zone, centre_id=user.centre_id)


@router.get("/compliance")
def compliance_board(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    """Per team and person: required vs counted per mandate, most concerning first."""
    require(user, "view_compliance")
    year = _year(request)
    rows = sorted(_compliance(request, session, user, year),
                  key=lambda r: (CONCERN.index(r.status), r.name, r.mandate))
    language = language_of(request)
    teams = {t.id: t.name_in(language) for t in session.exec(select(Team))}
    member_of: dict[int, list[str]] = {}
    for m in session.exec(select(TeamMembership)):
        member_of.setdefault(m.staff_id, []).append(teams.get(m.team_id, ""))
    boards: dict[str, list[records.PersonCompliance]] = {}
    for row in rows:
        for team in sorted(member_of.get(row.staff_id, [""])):
            boards.setdefault(team, []).append(row)
    counts = Counter(r.status for r in rows)
    return _page(request, "training/compliance.html", year=year, boards=dict(sorted(
        boards.items(), key=lambda kv: (kv[0] == "", kv[0]))), counts=counts, concern=CONCERN,
        half=1 if _today(request).month <= 6 else 2)


def _clock(raw: str, default: time) -> time | None:
    try:
        clock = time.fromisoformat(raw) if raw else default
    except ValueError:
        return None
    return clock if clock.tzinfo is None else None  # the hotline's clock, never a zone


@router.get("/suggestions")
def suggestions(request: Request, user: SignedInDep, session: SessionDep, settings: SettingsDep,
                policies: PoliciesDep, year: int | None = None, half: int | None = None,
                audience: str = "crisis_team", hours: float = 3, earliest: str = "",
                latest: str = "") -> Response:
    """Coverage-safe slots in a half-year within the hours of the day asked, the best of each
    day, most required participants first."""
    require(user, "manage_trainings")
    today = _today(request)
    year = year if year and 2000 <= year <= 2100 else today.year
    half = half if half in (1, 2) else (1 if today.month <= 6 else 2)
    audience = audience if audience in TRAINING_LABELS["audience"] else "crisis_team"
    day_starts, day_ends = training_slots.DAY_STARTS, training_slots.DAY_ENDS
    begins, ends = _clock(earliest, day_starts), _clock(latest, day_ends)
    problem = None if 0.5 <= hours <= 12 else N_("A session lasts from half an hour to 12 hours.")
    if begins is None or ends is None:
        problem, begins, ends = N_("Give the hours as HH:MM."), day_starts, day_ends
    elif problem is None:
        try:
            training_slots.check_hours(hours, begins, ends)
        except InvalidInput:
            problem = N_("The session does not fit between these hours: start earlier, end later or "
                         "make it shorter.")
    first = max(date(year, 1 if half == 1 else 7, 1), today + timedelta(days=1))
    last = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    slots: list[training_slots.Slot] = []
    if problem is None and first <= last:
        slots = training_slots.suggest(session, first_day=first, last_day=last, audience=audience,
                                       hours=hours, settings=settings, policies=policies,
                                       earliest=begins, latest=ends, centres=user.centres)
    elif problem is None:
        problem = N_("This half-year is over. Choose a later one.")
    return _page(request, "training/suggestions.html", year=year, half=half, audience=audience,
                 hours=hours, slots=slots, problem=problem, earliest=begins, latest=ends,
                 years=range(today.year, today.year + 2))


@router.get("/new")
def new_session(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "manage_trainings")
    return _form_page(request, session, user,
                      values=training_form.blank_values(dict(request.query_params)))


@router.post("/new")
def create_session(request: Request, user: SignedInDep, form: FormDep, session: SessionDep,
                   settings: SettingsDep, guard: GuardedDep) -> Response:
    """Schedule; the coverage guard's 409 comes back as the gaps, with the choice to leave
    out people on shift."""
    require(user, "manage_trainings")
    values = training_form.read_form(form)
    with refused(session) as refusal:
        data = training_form.to_create(values, settings.zone)
        created = training_sessions.create_session(session, actor=user, data=data,
                                                   **guard)
    if refusal:
        return _form_page(request, session, user, values=values,
                          status_code=refusal.status_code,
                          **_refusal(refusal))
    excluded = len(created.excluded_on_shift)
    return redirect(f"/trainings/{created.id}?saved=1&excluded={excluded}")


@router.get("/{session_id}")
def session_page(session_id: Id, request: Request, user: SignedInDep, session: SessionDep,
                 saved: bool = False, excluded: int = 0) -> Response:
    row = service.load(session, session_id, within=user)
    now = utcnow()
    runs = (drills.results(session, session_id=session_id)
            if row.kind == SessionKind.drill and can(user, "view_compliance") else [])
    names = full_names(session, [row.facilitator_id] if row.facilitator_id else [])
    return _page(request, "training/detail.html", s=service.to_public(session, row), now=now,
                 runs=runs, saved=saved, excluded=excluded,
                 measures=drill_measures.measures(session, [session_id]) if runs else {},
                 facilitator=names.get(row.facilitator_id) if row.facilitator_id else None,
                 live=row.kind == SessionKind.drill and row.status == SessionStatus.scheduled
                 and row.start <= now < row.end)


def _edit_page(request: Request, session: Session, row: TrainingSession, *,
               values: dict[str, Any] | None = None, problems: list[Problem] | None = None,
               refusal: dict[str, Any] | None = None, chosen: list[int] | None = None,
               done: dict[str, int] | None = None, status_code: int = 200) -> Response:
    """The edit page: what the session is about, and who is invited (withdraw an invitation,
    or invite more from the audience or anyone else)."""
    public = service.to_public(session, row)
    invited = {p.staff_id for p in public.participants}
    centres = frozenset({row.centre_id or 0})  # the session's centre's people only
    audience = [p for p in invitations.audience_members(session, row.audience, centres)
                if p.id not in invited]
    staff = _staff(session, centres)
    others = [p for p in staff if p.id not in invited and p not in audience]
    return _page(request, "training/edit.html", status_code=status_code, s=row, public=public,
                 values=values or training_form.values_from_session(row), problems=problems or [],
                 staff=staff, audience=audience, others=others, chosen=chosen or [],
                 done=done or {}, **{"whole_audience": False, **(refusal or _NO_REFUSAL)})


@router.get("/{session_id}/edit")
def edit_session(session_id: Id, request: Request, user: SignedInDep, session: SessionDep,
                 invited: int = 0, excluded: int = 0, removed: int = 0) -> Response:
    require(user, "manage_trainings")
    return _edit_page(request, session, service.load(session, session_id, within=user, change=True),
                      done={"invited": invited, "excluded": excluded, "removed": removed})


@router.post("/{session_id}/edit")
def save_session(session_id: Id, request: Request, user: SignedInDep, form: FormDep,
                 session: SessionDep) -> Response:
    row = service.load(session, session_id, within=user, change=True)
    # A cancelled session (409) is the error page: there is no form left to correct.
    with refused(session, FormProblems, InvalidInput) as refusal:
        update = training_form.to_update(form)
        service.update_session(session, actor=user, session_id=session_id, data=update,
                               client_addr=user.client_addr)
    if refusal:
        return _edit_page(request, session, row, status_code=refusal.status_code,
                          problems=refusal.problems,
                          values={k: str(form.get(k, "")) for k in training_form.EDITABLE})
    return redirect(f"/trainings/{session_id}?saved=1")


@router.post("/{session_id}/invitations")
def invite(session_id: Id, request: Request, user: SignedInDep, form: FormDep,
           session: SessionDep, guard: GuardedDep) -> Response:
    """Invite the chosen people, or everyone in the audience not yet invited; people on shift
    are refused with their names (or left out, when asked)."""
    require(user, "manage_trainings")
    row = service.load(session, session_id, within=user, change=True)
    chosen = [int(str(v)) for v in form.getlist("staff_ids") if str(v).isdigit()]
    whole = form.get("whole_audience") == "1"
    if not (chosen or whole):
        return _edit_page(request, session, row, status_code=422, problems=[
            Problem("invite-more", N_("Choose the people to invite."))])
    with refused(session, *FORM_REFUSALS, ValidationError) as refusal:
        invite = (Invite.model_validate({"roles": invitations.audience_roles(row.audience)})
                  if whole else Invite.model_validate({"staff_ids": chosen}))
        people, excluded = training_sessions.invite(
            session, actor=user, row=row, invite=invite,
            on_shift="exclude" if form.get("on_shift") == "exclude" else "refuse",
            override_reason=None, **guard)
    if isinstance(refusal.error, Conflict):
        guard_answer = _refusal(refusal)["refusal"]
        return _edit_page(request, session, row, status_code=409, chosen=chosen,
                          refusal={**guard_answer, "whole_audience": whole})
    if refusal:  # said beside the list of people to invite
        problem = (Problem("invite-more", refusal.error.code, refusal.error.params)
                   if isinstance(refusal.error, InvalidInput)
                   else Problem("invite-more", N_("Choose the people to invite.")))
        return _edit_page(request, session, row, status_code=422, chosen=chosen,
                          problems=[problem])
    return redirect(f"/trainings/{session_id}/edit?invited={len(people)}&excluded={len(excluded)}"
                    "#invitations")


@router.post("/{session_id}/invitations/remove")
def uninvite(session_id: Id, request: Request, user: SignedInDep, form: FormDep,
             session: SessionDep) -> Response:
    """Withdraw the chosen invitations (people whose attendance is recorded stay)."""
    require(user, "manage_trainings")
    row = service.load(session, session_id, within=user, change=True)
    chosen = [int(str(v)) for v in form.getlist("remove") if str(v).isdigit()]
    if not chosen:
        return _edit_page(request, session, row, status_code=422, problems=[
            Problem("invited", N_("Choose the invitations to withdraw."))])
    with refused(session) as refusal:
        removed = invitations.remove(session, actor=user, row=row, staff_ids=chosen,
                                     client_addr=user.client_addr)
    if refusal:  # said beside the list of invitations
        return _edit_page(request, session, row, status_code=refusal.status_code,
                          problems=[Problem("invited", p.message, p.values)
                                    for p in refusal.problems])
    return redirect(f"/trainings/{session_id}/edit?removed={len(removed)}#invitations")


@router.post("/{session_id}/cancel")
def cancel_session(session_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    service.cancel_session(session, actor=user, session_id=session_id,
                           client_addr=user.client_addr)
    return redirect(f"/trainings/{session_id}?saved=1")


@router.get("/{session_id}/attendance")
def attendance_form(session_id: Id, request: Request, user: SignedInDep,
                    session: SessionDep) -> Response:
    require(user, "manage_trainings")
    row = service.load(session, session_id, within=user, change=True)
    return _page(request, "training/attendance.html", s=service.to_public(session, row),
                 problems=[], posted=None, started=row.start <= utcnow())


@router.post("/{session_id}/attendance")
def record_attendance(session_id: Id, request: Request, user: SignedInDep, form: FormDep,
                      session: SessionDep, policies: PoliciesDep) -> Response:
    """Attended / absent / excused with pass or fail and a score, for everyone chosen."""
    require(user, "manage_trainings")
    row = service.load(session, session_id, within=user, change=True)
    public = service.to_public(session, row)
    with refused(session) as refusal:
        chosen = training_form.attendance_records(form, [p.staff_id for p in public.participants])
        service.record_attendance(session, actor=user, session_id=session_id, records=chosen,
                                  client_addr=user.client_addr,
                                  policies=policies)
    if refusal:  # 422 also for a conflict: the form is the same, only what was chosen changes
        return _page(request, "training/attendance.html", status_code=422, s=public,
                     problems=refusal.problems, posted=form, started=row.start <= utcnow())
    return redirect(f"/trainings/{session_id}?saved=1")


@router.post("/{session_id}/drill-runs")
def start_drill_run(session_id: Id, user: SignedInDep, session: SessionDep,
                    guard: GuardedDep) -> Response:
    """A simulated imminent-risk contact through the real crisis routing, flagged as a drill."""
    drills.start_run(session, actor=user, session_id=session_id, **guard)
    return redirect(f"/trainings/{session_id}#drill-runs")

