"""In the browser: from the operator's click on "Save contact" (a high-risk screen) to the
crisis alert visible on the on-call responder's console, two Playwright contexts in real
headless Chromium (Debian's ``/usr/bin/chromium``; ``playwright install`` is never run),
against a real uvicorn server on SQLite.

    python scripts/bench_browser_alert.py [--rounds 40]

Both times are taken by the browser's own clock (``performance.timeOrigin + now()``, one
clock for every page of one browser): the click in the operator's page (capture phase,
before the form leaves), the alert in the responder's page at the first animation frame
after the panel is in the document. What lies between: the form's POST and its commit, the
event over the websocket, the console's fetch of the alert panel (the event carries no risk
facts; the panel is an audited read), and rendering.

Prints p50 / p95 / p99 / max, beside the floor of the same run: a bare SQLite commit, a bare
websocket echo, and in the browser a ``fetch('/healthz')`` round trip (the least any click
that reaches the server can cost). Loopback only; bounded by ``--rounds``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import floor
from bench_alert_latency import PASSWORD, _seed
from local_server import free_port, serving
from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("HOTLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        # Headless pages are never hidden, but say so: the responder's timers must not be
        # throttled as a background tab's would be.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding"]

NOW = "performance.timeOrigin + performance.now()"
WATCH_ALERTS = f"""() => {{
  window.benchAlerts = [];
  window.benchPanels = [];
  new MutationObserver((changes) => {{
    for (const change of changes) for (const node of change.addedNodes) {{
      if (node.classList && node.classList.contains("crisis-alert")) {{
        requestAnimationFrame(() => {{
          window.benchAlerts.push({NOW});
          const fetched = performance.getEntriesByType("resource")
            .filter((e) => e.name.includes("/console/alerts/")).pop();
          window.benchPanels.push(fetched ? fetched.duration : NaN);
        }});
      }}
    }}
  }}).observe(document.getElementById("alert-stack"), {{childList: true}});
}}"""
# When the event reaches the responder's page: the time before it is the POST and the push,
# the time after it the panel's fetch and rendering.
WATCH_EVENTS = f"""(() => {{
  window.benchEvents = [];
  const Socket = window.WebSocket;
  window.WebSocket = function (url, protocols) {{
    const socket = new Socket(url, protocols);
    socket.addEventListener("message", (e) => {{
      if (e.data.includes('"type":"escalation.created"')) window.benchEvents.push({NOW});
    }});
    return socket;
  }};
  window.WebSocket.prototype = Socket.prototype;
}})()"""
MARK_CLICK = f"""() => document.getElementById("save").addEventListener("click", () =>
  sessionStorage.setItem("benchClickedAt", String({NOW})), {{capture: true}})"""
HEALTHZ = f"""async () => {{
  const started = {NOW};
  await fetch("/healthz", {{cache: "no-store"}});
  return {NOW} - started;
}}"""


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def _save_high_risk(operator: Page, base: str) -> float:
    """Fill a high-risk screen by keyboard, click Save; the click's time (browser clock)."""
    operator.goto(f"{base}/contacts/new")
    operator.wait_for_load_state()
    operator.keyboard.press("Alt+r")
    for key in "nyny":  # Q1 no, Q2 yes, Q3 no, Q4 (intent) yes: high
        operator.keyboard.press(key)
    operator.wait_for_function(  # a function, not an expression: the CSP forbids eval
        "() => document.getElementById('risk-level').textContent.trim() === 'High'")
    operator.evaluate(MARK_CLICK)
    operator.click("#save")
    operator.wait_for_url("**/contacts/*?saved=1")
    return float(operator.evaluate("() => Number(sessionStorage.getItem('benchClickedAt'))"))


def run(rounds: int) -> tuple[list[float], list[float], list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        _seed(url, 1)
        port = free_port()
        with serving({"HOTLINE_DATABASE_URL": url, "HOTLINE_TWILIO_ACCOUNT_SID": ""},
                     port) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            contexts = [browser.new_context(viewport={"width": 1280, "height": 900},
                                            locale="en-US", timezone_id="Asia/Shanghai")
                        for _ in range(2)]
            operator, responder = (c.new_page() for c in contexts)
            responder.add_init_script(WATCH_EVENTS)
            _log_in(responder, base, "responder")
            responder.goto(f"{base}/roster/mine")
            responder.wait_for_selector('#alert-layer[data-connected="1"]', state="attached")
            responder.evaluate(WATCH_ALERTS)
            _log_in(operator, base, "operator")
            healthz = [float(operator.evaluate(HEALTHZ)) for _ in range(100)]
            latencies: list[float] = []
            to_event: list[float] = []
            panel: list[float] = []
            for i in range(rounds + 3):  # the first three warm the server and the pages up
                clicked = _save_high_risk(operator, base)
                responder.wait_for_function(f"() => window.benchAlerts.length > {i}",
                                           timeout=10_000)
                shown = float(responder.evaluate(f"() => window.benchAlerts[{i}]"))
                pushed = float(responder.evaluate(f"() => window.benchEvents[{i}]"))
                if i >= 3:
                    latencies.append(shown - clicked)
                    to_event.append(pushed - clicked)
                    panel.append(float(responder.evaluate(f"() => window.benchPanels[{i}]")))
            browser.close()
    return latencies, to_event, panel, healthz


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    floor.report()
    latencies, to_event, panel, healthz = run(args.rounds)
    print(f"floor: browser fetch('/healthz') round trip {floor.figures(healthz)}")
    p95 = statistics.quantiles(latencies, n=100, method="inclusive")[94]
    print(f"Save click -> alert visible on the responder's console, {len(latencies)} alerts: "
          f"{floor.figures(latencies)}; p95={p95:6.2f} ms")
    print(f"  of which click -> escalation.created on the responder's socket: "
          f"{floor.figures(to_event)}")
    print(f"  the alert panel's fetch (GET /console/alerts/<id>, audited): "
          f"{floor.figures(panel)}")
    floor.report()  # again: the machine may have changed under the run


if __name__ == "__main__":
    main()
