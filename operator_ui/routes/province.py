"""``/province``: every centre of the network side by side, live, for the provincial roles.

The page loads the grid once; ``static/live-panel.js`` reloads the ``/province/panel`` fragment
when a queue, presence, contact, escalation, coverage or rollover event arrives on the
console's websocket (and every 15 s, so waiting times keep counting). ``/province/kpis`` is
the period's KPIs per centre and for the province, each centre's monthly report one click
away. Everyone else gets 403; every read names the centres read in the audit log.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import settings_of
from hotline.db import SessionDep, utcnow
from hotline.policies import policies_of
from hotline.reports import province
from operator_ui import roster_labels
from operator_ui.i18n import N_
from operator_ui.rendering import SignedInDep, language_of, page_router, render
from operator_ui.report_tables import Column, Table
from operator_ui.routes.reports import _csv, _tools, read_period, zone_label

router = page_router(prefix="/province")

STATES = {"ok": N_("Covered"), "short": N_("Short"), "no_cover": N_("No cover")}
COLUMNS = [
    Column("centre", N_("Centre"), "text"), Column("offered", N_("Offered")),
    Column("answer_rate", N_("Answer rate"), "pct"),
    Column("abandonment_rate", N_("Abandonment rate"), "pct"),
    Column("avg_speed_to_answer_s", N_("Average speed to answer"), "seconds"),
    Column("service_level", N_("Service level"), "pct"),
    Column("high_risk_contacts", N_("High and imminent risk")),
    Column("escalation_ack_p50_s", N_("Crisis acknowledged, median"), "seconds"),
    Column("rolled_in", N_("Rolled over in")), Column("rolled_out", N_("Rolled over out")),
    Column("rollover_rate", N_("Rollover rate"), "pct"),
]


def _board(request: Request, session: SessionDep, user: CurrentUser, what: str) -> province.Province:
    require(user, "view_province")
    board = province.build(session, policies=policies_of(request),
                           zone=settings_of(request).zone, now=utcnow())
    province.audit_reads(session, reader=user,
                         centres_read=[c.centre for c in board.centres], what=what,
                         client_addr=user.client_addr)
    return board


def _context(request: Request, board: province.Province) -> dict[str, Any]:
    return {"board": board, "states": STATES, "rl": roster_labels, "lang": language_of(request)}


@router.get("")
def province_page(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    board = _board(request, session, user, "province")
    return render(request, "province/page.html", nav="province", **_context(request, board))


@router.get("/panel")
def province_panel(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    board = _board(request, session, user, "province")
    return render(request, "province/_panel.html", **_context(request, board))


def _kpi_table(request: Request, session: SessionDep, user: CurrentUser) -> tuple[Table, Any]:
    require(user, "view_province")
    period = read_period(request)
    since, until = period.bounds(settings_of(request).zone)
    rows = province.period_kpis(session, since=since, until=until,
                                zone=settings_of(request).zone, policies=policies_of(request))
    language = language_of(request)
    province.audit_reads(session, reader=user,
                         centres_read=[r.centre for r in rows if r.centre], what="kpis",
                         client_addr=user.client_addr)
    _ = _tools(request)._
    table = Table("centres", N_("KPIs per centre"), COLUMNS, [
        {**r.totals, "code": r.centre.code if r.centre else "all",
         "centre": r.centre.name_in(language) if r.centre else _("Whole province")}
        for r in rows],
        N_("Each centre is judged by its own service-level target; a rolled-over call "
           "counts at the centre that answered it."))
    return table, period


@router.get("/kpis")
def province_kpis(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    table, period = _kpi_table(request, session, user)
    query = f"since={period.first.isoformat()}&until={period.last.isoformat()}"
    return render(request, "province/kpis.html", nav="province", table=table, period=period,
                  query=query, fmt=_tools(request),
                  zone_label=zone_label(request, settings_of(request)))


@router.get("/kpis.csv")
def province_kpis_csv(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    table, period = _kpi_table(request, session, user)
    return _csv(request, table, f"centres-{period.first}-{period.last}")
