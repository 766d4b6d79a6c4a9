"""Issue 11 end to end: an operator accepts a repeat caller from the queue, sees the last
safety plan beside the screen, searches the referral directory in Chinese, refers the caller
with one click, and schedules a follow-up that appears on the agreed day in the worklist."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlmodel import Session, select

from hotline.followups.models import FollowUp
from hotline.resources import demo
from hotline.resources.models import Referral
from hotline.roster.models import Shift
from tests.crisis.conftest import fake_twilio, settings, sign  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
CALLER = "+8613912345678"


def test_repeat_caller_history_directory_referral_and_follow_up(
        live_server, page, log_in_browser, make_person, engine, fake_twilio):  # noqa: F811
    earlier_op, operator = make_person("operator"), make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        demo.seed(s, date.today())
        s.add(Shift(staff_id=operator.id, position="operator", start=now - timedelta(hours=1),
                    end=now + timedelta(hours=7), checked_in_at=now - timedelta(hours=1)))
        s.commit()
    # Last week the same caller made a safety plan with another operator.
    r = httpx.post(f"{live_server}/api/contacts", headers=earlier_op.headers, json={
        "channel": "voice", "caller_number": CALLER,
        "received_at": (now - timedelta(days=7)).isoformat(),
        "safety_plan": {"reasons_for_living": "想看女儿考上大学",
                        "who_can_help": "姐姐，电话在手机第一个"}})
    assert r.status_code == 201, r.text
    form = {"CallSid": "CA" + "8" * 32, "From": CALLER, "To": "+8610012356",
            "CallStatus": "ringing"}
    r = httpx.post(f"{live_server}/twilio/voice", data=form,
                   headers=sign("http://testserver/twilio/voice", form))
    assert r.status_code == 200 and "<Enqueue" in r.text

    log_in_browser(page, operator)
    page.goto(f"{live_server}/calls?lang=zh")
    page.locator("#call-queue tbody tr button.accept").click()
    page.wait_for_url("**/contacts/*/edit")
    contact_id = int(page.url.split("/contacts/")[1].split("/")[0])

    history = page.locator("#caller-history")
    expect(history).to_contain_text("该来电者既往记录")
    expect(page.locator("#last-safety-plan")).to_contain_text("想看女儿考上大学")
    expect(page.locator("#carried-plan")).to_be_visible()
    expect(page.locator("#safety-reasons_for_living")).to_have_value("想看女儿考上大学")

    page.fill("#directory-q", "青少年")
    result = page.locator("#directory-results li", has_text="北京市青少年心理咨询中心")
    expect(result).to_have_count(1)
    result.locator("button").click()
    expect(result.locator("button")).to_have_text("已转介")
    expect(page.locator("#referrals-given")).to_contain_text("北京市青少年心理咨询中心")

    due = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=2)
    page.check('input[name="follow_up.consent"]')
    page.fill("#follow_plan", "两天后上午回访，确认是否联系了咨询中心")
    page.fill("#follow_due", due.isoformat())
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/contacts/{contact_id}?saved=1")

    page.goto(f"{live_server}/follow-ups")
    row = page.locator("#follow-ups tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".due-day")).to_have_text(due.isoformat())
    expect(row).to_contain_text("09:00")
    expect(row).to_contain_text("两天后上午回访")
    with Session(engine) as s:
        task = s.exec(select(FollowUp)).one()
        assert task.contact_id == contact_id and task.owner_id == operator.id
        referral = s.exec(select(Referral)).one()
        assert referral.contact_id == contact_id and referral.given_by == operator.id
