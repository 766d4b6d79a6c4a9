"""The console in real headless Chromium (Debian's build; `playwright install` is never run),
against the app served by uvicorn on loopback and the test database."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from tests.conftest import PASSWORD, Person

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("HOTLINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """The app on 127.0.0.1 in a thread; stopped before the tables are emptied."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(),
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    yield f"http://{host}:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page_in_own_context(chromium: object, width: int) -> Iterator[object]:
    context = chromium.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 900}, locale="en-US", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(chromium: object) -> Iterator[object]:
    yield from _page_in_own_context(chromium, 1400)


@pytest.fixture
def second_page(chromium: object) -> Iterator[object]:
    """A second person's console: its own context, so its own login and websocket."""
    yield from _page_in_own_context(chromium, 1280)


@pytest.fixture
def log_in_browser(live_server: str) -> Callable[[object, Person], None]:
    def _log_in(page: object, person: Person) -> None:
        page.goto(f"{live_server}/login")  # type: ignore[attr-defined]
        page.fill("#username", person.username)  # type: ignore[attr-defined]
        page.fill("#password", PASSWORD)  # type: ignore[attr-defined]
        page.click("button[type=submit]")  # type: ignore[attr-defined]
        page.wait_for_url(lambda url: "/login" not in url)  # type: ignore[attr-defined]

    return _log_in
