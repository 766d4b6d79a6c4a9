"""Prometheus metrics: request counts and latencies per route template, for the scrapers
allowed by address or token (the figures describe the service's load, which is its own
business)."""

from __future__ import annotations

import secrets
import time
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotline.auth.deps import bearer_token
from hotline.config import settings_of
from hotline.errors import Forbidden


def _checkpoint_age(app: FastAPI) -> float:
    progress = getattr(app.state, "checkpoints", None)
    return 0.0 if progress is None else progress.age()


def install_metrics(app: FastAPI) -> None:
    """Count and time every request, labelled by route template (never by raw path: ids leak)."""
    registry = CollectorRegistry()  # one per app, so tests can build many apps
    requests = Counter(
        "hotline_http_requests_total", "HTTP requests", ["method", "route", "status"],
        registry=registry,
    )
    latency = Histogram(
        "hotline_http_request_duration_seconds", "HTTP request latency", ["method", "route"],
        registry=registry,
        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    )
    app.state.metrics_registry = registry
    # Exactly one process of a deployment runs the scheduled jobs: alert when the sum over
    # every instance's processes is not 1.
    leader = Gauge("hotline_scheduler_leader",
                   "1 while this process runs the scheduled jobs, else 0", registry=registry)
    leader.set_function(lambda: float(getattr(getattr(app.state, "jobs", None), "leading", 0)))
    # On SQLite a thread of the app copies the log back (hotline/checkpointer.py): alert when
    # this passes a minute, long before the log's growth would matter.
    wal = Gauge("hotline_sqlite_checkpoint_age_seconds",
                "Seconds since SQLite's log was last checkpointed by the app (0 when not on "
                "SQLite)", registry=registry)
    wal.set_function(lambda: _checkpoint_age(app))

    class Measure:
        """Plain ASGI rather than BaseHTTPMiddleware: no extra task per request, which
        matters when Twilio's webhooks arrive hundreds a second."""

        def __init__(self, inner: ASGIApp) -> None:
            self.inner = inner

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await self.inner(scope, receive, send)
                return
            start = time.perf_counter()
            status = 500

            async def send_status(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await self.inner(scope, receive, send_status)
            finally:
                label = getattr(scope.get("route"), "path", "unmatched")
                latency.labels(scope["method"], label).observe(time.perf_counter() - start)
                requests.labels(scope["method"], label, str(status)).inc()

    app.add_middleware(Measure)

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        if not scraper_allowed(request):
            raise Forbidden("auth.metrics_closed")
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _networks(allow: str) -> list[IPv4Network | IPv6Network]:
    return [ip_network(part.strip(), strict=False) for part in allow.split(",") if part.strip()]


def scraper_allowed(request: Request) -> bool:
    """An address in ``HOTLINE_METRICS_ALLOW`` (default loopback), or the bearer token."""
    settings = settings_of(request)
    token = bearer_token(request)
    if settings.metrics_token and token is not None:
        return secrets.compare_digest(token.encode(), settings.metrics_token.encode())
    try:
        address = ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    return any(address in net for net in _networks(settings.metrics_allow))
