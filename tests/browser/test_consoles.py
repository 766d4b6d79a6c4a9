"""Consoles in Chromium: the operator's status decides what the queue offers, the
wallboard follows a call live, and a moving gap stays one notice, updated in place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session, select

from hotline import jobs
from hotline import policies as policy_files
from hotline.roster.models import Shift
from tests.conftest import put_on_shift
from tests.crisis.conftest import fake_twilio, settings, sign  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect



def _ring(live_server, n):
    form = {"CallSid": "CA" + str(n) * 32, "From": f"+86139123456{n:02d}", "To": "+8610012356",
            "CallStatus": "ringing"}
    r = httpx.post(f"{live_server}/twilio/voice", data=form,
                   headers=sign("http://testserver/twilio/voice", form))
    assert r.status_code == 200
    return r.text


# What a person reads, in each language the console speaks.
WORDS = {
    "en": {"available": "Available", "offer": "Offer", "offered": "The shift was offered",
           "take": "Take this shift", "took": "You took the shift", "dismiss": "Dismiss all"},
    "zh": {"available": "可接听", "offer": "邀请接班", "offered": "已发出接班邀请",
           "take": "接下这个班次", "took": "你已接下这个班次", "dismiss": "全部忽略"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_away_means_no_calls_and_available_brings_them_back(
        live_server, page, log_in_browser, make_person, engine, fake_twilio, lang):  # noqa: F811
    operator = make_person("operator")
    put_on_shift(engine, operator)
    log_in_browser(page, operator)
    page.goto(f"{live_server}/home?lang={lang}")
    expect(page.locator("#my-status")).to_have_attribute("data-state", "available")
    expect(page.locator("#home-status-word")).to_have_text(WORDS[lang]["available"])
    page.click("#status-switch button")  # one click in the header: Away
    expect(page.locator("#my-status")).to_have_attribute("data-state", "away")
    assert "<Enqueue" not in _ring(live_server, 1)  # nobody to offer it to: overflow
    page.goto(f"{live_server}/calls")
    expect(page.locator("button.accept")).to_have_count(0)
    page.click("#status-switch button")  # back to Available, from the queue page
    expect(page).to_have_url(f"{live_server}/calls")
    expect(page.locator("#my-status")).to_have_attribute("data-state", "available")
    # The first caller went on to the backup line (overflowed): not in the queue any more.
    expect(page.locator("button.accept")).to_have_count(0)
    expect(page.locator('#alert-layer[data-connected="1"]')).to_have_count(1)
    assert "<Enqueue" in _ring(live_server, 2)
    # The queue page reloads itself on the queue event and offers the call now ringing.
    expect(page.locator("button.accept")).to_have_count(1, timeout=20000)


def test_wallboard_updates_live_when_a_call_arrives(
        live_server, page, log_in_browser, make_person, engine, fake_twilio):  # noqa: F811
    sup, operator = make_person("supervisor"), make_person("operator")
    put_on_shift(engine, operator)
    log_in_browser(page, sup)
    expect(page).to_have_url(f"{live_server}/wallboard")
    expect(page.locator('#alert-layer[data-connected="1"]')).to_have_count(1)
    expect(page.locator("#wb-waiting-count")).to_have_text("0")
    expect(page.locator("#wb-available")).to_have_text("1")
    _ring(live_server, 3)
    # No reload: the websocket event brings the new board well before the 15 s refresh.
    expect(page.locator("#wb-waiting-count")).to_have_text("1", timeout=5000)
    expect(page.locator(".wall-tile.alarm")).to_have_count(1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_gap_that_moves_updates_its_notice_in_place(
        live_server, page, log_in_browser, make_person, engine, settings, lang):  # noqa: F811
    sup = make_person("supervisor")
    page_policies = policy_files.load(settings.schedules_dir)
    now = datetime.now(UTC)
    with Session(engine) as s:  # a full roster except the supervisor desk
        for position, n in (("operator", 3), ("crisis_primary", 1), ("crisis_backup", 1)):
            for _ in range(n):
                s.add(Shift(staff_id=sup.id, position=position, start=now - timedelta(hours=1),
                            end=now + timedelta(days=40)))
        s.commit()
    jobs.check_coverage_gaps(engine, settings, page_policies, now=now)
    log_in_browser(page, sup)
    page.goto(f"{live_server}/wallboard?lang={lang}")
    tray = page.locator("#notice-tray")
    tray.locator("summary").click()
    item = tray.locator("li[data-notice]")
    expect(item).to_have_count(1)
    notice_id = item.get_attribute("data-notice")
    before = item.inner_text()
    with Session(engine) as s:  # the next two days get a supervisor: the gap moves
        s.add(Shift(staff_id=sup.id, position="supervisor", start=now - timedelta(hours=1),
                    end=now + timedelta(days=2)))
        s.commit()
    jobs.check_coverage_gaps(engine, settings, page_policies, now=now + timedelta(minutes=10))
    expect(item).not_to_have_text(before, timeout=5000)  # pushed live, same notice
    expect(item).to_have_count(1)
    assert item.get_attribute("data-notice") == notice_id
    # The tray sits in the page's flow: it covers nothing, and it never prints.
    box, main = tray.bounding_box(), page.locator("main").bounding_box()
    assert box["y"] + box["height"] <= main["y"] + 1
    page.emulate_media(media="print")
    expect(tray).to_be_hidden()
    page.emulate_media(media="screen")
    tray.get_by_role("button", name=WORDS[lang]["dismiss"]).click()
    expect(tray).to_be_hidden()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_gap_is_offered_from_the_board_and_accepted(
        live_server, page, chromium, log_in_browser, make_person, engine, lang):
    words = WORDS[lang]
    sup = make_person("supervisor", full_name="Zhao Supervisor")
    colleague = make_person("supervisor", full_name="Qian Cover")
    log_in_browser(page, sup)
    page.goto(f"{live_server}/roster/board?lang={lang}")
    # An empty roster: next week's supervisor desk is all gap. Choose an hour of it.
    page.goto(f"{live_server}/roster/board?week="
              + page.locator(".week-nav a").nth(2).get_attribute("href").split("=")[1])
    page.locator('table.grid[data-position="supervisor"] button.hour.short').nth(30).click()
    panel = page.locator("#cover-panel")
    expect(panel).to_be_visible()
    row = panel.locator(f'li[data-staff="{colleague.id}"]')
    expect(row).to_contain_text("Qian Cover")
    row.get_by_role("button", name=f"{words['offer']}: Qian Cover").click()
    expect(page.locator("p.notice")).to_contain_text(words["offered"])

    other = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-US",
                                 timezone_id="Asia/Shanghai")
    mobile = other.new_page()
    log_in_browser(mobile, colleague)
    mobile.goto(f"{live_server}/roster/offers?lang={lang}")
    mobile.get_by_role("button", name=words["take"]).click()
    expect(mobile.locator("p.notice")).to_contain_text(words["took"])
    other.close()
    with Session(engine) as s:
        (shift,) = s.exec(select(Shift).where(Shift.staff_id == colleague.id)).all()
    assert shift.position == "supervisor" and shift.end - shift.start >= timedelta(hours=1)
    page.reload()
    page.locator('table.grid[data-position="supervisor"] button.hour').nth(30).click()
    expect(page.locator("#hour-detail")).to_contain_text("Qian Cover")
