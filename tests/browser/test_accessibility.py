"""Every page, in both languages, passes axe-core's WCAG 2.1 AA rules and fits a 390 px
phone without scrolling sideways (wide tables scroll inside their own box).

One demo hotline is seeded (people, a generated roster, trainings, contacts), then each role
walks its pages; failures are collected so one run names every page that needs work."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, col, select

from hotline import demo, policies
from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.staff.models import Staff
from hotline.training.models import DrillRun, TrainingSession
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}


def _pages(ids: dict[str, Any]) -> dict[str, list[str]]:
    contact, staff, training = ids["contact"], ids["staff"], ids["training"]
    drill = ids["drill"] or training  # a held drill with its run (none before 21 May)
    return {
        "operator1": ["/home", "/contacts/new", "/contacts/mine", "/calls", "/trainings/mine",
                      "/roster/mine", "/roster/offers", "/follow-ups", "/directory",
                      "/care/debriefs"],
        "supervisor1": ["/wallboard", "/contacts", f"/contacts/{contact}",
                        f"/contacts/{contact}/edit", "/escalations", "/reports",
                        "/reports/monthly", "/roster/board", "/roster/generate", "/roster/lend",
                        "/staff",
                        f"/staff/{staff}", "/staffing", "/callers/flags",
                        f"/callers/{contact}/care-plan", "/care/supervision", "/directory/new",
                        "/no-such-page"],
        "lead1": ["/trainings", "/trainings/compliance", "/trainings/suggestions",
                  "/trainings/new", f"/trainings/{training}", f"/trainings/{training}/edit",
                  f"/trainings/{training}/attendance", f"/trainings/{drill}", "/staff/teams"],
        # A network's provincial supervisor (a single hotline is a province of one centre).
        "province-a11y": ["/province", "/province/kpis", "/reports", "/reports/monthly"],
        "admin": ["/staff/new", f"/staff/{staff}/edit", f"/staff/{staff}/account",
                  f"/staff/{staff}/deactivate", f"/staff/{staff}/qualifications/new",
                  "/staff/teams"],
    }


@pytest.fixture
def demo_hotline(engine, settings) -> dict[str, Any]:
    with Session(engine) as s:
        demo.seed(s, settings=settings, policies=policies.load(settings.schedules_dir),
                  password=PASSWORD, contacts=60, roster_time_limit_s=3)
        s.commit()
        high = s.exec(select(Contact).where(col(Contact.risk_level).in_(["high", "imminent"]))
                      .where(col(Contact.id).in_(select(Escalation.contact_id)))).first()
        return {"contact": (high or s.exec(select(Contact)).first()).id,  # type: ignore[union-attr]
                "staff": s.exec(select(Staff.id).order_by(col(Staff.id))).first(),
                "training": s.exec(select(TrainingSession.id).order_by(
                    col(TrainingSession.start).desc())).first(),
                "drill": s.exec(select(DrillRun.session_id)).first()}


def _problems(page: Any, axe: Any, where: str) -> list[str]:
    found = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"{where}: {width} px wide at {PHONE['width']} px")
    for v in axe.run(page, options=WCAG_21_AA).response["violations"]:
        targets = [n["target"] for n in v["nodes"][:3]]
        found.append(f"{where}: {v['id']} x{len(v['nodes'])} {targets}")
    return found


def test_every_page_is_accessible_and_fits_a_phone_in_both_languages(
        chromium, live_server, demo_hotline, make_person):
    make_person("provincial_supervisor", username="province-a11y")
    axe = axe_sync.Axe()
    problems: list[str] = []
    visited = 0
    for username, paths in {"": ["/login"], **_pages(demo_hotline)}.items():
        context = chromium.new_context(viewport=PHONE, locale="en-US",
                                       timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        page = context.new_page()
        if username:
            page.goto(f"{live_server}/login")
            page.fill("#username", username)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/login" not in url)
        for path in paths:
            for lang in ("en", "zh"):
                response = page.goto(f"{live_server}{path}?lang={lang}")
                assert response is not None and response.status < 500, (path, lang)
                page.wait_for_load_state("networkidle")
                problems += _problems(page, axe, f"{username or 'visitor'} {path} {lang}")
                visited += 1
        context.close()
    assert visited >= 86
    assert not problems, "\n".join(problems)
