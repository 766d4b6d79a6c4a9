"""``/wallboard``: the supervisor's live view of the service, for a desk or a wall screen.

The page loads the board once; ``static/wallboard.js`` reloads the ``/wallboard/panel``
fragment when a queue, presence, escalation or coverage event arrives on the console's
websocket (and every 15 s, so the waiting times keep counting)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hotline.access.permissions import require
from hotline.db import SessionDep, utcnow
from hotline.reports import wallboard
from operator_ui import kpi_tiles, roster_labels
from operator_ui.rendering import PageRoute, SignedInDep, render

router = APIRouter(prefix="/wallboard", route_class=PageRoute, include_in_schema=False)


def _board(request: Request, session: SessionDep) -> wallboard.Wallboard:
    return wallboard.build(session, settings=request.app.state.settings,
                           policies=request.app.state.policies, now=utcnow())


@router.get("")
def wallboard_page(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_wallboard")
    return render(request, "wallboard/page.html", nav="wallboard", board=_board(request, session),
                  tiles=kpi_tiles, rl=roster_labels)


@router.get("/panel")
def wallboard_panel(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_wallboard")
    return render(request, "wallboard/_panel.html", board=_board(request, session),
                  tiles=kpi_tiles, rl=roster_labels)
