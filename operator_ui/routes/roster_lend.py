"""Lending on the coverage board: a supervisor lends one of their centre's people to another
centre for one shift. The shift is worked and counted at the host, shows on both boards, and
while it holds the person acts in the host centre (``CurrentUser.lent_to``).

The home centre's supervisor lends, not the host's: only they may list their people (another
centre's people are not the host's to read), they know who can be spared and whose hours and
rest allow it, and the host sees the shift on its board at once. (The API lets a host's
supervisor roster someone lent in by id, once the home centre has agreed.)
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.centres import service as centres_service
from hotline.config import Settings, SettingsDep
from hotline.db import SessionDep
from hotline.errors import Conflict, Forbidden, InvalidInput
from hotline.policies import Policies, PoliciesDep
from hotline.roster import centres, service
from hotline.roster.api import GuardedDep
from hotline.roster.policy import Position
from hotline.roster.schemas import ShiftCreate
from hotline.staff import people
from hotline.wallclock import span
from operator_ui import roster_labels
from operator_ui.form_errors import FormProblems, Problem, refused
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, SignedInDep, language_of, page_router, redirect, render

router = page_router(prefix="/roster")

# The form's fields, in order, with the words that name them in a refusal.
FIELDS = {"staff_id": N_("Person"), "centre": N_("Lend to"), "position": N_("Position"),
          "day": N_("Day"), "start": N_("From"), "end": N_("Until")}
CHOOSE = {
    "staff_id": N_("Choose one of your centre's people."),
    "centre": N_("Choose another centre of the network."),
    "position": N_("Choose a position."),
    "day": N_("Give the day of the shift."),
    "start": N_("Give the time the shift starts."),
    "end": N_("Give the time the shift ends."),
}


def _choices(session: Session, user: CurrentUser, language: str) -> dict[str, Any]:
    """The supervisor's own people (active, home centre only) and the other active centres."""
    home = [(p.id, p.full_name) for p in people.list_staff(session, active=True, reader=user)
            if p.centre_id == user.centre_id]
    hosts = [(c.code, c.name_in(language)) for c in centres_service.active(session)
             if c.id != user.centre_id]
    return {"people": home, "hosts": hosts}


def _shift(values: dict[str, str], choices: dict[str, Any], zone: Any) -> ShiftCreate:
    """The form's values as a shift at the host, or every problem at once."""
    problems: list[Problem] = []
    staff_ids = {str(i): i for i, _ in choices["people"]}
    if values["staff_id"] not in staff_ids:
        problems.append(Problem("staff_id", CHOOSE["staff_id"]))
    if values["centre"] not in {code for code, _ in choices["hosts"]}:
        problems.append(Problem("centre", CHOOSE["centre"]))
    if values["position"] not in {p.value for p in Position}:
        problems.append(Problem("position", CHOOSE["position"]))
    parsed: dict[str, Any] = {}
    for name, kind in (("day", date), ("start", time), ("end", time)):
        try:
            parsed[name] = kind.fromisoformat(values[name])
        except ValueError:
            problems.append(Problem(name, CHOOSE[name]))
    if problems:
        raise FormProblems(problems)
    start, end = span(parsed["day"], parsed["start"], parsed["end"], zone)
    return ShiftCreate(staff_id=staff_ids[values["staff_id"]], position=Position(values["position"]),
                       start=start, end=end, centre=values["centre"])


def _page(request: Request, session: Session, user: CurrentUser, settings: Settings,
          policies: Policies, *, values: dict[str, str] | None = None,
          problems: list[Problem] | None = None, status_code: int = 200) -> Response:
    here = centres.view(session, user.centre_id, settings=settings, policies=policies)
    return render(request, "roster/lend.html", status_code=status_code, nav="roster",
                  tab="board", fields=FIELDS, values=values or {}, problems=problems or [],
                  positions=[p.value for p in Position], rl=roster_labels,
                  zone_name=str(here.settings.zone),
                  **_choices(session, user, language_of(request)))


@router.get("/lend")
def lend_form(request: Request, user: SignedInDep, session: SessionDep, settings: SettingsDep,
              policies: PoliciesDep) -> Response:
    require(user, "manage_shifts")
    return _page(request, session, user, settings, policies)


@router.post("/lend")
def lend(request: Request, user: SignedInDep, form: FormDep, session: SessionDep,
         guard: GuardedDep) -> Response:
    require(user, "manage_shifts")
    settings, policies = guard["settings"], guard["policies"]
    values = {name: str(form.get(name, "")).strip()[:40] for name in FIELDS}
    here = centres.view(session, user.centre_id, settings=settings, policies=policies)
    with refused(session, FormProblems, InvalidInput, Conflict, Forbidden) as refusal:
        data = _shift(values, _choices(session, user, language_of(request)),
                      here.settings.zone)
        service.create_shift(session, actor=user, data=data, **guard)
    if refusal:
        return _page(request, session, user, settings, policies, values=values,
                     problems=refusal.problems, status_code=refusal.status_code)
    week = data.start.astimezone(here.settings.zone).date()
    return redirect(f"/roster/board?week={week.isoformat()}&done=lent#lent-out")
