"""Reports over HTTP: KPIs for a period."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from hotline.access.permissions import require
from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep
from hotline.db import SessionDep
from hotline.policies import PoliciesDep
from hotline.reports import extras, kpis
from hotline.roster.schemas import Window
from hotline.staff.lookup import full_names

router = APIRouter(prefix="/api/reports", tags=["reports"])


@router.get("/kpis")
def kpi_report(window: Annotated[Window, Query()], user: CurrentUserDep, session: SessionDep,
               settings: SettingsDep, policies: PoliciesDep) -> dict[str, Any]:
    """The DESIGN section 4 KPIs at the top level, breakdowns beside them."""
    require(user, "view_reports")
    report = kpis.compute(session, since=window.since, until=window.until, zone=settings.zone,
                          target_s=policies.records.service_level_seconds)
    names = full_names(session, (r["operator_id"] for r in report.by_operator))
    for row in report.by_operator:
        row["name"] = names.get(row["operator_id"])
    body = asdict(report)
    more = extras.extras(session, since=window.since, until=window.until, settings=settings,
                         policies=policies)
    return {**body.pop("totals"), **more, **body, "service_level_seconds":
            policies.records.service_level_seconds,
            "days": round((window.until - window.since) / timedelta(days=1), 2)}
