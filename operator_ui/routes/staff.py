"""Staff pages (the talent database): who works here, their roles, teams and duties, and
qualifications with their expiry."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hotline.auth.deps import require
from hotline.db import SessionDep, utcnow
from operator_ui import staff_choices
from operator_ui.rendering import PageRoute, SignedInDep, render

router = APIRouter(prefix="/staff", route_class=PageRoute, include_in_schema=False)


@router.get("")
def staff_list(
    request: Request, user: SignedInDep, session: SessionDep, inactive: bool = False
) -> Response:
    require(user, "view_staff")
    today = utcnow().astimezone(request.app.state.settings.zone).date()
    return render(
        request, "staff/list.html", nav="staff", inactive=inactive,
        people=staff_choices.directory(session, today, include_inactive=inactive),
        warning_days=staff_choices.EXPIRY_WARNING_DAYS,
    )
