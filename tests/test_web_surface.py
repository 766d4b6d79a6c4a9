"""The hardened web surface: security headers, no caching, API docs off by default, metrics
by address or token, safe redirects, http(s)-only links, CSV without formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from hotline.app import create_app
from hotline.config import Settings
from hotline.spreadsheets import SafeWriter, safe_cell
from hotline.urls import safe_redirect, web_link
from tests.conftest import Person


def test_every_answer_carries_the_security_headers(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    op = make_person("operator")
    for url, headers in (("/login", {}), ("/api/auth/me", op.headers), ("/healthz", {}),
                         ("/api/nothing-here", {})):
        r = client.get(url, headers=headers)
        csp = r.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "same-origin"
        assert r.headers["Cache-Control"] == "no-store", url
        assert "Strict-Transport-Security" not in r.headers
    static = client.get("/static/console.css")
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"


def test_hsts_when_cookies_are_secure(settings: Settings, engine: Engine) -> None:
    app = create_app(settings.model_copy(update={"cookie_secure": True}), engine=engine)
    with TestClient(app) as c:
        assert "max-age=" in c.get("/healthz").headers["Strict-Transport-Security"]


def test_api_docs_only_when_asked_for(client: TestClient, settings: Settings,
                                      engine: Engine) -> None:
    for url in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(url).status_code == 404
    app = create_app(settings.model_copy(update={"api_docs": True}), engine=engine)
    with TestClient(app) as c:
        assert c.get("/openapi.json").json()["info"]["title"] == "hotline"
        assert c.get("/docs").status_code == 200


def test_metrics_by_address_or_token(settings: Settings, engine: Engine) -> None:
    app = create_app(settings.model_copy(update={"metrics_token": "scrape-token-1"}),
                     engine=engine)
    with TestClient(app, client=("127.0.0.1", 5000)) as loopback:
        assert loopback.get("/metrics").status_code == 200
    with TestClient(app, client=("192.0.2.7", 5000)) as outside:
        r = outside.get("/metrics")
        assert r.status_code == 403 and "HOTLINE_METRICS_ALLOW" in r.json()["detail"]
        assert outside.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
        ok = outside.get("/metrics", headers={"Authorization": "Bearer scrape-token-1"})
        assert ok.status_code == 200 and "hotline_http_requests_total" in ok.text
    allowed = create_app(settings.model_copy(update={"metrics_allow": "10.0.0.0/8"}),
                         engine=engine)
    with TestClient(allowed, client=("10.20.30.40", 5000)) as scraper:
        assert scraper.get("/metrics").status_code == 200


@pytest.mark.parametrize(("target", "expected"), [
    ("/contacts/7", "/contacts/7"), ("/roster/board?week=2026-11-23", "/roster/board?week=2026-11-23"),
    ("//evil.example/x", "/home"), ("/\\evil.example", "/home"), ("/\\/evil.example", "/home"),
    ("https://evil.example/", "/home"), ("javascript:alert(1)", "/home"), ("", "/home"),
    (None, "/home"), ("contacts", "/home"), ("/ok\r\nSet-Cookie: x=1", "/home"),
    ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
])
def test_safe_redirect(target: str | None, expected: str) -> None:
    assert safe_redirect(target, "/home") == expected


def test_safe_redirect_can_be_held_to_a_section() -> None:
    assert safe_redirect("/contacts/1", "/roster/board", under="/roster/") == "/roster/board"
    assert safe_redirect("/roster/mine", "/roster/board", under="/roster/") == "/roster/mine"


def test_login_page_refuses_to_send_people_elsewhere(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    for target in ("/\\evil.example", "//evil.example", "https://evil.example"):
        page = client.get("/login", params={"next": target})
        assert '<input type="hidden" name="next" value="">' in page.text
    page = client.get("/login", params={"next": "/roster/mine"})
    assert '<input type="hidden" name="next" value="/roster/mine">' in page.text


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JAVASCRIPT:alert(1)",
                                  " javascript:alert(1)", "data:text/html,<script>",
                                  "vbscript:x", "//evil.example", "http://", "ftp://x.example"])
def test_links_must_be_http_or_https(link: str) -> None:
    with pytest.raises(ValueError, match="http"):
        web_link(link)


def test_links_that_are_fine() -> None:
    assert web_link("https://meet.example.cn/room/42") == "https://meet.example.cn/room/42"
    assert web_link("  ") == ""


def test_training_api_refuses_a_javascript_link(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    lead = make_person("team_lead")
    body = {"kind": "training", "title": "危机干预复训", "audience": "operators",
            "start": "2030-03-02T09:00:00+08:00", "end": "2030-03-02T12:00:00+08:00",
            "online_link": "javascript:alert(document.cookie)",
            "invite": {"staff_ids": [lead.staff.id]}}
    r = client.post("/api/trainings", json=body, headers=lead.headers)
    assert r.status_code == 422 and "http" in str(r.json()["detail"])
    body["online_link"] = "https://meet.example.cn/42"
    assert client.post("/api/trainings", json=body, headers=lead.headers).status_code == 201


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\tcmd", "\r=1"])
def test_csv_cells_that_would_be_formulas_are_neutralised(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell
    buffer = io.StringIO()
    SafeWriter(buffer).writerow([cell, 3, -2.5, "王芳"])
    (row,) = csv.reader(io.StringIO(buffer.getvalue()))
    assert row == ["'" + cell, "3", "-2.5", "王芳"]


def test_compliance_csv_neutralises_a_name(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    make_person("operator", full_name="=cmd|' /C calc'!A0")
    sup = make_person("supervisor")
    r = client.get("/api/trainings/compliance.csv", headers=sup.headers)
    assert r.status_code == 200
    assert "'=cmd|" in r.text and ",=cmd" not in r.text


def test_the_access_log_never_carries_a_token(client: TestClient) -> None:
    """uvicorn's access line for a calendar feed or a stray ``?token=`` is redacted."""
    import logging

    from hotline.log_redaction import RedactTokens, redact

    assert any(isinstance(f, RedactTokens) for f in logging.getLogger("uvicorn.access").filters)
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5", "GET",
                               "/calendar/s3cr3t-Token_1.ics", "1.1", 200), None)
    RedactTokens().filter(record)
    assert "s3cr3t" not in record.getMessage() and "/calendar/[redacted].ics" in record.getMessage()
    assert redact("/ws?last_id=4&token=abc.def") == "/ws?last_id=4&token=[redacted]"
    assert redact("/contacts/7?lang=zh") == "/contacts/7?lang=zh"
