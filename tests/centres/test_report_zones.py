"""Report periods by centre: a centre's KPIs and monthly report count its days and months in
its own time zone, not the hotline's; the province's report says which zone it counts in."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from hotline.centres.models import Centre
from hotline.centres.policy import CentrePolicy, NetworkPolicy
from hotline.contacts.models import Contact
from tests.centres.conftest import synced
from tests.conftest import PASSWORD

# Urumqi keeps UTC+6, two hours behind the hotline's Shanghai.
NETWORK = NetworkPolicy(centres=(
    CentrePolicy(code="main", provincial=True, regions=("650000",)),
    CentrePolicy(code="urumqi", name_en="Urumqi hotline", regions=("650100",),
                 zone="Asia/Urumqi", rollover_to="main"),
))
# 23:30 on 30 November in Urumqi, already 01:30 on 1 December in Shanghai.
NOV_30_LATE = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)


@pytest.fixture
def network(engine) -> dict[str, Centre]:
    return synced(engine, NETWORK)


@pytest.fixture
def late_call(engine, network) -> None:
    """One answered call at each centre, both at the same instant."""
    with Session(engine) as s:
        for code in ("main", "urumqi"):
            s.add(Contact(channel="voice", status="completed", received_at=NOV_30_LATE,
                          answered_at=NOV_30_LATE + timedelta(seconds=8),
                          ended_at=NOV_30_LATE + timedelta(minutes=9),
                          centre_id=network[code].id))
        s.commit()


def _offered(client, url: str) -> int:
    r = client.get(url)
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    (offered,) = [row for row in rows if row and row[0] == "Contacts offered"]
    return int(offered[1])


def _log_in(client, person) -> None:
    r = client.post("/api/auth/login", json={"username": person.username, "password": PASSWORD})
    assert r.status_code == 200, r.text


def test_a_centres_monthly_report_counts_its_own_month(client, make_person, network,
                                                       late_call):
    _log_in(client, make_person("supervisor", centre_id=network["urumqi"].id))
    monthly = "/reports/monthly.csv?table=totals&lang=en&month="
    assert _offered(client, monthly + "2026-11") == 1  # still November in Urumqi
    assert _offered(client, monthly + "2026-12") == 0
    page = client.get("/reports/monthly?month=2026-11&lang=en")
    assert "China (Ürümqi) Time" in page.text and "Shanghai" not in page.text


def test_the_hotlines_zone_still_counts_for_its_own_centre(client, make_person, network,
                                                           late_call):
    _log_in(client, make_person("supervisor", centre_id=network["main"].id))
    monthly = "/reports/monthly.csv?table=totals&lang=en&month="
    assert _offered(client, monthly + "2026-11") == 0  # December already in Shanghai
    assert _offered(client, monthly + "2026-12") == 1


def test_a_centres_dashboard_period_is_its_own_days(client, make_person, network, late_call):
    _log_in(client, make_person("supervisor", centre_id=network["urumqi"].id))
    kpis = "/reports/export.csv?table=kpis&lang=en&since={d}&until={d}"
    heads = list(csv.reader(io.StringIO(client.get(kpis.format(d="2026-11-30")).text
                                        .lstrip("\ufeff"))))
    assert ["Contacts offered", "1"] in heads, heads  # 30 November, Urumqi's day
    assert _offered(client, kpis.format(d="2026-12-01")) == 0
    page = client.get("/reports?since=2026-11-30&until=2026-11-30&lang=en")
    assert '<span class="zone">China (Ürümqi) Time</span>' in page.text
    r = client.get("/api/reports/kpis", params={
        "since": "2026-11-30T00:00:00+06:00", "until": "2026-12-01T00:00:00+06:00"},
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["zone"] == "Asia/Urumqi" and body["offered"] == 1
    # The hour of the week is Urumqi's: Monday 23:00 there (Tuesday 01:00 in Shanghai).
    cells = [c for day in body["heatmap"] for c in day if c["offered"]]
    assert [(c["weekday"], c["hour"]) for c in cells] == [("mon", 23)]


def test_the_province_says_which_zone_its_periods_use(client, make_person, network, late_call):
    province = make_person("provincial_supervisor", centre_id=network["main"].id)
    _log_in(client, province)
    page = client.get("/province/kpis?since=2026-11-30&until=2026-11-30&lang=en")
    assert page.status_code == 200
    assert "in China (Shanghai) Time, the hotline&#39;s time zone" in page.text
    zh = client.get("/province/kpis?since=2026-11-30&until=2026-11-30&lang=zh")
    assert "热线所在时区" in zh.text
