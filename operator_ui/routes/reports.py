"""Report pages for supervisors: the dashboard for a chosen period, the monthly report in the
shape the authorities' forms ask for (printable), and a CSV of every table on them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from itertools import dropwhile
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.config import Settings, settings_of
from hotline.db import SessionDep, utcnow
from hotline.errors import NotFound
from hotline.reports import kpis, monthly
from hotline.reports import targets as kpi_targets
from hotline.staff.lookup import full_names
from operator_ui import kpi_tiles, report_tables
from operator_ui.centre_scope import Scope, read_scope
from operator_ui.i18n import N_, zone_name
from operator_ui.rendering import (
    SignedInDep,
    language_of,
    page_router,
    render,
    translator,
)
from operator_ui.report_tables import Column, Table

router = page_router(prefix="/reports")

DEFAULT_DAYS = 28  # four of each weekday: a fair week-by-hour picture
MAX_DAYS = 400
TREND_MONTHS = 12

RATES = [Column("offered", N_("Offered")), Column("answered", N_("Calls answered")),
         Column("answer_rate", N_("Answer rate"), "pct"),
         Column("abandonment_rate", N_("Abandonment rate"), "pct"),
         Column("avg_speed_to_answer_s", N_("Average speed to answer"), "seconds"),
         Column("avg_handle_time_s", N_("Average handle time"), "seconds")]
HEADLINE = (
    ("offered", N_("Contacts offered"), "int"), ("answer_rate", N_("Answer rate"), "pct"),
    ("abandonment_rate", N_("Abandonment rate"), "pct"),
    ("avg_speed_to_answer_s", N_("Average speed to answer"), "seconds"),
    ("service_level", N_("Service level"), "pct"),
    ("avg_handle_time_s", N_("Average handle time"), "seconds"),
    ("high_risk_contacts", N_("High and imminent risk"), "int"),
    ("escalation_ack_p50_s", N_("Crisis acknowledged, median"), "seconds"),
    ("escalation_ack_p90_s", N_("Crisis acknowledged, 90th percentile"), "seconds"),
)
NOT_ANSWERED = N_("Not answered (no operator)")
FIGURE_COLUMNS = [Column("figure", N_("Figure"), "message"), Column("value", N_("Value"), "row")]


@dataclass
class Period:
    first: date
    last: date  # included
    problem: str | None = None

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period's instants: from the first day's midnight to the one after the last
        day, in ``zone`` (a centre's report counts its own days)."""
        return (datetime.combine(self.first, time(), zone),
                datetime.combine(self.last + timedelta(days=1), time(), zone))


def _today(request: Request) -> date:
    return utcnow().astimezone(settings_of(request).zone).date()


def read_period(request: Request) -> Period:
    """``since``/``until`` as local dates (``until`` included); unreadable, inverted or too
    long periods fall back to the last four weeks, with a problem to show."""
    today = _today(request)
    default = Period(today - timedelta(days=DEFAULT_DAYS - 1), today)
    raw_since, raw_until = request.query_params.get("since"), request.query_params.get("until")
    if not raw_since and not raw_until:
        return default
    try:
        last = date.fromisoformat(raw_until) if raw_until else today
        first = date.fromisoformat(raw_since) if raw_since else last - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError:
        return Period(default.first, default.last, N_("The dates could not be read. Showing the last four weeks."))
    if last < first:
        return Period(default.first, default.last, N_("The end date is before the start date. Showing the last four weeks."))
    if (last - first).days >= MAX_DAYS:
        return Period(default.first, default.last, N_("Choose at most 400 days. Showing the last four weeks."))
    return Period(first, last)


def read_month(request: Request) -> date:
    """``?month=YYYY-MM``; the previous month (the one being reported) by default."""
    raw = request.query_params.get("month")
    if not raw:
        return monthly.first_of_month(monthly.first_of_month(_today(request)) - timedelta(days=1))
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise NotFound("page.no_such_month") from exc


def _kpi_report(request: Request, session: Session, since: datetime,
                until: datetime, scope: Scope) -> kpis.KpiReport:
    policies = scope.policies
    report = kpis.compute(session, since=since, until=until, zone=scope.settings.zone,
                          target_s=policies.records.service_level_seconds,
                          centre_id=scope.centre_id)
    names = full_names(session, (r["operator_id"] for r in report.by_operator))
    nobody = translator(language_of(request))(NOT_ANSWERED)
    for row in report.by_operator:
        row["name"] = names.get(row["operator_id"]) or nobody
    return report


def _share_rows(counts: dict[str, int], key: str) -> list[dict[str, Any]]:
    total = sum(counts.values())
    return [{key: code, "contacts": n, "share": round(n / total, 4) if total else None}
            for code, n in counts.items()]


@dataclass
class Dashboard:
    report: kpis.KpiReport
    trend: list[monthly.MonthPoint]
    tables: dict[str, Table]


def _trend(request: Request, session: Session, last: date,
           scope: Scope) -> list[monthly.MonthPoint]:
    """Up to twelve months ending with ``last``'s, starting at the first month with data:
    ten empty months before the first call say nothing."""
    points = monthly.monthly_series(
        session, first=monthly.next_month(date(last.year - 1, last.month, 1)), last=last,
        zone=scope.settings.zone, centre_id=scope.centre_id)
    return list(dropwhile(lambda point: point.offered == 0, points))


def dashboard_data(request: Request, session: Session, period: Period,
                   scope: Scope) -> Dashboard:
    """The period's KPIs, the twelve months up to its end, and every table of the dashboard
    in page order, for the scope's centre (or the province)."""
    since, until = period.bounds(scope.settings.zone)
    report = _kpi_report(request, session, since, until, scope)
    trend = _trend(request, session, period.last, scope)
    mix = monthly.risk_mix(session, since=since, until=until, centre_id=scope.centre_id)
    tables = [
        Table("kpis", N_("Headline figures"), [
            Column("figure", N_("Figure"), "message"), Column("value", N_("Value"), "row")],
            [{"figure": title, "value": report.totals[key], "fmt": fmt, "key": key}
             for key, title, fmt in HEADLINE]),
        Table("heatmap", N_("Calls and answer rate by weekday and hour"), [
            Column("weekday", N_("Weekday"), "label:weekday"), Column("hour", N_("Hour"), "text"),
            *RATES[:3]], [cell for day in report.heatmap for cell in day]),
        Table("risk", N_("Risk mix"), [
            Column("level", N_("Risk level"), "label:risk"), Column("contacts", N_("Contacts")),
            Column("share", N_("Share"), "pct")], _share_rows(mix, "level"),
            N_("Full-record contacts by their risk level; drills never count.")),
        Table("trend", N_("Trend over months"), [
            Column("month", N_("Month"), "text"), *RATES[:3],
            Column("abandoned", N_("Abandoned")), Column("high_risk", N_("High and imminent risk"))],
            [asdict(p) for p in trend]),
        Table("channels", N_("By channel"), [Column("channel", N_("Channel"), "label:channel"),
                                             *RATES], report.by_channel),
        Table("operators", N_("By operator"), [Column("name", N_("Operator"), "text"), *RATES],
              report.by_operator),
    ]
    return Dashboard(report, trend, {t.name: t for t in tables})


def monthly_tables(request: Request, session: Session, month: date,
                   scope: Scope) -> tuple[monthly.MonthlyReport, dict[str, Table]]:
    """The monthly report and its tables, in the order of the authorities' forms, for the
    scope's centre (or the province)."""
    r = monthly.monthly_report(session, month=month, settings=scope.settings,
                               policies=scope.policies, centre_id=scope.centre_id)
    t = r.totals

    def figures(*items: tuple[str, Any, str]) -> list[dict[str, Any]]:
        return [{"figure": title, "value": value, "fmt": fmt} for title, value, fmt in items]

    tables = [
        Table("totals", N_("Calls and answer rate"), FIGURE_COLUMNS, figures(
            (N_("Contacts offered"), t["offered"], "int"),
            (N_("Calls answered"), t["answered"], "int"), (N_("Answer rate"), t["answer_rate"], "pct"),
            (N_("Abandoned"), t["abandoned"], "int"),
            (N_("Abandonment rate"), t["abandonment_rate"], "pct"),
            (N_("Missed"), t["missed"], "int"),
            (N_("Average speed to answer"), t["avg_speed_to_answer_s"], "seconds"),
            (N_("Service level"), t["service_level"], "pct"),
            (N_("Average handle time"), t["avg_handle_time_s"], "seconds"))),
        Table("call_types", N_("Call types"), [
            Column("call_type", N_("Call type"), "label:call_type"),
            Column("contacts", N_("Contacts")), Column("share", N_("Share"), "pct")],
            _share_rows(r.call_types, "call_type")),
        Table("crisis", N_("Crisis calls"), FIGURE_COLUMNS, figures(
            (N_("High risk"), r.crisis.high, "int"), (N_("Imminent risk"), r.crisis.imminent, "int"),
            (N_("Crisis escalations"), r.crisis.escalations, "int"),
            (N_("Acknowledged by the crisis team"), r.crisis.acknowledged, "int"),
            (N_("Crisis acknowledged, median"), t["escalation_ack_p50_s"], "seconds"),
            (N_("Crisis acknowledged, 90th percentile"), t["escalation_ack_p90_s"], "seconds"))),
        Table("risk", N_("Risk mix"), [
            Column("level", N_("Risk level"), "label:risk"), Column("contacts", N_("Contacts")),
            Column("share", N_("Share"), "pct")], _share_rows(r.risk_mix, "level")),
        Table("callers", N_("Repeat callers"), FIGURE_COLUMNS, figures(
            (N_("Callers identified"), r.callers.identified, "int"),
            (N_("Called twice or more this month"), r.callers.repeat, "int"),
            (N_("Had called before this month"), r.callers.returning, "int"))),
        Table("categories", N_("Presenting issues"), [
            Column("category", N_("Category"), "label:taxonomy"),
            Column("contacts", N_("Contacts")), Column("share", N_("Share of full records"), "pct")],
            [{"category": c, "contacts": n,
              "share": round(n / r.full_records, 4) if r.full_records else None}
             for c, n in r.categories.items()],
            N_("A contact may have several presenting issues, so shares add up to more than 100%.")),
        Table("staffing", N_("Staffing"), FIGURE_COLUMNS, figures(
            (N_("Covered hours"), r.staffing.covered_ratio, "pct"),
            (N_("Required position-hours"), r.staffing.required_hours, "hours"),
            (N_("Staffed position-hours"), r.staffing.staffed_hours, "hours"),
            (N_("People on shift"), r.staffing.people_on_shift, "int"))),
        Table("sessions", N_("Trainings and drills held"), [
            Column("start", N_("Date"), "date"), Column("kind", N_("Kind"), "label:session_kind"),
            Column("title", N_("Title"), "text"), Column("hours", N_("Hours"), "hours"),
            Column("invited", N_("Invited")), Column("attended", N_("Attended")),
            Column("passed", N_("Passed")), Column("runs", N_("Drill runs")),
            Column("ack_median_s", N_("Time to acknowledge, median"), "seconds"),
            Column("steps_done_share", N_("Rescue steps done"), "pct")],
            [asdict(s) for s in r.sessions],
            N_("Drills are not passed or failed: they measure how fast the crisis team "
               "acknowledged the simulated alert and how many rescue steps were done.")),
    ]
    return r, {t.name: t for t in tables}


EXTRA_LABELS: dict[str, dict[str, str]] = {
    "weekday": report_tables.WEEKDAYS,
    "session_kind": {"training": N_("Training"), "drill": N_("Drill")},
}


def _tools(request: Request) -> report_tables.Formatter:
    """Cell formatting and labels in the page's language, for HTML and CSV alike."""
    language = language_of(request)
    _ = translator(language)
    zone = settings_of(request).zone
    label = report_tables.labeller(_, language, EXTRA_LABELS)

    def local_time(value: datetime, fmt: str) -> str:
        return value.astimezone(zone).strftime(fmt)

    return report_tables.Formatter(_, label, local_time)


def zone_label(request: Request, settings: Settings) -> str:
    """The zone a report counts its days in, as the reader says it."""
    return zone_name(settings.timezone, language_of(request))


def _csv(request: Request, table: Table, filename: str) -> Response:
    body = report_tables.to_csv(table, _tools(request))
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})


def _page(request: Request, template: str, **context: Any) -> Response:
    return render(request, template, nav="reports", fmt=_tools(request), **context)


def _reader(user: SignedInDep) -> CurrentUser:
    """Reports are for those who judge a service: a centre's supervisors, leads and admins,
    and the provincial roles (any centre, or the province)."""
    if not can(user, "view_province"):
        require(user, "view_reports")
    return user


ReaderDep = Annotated[CurrentUser, Depends(_reader)]


@router.get("")
def dashboard(request: Request, user: ReaderDep, session: SessionDep) -> Response:
    period = read_period(request)
    scope = read_scope(request, session, user, "reports")
    data = dashboard_data(request, session, period, scope)
    query = f"since={period.first.isoformat()}&until={period.last.isoformat()}&{scope.query}"
    policies = scope.policies
    targets = policies.records.targets
    return _page(request, "reports/dashboard.html", period=period, tables=data.tables,
                 heat=report_tables.heat_rows(data.report.heatmap, targets.min_contacts_per_cell),
                 min_contacts=targets.min_contacts_per_cell,
                 judged=kpi_targets.judge(data.report.totals, policies.records),
                 tiles=kpi_tiles, scope=scope, zone_label=zone_label(request, scope.settings),
                 trend=report_tables.trend_chart(data.trend), query=query)


@router.get("/export.csv")
def dashboard_csv(request: Request, user: ReaderDep, session: SessionDep,
                  table: str) -> Response:
    period = read_period(request)
    scope = read_scope(request, session, user, "reports.csv")
    tables = dashboard_data(request, session, period, scope).tables
    if table not in tables:
        raise NotFound("page.no_such_table")
    return _csv(request, tables[table], f"{table}-{period.first}-{period.last}")


@router.get("/monthly")
def monthly_page(request: Request, user: ReaderDep, session: SessionDep) -> Response:
    month = read_month(request)
    scope = read_scope(request, session, user, "monthly")
    policies = scope.policies
    report, tables = monthly_tables(request, session, month, scope)
    previous = monthly.first_of_month(month - timedelta(days=1))
    following = monthly.next_month(month)
    last_day = following - timedelta(days=1)
    return _page(request, "reports/monthly.html", report=report, tables=tables,
                 first_day=month, last_day=last_day, previous=previous, following=following,
                 judged=kpi_targets.judge(report.totals, policies.records), scope=scope,
                 tiles=kpi_tiles, zone_label=zone_label(request, scope.settings),
                 trend=report_tables.trend_chart(_trend(request, session, last_day, scope)))


@router.get("/monthly.csv")
def monthly_csv(request: Request, user: ReaderDep, session: SessionDep,
                table: str) -> Response:
    month = read_month(request)
    scope = read_scope(request, session, user, "monthly.csv")
    report, tables = monthly_tables(request, session, month, scope)
    if table not in tables:
        raise NotFound("page.no_such_table")
    return _csv(request, tables[table], f"{report.month}-{scope.code}-{table}")
