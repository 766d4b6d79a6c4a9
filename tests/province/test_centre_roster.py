"""Each centre's roster is its own: the coverage guard judges a change by the centre's own
shifts and policy, and the generator rosters the centre's own people by its own policy,
around their shifts lent to other centres."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import Session

from hotline.auth.service import authenticate
from hotline.roster import cover
from hotline.roster.centres import view as centres_view
from hotline.roster.generation import make_request
from hotline.wallclock import at
from tests.roster.test_cover import END, START
from tests.roster.test_shifts_api import TOMORROW, ZONE, body


def test_the_guard_judges_a_change_by_the_centres_own_policy(client, make_person, centres):
    for code, expected in (("sz", 204), ("gz", 409)):  # sz's own policy needs no supervisor
        boss = make_person("supervisor", centre_id=centres[code].id)
        colleague = make_person("supervisor", centre_id=centres[code].id)
        r = client.post("/api/shifts", json=body(colleague, "supervisor", TOMORROW, "08:00",
                                                  "16:00"), headers=boss.headers)
        assert r.status_code == 201, r.text
        removed = client.delete(f"/api/shifts/{r.json()['id']}", headers=boss.headers)
        assert removed.status_code == expected, (code, removed.text)
        if expected == 409:
            assert {g["position"] for g in removed.json()["gaps"]} == {"supervisor"}


def test_a_lent_shift_leaving_the_host_opens_the_hosts_gap_not_the_homes(
        client, make_person, centres):
    gz_sup = make_person("supervisor", centre_id=centres["gz"].id)
    lent = make_person("supervisor", centre_id=centres["sz"].id)
    r = client.post("/api/shifts", json=body(lent, "supervisor", TOMORROW, "08:00", "16:00"),
                    headers=gz_sup.headers)
    assert r.status_code == 201, r.text
    removed = client.delete(f"/api/shifts/{r.json()['id']}", headers=gz_sup.headers)
    assert removed.status_code == 409  # gz needs its supervisor; sz never counted on it


def test_the_generator_rosters_a_centres_own_people_by_its_own_policy(
        client, engine, make_person, centres, settings, pol):
    sz = centres["sz"].id
    people = ([make_person("operator", centre_id=sz) for _ in range(5)]
              + [make_person("crisis_responder", centre_id=sz) for _ in range(4)])
    boss = make_person("supervisor", centre_id=sz)
    strangers = [make_person("operator", centre_id=centres["gz"].id) for _ in range(3)]
    lent = people[0]
    gz_sup = make_person("supervisor", centre_id=centres["gz"].id)
    r = client.post("/api/shifts", json=body(lent, "operator", TOMORROW, "08:00", "16:00"),
                    headers=gz_sup.headers)
    assert r.status_code == 201, r.text
    with Session(engine) as s:
        request = make_request(s, first_day=TOMORROW, last_day=TOMORROW, settings=settings,
                               policies=pol, centre_id=sz)
    assert {c.staff_id for c in request.candidates} == {p.id for p in [*people, boss]}
    away = next(c for c in request.candidates if c.staff_id == lent.id)
    assert (at(TOMORROW, time(8), ZONE), at(TOMORROW, time(16), ZONE)) in away.unavailable
    assert request.pinned == []  # the lent shift is gz's, not sz's
    assert request.coverage.required_on("operator", TOMORROW, 10) == 1  # sz's own coverage

    proposal = client.post("/api/roster/generate", json={
        "since": TOMORROW.isoformat(), "until": (TOMORROW + timedelta(days=1)).isoformat(),
        "time_limit_s": 20}, headers=boss.headers).json()
    assert proposal["gap_free"], proposal["reasons"]
    placed = {s["staff_id"] for s in proposal["shifts"]}
    assert placed and placed <= {p.id for p in people}
    assert not placed & {p.id for p in strangers}
    assert {s["position"] for s in proposal["shifts"]} <= {"operator", "crisis_primary"}
    busy = [datetime.fromisoformat(r.json()[k]) for k in ("start", "end")]
    for s in proposal["shifts"]:  # never while lent to gz
        if s["staff_id"] == lent.id:
            start, end = (datetime.fromisoformat(s[k]) for k in ("start", "end"))
            assert end <= busy[0] or start >= busy[1]


def test_cover_for_a_centres_gap_comes_from_its_people_and_an_offer_lends_in(
        engine, settings, pol, make_person, centres):
    gz, sz = centres["gz"].id, centres["sz"].id
    boss = make_person("supervisor", centre_id=gz)
    make_person("supervisor", centre_id=gz, full_name="Gao Own")
    make_person("supervisor", centre_id=sz, full_name="Su Elsewhere")
    lent = make_person("supervisor", centre_id=sz, full_name="Lu Lent")
    with Session(engine) as s:
        here = centres_view(s, gz, settings=settings, policies=pol)
        found = cover.candidates(s, position="supervisor", start=START, end=END,
                                 settings=here.settings, policies=here.policies, centre_id=gz)
        assert {c.name for c in found} == {"Gao Own", boss.staff.full_name}  # gz's own
        offer = cover.offer(s, actor=authenticate(s, settings, boss.token), staff_id=lent.id,
                            position="supervisor", start=START, end=END, client_addr="t")
        s.commit()
        shift = cover.accept(s, actor=authenticate(s, settings, lent.token),
                             notice_id=offer.id, settings=settings, policies=pol,
                             client_addr="t")
        assert shift.centre_id == gz  # worked at the gap's centre: lent in from sz
