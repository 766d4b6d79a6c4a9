"""Reports over HTTP: KPIs for a period."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from hotline.access.permissions import can, require
from hotline.auth.deps import CurrentUserDep
from hotline.centres import service as centres_service
from hotline.config import SettingsDep
from hotline.db import SessionDep, utcnow
from hotline.policies import PoliciesDep
from hotline.reports import extras, kpis, province
from hotline.roster.schemas import Window
from hotline.staff.lookup import full_names

router = APIRouter(prefix="/api/reports", tags=["reports"])


@router.get("/kpis")
def kpi_report(window: Annotated[Window, Query()], user: CurrentUserDep, session: SessionDep,
               settings: SettingsDep, policies: PoliciesDep,
               centre: Annotated[str | None, Query(max_length=20)] = None) -> dict[str, Any]:
    """The DESIGN section 4 KPIs at the top level, breakdowns beside them: of the reader's
    centre, or (provincial roles) of ``centre`` (a code, or ``all`` for the province, the
    default), each other centre read audited."""
    if not can(user, "view_province"):
        require(user, "view_reports")
    found = province.scope(session, reader=user, asked=centre, what="api.kpis",
                           client_addr=user.client_addr)
    policies = policies.for_centre(found.centre.code) if found.centre else policies
    settings = centres_service.in_zone_of(settings, found.centre)  # its hours, its days
    report = kpis.compute(session, since=window.since, until=window.until, zone=settings.zone,
                          target_s=policies.records.service_level_seconds,
                          centre_id=found.centre_id)
    names = full_names(session, (r["operator_id"] for r in report.by_operator))
    for row in report.by_operator:
        row["name"] = names.get(row["operator_id"])
    body = asdict(report)
    more = extras.extras(session, since=window.since, until=window.until, settings=settings,
                         policies=policies, centre_id=found.centre_id)
    return {**body.pop("totals"), **more, **body, "centre": found.code,
            "zone": settings.timezone, "service_level_seconds":
            policies.records.service_level_seconds,
            "days": round((window.until - window.since) / timedelta(days=1), 2)}


@router.get("/province")
def province_now(user: CurrentUserDep, session: SessionDep, settings: SettingsDep,
                 policies: PoliciesDep) -> dict[str, Any]:
    """Every centre now, as the provincial dashboard shows it (provincial roles only; every
    other centre read is audited). Counts and times, never caller data."""
    require(user, "view_province")
    board = province.build(session, policies=policies, zone=settings.zone, now=utcnow())
    province.audit_reads(session, reader=user,
                         centres_read=[c.centre for c in board.centres], what="api.province",
                         client_addr=user.client_addr)
    return {"at": board.at, "counts": board.counts, "centres": [
        {"centre": c.centre.code, "name_zh": c.centre.name_zh, "name_en": c.centre.name_en,
         "state": c.state.value, "waiting": c.waiting, "longest_wait_s": c.longest_wait_s,
         "open_escalations": c.open_escalations, "rolled_in": c.rolled_in,
         "rolled_out": c.rolled_out,
         "positions": [asdict(p) for p in c.positions]} for c in board.centres]}
