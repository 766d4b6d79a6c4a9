"""Issue 4, done-when: two consoles in real Chromium. The operator logs a high-risk contact;
the on-call crisis responder's console raises the alert with the risk facts; the responder
acknowledges; the operator's contact page shows who took it, live, without a reload."""

from __future__ import annotations

import pytest

from tests.crisis.conftest import fake_twilio, on_call, settings  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_responder_acknowledges_and_the_operator_sees_it(
    chromium, page, live_server, log_in_browser, on_call  # noqa: F811
) -> None:
    team = on_call()
    responder_context = chromium.new_context(viewport={"width": 1280, "height": 900},
                                             locale="en-US", timezone_id="Asia/Shanghai")
    responder_context.set_default_timeout(10_000)
    responder = responder_context.new_page()
    try:
        log_in_browser(responder, team.primary)
        responder.goto(f"{live_server}/roster/mine")
        expect(responder.locator('#alert-layer[data-connected="1"]')).to_have_count(1)
        expect(responder.locator(".crisis-alert")).to_have_count(0)

        # The operator logs the call by keyboard: Q1 no, Q2 yes, Q3 no, Q4 (intent) yes.
        log_in_browser(page, team.operator)
        page.click("#start-contact")
        page.wait_for_url("**/contacts/new")
        page.wait_for_load_state()
        page.keyboard.press("Alt+r")
        for key in "nyny":
            page.keyboard.press(key)
        expect(page.locator("#risk-level")).to_have_text("High")
        page.keyboard.press("Control+Enter")
        page.wait_for_url("**/contacts/*?saved=1")
        expect(page.locator("#escalation-live")).to_contain_text(team.primary.staff.full_name)
        page.evaluate("window.notReloaded = true")

        alert = responder.locator('.crisis-alert[role="alertdialog"]')
        expect(alert).to_be_visible()
        expect(alert).to_be_focused()
        expect(alert).to_contain_text("Intent to act (Q4)")
        expect(alert).to_contain_text(team.operator.staff.full_name)
        expect(alert.locator(".risk")).to_have_text("High")
        expect(alert.locator(".countdown-left")).not_to_have_text("—")
        alert.locator("button.ack").click()
        expect(alert.locator(".ack-result")).to_contain_text("Acknowledged")

        state = page.locator("#escalation-state")
        expect(state).to_contain_text(f"acknowledged by {team.primary.staff.full_name}")
        assert page.evaluate("window.notReloaded") is True  # live, not a reload
    finally:
        responder_context.close()
