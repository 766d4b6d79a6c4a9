"""A team lead, in the Chinese console, plans a drill from a slot suggestion: the drill invites
its audience (never "invited 0"), and the invitations change afterwards from the edit page.
Real Chromium, real server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hotline.roster.models import Shift
from tests.conftest import Person

pytestmark = pytest.mark.browser
LogIn = Callable[[Page, Person], None]


def test_a_drill_planned_from_a_suggestion_invites_its_audience_and_can_change(
    page: Page, live_server: str, log_in_browser: LogIn, make_person: Callable[..., Person],
    engine: Engine,
) -> None:
    lead = make_person("team_lead", full_name="陈组长")
    zhao = make_person("crisis_responder", full_name="赵危机")
    qian = make_person("crisis_responder", full_name="钱危机")
    desk = make_person("supervisor", full_name="孙督导")
    now = datetime.now(UTC)
    with Session(engine) as s:  # a roster for the next two weeks: the supervisor desk
        s.add(Shift(staff_id=desk.id, position="supervisor", start=now,
                    end=now + timedelta(days=14)))
        s.commit()
    log_in_browser(page, lead)

    page.goto(f"{live_server}/trainings/suggestions?audience=crisis_team&hours=2&lang=zh")
    expect(page.locator("h1")).to_have_text("选择不影响接线的时间")
    page.get_by_role("link", name="安排在此时").first.click()
    # The suggestion fills the invitation from its audience.
    expect(page.locator('input[name="roles"][value="crisis_responder"]')).to_be_checked()
    expect(page.locator('input[name="kind"][value="drill"]')).to_be_checked()
    page.fill("#title", "紧急救援演练")
    page.select_option("#scenario", "imminent_rescue")
    page.fill("#place", "三楼培训室")
    page.get_by_role("button", name="安排", exact=True).click()

    page.wait_for_url("**/trainings/*?saved=1*")
    expect(page.locator("#participants h2")).to_contain_text("已邀请 2 人")
    page.get_by_role("link", name="修改邀请").click()

    invited = page.locator("#invited")
    invited.get_by_label("钱危机").check()
    invited.get_by_role("button", name="撤回所选邀请").click()
    expect(page.locator("p.notice")).to_contain_text("已撤回 1 份邀请。")
    expect(page.locator("#h-invitations")).to_contain_text("已邀请 1 人")
    expect(invited).not_to_contain_text("钱危机")

    more = page.locator("#invite-more")
    more.get_by_label("钱危机").check()
    more.get_by_role("button", name="邀请所选人员").click()
    expect(page.locator("p.notice")).to_contain_text("已新邀请 1 人。")
    expect(page.locator("#h-invitations")).to_contain_text("已邀请 2 人")
    expect(more).to_contain_text("参训对象均已邀请。")
    for person in (zhao, qian):  # both invited again, named on a page in Chinese only
        expect(invited.locator(f'input[name="remove"][value="{person.id}"]')).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Invited")
