"""The staffing page in real Chromium: a busy hour of last week shows up as demand this week,
the roster's short hours are red and listed, checked-in seats are shown, in both languages."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from hotline.db import utcnow
from hotline.roster.models import Shift
from hotline.wallclock import at, local_date
from tests.staffing.test_forecast import SHANGHAI, contacts


def test_supervisor_reads_demand_against_the_roster(engine, make_person, page, live_server,
                                                    log_in_browser):
    now = utcnow()
    today = local_date(now, SHANGHAI)
    from datetime import time

    # Last week, today's weekday at 10:00: 3 Erlangs of calls (9 seats with shrinkage).
    with Session(engine) as s:
        contacts(s, at(today - timedelta(days=7), time(10), SHANGHAI), 29, 360, abandoned=1)
        # Two operators rostered today 08:00-16:00, one of them checked in.
        a, b = make_person("operator"), make_person("operator")
        start = at(today, time(8), SHANGHAI)
        s.add(Shift(staff_id=a.id, position="operator", start=start,
                    end=start + timedelta(hours=8), checked_in_at=start))
        s.add(Shift(staff_id=b.id, position="operator", start=start,
                    end=start + timedelta(hours=8)))
        s.commit()
    boss = make_person("supervisor", username="boss")
    log_in_browser(page, boss)
    page.goto(f"{live_server}/staffing?lang=en&weeks=1")
    assert page.locator("h1").inner_text() == "Staffing"
    row = page.locator("#staffing-heatmap tbody tr.today")
    ten = row.locator("td").nth(10)
    assert ten.get_attribute("data-demand") == "9"
    assert ten.get_attribute("data-rostered") == "2"
    assert "short" in (ten.get_attribute("class") or "")
    assert ten.locator(".main").inner_text() == "2/9"
    assert "30.0 contacts/h" in (ten.get_attribute("title") or "")
    if now >= at(today, time(9), SHANGHAI):  # an hour already under way has check-ins
        assert row.locator("td").nth(8).get_attribute("data-checked-in") == "1"
    short = page.locator("#short-hours")
    assert short.locator("text=short of demand").count() >= 1
    page.screenshot(path="/tmp/staffing-en.png", full_page=True)
    page.goto(f"{live_server}/staffing?lang=zh&weeks=1")
    assert page.locator("h1").inner_text() == "人员配置"
    assert page.locator("#h-short").inner_text() == "排班不足的时段"
    page.screenshot(path="/tmp/staffing-zh.png", full_page=True)
