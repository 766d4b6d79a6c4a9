"""A lent operator takes the host centre's calls: checked in on a shift at the host, they are
one of its operators the queue offers a call to (their home's calls are not theirs while they
work away), and the call they take stays the host's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline.roster.models import Shift
from hotline.telephony.models import CallLeg
from tests.telephony.test_network_calls import call, network, the_contact  # noqa: F401


def _checked_in(engine, person, centre_id: int) -> None:
    """``person`` checked in on an operator shift worked at ``centre_id`` now."""
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=person.id, position="operator", centre_id=centre_id,
                    start=now - timedelta(hours=1), end=now + timedelta(hours=7),
                    checked_in_at=now - timedelta(hours=1)))
        s.commit()


def test_a_lent_operator_takes_the_host_centres_call(client, post_twilio, engine,
                                                     network, make_person,  # noqa: F811
                                                     fake_twilio):
    lent = make_person("operator", centre_id=network["gz"], full_name="Lent From Guangzhou")
    _checked_in(engine, lent, network["sz"])  # gz's operator, working at sz today
    call(post_twilio)  # a Shenzhen mobile to the network number: sz's call
    contact = the_contact(engine)
    assert contact.centre_id == network["sz"]
    queue = client.get("/api/queue", headers=lent.headers)
    assert contact.id in [c["contact_id"] for c in queue.json()]
    r = client.post(f"/api/queue/{contact.id}/accept", headers=lent.headers)
    assert r.status_code == 200, r.text
    assert client.get(f"/api/contacts/{contact.id}", headers=lent.headers).status_code == 200
    with Session(engine) as s:
        (leg,) = s.exec(select(CallLeg)).all()
        assert (leg.staff_id, leg.centre_id) == (lent.id, network["sz"])
    assert the_contact(engine).centre_id == network["sz"]  # the host's contact still


def test_a_lent_operator_does_not_take_the_home_centres_call(client, post_twilio, engine,
                                                             network,  # noqa: F811
                                                             make_person, fake_twilio):
    lent = make_person("operator", centre_id=network["sz"])
    _checked_in(engine, lent, network["gz"])  # sz's operator, working at gz today
    _checked_in(engine, make_person("operator", centre_id=network["sz"]), network["sz"])
    call(post_twilio)
    contact = the_contact(engine)
    r = client.post(f"/api/queue/{contact.id}/accept", headers=lent.headers)
    assert r.status_code == 403 and r.json()["code"] == "call.not_available_to_take"
