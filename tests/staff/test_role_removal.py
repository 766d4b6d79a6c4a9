"""Taking a role away goes through the same coverage guard as deactivation: a person who is no
longer a crisis responder comes off the crisis shifts ahead, and never silently."""

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
from tests.staff.test_deactivation import shift_cancelled


def shift(engine: Engine, person: Person, position: Position, days: int = 1) -> int:
    start = (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    with Session(engine) as s:
        row = Shift(staff_id=person.id, position=position, start=start,
                    end=start + timedelta(hours=8))
        s.add(row)
        s.commit()
        assert row.id is not None
        return row.id


def roles(engine: Engine, staff_id: int) -> list[str]:
    with Session(engine) as s:
        staff = s.get(Staff, staff_id)
        assert staff is not None
        return list(staff.roles)


def test_losing_a_role_that_leaves_a_gap_is_409_and_changes_nothing(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine,
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    responder = make_person("operator", "crisis_responder")
    crisis = shift(engine, responder, Position.crisis_primary)
    seat = shift(engine, responder, Position.operator, days=2)
    r = client.patch(f"/api/staff/{responder.id}", json={"roles": ["operator"]},
                     headers=admin.headers)
    assert r.status_code == 409, r.text
    assert [g["position"] for g in r.json()["gaps"]] == ["crisis_primary"]
    assert roles(engine, responder.id) == ["operator", "crisis_responder"]
    assert not shift_cancelled(engine, crisis) and not shift_cancelled(engine, seat)
    assert audit_entries("staff.update") == []


def test_supervisor_override_takes_them_off_only_the_shifts_the_role_held(
    client: TestClient, make_person: Callable[..., Person], engine: Engine,
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    boss = make_person("admin", "supervisor")
    responder = make_person("operator", "crisis_responder")
    crisis = shift(engine, responder, Position.crisis_backup)
    seat = shift(engine, responder, Position.operator, days=2)
    r = client.patch(f"/api/staff/{responder.id}",
                     json={"roles": ["operator"], "override_reason": "Stepping back from crisis work"},
                     headers=boss.headers)
    assert r.status_code == 200, r.text
    assert r.json()["roles"] == ["operator"]
    assert shift_cancelled(engine, crisis) and not shift_cancelled(engine, seat)
    (entry,) = audit_entries("staff.update", f"staff:{responder.id}")
    assert entry.detail["released_shifts"] == [crisis]
    assert audit_entries("roster.guard_override")
    assert audit_entries("shift.delete", f"shift:{crisis}")


def test_an_admin_reason_alone_does_not_accept_the_gap(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine
) -> None:
    responder = make_person("crisis_responder")
    shift(engine, responder, Position.crisis_primary)
    r = client.patch(f"/api/staff/{responder.id}",
                     json={"roles": ["operator"], "override_reason": "x"}, headers=admin.headers)
    assert r.status_code == 403
    assert roles(engine, responder.id) == ["crisis_responder"]


def test_other_changes_and_roles_without_shifts_go_through(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine
) -> None:
    """A name change does not touch the roster; a role nobody's shift needs goes at once."""
    responder = make_person("operator", "crisis_responder", "team_lead")
    crisis = shift(engine, responder, Position.crisis_primary)
    r = client.patch(f"/api/staff/{responder.id}",
                     json={"full_name": "Lin Wen", "roles": ["operator", "crisis_responder"]},
                     headers=admin.headers)
    assert r.status_code == 200, r.text
    assert not shift_cancelled(engine, crisis)
    too_long = client.patch(f"/api/staff/{responder.id}",
                            json={"roles": ["operator"], "override_reason": "x" * 501},
                            headers=admin.headers)
    assert too_long.status_code == 422
