"""``/wallboard``: the supervisor's live view of the service, for a desk or a wall screen.

The page loads the board once; ``static/live-panel.js`` reloads the ``/wallboard/panel``
fragment when a queue, presence, escalation or coverage event arrives on the console's
websocket (and every 15 s, so the waiting times keep counting)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import settings_of
from hotline.db import SessionDep, utcnow
from hotline.policies import centre_policies, policies_of
from hotline.reports import wallboard
from operator_ui import kpi_tiles, roster_labels
from operator_ui.rendering import SignedInDep, page_router, render

router = page_router(prefix="/wallboard")


def _board(request: Request, session: SessionDep, user: CurrentUser) -> wallboard.Wallboard:
    """The reader's own centre, by its own policies."""
    return wallboard.build(session, settings=settings_of(request),
                           policies=centre_policies(session, policies_of(request),
                                                    user.centre_id),
                           now=utcnow(), centre_id=user.centre_id)


@router.get("")
def wallboard_page(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_wallboard")
    return render(request, "wallboard/page.html", nav="wallboard", board=_board(request, session, user),
                  tiles=kpi_tiles, rl=roster_labels)


@router.get("/panel")
def wallboard_panel(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "view_wallboard")
    return render(request, "wallboard/_panel.html", board=_board(request, session, user),
                  tiles=kpi_tiles, rl=roster_labels)
