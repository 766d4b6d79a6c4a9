"""Leave and swap flows, each guarded for coverage and the working-time rules."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from hotline.auth.models import Account
from hotline.roster.models import Shift
from hotline.roster.wallclock import span
from tests.conftest import PASSWORD
from tests.roster.test_shifts_api import TOMORROW, ZONE, _covered_day, body


def login_as(client, session, staff_id: int) -> dict[str, str]:
    account = session.exec(select(Account).where(Account.staff_id == staff_id)).one()
    r = client.post("/api/auth/login", json={"username": account.username, "password": PASSWORD})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_leave_request_approve_removes_surplus_shifts(client, make_person, session):
    sup, op = make_person("supervisor"), make_person("operator")
    r = client.post("/api/shifts", json=body(op, "operator", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    sid = r.json()["id"]
    start, end = span(TOMORROW, time(0), time(0), ZONE)
    leave = client.post("/api/leave", json={"kind": "sick", "start": start.isoformat(),
                                            "end": end.isoformat(), "reason": "发烧"},
                        headers=op.headers)
    assert leave.status_code == 201 and leave.json()["status"] == "requested"
    lid = leave.json()["id"]
    # Nobody else covers that day, so approving would open a gap: refused with the gaps.
    r = client.post(f"/api/leave/{lid}/decision", json={"approve": True}, headers=sup.headers)
    assert r.status_code == 409 and r.json()["gaps"]
    assert client.get("/api/leave", headers=op.headers).json()[0]["status"] == "requested"
    # Operators cannot decide.
    assert client.post(f"/api/leave/{lid}/decision", json={"approve": True},
                       headers=op.headers).status_code == 403
    r = client.post(f"/api/leave/{lid}/decision",
                    json={"approve": True, "override_reason": "已安排电话值守"}, headers=sup.headers)
    assert r.status_code == 200 and r.json()["status"] == "approved"
    session.expire_all()
    assert session.get(Shift, sid).cancelled_at is not None
    # Decided requests cannot be decided again or cancelled.
    assert client.post(f"/api/leave/{lid}/decision", json={"approve": False},
                       headers=sup.headers).status_code == 409
    assert client.post(f"/api/leave/{lid}/cancel", headers=op.headers).status_code == 409


def test_leave_for_someone_else_and_bad_ranges(client, make_person):
    a, b = make_person("operator"), make_person("operator")
    now = datetime.now(UTC)
    r = client.post("/api/leave", json={"staff_id": b.id, "start": now.isoformat(),
                                        "end": (now + timedelta(days=1)).isoformat()},
                    headers=a.headers)
    assert r.status_code == 403
    r = client.post("/api/leave", json={"start": now.isoformat(),
                                        "end": (now - timedelta(days=1)).isoformat()},
                    headers=a.headers)
    assert r.status_code == 422 and "end" in str(r.json()["detail"])
    assert client.get("/api/leave", headers=a.headers).json() == []


def test_swap_offer_take_untake_approve(client, make_person, session):
    sup = make_person("supervisor")
    ids = _covered_day(client, sup, make_person, TOMORROW)
    shift = session.get(Shift, ids["crisis_primary"][1])
    holder = login_as(client, session, shift.staff_id)

    taker, operator = make_person("crisis_responder"), make_person("operator")
    offer = client.post("/api/swaps", json={"shift_id": shift.id, "reason": "家里有事"},
                        headers=holder)
    assert offer.status_code == 201, offer.text
    swap_id = offer.json()["id"]
    assert client.post("/api/swaps", json={"shift_id": shift.id}, headers=holder).status_code == 409
    assert client.post(f"/api/swaps/{swap_id}/take", headers=holder).status_code == 422
    # An operator cannot take a crisis shift: the position rule holds for swaps too.
    r = client.post(f"/api/swaps/{swap_id}/take", headers=operator.headers)
    assert r.status_code == 422 and r.json()["params"]["role"] == "crisis_responder"
    assert client.post(f"/api/swaps/{swap_id}/take", headers=taker.headers).json()["status"] == "taken"
    assert client.post(f"/api/swaps/{swap_id}/untake", headers=taker.headers).json()["status"] == "open"
    client.post(f"/api/swaps/{swap_id}/take", headers=taker.headers)
    assert client.post(f"/api/swaps/{swap_id}/decision", json={"approve": True},
                       headers=taker.headers).status_code == 403
    r = client.post(f"/api/swaps/{swap_id}/decision", json={"approve": True}, headers=sup.headers)
    assert r.status_code == 200 and r.json()["status"] == "approved"
    session.expire_all()
    assert session.get(Shift, shift.id).staff_id == taker.id
    # Coverage is unchanged by a swap.
    since, until = span(TOMORROW, time(0), time(0), ZONE)
    cov = client.get("/api/coverage", params={"since": since.isoformat(),
                                              "until": until.isoformat()}, headers=sup.headers)
    assert cov.json()["gaps"] == []


def test_swap_of_someone_elses_or_past_shift(client, make_person):
    sup, a, b = make_person("supervisor"), make_person("operator"), make_person("operator")
    sid = client.post("/api/shifts", json=body(a, "operator", TOMORROW, "08:00", "16:00"),
                      headers=sup.headers).json()["id"]
    assert client.post("/api/swaps", json={"shift_id": sid}, headers=b.headers).status_code == 403
    assert client.post("/api/swaps", json={"shift_id": 987654}, headers=a.headers).status_code == 404
    now = datetime.now(UTC)
    past = client.post("/api/shifts", json={"staff_id": a.id, "position": "operator",
                                            "start": (now - timedelta(days=3)).isoformat(),
                                            "end": (now - timedelta(days=3, hours=-8)).isoformat()},
                       headers=sup.headers).json()["id"]
    r = client.post("/api/swaps", json={"shift_id": past}, headers=a.headers)
    assert r.status_code == 422 and "started" in r.json()["detail"]


def test_cancelling_a_shift_withdraws_its_swap(client, make_person):
    sup, a = make_person("supervisor"), make_person("operator")
    sid = client.post("/api/shifts", json=body(a, "operator", TOMORROW, "08:00", "16:00"),
                      headers=sup.headers).json()["id"]
    swap = client.post("/api/swaps", json={"shift_id": sid}, headers=a.headers).json()
    r = client.delete(f"/api/shifts/{sid}", params={"override_reason": "合并班次"},
                      headers=sup.headers)
    assert r.status_code == 204
    swaps = client.get("/api/swaps", headers=a.headers).json()
    assert [(s["id"], s["status"]) for s in swaps] == [(swap["id"], "cancelled")]
