"""README screenshots from a running demo (`bash scripts/demo.sh`): the operator home, a
crisis alert on the responder's console, the supervisor's wallboard and the coverage board;
with ``--province`` instead (a demo seeded with ``--centres N``), the provincial dashboard and
the KPIs per centre as ``province1`` sees them.

    python scripts/screenshots.py [--base http://127.0.0.1:8000] [--password P] [--lang en]
                                  [--province]

Logs in as the demo accounts, logs one high-risk contact as the operator on shift (so the
crisis primary on call is alerted), and writes small PNGs to docs/screenshots/. Uses Debian's
Chromium (HOTLINE_CHROMIUM), never a downloaded browser.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM = os.environ.get("HOTLINE_CHROMIUM", "/usr/bin/chromium")


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def on_call(base: str, password: str) -> dict[str, list[str]]:
    """Usernames holding each position now, via the API."""
    token = httpx.post(f"{base}/api/auth/login",
                       json={"username": "supervisor1", "password": password}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    held = httpx.get(f"{base}/api/oncall", headers=headers).json()["positions"]
    staff = {s["id"]: s.get("username") or "" for s in
             httpx.get(f"{base}/api/staff", headers=headers, params={"limit": 200}).json()}
    return {position: [staff.get(s["staff_id"], "") for s in shifts]
            for position, shifts in held.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default=os.environ.get("HOTLINE_DEMO_PASSWORD",
                                                              "hotline-demo-2026"))
    parser.add_argument("--lang", default="en", choices=["en", "zh"])
    parser.add_argument("--province", action="store_true",
                        help="the provincial dashboard and KPIs instead (seed-demo --centres N)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    held = on_call(args.base, args.password)
    operator = next((u for u in held.get("operator", []) if u), "operator1")
    responder = next((u for u in held.get("crisis_primary", []) if u), "crisis1")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox",
                                                                     "--disable-gpu"])
        shots = []
        pages = [(operator, "/home", "operator-home"),
                 ("supervisor1", "/wallboard", "wallboard"),
                 ("supervisor1", "/roster/board", "coverage-board")]
        if args.province:
            pages = [("province1", "/province", "province"),
                     ("province1", "/province/kpis", "province-kpis")]
        for username, path, name in pages:
            tall = 1000 if name == "coverage-board" else 760  # the panel's cover list
            context = browser.new_context(viewport={"width": 1200, "height": tall},
                                          locale="en-US", timezone_id="Asia/Shanghai")
            page = context.new_page()
            log_in(page, args.base, username, args.password)
            page.goto(f"{args.base}{path}?lang={args.lang}")
            if name == "coverage-board":
                # The week after the demo's roster ends: gaps, and a gap's panel with who
                # could cover it.
                after = date.today() + timedelta(weeks=5)
                page.goto(f"{args.base}{path}?lang={args.lang}&week={after.isoformat()}")
                page.locator("table.grid button.hour").nth(34).click()
            page.wait_for_timeout(800)
            shots.append((page, context, name))
        if args.province:
            _save(shots)
            browser.close()
            return
        # The alert: the responder's console open, then the operator logs a high-risk contact.
        context = browser.new_context(viewport={"width": 1200, "height": 760}, locale="en-US",
                                      timezone_id="Asia/Shanghai")
        alert = context.new_page()
        log_in(alert, args.base, responder, args.password)
        alert.goto(f"{args.base}/roster/mine?lang={args.lang}")
        alert.wait_for_selector('#alert-layer[data-connected="1"]', state="attached")
        token = httpx.post(f"{args.base}/api/auth/login",
                           json={"username": operator, "password": args.password}).json()
        httpx.post(f"{args.base}/api/contacts", json={
            "channel": "voice",
            "risk_screen": {"wish_dead": True, "suicidal_thoughts": True, "intent": True}},
            headers={"Authorization": f"Bearer {token['access_token']}"})
        alert.wait_for_selector(".crisis-alert")
        alert.wait_for_timeout(500)
        shots.append((alert, context, "crisis-alert"))
        _save(shots)
        browser.close()


def _save(shots: list[tuple[Page, Any, str]]) -> None:
    for page, context, name in shots:
        page.screenshot(path=str(OUT / f"{name}.png"))
        context.close()
    print("\n".join(str(OUT / f"{n}.png") for _, _, n in shots))


if __name__ == "__main__":
    main()
