"""Prometheus metrics: request counts and latencies per route template."""

from __future__ import annotations

import time

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint


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

    async def measure(request: Request, call_next: RequestResponseEndpoint) -> Response:
        start = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route = request.scope.get("route")
            label = getattr(route, "path", "unmatched")
            latency.labels(request.method, label).observe(time.perf_counter() - start)
            requests.labels(request.method, label, str(status)).inc()

    app.add_middleware(BaseHTTPMiddleware, dispatch=measure)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
