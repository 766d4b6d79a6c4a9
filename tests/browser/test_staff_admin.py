"""An admin keeps the talent database through the pages in real headless Chromium: adds a
person with a login, records a certificate, puts them on the crisis team, and is shown the
coverage gaps when deactivating someone still on the roster."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from hotline.db import utcnow
from hotline.roster.models import Shift
from hotline.roster.policy import Position
from hotline.staff.models import Team, TeamKind
from tests.conftest import Person

pytestmark = pytest.mark.browser
LogIn = Callable[[Page, Person], None]


def test_admin_adds_a_person_and_meets_the_coverage_guard(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
    session: Session,
) -> None:
    team = Team(code="crisis", name_en="Crisis team", kind=TeamKind.crisis)
    session.add(team)
    on_shift = make_person("operator", full_name="Zhou On Shift")
    start = (utcnow() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    session.add(Shift(staff_id=on_shift.id, position=Position.operator, start=start,
                      end=start + timedelta(hours=8)))
    session.commit()
    log_in_browser(page, make_person("admin"))

    page.goto(f"{live_server}/staff")
    page.click("#add-person")
    page.fill("#full_name", "Lin Xiao")
    page.check('input[name="roles"][value="crisis_responder"]')
    page.fill("#phone", "13800138000")
    page.fill("#languages", "zh, en")
    page.fill("#username", "lin.xiao")
    page.fill("#password", "a first password")
    page.click("#save-person")
    expect(page.locator("#notice")).to_contain_text("in the talent database")
    expect(page.locator("#phone")).to_have_text("+8613800138000")
    expect(page.locator("#username")).to_have_text("lin.xiao")

    page.click("#add-qualification")
    page.fill("#kind", "心理危机干预培训证书")
    page.fill("#issued_on", "2025-01-01")
    page.fill("#expires_on", (date.today() + timedelta(days=30)).isoformat())
    page.click("#save-qualification")
    expect(page.locator("#qualification-list")).to_contain_text("Expiring soon")

    page.goto(f"{live_server}/staff/teams")
    section = page.locator(f"#team-{team.id}")
    section.locator("select[name=staff_id]").select_option(label="Lin Xiao")
    section.locator("select[name=duty]").select_option("leader")
    section.locator("button", has_text="Add").click()
    expect(page.locator(f"#team-{team.id} tr[data-duty=leader]")).to_contain_text("Lin Xiao")

    page.goto(f"{live_server}/staff/{on_shift.id}")
    page.click("#deactivate-person")
    page.click("#confirm-deactivate")
    expect(page.locator("#gaps")).to_contain_text("Operator seat")
    expect(page.locator("#ask-supervisor")).to_be_visible()
    page.goto(f"{live_server}/staff/{on_shift.id}")
    expect(page.locator("#deactivate-person")).to_be_visible()  # still active
    page.screenshot(path="/tmp/staff-admin-browser.png", full_page=True)
