"""Issue 6 end to end: a (signed, simulated) inbound call appears in the queue, an operator
accepts it (Twilio REST bridges it, against the local fake), the contact form opens
pre-filled, is saved, and the call then counts in the report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session

from hotline.roster.models import Shift
from tests.crisis.conftest import fake_twilio, settings, sign  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_inbound_call_queue_accept_form_report(live_server, page, log_in_browser, make_person,
                                               engine, fake_twilio):  # noqa: F811
    operator, sup = make_person("operator"), make_person("supervisor")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=operator.id, position="operator", start=now - timedelta(hours=1),
                    end=now + timedelta(hours=7), checked_in_at=now - timedelta(hours=1)))
        s.commit()
    form = {"CallSid": "CA" + "7" * 32, "From": "+8613912345678", "To": "+8610012356",
            "CallStatus": "ringing"}
    # Signatures are computed over the public address Twilio uses (HOTLINE_PUBLIC_BASE_URL).
    r = httpx.post(f"{live_server}/twilio/voice", data=form,
                   headers=sign("http://testserver/twilio/voice", form))
    assert r.status_code == 200 and "<Enqueue" in r.text

    log_in_browser(page, operator)
    page.goto(f"{live_server}/calls")
    row = page.locator("#call-queue tbody tr")
    expect(row).to_have_count(1)
    row.locator("button.accept").click()
    page.wait_for_url("**/contacts/*/edit")
    (leg,) = fake_twilio.of_kind("call")  # the operator's phone, into the caller's conference
    (bridge,) = fake_twilio.of_kind("redirect")
    assert leg["form"]["To"] == operator.staff.phone
    assert "<Conference" in bridge["form"]["Twiml"] and "<Conference" in leg["form"]["Twiml"]
    expect(page.locator('input[name="channel"][value="voice"]')).to_be_checked()
    page.fill("#notes", "Accepted from the queue; caller anxious about exams.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(lambda url: url.endswith(url.split("/contacts/")[0] + "/contacts/"
                                               + url.split("/contacts/")[1].split("/")[0]))
    expect(page.locator("body")).to_contain_text("Accepted from the queue")

    window = {"since": (now - timedelta(hours=1)).isoformat(),
              "until": (now + timedelta(hours=1)).isoformat()}
    report = httpx.get(f"{live_server}/api/reports/kpis", params=window,
                       headers=sup.headers).json()
    assert report["offered"] == 1 and report["answered"] == 1 and report["answer_rate"] == 1.0
