"""The supervisors' staffing page: a week x hour heatmap of operator seats required by demand
vs rostered vs checked in, the expected service level and occupancy, and the short hours."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import require
from hotline.config import SettingsDep
from hotline.db import SessionDep, utcnow
from hotline.policies import PoliciesDep
from hotline.staffing import forecast
from hotline.staffing import week as staffing_week
from operator_ui import roster_labels, roster_views
from operator_ui.rendering import SignedInDep, page_router, render

router = page_router(prefix="/staffing")
WEEK_CHOICES = (4, 8, 13, 26, 52)


@router.get("")
def staffing_page(request: Request, user: SignedInDep, session: SessionDep, settings: SettingsDep,
                  policies: PoliciesDep, week: str | None = None,
                  weeks: int = forecast.DEFAULT_WEEKS) -> Response:
    require(user, "view_reports")
    now = utcnow()
    monday = roster_views.week_start(week, now.astimezone(settings.zone).date())
    # An out-of-range window from a hand-edited address falls back to the default.
    weeks = weeks if 1 <= weeks <= forecast.MAX_WEEKS else forecast.DEFAULT_WEEKS
    picture = staffing_week.build(session, week_start=monday, weeks=weeks, settings=settings,
                                  policies=policies, now=now)
    return render(
        request, "staffing/week.html", nav="staffing", picture=picture, week=monday,
        previous=monday - timedelta(days=7), following=monday + timedelta(days=7),
        weeks=weeks, week_choices=sorted({*WEEK_CHOICES, weeks}), today=now.astimezone(settings.zone).date(),
        rl=roster_labels,
    )
