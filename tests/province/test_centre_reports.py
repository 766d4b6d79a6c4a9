"""Reports per centre and for the province: one monthly report module serves both; a
supervisor reads their own centre only, a provincial role any centre or the province, and
every other centre they read is in the audit log. Compliance is per centre too."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.reports import monthly
from tests.reports.test_monthly import MARCH, add, contact


def _contacts(engine, centres) -> None:
    gz, sz = centres["gz"].id, centres["sz"].id
    rows = [contact(risk="high"), contact(), contact(status="abandoned", wait=None)]
    for row in rows:
        row.centre_id = gz
    other = contact(risk="imminent")
    other.centre_id = sz
    add(engine, *rows, other)


def test_the_monthly_report_per_centre_and_for_the_province(engine, settings, pol, centres):
    _contacts(engine, centres)
    with Session(engine) as s:
        gz = monthly.monthly_report(s, month=MARCH, settings=settings, policies=pol,
                                    centre_id=centres["gz"].id)
        sz = monthly.monthly_report(s, month=MARCH, settings=settings,
                                    policies=pol.for_centre("sz"), centre_id=centres["sz"].id)
        province = monthly.monthly_report(s, month=MARCH, settings=settings, policies=pol)
    assert (gz.totals["offered"], gz.totals["abandoned"], gz.crisis.high) == (3, 1, 1)
    assert (sz.totals["offered"], sz.crisis.imminent) == (1, 1)
    assert province.totals["offered"] == gz.totals["offered"] + sz.totals["offered"]
    assert province.risk_mix["high"] == 1 and province.risk_mix["imminent"] == 1
    # Staffing: each centre by its own requirement; the province adds them up.
    assert sz.staffing.required_hours == 31 * 24 * 2  # one seat and one crisis primary
    assert province.staffing.required_hours == (
        gz.staffing.required_hours + sz.staffing.required_hours
        + monthly.monthly_report(Session(engine), month=MARCH, settings=settings, policies=pol,
                                 centre_id=centres["gd"].id).staffing.required_hours)


def test_report_pages_read_the_readers_centre_and_provincial_reads_are_audited(
        client, engine, make_person, centres, log_in):
    _contacts(engine, centres)
    gz_sup = make_person("supervisor", centre_id=centres["gz"].id)
    boss = make_person("provincial_supervisor", centre_id=centres["gd"].id)
    month = {"month": "2025-03"}
    log_in(gz_sup)
    own = client.get("/reports/monthly", params=month)
    assert own.status_code == 200
    refused = client.get("/reports/monthly", params={**month, "centre": "sz"})
    assert refused.status_code == 403
    api = client.get("/api/reports/kpis", headers=gz_sup.headers, params={
        "since": datetime(2025, 3, 1, tzinfo=UTC).isoformat(),
        "until": datetime(2025, 4, 1, tzinfo=UTC).isoformat()}).json()
    assert (api["centre"], api["offered"]) == ("gz", 3)

    log_in(boss)
    for centre, offered in (("sz", "1"), ("all", "4")):
        page = client.get("/reports/monthly.csv",
                          params={**month, "centre": centre, "table": "totals"})
        assert page.status_code == 200
        assert page.text.splitlines()[1].endswith(f",{offered}")
    zh = client.get("/reports/monthly", params={**month, "centre": "all", "lang": "zh"})
    assert "全省" in zh.text
    assert client.get("/reports/monthly", params={**month, "centre": "nowhere"}).status_code == 404
    with Session(engine) as s:
        audited = [e.subject for e in s.exec(select(AuditEntry).where(
            AuditEntry.action == "centre.cross_read").where(AuditEntry.actor_id == boss.id)
            .order_by(AuditEntry.id))]
        # sz, then the province twice (CSV and page): every centre but the reader's own (gd)
        assert Counter(audited) == {"centre:sz": 3, "centre:gz": 2}
        assert not s.exec(select(AuditEntry).where(AuditEntry.action == "centre.cross_read")
                          .where(AuditEntry.actor_id == gz_sup.id)).all()


def test_compliance_is_per_centre(client, make_person, centres):
    lead = make_person("team_lead", centre_id=centres["gz"].id)
    mine = make_person("operator", centre_id=centres["gz"].id)
    theirs = make_person("operator", centre_id=centres["sz"].id)
    rows = client.get("/api/trainings/compliance", headers=lead.headers).json()
    people = {r["staff_id"] for r in rows}
    assert mine.id in people and theirs.id not in people


