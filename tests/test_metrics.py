"""/metrics: Prometheus request counts and latencies, labelled by route template so ids in
paths never become labels (which would leak record ids and grow without bound)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import Engine

from tests.conftest import Person

ROUTE = "/api/staff/{staff_id}"


def samples(client: TestClient) -> list[tuple[str, dict[str, str], float]]:
    """Scraped from loopback, the one address /metrics answers by default."""
    r = TestClient(client.app, client=("127.0.0.1", 50000)).get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    return [(s.name, s.labels, s.value)
            for family in text_string_to_metric_families(r.text) for s in family.samples]


def value(found: list[tuple[str, dict[str, str], float]], name: str, **labels: str) -> float:
    return sum(v for n, ls, v in found if n == name and all(ls.get(k) == x
                                                             for k, x in labels.items()))


def test_requests_counted_and_timed_by_route_template(
    client: TestClient, make_person: Callable[..., Person]
) -> None:
    """Three reads of two different people count as three on one route template, with a
    latency histogram beside them, and a 404 on the same route counted under its status."""
    admin = make_person("admin")
    other = make_person("operator")
    for staff_id in (admin.id, other.id, other.id):
        assert client.get(f"/api/staff/{staff_id}", headers=admin.headers).status_code == 200
    assert client.get("/api/staff/999999", headers=admin.headers).status_code == 404
    found = samples(client)
    assert value(found, "hotline_http_requests_total", method="GET", route=ROUTE,
                 status="200") == 3
    assert value(found, "hotline_http_requests_total", method="GET", route=ROUTE,
                 status="404") == 1
    assert value(found, "hotline_http_request_duration_seconds_count", method="GET",
                 route=ROUTE) == 4
    buckets = [(ls["le"], v) for n, ls, v in found
               if n == "hotline_http_request_duration_seconds_bucket" and ls["route"] == ROUTE]
    assert len(buckets) > 3
    assert dict(buckets)["+Inf"] == 4
    counts = [v for _le, v in buckets]
    assert counts == sorted(counts)  # cumulative
    assert value(found, "hotline_http_request_duration_seconds_sum", route=ROUTE) > 0


def test_raw_paths_never_become_labels(client: TestClient,
                                       make_person: Callable[..., Person]) -> None:
    admin = make_person("admin")
    client.get(f"/api/staff/{admin.id}", headers=admin.headers)
    client.get("/no/such/page/12345")
    found = samples(client)
    routes = {ls["route"] for n, ls, _v in found if "route" in ls}
    assert ROUTE in routes
    assert f"/api/staff/{admin.id}" not in routes
    assert not any("12345" in r for r in routes)
    assert value(found, "hotline_http_requests_total", route="unmatched", status="404") == 1


def test_the_age_of_sqlites_last_checkpoint_is_scraped(client: TestClient,
                                                       engine: Engine) -> None:
    """On SQLite, seconds since the app's thread last checkpointed (it counts from start-up,
    and the thread runs every second); elsewhere 0."""
    found = samples(client)
    assert "hotline_sqlite_checkpoint_age_seconds" in {name for name, _, _ in found}
    age = value(found, "hotline_sqlite_checkpoint_age_seconds")
    if engine.dialect.name == "sqlite":
        assert 0 < age < 30
    else:
        assert age == 0
