"""The staffing page: supervisors only, any week, a bad address still a readable page."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_staffing_page_is_for_supervisors(client: TestClient, make_person, log_in) -> None:
    log_in(make_person("operator"))
    r = client.get("/staffing")
    assert r.status_code == 403 and "You cannot do this" in r.text
    log_in(make_person("supervisor"))
    r = client.get("/staffing")
    assert r.status_code == 200
    assert r.text.count("<td class=") >= 2 * 7 * 24  # two 7x24 heatmaps (no DST in Shanghai)
    assert 'href="/staffing"' in r.text  # in the top bar
    for address in ("/staffing?week=not-a-date", "/staffing?weeks=999", "/staffing?weeks=-3"):
        assert client.get(address).status_code == 200, address
    assert client.get("/staffing?weeks=many").status_code == 404
