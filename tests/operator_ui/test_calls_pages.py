"""The call queue page: who may see it, who may take calls, readable refusals."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from hotline.contacts.models import Contact
from hotline.roster.models import Shift


def _cookie_login(client, person):
    from tests.conftest import PASSWORD
    r = client.post("/api/auth/login", json={"username": person.username, "password": PASSWORD})
    assert r.status_code == 200


def test_queue_page_lists_waiting_calls(client, make_person, engine):
    op = make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Contact(channel="voice", status="ringing", received_at=now - timedelta(seconds=30),
                      call_sid="CA" + "9" * 32, caller_key="abcdef0123456789"))
        s.commit()
    _cookie_login(client, op)
    page = client.get("/calls")
    assert page.status_code == 200
    assert "abcdef01" in page.text and "Accept call" not in page.text  # not on shift
    assert "be on shift as an operator" in page.text
    with Session(engine) as s:
        s.add(Shift(staff_id=op.id, position="operator", start=now - timedelta(hours=1),
                    end=now + timedelta(hours=7), checked_in_at=now))
        s.commit()
    assert "Accept call" in client.get("/calls").text


def test_accept_without_csrf_or_without_telephony_is_refused_readably(client, make_person,
                                                                       engine):
    op = make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        c = Contact(channel="voice", status="ringing", received_at=now, call_sid="CA" + "8" * 32)
        s.add(c)
        s.add(Shift(staff_id=op.id, position="operator", start=now - timedelta(hours=1),
                    end=now + timedelta(hours=7), checked_in_at=now))
        s.commit()
        contact_id = c.id
    _cookie_login(client, op)
    r = client.post(f"/calls/{contact_id}/accept", data={"csrf_token": "nope"})
    assert r.status_code == 403 and "<html" in r.text
    client.get("/calls")  # sets the CSRF cookie
    token = client.cookies.get("hotline_csrf")
    r = client.post(f"/calls/{contact_id}/accept", data={"csrf_token": token})
    assert r.status_code == 409 and "telephony (Twilio) is not set up" in r.text
    with Session(engine) as s:
        assert s.get(Contact, contact_id).status == "ringing"


def test_queue_page_needs_login(client):
    r = client.get("/calls", follow_redirects=False)
    assert r.status_code in (302, 303, 307) and "/login" in r.headers["location"]


def test_call_backs_are_sorted_by_risk_then_due_and_need_a_chosen_result(client, make_person,
                                                                          engine):
    from hotline.telephony.models import CallbackTask

    op = make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        calm = Contact(channel="voice", risk_level="none", received_at=now - timedelta(days=2),
                       caller_key="calm")
        risky = Contact(channel="voice", risk_level="low", received_at=now - timedelta(days=2),
                        caller_key="risky")
        later = Contact(channel="voice", risk_level="high", received_at=now - timedelta(hours=5),
                        caller_key="risky")  # the same caller, since then at high risk
        s.add_all([calm, risky, later])
        s.flush()
        first = CallbackTask(contact_id=calm.id, reason="voicemail", due_at=now - timedelta(days=1))
        second = CallbackTask(contact_id=risky.id, reason="follow_up", due_at=now + timedelta(hours=2))
        s.add_all([first, second])
        s.commit()
        order, task_id = [second.id, first.id], first.id
    _cookie_login(client, op)
    page = client.get("/calls").text
    assert [int(i) for i in re.findall(r'data-task="(\d+)"', page)] == order
    assert 'class="risk risk-high' in page  # the caller's latest level, not the old one
    assert '<option value="" selected>' in page and "required" in page  # no default result
    token = client.cookies.get("hotline_csrf")
    r = client.post(f"/calls/callbacks/{task_id}/attempt", data={"csrf_token": token})
    assert r.status_code == 422 and "Choose what happened" in r.text
    with Session(engine) as s:
        assert s.get(CallbackTask, task_id).attempts == 0
