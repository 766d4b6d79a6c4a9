"""Issue 15, done-when: the provincial dashboard in real Chromium shows a rollover live.

A province of three centres; Shenzhen has nobody at a seat, so a call to its own number is
passed on at once to the provincial centre (a signed Twilio webhook, Twilio faked only at its
HTTP boundary). The provincial supervisor's open dashboard shows it without a reload: one
call rolled over out of Shenzhen, one into Guangdong, waiting there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from hotline.centres.models import Centre
from hotline.config import Settings
from hotline.roster.models import Shift
from tests.crisis.conftest import AUTH_TOKEN, fake_twilio, sign  # noqa: F401  (fixtures)
from tests.province.conftest import province_schedules

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def settings(settings: Settings, fake_twilio, tmp_path: Path) -> Settings:  # noqa: F811
    """Twilio (the local fake) and the province's schedules."""
    return settings.model_copy(update={
        "twilio_account_sid": "AC" + "0" * 32, "twilio_auth_token": AUTH_TOKEN,
        "twilio_from_number": "+8610012356", "twilio_api_base": fake_twilio.url,
        "public_base_url": "http://testserver", "schedules_dir": province_schedules(tmp_path)})


def _card(page, code: str):
    return page.locator(f'article.centre-card[data-centre="{code}"]')


def test_a_rollover_shows_live_on_the_provincial_dashboard(
        live_server, page, log_in_browser, make_person, engine):
    with Session(engine) as s:  # the app synced the network at start
        ids = {c.code: c.id for c in s.exec(select(Centre).where(Centre.active))}
    boss = make_person("provincial_supervisor", centre_id=ids["gd"], full_name="Province One")
    now = datetime.now(UTC)
    with Session(engine) as s:
        for centre, checked_in in (("gd", True), ("gd", True), ("sz", False)):
            person = make_person("operator", centre_id=ids[centre])
            s.add(Shift(staff_id=person.id, position="operator", centre_id=ids[centre],
                        start=now - timedelta(hours=1), end=now + timedelta(hours=7),
                        checked_in_at=now - timedelta(hours=1) if checked_in else None))
        s.commit()

    log_in_browser(page, boss)
    page.goto(f"{live_server}/province?lang=en")
    sz, gd = _card(page, "sz"), _card(page, "gd")
    expect(sz).to_have_attribute("data-state", "no_cover")
    expect(sz.locator('[data-figure="rolled-out"]')).to_have_text("0")
    expect(gd.locator('[data-figure="rolled-in"]')).to_have_text("0")
    expect(sz).to_contain_text("No cover")
    page.evaluate("window.__notReloaded = true")

    form = {"CallSid": "CA" + "5" * 32, "From": "+8613005401234", "To": "+8675512356",
            "CallStatus": "ringing"}
    r = httpx.post(f"{live_server}/twilio/voice", data=form,
                   headers=sign("http://testserver/twilio/voice", form))
    assert r.status_code == 200 and "<Enqueue" in r.text and "hotline-gd" in r.text

    expect(sz.locator('[data-figure="rolled-out"]')).to_have_text("1")
    expect(gd.locator('[data-figure="rolled-in"]')).to_have_text("1")
    expect(gd.locator('[data-figure="waiting"]')).to_have_text("1")
    expect(sz.locator('[data-figure="waiting"]')).to_have_text("0")
    assert page.evaluate("window.__notReloaded") is True  # live, not a page load

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "province-en.png"), full_page=True)
    page.goto(f"{live_server}/province?lang=zh")
    expect(_card(page, "sz")).to_contain_text("无人值守")
    expect(_card(page, "gd").locator('[data-figure="rolled-in"]')).to_have_text("1")
    page.screenshot(path=str(SCREENSHOTS / "province-zh.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "province-zh-390.png"), full_page=True)
