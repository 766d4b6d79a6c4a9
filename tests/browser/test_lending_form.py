"""The lending form in real Chromium: Shenzhen's supervisor lends Lin to Guangzhou for a shift
from the coverage board; a clash comes back on the form in Chinese. The form and its refusal
pass axe-core's WCAG 2.1 AA rules and fit a 390 px phone, in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from hotline.centres.models import Centre
from hotline.config import Settings
from hotline.roster.models import Shift
from tests.browser.test_accessibility import PHONE, WCAG_21_AA
from tests.province.conftest import province_schedules
from tests.roster.test_shifts_api import TOMORROW

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"schedules_dir": province_schedules(tmp_path)})


def _checked(page: Any, where: str) -> list[str]:
    """axe's WCAG 2.1 AA violations and sideways scrolling at a phone's width."""
    found = [f"{where}: {v['id']} {[n['target'] for n in v['nodes'][:3]]}"
             for v in axe_sync.Axe().run(page, options=WCAG_21_AA).response["violations"]]
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        found.append(f"{where}: wider than {PHONE['width']} px")
    return found


def _fill(page: Any, lin_id: int, centre: str, start: str, end: str) -> None:
    page.select_option("#staff_id", str(lin_id))
    page.select_option("#centre", centre)
    page.select_option("#position", "operator")
    page.fill("#day", TOMORROW.isoformat())
    page.fill("#start", start)
    page.fill("#end", end)
    page.click("#lend-form button[type=submit]")


def test_a_supervisor_lends_from_the_board(live_server, page, log_in_browser, make_person,
                                          engine):
    with Session(engine) as s:  # the app synced the network at start
        ids = {c.code: c.id for c in s.exec(select(Centre).where(Centre.active))}
    sup = make_person("supervisor", centre_id=ids["sz"], full_name="Shen Supervisor")
    lin = make_person("operator", centre_id=ids["sz"], full_name="Lin Lent")
    page.set_viewport_size(PHONE)
    log_in_browser(page, sup)
    problems: list[str] = []

    page.goto(f"{live_server}/roster/board?lang=en")
    page.click("#lend-link")
    expect(page.locator("h1")).to_have_text("Lend a person to another centre")
    problems += _checked(page, "form en")
    _fill(page, lin.id, "gz", "08:00", "16:00")
    expect(page.locator("p.notice[role=status]")).to_contain_text("Lent")
    expect(page.locator("#lent-out")).to_contain_text("Lin Lent")
    expect(page.locator("#lent-out")).to_contain_text("Guangzhou Hotline")

    page.goto(f"{live_server}/roster/lend?lang=zh")
    problems += _checked(page, "form zh")
    _fill(page, lin.id, "gd", "12:00", "20:00")  # overlaps the shift at Guangzhou
    alert = page.locator("#problems")
    expect(alert).to_contain_text("同一时间只能在一个中心工作")
    expect(page.locator("#centre")).to_have_value("gd")  # the form keeps what was entered
    problems += _checked(page, "refusal zh")
    page.goto(f"{live_server}/roster/lend?lang=en")
    _fill(page, lin.id, "gd", "12:00", "20:00")
    expect(page.locator("#problems")).to_contain_text("works at one centre at a time")
    problems += _checked(page, "refusal en")
    assert not problems, "\n".join(problems)

    with Session(engine) as s:
        shifts = s.exec(select(Shift)).all()
    assert [(x.staff_id, x.centre_id) for x in shifts] == [(lin.id, ids["gz"])]
