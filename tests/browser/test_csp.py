"""Every console page works under the Content-Security-Policy in real Chromium: no inline
script or style refused, no console error, the alert layer's websocket connects on the
session cookie (no token in its URL), and the scripted parts of the pages still run."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from hotline.config import Settings
from tests.conftest import Person

pytestmark = pytest.mark.browser
LogIn = Callable[[Page, Person], None]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"ws_recheck_seconds": 1})

PAGES = ["/contacts/new", "/contacts", "/contacts/mine", "/calls", "/escalations", "/staff",
         "/staff/teams", "/trainings/mine", "/trainings/compliance", "/trainings/new",
         "/roster/board", "/roster/mine", "/roster/generate", "/staffing", "/reports",
         "/reports/monthly"]


def test_pages_run_under_the_csp_without_a_console_error(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    errors: list[str] = []
    sockets: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # A failed load is judged by its response below (the browser asks for a favicon).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"{page.url}: {message.text}")

    def response(answer: Response) -> None:
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            errors.append(f"{answer.url}: {answer.status}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    everyone = make_person("supervisor", "operator", "team_lead", "admin",
                           full_name="Chen Jing")
    log_in_browser(page, everyone)
    for path in PAGES:
        response = page.goto(f"{live_server}{path}")
        assert response is not None and response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("[data-connected='1']")).to_have_count(1)
    assert errors == []
    assert sockets and all(url.endswith("/ws") or "/ws?last_id=" in url for url in sockets)
    assert not any("token" in url for url in sockets)


def test_inline_script_would_be_refused_so_behaviour_lives_in_static_files(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    """The policy really is enforced (an injected inline script does not run), and what used
    to be inline still works from page.js: the bar widths of the dashboard."""
    log_in_browser(page, make_person("supervisor"))
    page.goto(f"{live_server}/reports")
    ran = page.evaluate("""() => {
        window.__ran = false;
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.appendChild(s);
        return window.__ran;
    }""")
    assert ran is False
    for bar in page.locator("[data-bar-width]").all():
        assert bar.evaluate("el => el.style.width") == f"{float(bar.get_attribute('data-bar-width')):g}%"


def test_the_socket_is_closed_after_logout(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
) -> None:
    """Logging out in one tab: the other tab's alert layer loses its socket and cannot get a
    new one (1008), instead of hearing alerts for a person who left."""
    person = make_person("operator")
    log_in_browser(page, person)
    expect(page.locator("[data-connected='1']")).to_have_count(1)
    other = page.context.new_page()
    other.goto(f"{live_server}/contacts/mine")
    other.click("text=Log out")
    other.wait_for_url("**/login")
    expect(page.locator("[data-connected='0']")).to_have_count(1, timeout=15_000)
