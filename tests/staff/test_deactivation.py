"""Deactivation goes through the roster's coverage guard: nobody leaves a hole in the rota
without a supervisor saying so, with a reason that is kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hotline.access.models import AuditEntry
from hotline.db import utcnow
from hotline.roster.models import Shift
from hotline.roster.policy import Position
from hotline.staff.models import Staff
from tests.conftest import Person


def future_shift(engine: Engine, person: Person) -> int:
    """A shift tomorrow: removing it deepens a coverage gap (the rota needs 2 operators)."""
    start = (utcnow() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    with Session(engine) as s:
        shift = Shift(staff_id=person.id, position=Position.operator, start=start,
                      end=start + timedelta(hours=8))
        s.add(shift)
        s.commit()
        assert shift.id is not None
        return shift.id


def shift_cancelled(engine: Engine, shift_id: int) -> bool:
    with Session(engine) as s:
        shift = s.get(Shift, shift_id)
        assert shift is not None
        return shift.cancelled_at is not None


def is_active(engine: Engine, staff_id: int) -> bool:
    with Session(engine) as s:
        staff = s.get(Staff, staff_id)
        assert staff is not None
        return staff.active


def test_deactivation_that_opens_a_gap_is_409_with_the_gaps(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine,
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """Nothing changes: still active, shift still on, login still works, nothing audited."""
    op = make_person("operator")
    shift_id = future_shift(engine, op)
    r = client.post(f"/api/staff/{op.id}/deactivate", headers=admin.headers)
    assert r.status_code == 409, r.text
    body = r.json()
    assert "gap" in body["detail"]
    assert body["gaps"] and {"start", "end", "position", "required", "scheduled"} <= (
        body["gaps"][0].keys())
    assert body["gaps"][0]["position"] == "operator"
    assert is_active(engine, op.id)
    assert not shift_cancelled(engine, shift_id)
    assert client.get("/api/auth/me", headers=op.headers).status_code == 200
    assert audit_entries("staff.deactivate") == []


def test_override_needs_a_supervisor(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine
) -> None:
    """An admin's reason alone does not accept a gap: coverage is the supervisor's call."""
    op = make_person("operator")
    future_shift(engine, op)
    r = client.post(f"/api/staff/{op.id}/deactivate", json={"override_reason": "left"},
                    headers=admin.headers)
    assert r.status_code == 403
    assert is_active(engine, op.id)


def test_supervisor_override_deactivates_and_is_audited(
    client: TestClient, make_person: Callable[..., Person], engine: Engine,
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """With an admin who is also a supervisor and a reason: shifts cancelled, login refused,
    and the reason kept beside the deactivation."""
    boss = make_person("admin", "supervisor")
    op = make_person("operator")
    shift_id = future_shift(engine, op)
    r = client.post(f"/api/staff/{op.id}/deactivate",
                    json={"override_reason": "Resigned; agency cover booked"},
                    headers=boss.headers)
    assert r.status_code == 200, r.text
    assert r.json()["active"] is False
    assert shift_cancelled(engine, shift_id)
    assert client.get("/api/auth/me", headers=op.headers).status_code == 401
    login = client.post("/api/auth/login", json={"username": op.username,
                                                 "password": "correct-horse-battery"})
    assert login.status_code == 401
    (entry,) = audit_entries("staff.deactivate", f"staff:{op.id}")
    assert entry.actor_id == boss.id
    assert entry.detail["override_reason"] == "Resigned; agency cover booked"
    assert entry.detail["released_shifts"] == [shift_id]
    assert audit_entries("shift.delete", f"shift:{shift_id}")


def test_deactivation_without_shifts_and_reactivation(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine,
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """No future shifts, no gap: deactivated at once; reactivation lets them log in again
    (with no shifts until rostered)."""
    op = make_person("operator")
    r = client.post(f"/api/staff/{op.id}/deactivate", headers=admin.headers)
    assert r.status_code == 200 and r.json()["active"] is False
    again = client.post(f"/api/staff/{op.id}/deactivate", headers=admin.headers)
    assert again.status_code == 200
    assert len(audit_entries("staff.deactivate", f"staff:{op.id}")) == 1
    r = client.post(f"/api/staff/{op.id}/reactivate", headers=admin.headers)
    assert r.status_code == 200 and r.json()["active"] is True
    assert is_active(engine, op.id)
    assert audit_entries("staff.reactivate", f"staff:{op.id}")
    login = client.post("/api/auth/login", json={"username": op.username,
                                                 "password": "correct-horse-battery"})
    assert login.status_code == 200


def test_cannot_deactivate_yourself(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine
) -> None:
    """An admin locking themselves out would leave the registry unmanaged; another admin may."""
    r = client.post(f"/api/staff/{admin.id}/deactivate", headers=admin.headers)
    assert r.status_code == 422
    assert is_active(engine, admin.id)
    other_admin = make_person("admin")
    r = client.post(f"/api/staff/{admin.id}/deactivate", headers=other_admin.headers)
    assert r.status_code == 200


def test_bad_override_body_is_422(client: TestClient, admin: Person,
                                  make_person: Callable[..., Person], engine: Engine) -> None:
    op = make_person("operator")
    r = client.post(f"/api/staff/{op.id}/deactivate", json={"override_reason": "x" * 501},
                    headers=admin.headers)
    assert r.status_code == 422
    assert is_active(engine, op.id)

