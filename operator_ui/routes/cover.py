"""Gaps that lead to cover: the coverage board's gap panel (who could cover, offer or assign
in one click) and the person's side (accept an offered shift)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from hotline.access.permissions import require
from hotline.auth.deps import check_csrf, client_addr
from hotline.db import SessionDep
from hotline.errors import InvalidInput, NotFound
from hotline.roster import cover
from hotline.roster.policy import Position
from hotline.staff.lookup import full_names
from operator_ui import roster_labels
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, PageRoute, SignedInDep, redirect, render

router = APIRouter(prefix="/roster", route_class=PageRoute, include_in_schema=False)
BAD_GAP = N_("This gap could not be read. Choose the hour on the board again.")


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(BAD_GAP) from None
    if value.tzinfo is None:
        raise InvalidInput(BAD_GAP)
    return value


def _position(text: str) -> Position:
    try:
        return Position(text)
    except ValueError:
        raise InvalidInput(BAD_GAP) from None


@router.get("/cover")
def cover_panel(request: Request, user: SignedInDep, session: SessionDep, position: str = "",
                at: str = "") -> Response:
    """The gap around an hour, and who could cover it (a fragment for the board)."""
    require(user, "manage_shifts")
    settings, policies = request.app.state.settings, request.app.state.policies
    pos = _position(position)
    gap = cover.gap_at(session, position=pos, at=_instant(at), settings=settings,
                       policies=policies)
    people = [] if gap is None else cover.candidates(
        session, position=pos, start=gap.start, end=gap.end, settings=settings,
        policies=policies)
    return render(request, "roster/_cover.html", gap=gap, people=people, rl=roster_labels,
                  week=request.query_params.get("week", ""))


def _gap_form(form: FormData) -> tuple[int, Position, datetime, datetime]:
    try:
        staff_id = int(str(form.get("staff_id", "")))
    except ValueError:
        raise InvalidInput(BAD_GAP) from None
    start, end = _instant(str(form.get("start", ""))), _instant(str(form.get("end", "")))
    if end <= start:
        raise InvalidInput(BAD_GAP)
    return staff_id, _position(str(form.get("position", ""))), start, end


def _back(form: FormData, done: str) -> Response:
    week = str(form.get("week", ""))
    query = f"week={week}&" if week[:4].isdigit() and len(week) == 10 else ""
    return redirect(f"/roster/board?{query}done={done}")


@router.post("/cover/{action}")
def give_cover(action: str, request: Request, user: SignedInDep, form: FormDep,
               session: SessionDep) -> Response:
    """``offer``: a notice the person accepts; ``assign``: on the roster at once."""
    check_csrf(request, str(form.get("csrf_token", "")))
    staff_id, position, start, end = _gap_form(form)
    if action == "offer":
        cover.offer(session, actor=user, staff_id=staff_id, position=position, start=start,
                    end=end, client_addr=client_addr(request))
    elif action == "assign":
        cover.assign(session, actor=user, staff_id=staff_id, position=position, start=start,
                     end=end, client_addr=client_addr(request),
                     settings=request.app.state.settings, policies=request.app.state.policies)
    else:
        raise NotFound(N_("This page does not exist."))
    return _back(form, f"cover_{action}ed")


@router.get("/offers")
def my_offers(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    """Shifts offered to me, to accept in one click."""
    assert user.id is not None
    offers = cover.open_offers(session, user.id)
    names = full_names(session, (o.data.get("offered_by") for o in offers))
    return render(request, "roster/offers.html", nav="roster", tab="offers", offers=offers,
                  names=names,
                  rl=roster_labels, done=request.query_params.get("done"))


@router.post("/offers/{notice_id}/accept")
def accept_offer(notice_id: int, request: Request, user: SignedInDep, form: FormDep,
                 session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    cover.accept(session, actor=user, notice_id=notice_id, settings=request.app.state.settings,
                 policies=request.app.state.policies, client_addr=client_addr(request))
    return redirect("/roster/mine?done=cover_accepted")
