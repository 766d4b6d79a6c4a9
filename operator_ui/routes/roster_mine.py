"""My shifts: the coming four weeks with check-in and check-out, leave requests, swaps to
offer, take or give back, and a secret calendar link. Every change goes through the roster
services, which check the rules; refusals come back as readable pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from hotline.auth.service import CurrentUser
from hotline.config import SettingsDep, settings_of
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import InvalidInput
from hotline.roster import calendar, service
from hotline.roster import requests as roster_requests
from hotline.roster.api import GuardedDep
from hotline.roster.models import LeaveKind, SwapStatus
from hotline.roster.schemas import LeaveCreate
from hotline.roster.wallclock import at
from hotline.staff.lookup import full_names
from operator_ui import roster_labels
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router(prefix="/roster")
AHEAD = timedelta(days=28)
CHECK_IN_EARLY = timedelta(minutes=30)  # as the roster service allows


def _mine_page(request: Request, user: CurrentUser, session: Session, *, status_code: int = 200,
               feed_url: str | None = None, problem: str = "",
               leave_values: dict[str, str] | None = None) -> Response:
    zone, now = settings_of(request).zone, utcnow()
    since = at(now.astimezone(zone).date(), time(0), zone)
    shifts = service.shifts_between(session, since, now + AHEAD, staff_id=user.id)
    swaps = roster_requests.list_swaps(session)
    live = [sw for sw in swaps if sw.status in (SwapStatus.open, SwapStatus.taken)]
    offered = {sw.shift_id: sw for sw in live if sw.offered_by == user.id}
    others = [sw for sw in live if sw.offered_by != user.id
              and (sw.status == SwapStatus.open or sw.taken_by == user.id)]
    other_shifts = {sw.shift_id: service.load(session, sw.shift_id) for sw in others}
    others = [sw for sw in others if other_shifts[sw.shift_id].start > now]
    names = full_names(session, [sw.offered_by for sw in others])
    return render(
        request, "roster/mine.html", status_code=status_code, nav="roster", tab="mine",
        shifts=shifts, now=now, early=CHECK_IN_EARLY, offered=offered, others=others,
        other_shifts=other_shifts, names=names, leave=[lv for lv in roster_requests.list_leave(session, actor=user)
               if lv.staff_id == user.id],
        leave_kinds=[k.value for k in LeaveKind], feed_url=feed_url, problem=problem,
        leave_values=leave_values or {}, today=now.astimezone(zone).date(),
        done=request.query_params.get("done"), rl=roster_labels,
        weekday=lambda instant: instant.astimezone(zone).weekday(),
    )


@router.get("/mine")
def my_shifts(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    return _mine_page(request, user, session)


@router.post("/shifts/{shift_id}/check-in")
def check_in(shift_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    service.check_in(session, actor=user, shift_id=shift_id, client_addr=user.client_addr)
    return redirect("/roster/mine?done=checked_in")


@router.post("/shifts/{shift_id}/check-out")
def check_out(shift_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    service.check_out(session, actor=user, shift_id=shift_id, client_addr=user.client_addr)
    return redirect("/roster/mine?done=checked_out")


def _local(day: str, clock: str, zone) -> datetime:
    """A date and time typed in the form, read in the hotline's zone."""
    return at(date.fromisoformat(day), time.fromisoformat(clock or "00:00"), zone)


@router.post("/leave")
def request_leave(request: Request, user: SignedInDep, form: FormDep, session: SessionDep,
                  settings: SettingsDep) -> Response:
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    zone = settings.zone
    try:
        data = LeaveCreate(
            kind=LeaveKind(values.get("kind", "annual")), reason=values.get("reason", "")[:500],
            start=_local(values.get("start_day", ""), values.get("start_time", ""), zone),
            end=_local(values.get("end_day", ""), values.get("end_time", ""), zone),
        )
        roster_requests.request_leave(session, actor=user, data=data,
                                      client_addr=user.client_addr)
    except (ValueError, ValidationError, InvalidInput):
        session.rollback()
        return _mine_page(request, user, session, status_code=422, leave_values=values,
                          problem="leave_dates")
    return redirect("/roster/mine?done=requested")


@router.post("/leave/{leave_id}/cancel")
def cancel_leave(leave_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    roster_requests.cancel_leave(session, actor=user, leave_id=leave_id,
                                 client_addr=user.client_addr)
    return redirect("/roster/mine?done=withdrawn")


@router.post("/shifts/{shift_id}/offer")
def offer_swap(shift_id: Id, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    roster_requests.offer_swap(session, actor=user, shift_id=shift_id,
                               reason=str(form.get("reason", ""))[:500],
                               client_addr=user.client_addr)
    return redirect("/roster/mine?done=offered")


@router.post("/swaps/{swap_id}/take")
def take_swap(swap_id: Id, user: SignedInDep, session: SessionDep, guard: GuardedDep) -> Response:
    """Take a shift someone offered; the taker's working-time rules are checked now."""
    roster_requests.take_swap(session, actor=user, swap_id=swap_id, **guard)
    return redirect("/roster/mine?done=taken")


@router.post("/swaps/{swap_id}/untake")
def untake_swap(swap_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    roster_requests.untake_swap(session, actor=user, swap_id=swap_id,
                                client_addr=user.client_addr)
    return redirect("/roster/mine?done=given_back")


@router.post("/swaps/{swap_id}/cancel")
def cancel_swap(swap_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    roster_requests.cancel_swap(session, actor=user, swap_id=swap_id,
                                client_addr=user.client_addr)
    return redirect("/roster/mine?done=withdrawn")


@router.post("/calendar")
def make_feed(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    """A secret calendar link of one's own shifts, shown once on the page."""
    token = calendar.create_feed(session, actor=user, client_addr=user.client_addr)
    url = str(request.url_for("calendar_feed", token=token))
    return _mine_page(request, user, session, feed_url=url)


@router.post("/calendar/revoke")
def revoke_feeds(user: SignedInDep, session: SessionDep) -> Response:
    calendar.revoke_feeds(session, actor=user, client_addr=user.client_addr)
    return redirect("/roster/mine?done=revoked")
