"""A person lent to another centre for a shift acts there while the shift holds (from its
check-in window until it ends or they check out), and not a minute outside it: as an
attacker would test it, a lent person reads neither the host's records outside the lent time
nor a third centre's, and their console stops hearing the host when the shift is over."""

from __future__ import annotations

import time as clock
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session
from starlette.websockets import WebSocketDisconnect

from hotline.auth.service import authenticate
from hotline.contacts.models import Contact
from hotline.db import utcnow
from hotline.realtime import events
from hotline.realtime.hub import audiences_for
from hotline.roster.models import Shift
from tests.crisis.conftest import HIGH


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"ws_recheck_seconds": 0.2})


def _shift(engine, person, centre_id: int, start: datetime, end: datetime,
           position: str = "supervisor", **fields) -> int:
    """A shift of ``person`` worked at ``centre_id`` (written as the roster would hold it)."""
    with Session(engine) as s:
        row = Shift(staff_id=person.id, centre_id=centre_id, position=position, start=start,
                    end=end, **fields)
        s.add(row)
        s.commit()
        assert row.id is not None
        return row.id


def _contact(client, person, screen: dict | None = HIGH) -> int:
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": screen or {}},
                    headers=person.headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.fixture
def network(client, make_person, centres):
    """sz's supervisor Lin (to be lent to gz), and one contact in each of gz, sz and gd."""
    ids = {code: centres[code].id for code in ("gd", "gz", "sz")}
    lin = make_person("supervisor", centre_id=ids["sz"], full_name="Lin Lent")
    contacts = {code: _contact(client, make_person("operator", centre_id=ids[code]))
                for code in ids}
    return ids, lin, contacts


def _reads(client, person, contact_id: int) -> bool:
    r = client.get(f"/api/contacts/{contact_id}", headers=person.headers)
    assert r.status_code in (200, 404), r.text
    return r.status_code == 200


def _listed(client, person) -> set[int]:
    return {c["id"] for c in client.get("/api/contacts", headers=person.headers).json()["items"]}


def test_without_a_lent_shift_a_person_acts_at_home_only(client, engine, network):
    ids, lin, contacts = network
    now = utcnow()
    # Lent tomorrow, or yesterday: neither is now.
    _shift(engine, lin, ids["gz"], now + timedelta(days=1), now + timedelta(days=1, hours=8))
    _shift(engine, lin, ids["gz"], now - timedelta(hours=9), now - timedelta(hours=1))
    assert _reads(client, lin, contacts["sz"])
    assert not _reads(client, lin, contacts["gz"]) and not _reads(client, lin, contacts["gd"])
    assert _listed(client, lin) == {contacts["sz"]}


@pytest.mark.parametrize("starts_in", [timedelta(hours=-2), timedelta(minutes=20)],
                         ids=["under_way", "check_in_window"])
def test_a_lent_person_acts_in_the_host_centre_not_in_a_third(client, engine, network,
                                                              starts_in):
    ids, lin, contacts = network
    now = utcnow()
    _shift(engine, lin, ids["gz"], now + starts_in, now + starts_in + timedelta(hours=8))
    assert _reads(client, lin, contacts["gz"]) and _reads(client, lin, contacts["sz"])
    assert not _reads(client, lin, contacts["gd"])
    assert _listed(client, lin) == {contacts["gz"], contacts["sz"]}
    # A lent shift is no provincial read: nothing is audited as a cross-centre read.
    audit = client.get("/api/audit", headers=lin.headers).json()
    assert "centre.cross_read" not in {e["action"] for e in audit}


def test_access_ends_with_the_shift_cancelled_or_checked_out(client, engine, network):
    ids, lin, contacts = network
    now = utcnow()
    shift_id = _shift(engine, lin, ids["gz"], now - timedelta(hours=1), now + timedelta(hours=7),
                      checked_in_at=now - timedelta(hours=1))
    assert _reads(client, lin, contacts["gz"])
    r = client.post(f"/api/shifts/{shift_id}/check-out", headers=lin.headers)
    assert r.status_code == 200, r.text
    assert not _reads(client, lin, contacts["gz"])

    cancelled = _shift(engine, lin, ids["gz"], now + timedelta(hours=8),
                       now + timedelta(hours=9), cancelled_at=now)
    assert cancelled and not _reads(client, lin, contacts["gz"])


def test_a_shift_at_home_lends_nothing(engine, settings, network):
    ids, lin, _ = network
    now = utcnow()
    _shift(engine, lin, ids["sz"], now - timedelta(hours=1), now + timedelta(hours=7))
    with Session(engine) as s:
        user = authenticate(s, settings, lin.token)
    assert user.centres == frozenset({ids["sz"]}) and user.centre_id == ids["sz"]


def test_a_lent_operator_hears_the_host_centres_operators_only_while_lent(
        engine, settings, make_person, centres, app):
    """What is said to a role in a centre (a call-back to make, the queue) reaches the
    operators lent in, replayed after a reconnect as live."""
    gz, sz, gd = centres["gz"].id, centres["sz"].id, centres["gd"].id
    op = make_person("operator", centre_id=sz)
    with Session(engine) as s:
        for centre in (gz, gd):
            events.emit(s, "callback.created", {"contact_id": centre}, ["role:operator"],
                        centre_id=centre)
        s.commit()
    hub = app.state.hub

    def heard() -> set[int]:
        with Session(engine) as s:
            user = authenticate(s, settings, op.token)
        return {m["data"]["contact_id"] for m in
                hub.replay(audiences_for(user.id, user.roles), 0, centres=user.centres)}

    assert heard() == set()
    now = utcnow()
    shift_id = _shift(engine, op, gz, now - timedelta(minutes=5), now + timedelta(hours=8),
                      position="operator")
    assert heard() == {gz}
    with Session(engine) as s:
        row = s.get(Shift, shift_id)
        assert row is not None
        row.end = now - timedelta(seconds=1)  # the shift is over
        s.add(row)
        s.commit()
    assert heard() == set()


def test_the_console_stops_hearing_the_host_when_the_lent_shift_ends(client, engine, network,
                                                                    make_person, centres):
    ids, lin, _ = network
    now = utcnow()
    shift_id = _shift(engine, lin, ids["gz"], now - timedelta(hours=1), now + timedelta(hours=7),
                      checked_in_at=now - timedelta(hours=1))
    gz_op = make_person("operator", centre_id=ids["gz"])
    with client.websocket_connect("/ws", headers=lin.headers) as ws:
        heard = _contact(client, gz_op, None)
        assert ws.receive_json()["data"]["id"] == heard  # the host's contact, live
        assert client.post(f"/api/shifts/{shift_id}/check-out",
                           headers=lin.headers).status_code == 200
        clock.sleep(1.0)  # a few re-check periods
        _contact(client, gz_op, None)
        with pytest.raises(WebSocketDisconnect) as closed:
            message = ws.receive_json()
            pytest.fail(f"still hearing the host after the shift: {message}")
        assert closed.value.code == 1008
    with client.websocket_connect("/ws", headers=lin.headers) as ws:  # back home only
        _contact(client, gz_op, None)
        home = _contact(client, make_person("operator", centre_id=ids["sz"]), None)
        assert ws.receive_json()["data"]["id"] == home


def test_a_contact_logged_on_a_lent_shift_is_the_hosts(client, engine, make_person, centres):
    """An operator lent to gz logs a contact by hand: it is gz's (its crisis team, its
    reports), and back home after the shift their contacts are home's again."""
    gz, sz = centres["gz"].id, centres["sz"].id
    chen = make_person("operator", centre_id=sz)
    now = utcnow()
    shift = _shift(engine, chen, gz, now - timedelta(hours=1), now + timedelta(hours=7),
                   position="operator")
    lent = _contact(client, chen, screen=None)
    with Session(engine) as s:
        row = s.get(Shift, shift)
        assert row is not None
        row.end = now - timedelta(minutes=1)
        s.add(row)
        s.commit()
    home = _contact(client, chen, screen=None)
    with Session(engine) as s:
        assert [s.get(Contact, i).centre_id for i in (lent, home)] == [gz, sz]
