"""Issue 10, done-when, in real Chromium: on a live call the operator raises the screen to
imminent; the responder's console alerts; the responder acknowledges and joins the call (the
fake Twilio sees the conference leg); the operator records the rescue steps one click each;
"not reached" keeps the case open, and it closes only once the person is reached."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.telephony.models import CallLeg
from tests.crisis.conftest import fake_twilio, on_call, settings  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def _live_low_risk_call(client_engine, operator) -> int:
    """A phone call the operator answered a few minutes ago, screened low so far."""
    now = datetime.now(UTC)
    with Session(client_engine) as s:
        contact = Contact(channel="voice", status="in_progress", call_sid="CA" + "5" * 32,
                          received_at=now - timedelta(minutes=6),
                          answered_at=now - timedelta(minutes=5), operator_id=operator.id,
                          created_by=operator.id, risk_level="low", computed_risk_level="low",
                          screen_status="screened",
                          risk_screen={"wish_dead": True, "suicidal_thoughts": False})
        s.add(contact)
        s.flush()
        s.add(CallLeg(contact_id=contact.id, role="operator", staff_id=operator.id,
                      call_sid="CA" + "6" * 32, status="in-progress"))
        s.commit()
        return contact.id  # type: ignore[return-value]


def test_imminent_rescue_on_a_live_call(
    page, second_page, live_server, log_in_browser, on_call, engine, fake_twilio  # noqa: F811
) -> None:
    team = on_call()
    contact_id = _live_low_risk_call(engine, team.operator)
    responder = second_page
    log_in_browser(responder, team.primary)
    responder.goto(f"{live_server}/roster/mine")
    expect(responder.locator('#alert-layer[data-connected="1"]')).to_have_count(1)

    # The caller says they have the pills in hand: the operator raises the screen.
    log_in_browser(page, team.operator)
    page.goto(f"{live_server}/contacts/{contact_id}/edit")
    page.click('[data-question="suicidal_thoughts"] label:has-text("Yes")')
    page.click('[data-question="intent"] label:has-text("Yes")')
    page.click('[data-question="means_at_hand"] label:has-text("Yes")')
    expect(page.locator("#risk-level")).to_have_text("Imminent")
    page.click("#save")
    page.wait_for_url(f"**/contacts/{contact_id}?saved=1")

    # The responder's console alerts at once; they take it and join the call.
    alert = responder.locator('.crisis-alert[role="alertdialog"]')
    expect(alert).to_be_visible()
    expect(alert.locator(".risk")).to_have_text("Imminent")
    expect(alert.locator(".told")).to_contain_text(team.supervisor.staff.full_name)
    expect(responder.locator("#alert-layer")).to_have_attribute("data-flashing", "1")
    # Joining is for the one who took it: until then the button is not there to press.
    expect(alert.locator("button.join")).to_be_hidden()
    expect(alert.locator("button.dismiss")).to_be_hidden()
    alert.locator("button.ack").click()
    alert.locator("button.join").click()
    expect(alert.locator(".join-result")).to_contain_text("Your phone is ringing")
    legs = [r for r in fake_twilio.of_kind("call")
            if r["form"]["To"] == team.primary.staff.phone
            and f"hotline-contact-{contact_id}" in r["form"]["Twiml"]]
    assert len(legs) == 1

    # The operator's rescue checklist, in order, one click each, timestamped.
    checklist = page.locator(".rescue-checklist")
    expect(checklist).to_be_visible()
    steps = checklist.locator("ol.checklist > li")
    expect(steps).to_have_count(4)
    assert [steps.nth(i).get_attribute("data-step") for i in range(4)] == [
        "kept_on_line", "location_given", "emergency_called", "responder_conferenced"]
    expect(checklist.locator('li[data-step="responder_conferenced"].done')).to_be_visible()
    checklist.locator('button[data-rescue-step="kept_on_line"]').click()
    expect(checklist.locator('li[data-step="kept_on_line"].done time')).to_be_visible()
    checklist.locator('button[data-rescue-step="location_given"]').click()
    expect(checklist.locator('li[data-step="location_given"].done')).to_be_visible()
    checklist.locator('select[name="service"]').select_option("120")
    checklist.locator('input[name="incident_number"]').fill("120-2211")
    checklist.locator('button[data-rescue-step="emergency_called"]').click()
    expect(checklist).to_contain_text("120-2211")

    # Not reached: the case stays open, and says so.
    checklist.locator('button[data-reached="false"]').click()
    expect(page.locator(".rescue-checklist .warn")).to_contain_text("has not been reached")
    responder.goto(f"{live_server}/contacts/{contact_id}")
    expect(responder.locator(".rescue-checklist .warn")).to_be_visible()
    expect(responder.locator(".resolve-form")).to_have_count(0)  # nothing to close yet

    # Reached: now (and only now) the responder closes the case.
    page.locator('.rescue-checklist button[data-reached="true"]').click()
    expect(page.locator(".rescue-checklist .warn")).to_have_count(0)
    responder.reload()
    form = responder.locator(".resolve-form")
    form.locator("textarea[name=outcome]").fill("120 到达，来电者被送往医院")
    with responder.expect_navigation():  # the resolve posts, then comes back to the contact
        form.locator("button[type=submit]").click()
    expect(responder.locator("#escalation-state")).to_have_class(re.compile("state-resolved"),
                                                                 timeout=15_000)
    with Session(engine) as s:
        esc = s.exec(select(Escalation).where(Escalation.contact_id == contact_id)).one()
        assert esc.state == "resolved" and esc.rescue["person_reached"] is True
        assert [c["incident_number"] for c in esc.rescue["emergency_calls"]] == ["120-2211"]


def test_a_one_click_type_on_a_draft_asks_and_undo_brings_the_draft_back(
    page, live_server, log_in_browser, make_person, engine
) -> None:
    operator = make_person("operator")
    log_in_browser(page, operator)
    page.goto(f"{live_server}/contacts/new")
    page.click('[data-question="wish_dead"] label:has-text("Yes")')
    page.fill("#notes", "说不想活了")
    questions: list[str] = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.click('button[name=quick][value=prank]')
    assert "discard" in questions[0]
    expect(page.locator("#notes")).to_have_value("说不想活了")  # kept, nothing saved
    with Session(engine) as s:
        assert s.exec(select(Contact)).first() is None
    page.once("dialog", lambda d: d.accept())
    page.click('button[name=quick][value=prank]')
    page.wait_for_url("**/contacts/new?counted=prank&undo=*")
    page.click("#undo-quick")
    page.wait_for_url("**/contacts/new?undone=1")
    expect(page.locator("#notes")).to_have_value("说不想活了")
    expect(page.locator('[data-question="wish_dead"] input[value="yes"]')).to_be_checked()
    with Session(engine) as s:
        assert s.exec(select(Contact)).first() is None
