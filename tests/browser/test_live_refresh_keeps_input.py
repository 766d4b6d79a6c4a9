"""The contact page's escalation panel refreshes live (each step someone takes, every 30 s).
A refresh must never take what the person is typing: the incident number of the ambulance
they just called, the outcome of a case they are closing. Found as a flaky browser test: a
refresh landing between typing and clicking sent an empty incident number, or an empty
outcome that the browser then refused to submit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from hotline.contacts.models import Contact
from hotline.crisis import engine as crisis_engine
from tests.crisis.conftest import fake_twilio, on_call, settings  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

REFRESH = "document.dispatchEvent(new CustomEvent('hotline:refresh-timeline'))"


def _taken_imminent_case(engine, app: FastAPI, operator, responder) -> int:
    """An imminent contact whose escalation the responder has acknowledged."""
    now = datetime.now(UTC)
    with Session(engine) as s:
        contact = Contact(channel="voice", status="in_progress", received_at=now - timedelta(minutes=8),
                          answered_at=now - timedelta(minutes=7), operator_id=operator.id,
                          created_by=operator.id, risk_level="imminent",
                          computed_risk_level="imminent", screen_status="screened",
                          risk_screen={"wish_dead": True, "suicidal_thoughts": True,
                                       "intent": True, "means_at_hand": True})
        s.add(contact)
        s.flush()
        esc = crisis_engine.open_escalation(s, contact=contact, opened_by=operator.id,
                                            policies=app.state.policies, channels=["console"])
        assert esc is not None
        crisis_engine.acknowledge(s, esc=esc, staff_id=responder.id, via="console")
        s.commit()
        assert contact.id is not None
        return contact.id


def test_a_live_refresh_keeps_what_the_person_typed(
    page, live_server, log_in_browser, on_call, engine, app  # noqa: F811
) -> None:
    team = on_call()
    contact_id = _taken_imminent_case(engine, app, team.operator, team.primary)
    log_in_browser(page, team.primary)
    page.goto(f"{live_server}/contacts/{contact_id}")
    panel = page.locator("#escalation-live")
    checklist = panel.locator(".rescue-checklist")
    checklist.locator('select[name="service"]').select_option("110")
    checklist.locator('input[name="incident_number"]').fill("110-0420")
    outcome = panel.locator(".resolve-form textarea[name=outcome]")
    outcome.fill("民警已上门")

    # Focus left the fields (the person is reading the timeline): the refresh replaces the
    # markup, and what they typed is in the new one.
    page.evaluate("document.activeElement.blur()")
    page.evaluate("document.querySelector('.rescue-checklist').dataset.before = '1'")
    with page.expect_response(lambda r: r.url.endswith("/timeline")):
        page.evaluate(REFRESH)
    expect(panel.locator(".rescue-checklist[data-before]")).to_have_count(0)  # really replaced
    expect(checklist.locator('input[name="incident_number"]')).to_have_value("110-0420")
    expect(checklist.locator('select[name="service"]')).to_have_value("110")
    expect(outcome).to_have_value("民警已上门")

    # Still typing (an input method may be composing): the refresh waits for the next one.
    outcome.focus()
    page.evaluate("document.querySelector('.rescue-checklist').dataset.before = '1'")
    with page.expect_response(lambda r: r.url.endswith("/timeline")):
        page.evaluate(REFRESH)
    page.wait_for_timeout(200)  # the response is handled after it arrives
    expect(panel.locator(".rescue-checklist[data-before]")).to_have_count(1)
    expect(outcome).to_be_focused()

    # The step the person records consumes its fields: the number shows in the timeline, and
    # the field is empty for a second call.
    checklist.locator('button[data-rescue-step="emergency_called"]').click()
    expect(panel.locator(".timeline")).to_contain_text("110-0420")
    expect(checklist.locator('input[name="incident_number"]')).to_have_value("")
    expect(outcome).to_have_value("民警已上门")
