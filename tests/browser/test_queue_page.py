"""The call queue page follows the console's one socket: a call that starts ringing shows up
without a second socket of the page's own (which sent an operator every event twice)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session

from hotline.roster.models import Shift
from tests.crisis.conftest import fake_twilio, settings, sign  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_a_ringing_call_appears_over_the_consoles_one_socket(
        live_server, page, log_in_browser, make_person, engine, fake_twilio):  # noqa: F811
    operator = make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=operator.id, position="operator", start=now - timedelta(hours=1),
                    end=now + timedelta(hours=7), checked_in_at=now - timedelta(hours=1)))
        s.commit()
    log_in_browser(page, operator)
    page.goto("about:blank")  # the home page and its socket are gone before counting
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(f"{live_server}/calls", wait_until="load")  # every deferred script has run
    expect(page.locator('#alert-layer[data-connected="1"]')).to_have_count(1)
    expect(page.locator("#call-queue tbody tr")).to_have_count(0)
    assert len(sockets) == 1, sockets

    form = {"CallSid": "CA" + "8" * 32, "From": "+8613912345678", "To": "+8610012356",
            "CallStatus": "ringing"}
    r = httpx.post(f"{live_server}/twilio/voice", data=form,
                   headers=sign("http://testserver/twilio/voice", form))
    assert r.status_code == 200 and "<Enqueue" in r.text
    # queue.updated reloads the page well before its 15-second poll would.
    expect(page.locator("#call-queue tbody tr")).to_have_count(1, timeout=8_000)
