"""A team lead schedules a crisis drill through the page, records attendance, and the result
shows on the drill and on the compliance board. Real Chromium, real server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Person
from tests.roster.test_shifts_api import ZONE

pytestmark = pytest.mark.browser
LogIn = Callable[[Page, Person], None]


def test_team_lead_schedules_a_drill_and_records_attendance(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    lead = make_person("team_lead", full_name="Chen Lead")
    present = make_person("crisis_responder", full_name="Zhao Responder")
    away = make_person("crisis_responder", full_name="Qian Responder")
    make_person("operator", full_name="Sun Operator")  # not in the drill's audience
    log_in_browser(page, lead)

    # The drill began an hour ago (so attendance can be taken now) and ends in an hour.
    start = datetime.now(ZONE).replace(second=0, microsecond=0) - timedelta(hours=1)
    page.goto(f"{live_server}/trainings/new")
    expect(page.locator("#scenario")).to_be_hidden()  # a training has no scenario
    page.click('label.answer:has(input[value="drill"])')
    expect(page.locator("#scenario")).to_be_visible()
    page.fill("#title", "Imminent-risk caller drill")
    page.select_option("#audience", "crisis_team")
    page.select_option("#scenario", "imminent_rescue")
    page.fill("#day", start.date().isoformat())
    page.fill("#from", start.strftime("%H:%M"))
    page.fill("#to", (start + timedelta(hours=2)).strftime("%H:%M"))
    page.fill("#place", "Room 301")
    page.check('input[name="roles"][value="crisis_responder"]')
    page.click('button:has-text("Schedule")')

    page.wait_for_url("**/trainings/*?saved=1*")
    expect(page.locator(".notice")).to_contain_text("Saved.")
    participants = page.locator("#participants tbody tr")
    expect(participants).to_have_count(2)
    expect(page.locator("#participants")).not_to_contain_text("Sun Operator")
    expect(page.locator("#drill-runs button")).to_have_text("Start a live drill run")
    drill_url = page.url.split("?")[0]

    page.click("text=Record attendance")
    page.click(f'tr[data-staff-id="{present.id}"] label:has-text("Attended")')
    page.click(f'tr[data-staff-id="{away.id}"] label:has-text("Absent")')
    page.click('button:has-text("Save attendance")')

    page.wait_for_url(f"{drill_url}?saved=1")
    expect(page.locator("#participants h2")).to_contain_text("1 of 2 attended")
    expect(page.locator(f'#participants tr[data-staff-id="{present.id}"]')).to_contain_text("Attended")
    expect(page.locator(f'#participants tr[data-staff-id="{away.id}"]')).to_contain_text("Absent")

    # The drill counts for the one who came, in the half-year it was held.
    page.goto(f"{live_server}/trainings/compliance?year={start.year}")  # the drill's own year
    row = page.locator(f'tr[data-staff-id="{present.id}"]:has-text("Crisis team: drill")')
    expect(row.locator("td.num").first).to_have_text("1")
    other = page.locator(f'tr[data-staff-id="{away.id}"]:has-text("Crisis team: drill")')
    expect(other.locator("td.num").first).to_have_text("0")
