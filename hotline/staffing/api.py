"""Staffing from demand over HTTP."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Query

from hotline.access.permissions import require
from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep
from hotline.db import SessionDep, utcnow
from hotline.policies import PoliciesDep
from hotline.staffing import forecast

router = APIRouter(prefix="/api/staffing", tags=["staffing"])


@router.get("/forecast")
def staffing_forecast(
    user: CurrentUserDep, session: SessionDep, settings: SettingsDep, policies: PoliciesDep,
    weeks: Annotated[int, Query(ge=1, le=forecast.MAX_WEEKS,
                                description="weeks of past contacts to learn from")]
    = forecast.DEFAULT_WEEKS,
) -> list[dict[str, Any]]:
    """For each local hour of the week: arrivals, handle time, the operators Erlang C needs
    for the service-level target, today's policy minimum and the larger of the two."""
    require(user, "view_reports")
    rows = forecast.forecast(session, weeks=weeks, now=utcnow(),
                             zone=settings.zone,
                             policies=policies)
    return [dataclasses.asdict(r) for r in rows]
