"""The supervisors' coverage board: a week of 7x24 hours per position, who is on now,
today's no-shows and late check-ins, pending leave and swaps to decide, and removing a shift.

Changes that would open a gap come back from the coverage guard as 409 with the gaps; the
page then shows those gaps and offers to go ahead with a reason (audit-logged).
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import can, require
from hotline.config import SettingsDep, settings_of
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import Conflict
from hotline.policies import PoliciesDep
from hotline.roster import board as roster_board
from hotline.roster import centres, service
from hotline.roster import requests as roster_requests
from hotline.roster.api import GuardedDep
from hotline.roster.schemas import LeaveDecision
from hotline.urls import safe_redirect
from hotline.wallclock import at
from operator_ui import roster_labels, roster_views
from operator_ui.rendering import (
    FormDep,
    SignedInDep,
    language_of,
    page_router,
    redirect,
    render,
    translator,
)

router = page_router(prefix="/roster")


def back_to(form: Any, default: str = "/roster/board") -> str:
    """Where a form returns to: only a path of this site."""
    return safe_redirect(str(form.get("next", "")), default, under="/roster/")


@router.get("")
def roster_home(user: SignedInDep) -> Response:
    return redirect("/roster/board" if can(user, "manage_shifts") else "/roster/mine")


@router.get("/board")
def coverage_board(request: Request, user: SignedInDep, session: SessionDep, settings: SettingsDep,
                   policies: PoliciesDep, week: str | None = None,
                   done: str | None = None) -> Response:
    require(user, "manage_shifts")
    here = centres.view(session, user.centre_id, settings=settings, policies=policies)
    zone, now = here.settings.zone, utcnow()
    monday = roster_views.week_start(week, now.astimezone(zone).date())
    board = roster_board.build(session, week_start=monday, settings=settings,
                               policies=policies, now=now, centre_id=here.centre_id)
    since = at(monday, time(0), zone)
    shifts = service.shifts_between(session, since, at(monday + timedelta(days=7), time(0), zone),
                                    centre_id=here.centre_id)
    lending = roster_views.lending(session, board, translator(language_of(request)),
                                   language_of(request))
    return render(
        request, "roster/board.html", nav="roster", tab="board", board=board,
        grid=roster_views.grid(board, shifts, now, zone), lending=lending,
        shift_facts=roster_views.shift_facts(shifts, board.names, zone, lending.notes),
        swap_shifts={sw.shift_id: service.load(session, sw.shift_id)
                     for sw in board.pending_swaps},
        week=monday, previous=monday - timedelta(days=7), following=monday + timedelta(days=7),
        today=now.astimezone(zone).date(), done=done, rl=roster_labels,
    )


def _override_page(request: Request, exc: Conflict, *, action: str, fields: dict[str, str],
                   what: str, back: str) -> Response:
    """The guard's 409, readable: which hours and positions would be short, and the choice to
    go ahead with a reason or to go back and find cover first."""
    zone = settings_of(request).zone
    gaps = roster_views.local_gaps(exc.extra.get("gaps", []), zone)
    return render(request, "roster/override.html", status_code=409, nav="roster", gaps=gaps,
                  action=action, fields=fields, what=what, back=back,
                  rl=roster_labels)


@router.post("/shifts/{shift_id}/remove")
def remove_shift(shift_id: Id, request: Request, user: SignedInDep, form: FormDep,
                 session: SessionDep, guard: GuardedDep) -> Response:
    reason = str(form.get("override_reason", "")).strip() or None
    back = back_to(form)
    try:
        service.delete_shift(session, actor=user, shift_id=shift_id, override_reason=reason,
                             **guard)
    except Conflict as exc:
        session.rollback()
        return _override_page(request, exc, action=f"/roster/shifts/{shift_id}/remove",
                              fields={"next": back}, what="remove_shift", back=back)
    return redirect(_with_done(back, "removed"))


@router.post("/leave/{leave_id}/decision")
def decide_leave(leave_id: Id, request: Request, user: SignedInDep, form: FormDep,
                 session: SessionDep, guard: GuardedDep) -> Response:
    approve = form.get("decision") == "approve"
    note = str(form.get("note", "")).strip()[:500]
    back = back_to(form)
    decision = LeaveDecision(approve=approve, note=note,
                             override_reason=str(form.get("override_reason", "")).strip() or None)
    try:
        roster_requests.decide_leave(session, actor=user, leave_id=leave_id, decision=decision,
                                     **guard)
    except Conflict as exc:
        session.rollback()
        if "gaps" not in exc.extra:
            raise
        return _override_page(request, exc, action=f"/roster/leave/{leave_id}/decision",
                              fields={"next": back, "decision": "approve", "note": note},
                              what="approve_leave", back=back)
    return redirect(_with_done(back, "approved" if approve else "rejected"))


@router.post("/swaps/{swap_id}/decision")
def decide_swap(swap_id: Id, user: SignedInDep, form: FormDep, session: SessionDep,
                guard: GuardedDep) -> Response:
    approve = form.get("decision") == "approve"
    roster_requests.decide_swap(session, actor=user, swap_id=swap_id, approve=approve,
                                **guard)
    return redirect(_with_done(back_to(form), "approved" if approve else "rejected"))


def _with_done(url: str, done: str) -> str:
    """Say on the next page what just happened (a calm status line, not a modal)."""
    base, _, anchor = url.partition("#")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}done={done}" + (f"#{anchor}" if anchor else "")
