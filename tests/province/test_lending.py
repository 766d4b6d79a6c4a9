"""Lending a person to another centre for a shift: it is worked (and counted) at the host,
shows on both centres' rosters, and bad lending is refused with a coded reason in both
languages."""

from __future__ import annotations

from datetime import time

from sqlmodel import Session, select

from hotline.centres.models import Centre
from hotline.roster.models import Shift
from hotline.wallclock import span
from tests.roster.test_shifts_api import TOMORROW, ZONE, body, iso


def _day() -> dict[str, str]:
    since, until = span(TOMORROW, time(0), time(0), ZONE)
    return {"since": iso(since), "until": iso(until)}


def _people(make_person, centres):
    gz, sz = centres["gz"].id, centres["sz"].id
    return (make_person("supervisor", centre_id=gz), make_person("supervisor", centre_id=sz),
            make_person("operator", centre_id=sz, full_name="Lin Lent"))


def test_a_lent_shift_is_worked_and_counted_at_the_host_and_shows_on_both_rosters(
        client, make_person, centres):
    gz_sup, sz_sup, lin = _people(make_person, centres)
    r = client.post("/api/shifts", json=body(lin, "operator", TOMORROW, "08:00", "16:00"),
                    headers=gz_sup.headers)  # gz's supervisor lends Lin in from sz
    assert r.status_code == 201, r.text
    shift = r.json()
    assert shift["centre_id"] == centres["gz"].id
    assert shift["home_centre_id"] == centres["sz"].id

    at_gz = client.get("/api/shifts", params=_day(), headers=gz_sup.headers).json()
    at_sz = client.get("/api/shifts", params=_day(), headers=sz_sup.headers).json()
    assert [(s["id"], s["lent"]) for s in at_gz] == [(shift["id"], "lent_in")]
    assert [(s["id"], s["lent"]) for s in at_sz] == [(shift["id"], "lent_out")]

    gz_gaps = client.get("/api/coverage", params=_day(), headers=gz_sup.headers).json()["gaps"]
    sz_gaps = client.get("/api/coverage", params=_day(), headers=sz_sup.headers).json()["gaps"]
    at_nine = iso(span(TOMORROW, time(9), time(10), ZONE)[0])

    def seats_at_nine(gaps) -> int | None:
        for g in gaps:
            if g["position"] == "operator" and g["start"] <= at_nine < g["end"]:
                return g["scheduled"]
        return None

    assert seats_at_nine(gz_gaps) == 1  # gz: 1 of 2 seats, Lin counts there
    assert seats_at_nine(sz_gaps) == 0  # sz (its own policy: 1 seat): Lin does not count home


def test_a_supervisor_lends_their_own_person_out_by_naming_the_host(client, make_person, centres):
    _, sz_sup, lin = _people(make_person, centres)
    r = client.post("/api/shifts", json={**body(lin, "operator", TOMORROW, "08:00", "16:00"),
                                         "centre": "gz"}, headers=sz_sup.headers)
    assert r.status_code == 201, r.text
    assert r.json()["centre_id"] == centres["gz"].id


def test_bad_lending_is_refused_with_a_code_in_both_languages(client, engine, make_person,
                                                             centres):
    gz_sup, sz_sup, lin = _people(make_person, centres)
    unknown = client.post("/api/shifts", json={**body(lin, "operator", TOMORROW, "08:00",
                                                      "16:00"), "centre": "hk"},
                          headers=sz_sup.headers)
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "lending.unknown_centre"
    assert "hk" in unknown.json()["detail"]

    with Session(engine) as s:
        main = s.exec(select(Centre).where(Centre.code == "main")).one()
        assert not main.active  # left the network when network.toml arrived
    gone = client.post("/api/shifts", json={**body(lin, "operator", TOMORROW, "08:00", "16:00"),
                                            "centre": "main"},
                       headers={**sz_sup.headers, "Accept-Language": "zh-CN"})
    assert gone.status_code == 422
    assert gone.json()["code"] == "lending.inactive_centre"
    assert "已停用" in gone.json()["detail"]

    home = client.post("/api/shifts", json=body(lin, "operator", TOMORROW, "08:00", "16:00"),
                       headers=sz_sup.headers)
    assert home.status_code == 201, home.text
    overlap = client.post("/api/shifts", json=body(lin, "operator", TOMORROW, "12:00", "20:00"),
                          headers=gz_sup.headers)
    assert overlap.status_code == 422
    assert overlap.json()["code"] == "lending.overlaps"
    assert "Shenzhen Hotline" in overlap.json()["detail"]
    zh = client.post("/api/shifts", json=body(lin, "operator", TOMORROW, "12:00", "20:00"),
                     headers={**gz_sup.headers, "Accept-Language": "zh-CN"})
    assert "深圳市心理援助热线" in zh.json()["detail"]
    with Session(engine) as s:  # nothing half-written
        assert len(s.exec(select(Shift)).all()) == 1


def test_another_centres_roster_is_not_a_supervisors_to_change(client, make_person, centres):
    gz_sup, sz_sup, _ = _people(make_person, centres)
    gz_op = make_person("operator", centre_id=centres["gz"].id)
    r = client.post("/api/shifts", json=body(gz_op, "operator", TOMORROW, "08:00", "16:00"),
                    headers=gz_sup.headers)
    assert r.status_code == 201, r.text
    attempt = client.post("/api/shifts", json={
        **body(gz_op, "operator", TOMORROW, "17:00", "23:00"), "centre": "gz"},
        headers=sz_sup.headers)
    assert attempt.status_code == 403
    assert attempt.json()["code"] == "lending.not_your_centre"
    gone = client.delete(f"/api/shifts/{r.json()['id']}", headers=sz_sup.headers,
                         params={"override_reason": "mine now"})
    assert gone.status_code == 404  # another centre's shift answers as a missing one
