"""Report pages: who may see them, the figures they show, a CSV for every table, bad periods
answered readably, and the printable monthly report."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from hotline.contacts.models import Contact
from tests.conftest import Person

LogIn = Callable[[Person], None]
# Sunday 2 March 2025, 10:00 in Shanghai.
T0 = datetime(2025, 3, 2, 2, 0, tzinfo=UTC)
PERIOD = "since=2025-03-01&until=2025-03-31"


@pytest.fixture
def supervisor(make_person: Callable[..., Person], log_in: LogIn) -> Person:
    person = make_person("supervisor", full_name="督导 王")
    log_in(person)
    return person


@pytest.fixture
def calls(engine, make_person) -> None:
    """Three calls at 10:00 on Sunday 2 March (two answered), one drill that must not count."""
    op = make_person("operator", full_name="接线员 李")
    with Session(engine) as s:
        for wait, status, risk, issues in ((10, "completed", "high", ["suicide.plan"]),
                                           (30, "completed", "low", ["relationships.parent_child"]),
                                           (None, "abandoned", "none", [])):
            answered = T0 + timedelta(seconds=wait) if wait else None
            s.add(Contact(channel="voice", status=status, received_at=T0, answered_at=answered,
                          ended_at=answered + timedelta(minutes=10) if answered else None,
                          risk_level=risk, issues=issues, operator_id=op.id, caller_key="k1"))
        s.add(Contact(channel="voice", status="completed", received_at=T0, answered_at=T0,
                      risk_level="imminent", is_drill=True))
        s.commit()


def _csv(client: TestClient, url: str) -> list[list[str]]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))


def test_dashboard_shows_headline_heatmap_risk_and_tables(client, supervisor, calls) -> None:
    page = client.get(f"/reports?{PERIOD}").text
    figures = dict(re.findall(r'figure-value">([^<]+)</span><span class="figure-label">([^<]+)<',
                              page))
    assert figures["3"] == "Contacts offered"
    # Targeted figures are tiles: value, target, and whether it is met (answer rate 90%).
    tile = re.search(r'data-kpi="answer_rate">(.*?)</div>\s*</div>', page, re.DOTALL)[1]  # type: ignore[index]
    assert "66.7%" in tile and "90.0%" in tile and "Below target" in tile
    assert "Answer rate" not in figures.values()
    # Sunday 10:00 holds all three calls: the busiest (darkest) cell; three contacts are too
    # few for a rate, so the rate cell is grey and shows n, not 67%.
    assert 'class="heat-cell v5" role="cell" title="Sun 10:00' in page
    assert 'class="heat-cell r-few" role="cell" title="Sun 10:00 · Answer rate 66.7% (n=3)">n3<' in page
    assert "接线员 李" in page  # by operator
    assert '<svg class="trend"' in page
    assert "1 · 33.3%" in page  # risk mix: one high of three full records


def test_every_dashboard_table_exports_as_csv(client, supervisor, calls) -> None:
    page = client.get(f"/reports?{PERIOD}").text
    links = sorted(set(re.findall(r'href="(/reports/export\.csv\?[^"]+)"', page)))
    assert [re.search(r"table=(\w+)", link)[1] for link in links] == [  # type: ignore[index]
        "channels", "heatmap", "kpis", "operators", "risk", "trend"]
    rows = _csv(client, f"/reports/export.csv?table=heatmap&{PERIOD}")
    assert rows[0] == ["Weekday", "Hour", "Offered", "Calls answered", "Answer rate"]
    assert ["Sun", "10", "3", "2", "0.6667"] in rows
    assert len(rows) == 1 + 7 * 24
    trend = _csv(client, f"/reports/export.csv?table=trend&{PERIOD}")
    assert trend[1:] == [["2025-03", "3", "2", "0.6667", "1", "1"]]  # only months with data


def test_csv_headers_follow_the_language(client, supervisor, calls) -> None:
    rows = _csv(client, f"/reports/export.csv?table=channels&{PERIOD}&lang=zh")
    assert rows[0][:4] == ["渠道", "呼入", "接通", "接通率"]
    assert rows[1][0] == "电话"


@pytest.mark.parametrize(("query", "message"), [
    ("since=2025-03-31&until=2025-03-01", "The end date is before the start date."),
    ("since=yesterday", "The dates could not be read."),
    ("since=2020-01-01&until=2025-01-01", "Choose at most 400 days."),
])
def test_bad_periods_are_explained_not_500(client, supervisor, query, message) -> None:
    r = client.get(f"/reports?{query}")
    assert r.status_code == 200
    assert message in r.text


def test_monthly_report_has_the_authorities_sections_and_prints(client, supervisor, calls) -> None:
    r = client.get("/reports/monthly?month=2025-03")
    assert r.status_code == 200
    page = r.text
    for heading in ("Calls and answer rate", "Crisis calls", "Repeat callers",
                    "Presenting issues", "Staffing", "Trainings and drills held"):
        assert f"<h2>{heading}</h2>" in page
    assert "/static/reports.css" in page and "data-print" in page
    # Its charts are SVG (they print as drawn), with the figures against their targets.
    assert '<svg class="trend"' in page and '<svg class="risk-bars"' in page
    assert 'data-kpi="service_level"' in page
    callers = _csv(client, "/reports/monthly.csv?month=2025-03&table=callers")
    assert callers[1:] == [["Callers identified", "1"], ["Called twice or more this month", "1"],
                           ["Had called before this month", "0"]]
    categories = _csv(client, "/reports/monthly.csv?month=2025-03&table=categories")
    assert categories[1:] == [["Relationships and family", "1", "0.3333"], ["Suicide", "1", "0.3333"]]
    totals = _csv(client, "/reports/monthly.csv?month=2025-03&table=totals")
    assert ["Contacts offered", "3"] in totals and ["Answer rate", "0.6667"] in totals
    assert "风险等级构成" in client.get("/reports/monthly?month=2025-03&lang=zh").text


def test_monthly_report_print_css_hides_the_controls() -> None:
    from operator_ui.pages import STATIC_DIR
    css = (STATIC_DIR / "reports.css").read_text()
    media = css[css.index("@media print"):]
    assert ".topbar" in media and ".no-print" in media and ".csv-link" in media


@pytest.mark.parametrize(("url", "status"), [
    ("/reports/monthly?month=2025-13", 404),
    ("/reports/monthly?month=soon", 404),
    ("/reports/export.csv?table=secrets", 404),
    ("/reports/monthly.csv?month=2025-03&table=secrets", 404),
])
def test_unknown_months_and_tables_get_a_readable_page(client, supervisor, url, status) -> None:
    r = client.get(url)
    assert r.status_code == status
    assert "<h1>Not found</h1>" in r.text


def test_operators_cannot_see_reports(client, make_person, log_in) -> None:
    log_in(make_person("operator"))
    r = client.get("/reports")
    assert r.status_code == 403
    assert "You cannot do this" in r.text
    assert client.get("/reports/export.csv?table=kpis").status_code == 403
    assert 'href="/reports"' not in client.get("/trainings/mine").text


def test_reports_need_a_login(client) -> None:
    r = client.get("/reports/monthly", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_an_empty_month_reads_as_nothing_not_errors(client, supervisor) -> None:
    page = client.get("/reports/monthly?month=2024-02&lang=zh").text
    assert "月度服务报告" in page
    assert "本期没有数据。" in page
