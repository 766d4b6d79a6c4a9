"""An operator logs a high-risk contact by keyboard and finds it again; the page speaks
Chinese on request; a supervisor filters by risk level. Real Chromium, real server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Person

pytestmark = pytest.mark.browser
LogIn = Callable[[Page, Person], None]


def test_operator_logs_a_high_risk_contact_and_finds_it(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    operator = make_person("operator", full_name="Wang Xiaomei")
    log_in_browser(page, operator)
    expect(page).to_have_url(f"{live_server}/home")
    page.click("#start-contact")  # the new-contact form is one click from home
    expect(page).to_have_url(f"{live_server}/contacts/new")
    # The keys below are the form script's: under load the server-drawn page shows before its
    # deferred scripts run, and a key pressed then is lost.
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#risk-level")).to_have_text("None")
    q3_to_q5 = page.locator("[data-after-q2]")
    expect(q3_to_q5).to_be_hidden()

    # By keyboard: Alt+R jumps to Q1; N / Y answer and move on to the next visible question.
    page.keyboard.press("Alt+r")
    page.keyboard.press("n")  # Q1
    page.keyboard.press("y")  # Q2 yes: the C-SSRS now asks Q3-Q5
    expect(q3_to_q5).to_be_visible()
    expect(page.locator("#risk-level")).to_have_text("Low")
    page.keyboard.press("n")  # Q3
    page.keyboard.press("y")  # Q4 intent
    expect(page.locator("#risk-level")).to_have_text("High")
    expect(page.locator("#risk-action")).to_contain_text("Keep the caller on the line")
    expect(page.locator("#risk-on-save")).to_contain_text("alerts the on-call crisis responder")
    expect(page.locator("#risk-reasons")).to_contain_text("Intent to act (Q4)")

    page.fill("#notes", "Failed the exam; has thought about dying and means to act.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**/contacts/*?saved=1")
    expect(page.locator("#saved-risk-level")).to_have_text("High")
    expect(page.get_by_text("Failed the exam")).to_be_visible()
    contact_url = page.url.split("?")[0]

    page.click("text=My contacts")
    row = page.locator("#contact-list tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".risk")).to_have_text("High")
    row.locator("a").click()
    expect(page).to_have_url(contact_url)


def test_a_lowering_needs_a_reason_before_it_shows(
    page: Page, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    log_in_browser(page, make_person("operator"))
    page.click("#start-contact")  # from the operator's home
    page.click('[data-question="suicidal_thoughts"] label:has-text("Yes")')
    page.click('[data-question="plan"] label:has-text("Yes")')
    expect(page.locator("#risk-level")).to_have_text("High")
    page.select_option("#operator_level", "low")
    expect(page.locator("#risk-note")).to_contain_text("Write your reason")
    expect(page.locator("#risk-level")).to_have_text("High")  # the screen's level stands
    page.fill("#operator_reason", "The plan was a year ago; in treatment since.")
    expect(page.locator("#risk-level")).to_have_text("Low")
    expect(page.locator("#risk-note")).to_contain_text("the screen gave High")


def test_switching_to_chinese(
    page: Page, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    log_in_browser(page, make_person("operator"))
    page.click("#start-contact")
    expect(page.locator("h1")).to_have_text("New contact")
    page.click("text=中文")
    expect(page.locator("h1")).to_have_text("新来电记录")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.click('[data-question="suicidal_thoughts"] label:has-text("是")')
    page.click('[data-question="intent"] label:has-text("是")')
    expect(page.locator("#risk-level")).to_have_text("高")
    page.click("text=我的来电记录")  # the choice sticks across pages
    expect(page.locator("h1")).to_have_text("我的来电记录")


def test_supervisor_filters_contacts_by_risk_level(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    operator = make_person("operator", full_name="Operator One")
    screens: list[dict[str, Any]] = [{"wish_dead": True, "suicidal_thoughts": True, "intent": True},
                                     {"wish_dead": True, "suicidal_thoughts": False}, {}]
    for screen in screens:  # logged through the API of the same running server
        r = page.request.post(f"{live_server}/api/contacts", headers=operator.headers,
                              data={"channel": "voice", "risk_screen": screen})
        assert r.status == 201, r.text()
    log_in_browser(page, make_person("supervisor"))
    page.get_by_role("link", name="All contacts").click()  # supervisors start at the wallboard
    rows = page.locator("#contact-list tbody tr")
    expect(rows).to_have_count(3)
    page.select_option("#risk_level", "high")
    page.click("button:has-text('Filter')")
    expect(rows).to_have_count(1)
    expect(rows.locator(".risk")).to_have_text("High")
    expect(page.locator("#risk_level")).to_have_value("high")
