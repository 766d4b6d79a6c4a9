"""The roster generator's review page: choose the days, read the proposal (per day and
position, fairness figures, and where and why it is short when no gap-free roster exists),
then publish it in one go. Nothing is saved before Publish."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError

from hotline.access.permissions import require
from hotline.config import SettingsDep
from hotline.db import SessionDep, utcnow
from hotline.policies import PoliciesDep
from hotline.roster import generation, service
from hotline.roster.api import GuardedDep
from hotline.roster.board import monday_of
from hotline.roster.generator import RosterProposal
from hotline.roster.schemas import PublishRequest
from hotline.staff.lookup import full_names
from operator_ui import review_grid, roster_labels, roster_views
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router(prefix="/roster")
TIME_LIMITS = (10, 30, 60)


def _form_page(request: Request, *, values: dict[str, str], status_code: int = 200,
               **context: Any) -> Response:
    return render(request, "roster/generate.html", status_code=status_code, nav="roster",
                  tab="generate", values=values, time_limits=TIME_LIMITS, rl=roster_labels,
                  **context)


@router.get("/generate")
def generate_form(request: Request, user: SignedInDep, settings: SettingsDep) -> Response:
    require(user, "generate_roster")
    today = utcnow().astimezone(settings.zone).date()
    first = monday_of(today) + timedelta(days=7)
    return _form_page(request, values={"first_day": first.isoformat(),
                                       "last_day": (first + timedelta(days=6)).isoformat(),
                                       "time_limit": "30"})


@router.post("/generate")
def propose(request: Request, user: SignedInDep, form: FormDep, session: SessionDep,
            settings: SettingsDep, policies: PoliciesDep) -> Response:
    """Solve (seconds; this sync route runs in a worker thread) and show the proposal."""
    require(user, "generate_roster")
    values = {k: str(form.get(k, "")) for k in ("first_day", "last_day", "time_limit")}
    try:
        first, last = date.fromisoformat(values["first_day"]), date.fromisoformat(values["last_day"])
        limit = float(values["time_limit"]) if values["time_limit"] in map(str, TIME_LIMITS) else 30
    except ValueError:
        return _form_page(request, values=values, status_code=422,
                          problem=roster_labels.BAD_PERIOD)
    proposal = generation.propose(session, actor=user, first_day=first, last_day=last,
                                  settings=settings, policies=policies,
                                  time_limit_s=limit)
    return _form_page(request, values=values, **_review(session, proposal, settings.zone))


def _review(session: SessionDep, proposal: RosterProposal, zone: Any) -> dict[str, Any]:
    """The proposal as the page shows it: a day x position table, gaps, fairness, and the
    shifts to publish (as JSON in the form, checked again by the server on publish)."""
    new = proposal.new_shifts
    names = full_names(session, (s.staff_id for s in proposal.shifts))
    table: dict[date, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in new:
        start, end = s.start.astimezone(zone), s.end.astimezone(zone)
        table[start.date()][str(s.position)].append(
            f"{start:%H:%M}–{end:%H:%M} {names.get(s.staff_id, s.staff_id)}")
    body = {"shifts": [{"staff_id": s.staff_id, "position": str(s.position),
                        "start": s.start.isoformat(), "end": s.end.isoformat()} for s in new]}
    return {
        "proposal": proposal, "days": sorted(table), "table": table,
        "gaps": roster_views.local_gaps(service.gaps_public(proposal.gaps), zone),
        "publish_json": json.dumps(body), "new_count": len(new),
        "grid": review_grid.build(proposal, names, zone),
    }


@router.post("/publish")
def publish(request: Request, user: SignedInDep, form: FormDep, session: SessionDep,
            settings: SettingsDep, guard: GuardedDep) -> Response:
    require(user, "manage_shifts")
    try:
        body = PublishRequest.model_validate_json(str(form.get("shifts", "")))
    except ValidationError:
        return _form_page(request, values={}, status_code=422, problem=roster_labels.BAD_PROPOSAL)
    shifts = generation.publish(session, actor=user, shifts=body.shifts, **guard)
    first = min(s.start for s in shifts).astimezone(settings.zone).date()
    return redirect(f"/roster/board?week={monday_of(first).isoformat()}&done=published")
