"""Gaps that lead to cover: the coverage board's gap panel (who could cover, offer or assign
in one click) and the person's side (accept an offered shift)."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from hotline.access.permissions import require
from hotline.config import SettingsDep
from hotline.db import Id, SessionDep
from hotline.errors import InvalidInput, NotFound
from hotline.policies import PoliciesDep
from hotline.roster import centres, cover
from hotline.roster.policy import Position
from hotline.staff.lookup import full_names
from operator_ui import roster_labels
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router(prefix="/roster")


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("page.gap_unreadable") from None
    if value.tzinfo is None:
        raise InvalidInput("page.gap_unreadable")
    return value


def _position(text: str) -> Position:
    try:
        return Position(text)
    except ValueError:
        raise InvalidInput("page.gap_unreadable") from None


@router.get("/cover")
def cover_panel(request: Request, user: SignedInDep, session: SessionDep, settings: SettingsDep,
                policies: PoliciesDep, position: str = "", at: str = "") -> Response:
    """The gap around an hour, and who could cover it (a fragment for the board)."""
    require(user, "manage_shifts")
    pos = _position(position)
    here = centres.view(session, user.centre_id, settings=settings, policies=policies)
    gap = cover.gap_at(session, position=pos, at=_instant(at), settings=here.settings,
                       policies=here.policies, centre_id=here.centre_id)
    people = [] if gap is None else cover.candidates(
        session, position=pos, start=gap.start, end=gap.end, settings=here.settings,
        policies=here.policies, centre_id=here.centre_id)
    return render(request, "roster/_cover.html", gap=gap, people=people, rl=roster_labels,
                  week=request.query_params.get("week", ""))


def _gap_form(form: FormData) -> tuple[int, Position, datetime, datetime]:
    try:
        staff_id = int(str(form.get("staff_id", "")))
    except ValueError:
        raise InvalidInput("page.gap_unreadable") from None
    start, end = _instant(str(form.get("start", ""))), _instant(str(form.get("end", "")))
    if end <= start:
        raise InvalidInput("page.gap_unreadable")
    return staff_id, _position(str(form.get("position", ""))), start, end


def _back(form: FormData, done: str) -> Response:
    week = str(form.get("week", ""))
    query = f"week={week}&" if week[:4].isdigit() and len(week) == 10 else ""
    return redirect(f"/roster/board?{query}done={done}")


@router.post("/cover/{action}")
def give_cover(action: str, user: SignedInDep, form: FormDep, session: SessionDep,
               settings: SettingsDep, policies: PoliciesDep) -> Response:
    """``offer``: a notice the person accepts; ``assign``: on the roster at once."""
    staff_id, position, start, end = _gap_form(form)
    if action == "offer":
        cover.offer(session, actor=user, staff_id=staff_id, position=position, start=start,
                    end=end, client_addr=user.client_addr)
    elif action == "assign":
        cover.assign(session, actor=user, staff_id=staff_id, position=position, start=start,
                     end=end, client_addr=user.client_addr,
                     settings=settings, policies=policies)
    else:
        raise NotFound("page.not_found")
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
def accept_offer(notice_id: Id, user: SignedInDep, session: SessionDep, settings: SettingsDep,
                 policies: PoliciesDep) -> Response:
    cover.accept(session, actor=user, notice_id=notice_id, settings=settings,
                 policies=policies, client_addr=user.client_addr)
    return redirect("/roster/mine?done=cover_accepted")
