"""Issue 3, done-when: the coverage board in real Chromium shows a gap after a shift is
removed with an override. The supervisor picks the hour on the board, removes the shift,
is shown the gap it would open, gives a reason, and the hour turns red."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.roster.models import Shift
from hotline.roster.wallclock import at
from tests.roster.test_shifts_api import ZONE

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_removing_a_shift_with_override_shows_the_gap(
    page, live_server, log_in_browser, make_person, engine
) -> None:
    supervisor = make_person("supervisor", full_name="Sun Duty")
    colleague = make_person("supervisor", full_name="He Evening")
    day = datetime.now(UTC).astimezone(ZONE).date() + timedelta(days=2)
    with Session(engine) as s:
        s.add(Shift(staff_id=colleague.id, position="supervisor", start=at(day, time(8), ZONE),
                    end=at(day, time(16), ZONE)))
        s.commit()

    log_in_browser(page, supervisor)
    page.goto(f"{live_server}/roster/board?week={day.isoformat()}")
    row = page.locator('table[data-position="supervisor"] tbody tr').nth(day.weekday())
    ten = row.locator("button.hour").nth(10)
    expect(ten).to_have_text("1/1")
    expect(ten).not_to_have_class("hour short")
    expect(row.locator("button.hour").nth(7)).to_have_class("hour short")  # before the shift

    # By keyboard: focus the hour, arrow along, then remove from the hour panel.
    ten.click()
    page.keyboard.press("ArrowRight")
    expect(row.locator("button.hour").nth(11)).to_be_focused()
    panel = page.locator("#hour-detail")
    expect(panel).to_contain_text("He Evening")
    expect(panel).to_contain_text("1 of 1 staffed")
    panel.get_by_role("button", name="Remove this shift").click()

    expect(page.locator("h1")).to_have_text("This would leave a coverage gap")
    gaps = page.locator("#gaps tbody tr")
    expect(gaps).to_have_count(1)
    expect(gaps).to_contain_text("Supervisor on duty")
    expect(gaps).to_contain_text("08:00–16:00")
    page.fill("#override_reason", "He is ill; the director covers by phone")
    page.get_by_role("button", name="Accept the gap and go ahead").click()

    page.wait_for_url("**/roster/board?week=*done=removed")
    expect(page.locator("p.notice[role=status]")).to_contain_text("The shift was removed.")
    ten = page.locator('table[data-position="supervisor"] tbody tr').nth(
        day.weekday()).locator("button.hour").nth(10)
    expect(ten).to_have_class("hour short")
    expect(ten).to_have_text("0/1")
    with Session(engine) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "roster.guard_override")).one()
        assert entry.detail["reason"] == "He is ill; the director covers by phone"
