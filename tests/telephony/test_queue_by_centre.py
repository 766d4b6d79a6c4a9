"""The call queue by centre, as an attacker would test it: an operator sees, counts and hears
of only their own centres' waiting calls (the API, the /calls page, the home page, the
queue's live updates), cannot take another centre's call by guessing its id, and learns
nothing of the caller from another centre's records; the province sees every centre's queue,
each read of another centre audited. Rollovers are heard on both sides and by the province."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from hotline.access.models import AuditEntry
from hotline.contacts.models import Contact
from hotline.realtime.hub import audiences_for
from hotline.realtime.models import Event
from tests.crisis.conftest import HIGH
from tests.telephony.test_network_calls import (  # noqa: F401  (shared fixtures)
    GUANGZHOU_LANDLINE,
    SHENZHEN_MOBILE,
    call,
    network,
    operators,
    the_contact,
)

SZ_CALL, GZ_CALL = "CA" + "1" * 32, "CA" + "2" * 32


@pytest.fixture
def waiting(post_twilio, engine, network, operators, make_person):  # noqa: F811
    """A call waiting at sz and one at gz (each routed by the caller's prefix), with an
    operator at each, each centre's supervisor and the province."""
    people = {"sz_op": operators("sz")[0], "gz_op": operators("gz")[0],
              "sz_sup": make_person("supervisor", centre_id=network["sz"]),
              "gz_sup": make_person("supervisor", centre_id=network["gz"]),
              "province": make_person("provincial_supervisor", centre_id=network["gd"]),
              "crisis_lead": make_person("provincial_crisis_lead", centre_id=network["gd"])}
    call(post_twilio, caller=SHENZHEN_MOBILE, sid=SZ_CALL)
    call(post_twilio, caller=GUANGZHOU_LANDLINE, sid=GZ_CALL)
    ids = {"sz": the_contact(engine, SZ_CALL).id, "gz": the_contact(engine, GZ_CALL).id}
    return people, ids


def _queue(client, person) -> list[int]:
    r = client.get("/api/queue", headers=person.headers)
    assert r.status_code == 200, r.text
    return [c["contact_id"] for c in r.json()]


def test_an_operator_sees_only_their_centres_waiting_calls(client, waiting):
    people, ids = waiting
    assert _queue(client, people["sz_op"]) == [ids["sz"]]
    assert _queue(client, people["gz_op"]) == [ids["gz"]]
    assert _queue(client, people["gz_sup"]) == [ids["gz"]]


def test_another_centres_call_cannot_be_taken_by_its_id(client, waiting, fake_twilio):
    people, ids = waiting
    gz_op = people["gz_op"]
    guessed = client.post(f"/api/queue/{ids['sz']}/accept", headers=gz_op.headers)
    missing = client.post("/api/queue/999999/accept", headers=gz_op.headers)
    assert guessed.status_code == missing.status_code == 404
    assert guessed.json() == missing.json()
    assert the_contact_status(client, people["sz_sup"], ids["sz"]) == "ringing"
    # The page's accept answers the same.
    client.post("/api/auth/login", json={"username": gz_op.username,
                                         "password": _password()})
    client.get("/calls")
    token = client.cookies.get("hotline_csrf")
    r = client.post(f"/calls/{ids['sz']}/accept", data={"csrf_token": token})
    assert r.status_code == 404 and "<html" in r.text


def the_contact_status(client, supervisor, contact_id: int) -> str:
    r = client.get(f"/api/contacts/{contact_id}", headers=supervisor.headers)
    assert r.status_code == 200, r.text
    return r.json()["status"]


def _password() -> str:
    from tests.conftest import PASSWORD
    return PASSWORD


def test_the_calls_and_home_pages_show_only_the_centres_calls(client, waiting):
    people, ids = waiting
    client.post("/api/auth/login", json={"username": people["gz_op"].username,
                                         "password": _password()})
    page = client.get("/calls")
    assert page.status_code == 200
    assert f'data-contact="{ids["gz"]}"' in page.text
    assert f'data-contact="{ids["sz"]}"' not in page.text
    assert "1 waiting" in page.text
    home = client.get("/home")
    assert home.status_code == 200 and '<span id="home-waiting">1 waiting</span>' in home.text


def test_a_repeat_callers_risk_in_another_centre_is_not_shown(client, engine, waiting):
    """The caller rang gz before at high risk: gz's operators see it, sz's do not (as the
    caller's history keeps to the contact's centre)."""
    people, ids = waiting
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH,
                                           "caller_number": SHENZHEN_MOBILE},
                    headers=people["gz_op"].headers)
    assert r.status_code == 201, r.text
    (sz_call,) = client.get("/api/queue", headers=people["sz_op"].headers).json()
    assert sz_call["repeat_caller"] is False and sz_call["last_risk_level"] is None
    everyone = client.get("/api/queue", headers=people["province"].headers).json()
    (seen,) = [c for c in everyone if c["contact_id"] == ids["sz"]]
    assert seen["repeat_caller"] is True and seen["last_risk_level"] == "high"


@pytest.mark.parametrize("who", ["province", "crisis_lead"])
def test_the_province_sees_every_queue_each_centre_read_audited(client, engine, waiting, who):
    people, ids = waiting
    reader = people[who]
    assert sorted(_queue(client, reader)) == sorted(ids.values())
    with Session(engine) as s:
        cross = s.exec(select(AuditEntry).where(AuditEntry.actor_id == reader.id)
                       .where(AuditEntry.action == "centre.cross_read")
                       .order_by(col(AuditEntry.subject))).all()
    assert [(e.subject, e.detail["what"], e.detail["count"]) for e in cross] == [
        ("centre:gz", "queue", 1), ("centre:sz", "queue", 1)]
    # The province watches; it takes no call, and has no call-backs to work here.
    client.post("/api/auth/login", json={"username": reader.username, "password": _password()})
    page = client.get("/calls")
    assert page.status_code == 200
    assert all(f'data-contact="{i}"' in page.text for i in ids.values())
    assert "Accept call" not in page.text and "callbacks-heading" not in page.text
    assert "Shenzhen hotline" in page.text and "Guangzhou hotline" in page.text


def test_others_may_not_read_the_queue(client, make_person, network):  # noqa: F811
    for role in ("team_lead", "admin"):
        r = client.get("/api/queue", headers=make_person(role).headers)
        assert r.status_code == 403 and r.json()["code"]
    assert client.get("/api/queue").status_code == 401


def _heard(app, person, centres, type_: str) -> int:
    audiences = audiences_for(person.id, person.staff.roles)
    return sum(m["type"] == type_ for m in app.state.hub.replay(audiences, 0, centres=centres))


def test_queue_updates_reach_only_the_centres_consoles(app, engine, network,  # noqa: F811
                                                       waiting):
    people, _ = waiting
    sz, gz = frozenset({network["sz"]}), frozenset({network["gz"]})
    with Session(engine) as s:
        updates = s.exec(select(Event).where(Event.type == "queue.updated")).all()
    assert {e.centre_id for e in updates} == {network["sz"], network["gz"]}
    for who, centres, code in (("sz_sup", sz, "sz"), ("gz_sup", gz, "gz")):
        assert _heard(app, people[who], centres, "queue.updated") == sum(
            e.centre_id == network[code] for e in updates)
    # sz's operator hears only sz's queue (addressed to the operators who could take it).
    sz_updates = _heard(app, people["sz_op"], sz, "queue.updated")
    assert 0 < sz_updates < len(updates)
    assert _heard(app, people["crisis_lead"], None, "queue.updated") == len(updates)


def test_a_rollover_is_heard_on_both_sides_and_by_the_province(
        client, app, engine, post_twilio, network, operators, make_person):  # noqa: F811
    """sz is closed (nobody checked in): its call moves to gz at once."""
    operators("sz", checked_in=False)
    (gz_op,) = operators("gz")
    sup = {code: make_person("supervisor", centre_id=network[code]) for code in network}
    lead = make_person("provincial_crisis_lead", centre_id=network["gd"])
    province = make_person("provincial_supervisor", centre_id=network["gd"])
    r = call(post_twilio, caller=SHENZHEN_MOBILE)
    assert "hotline-gz" in r.text
    contact = the_contact(engine)
    for code, hears in (("sz", 1), ("gz", 1), ("gd", 0)):
        assert _heard(app, sup[code], frozenset({network[code]}), "call.rolled_over") == hears
    assert _heard(app, lead, None, "call.rolled_over") > 0
    assert _heard(app, province, None, "call.rolled_over") > 0
    # The call arrived in gz's queue: gz's operator was told, and sees it now.
    assert _heard(app, gz_op, frozenset({network["gz"]}), "queue.updated") > 0
    assert _queue(client, gz_op) == [contact.id]
    with Session(engine) as s:
        assert s.get(Contact, contact.id).centre_id == network["gz"]
