"""The alert layer's periodic refresh is the truth about which alerts are open, but only about
those it was asked about: an alert raised while a refresh was on its way is not in its answer,
and must stay on the responder's screen (it used to vanish until the next refresh, 30 s on)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.crisis.conftest import HIGH, fake_twilio, on_call, settings  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_an_alert_raised_while_a_refresh_is_on_its_way_stays(
    page, live_server, log_in_browser, on_call  # noqa: F811
) -> None:
    team = on_call()
    log_in_browser(page, team.primary)
    held: list[object] = []

    def hold(route: object) -> None:  # the refresh's question, held unanswered
        held.append(route)

    page.route("**/console/alerts", hold)
    page.goto(f"{live_server}/roster/mine")
    expect(page.locator('#alert-layer[data-connected="1"]')).to_have_count(1)
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert held, "the console did not ask which alerts are open"
    before = held[0].fetch()  # type: ignore[attr-defined]  # answered now: no alert yet

    r = httpx.post(f"{live_server}/api/contacts", headers=team.operator.headers,
                   json={"channel": "voice", "risk_screen": HIGH})
    assert r.status_code == 201, r.text
    alert = page.locator('.crisis-alert[role="alertdialog"]')
    expect(alert).to_be_visible()

    held[0].fulfill(response=before)  # type: ignore[attr-defined]  # the stale answer lands
    page.wait_for_timeout(500)
    expect(alert).to_be_visible()
    page.unroute("**/console/alerts")
