"""Teams and duties: the operator team and the crisis-intervention team with one leader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hotline.access.models import AuditEntry
from hotline.staff.models import TeamMembership
from tests.conftest import Person


@pytest.fixture
def crisis_team(client: TestClient, admin: Person) -> dict[str, Any]:
    r = client.post("/api/teams", json={"code": "Crisis", "name_zh": "心理危机干预队伍",
                                        "kind": "crisis"}, headers=admin.headers)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
def operator_team(client: TestClient, admin: Person) -> dict[str, Any]:
    r = client.post("/api/teams", json={"code": "operators", "name_zh": "接线员团队",
                                        "kind": "operators"}, headers=admin.headers)
    assert r.status_code == 201, r.text
    return r.json()


def add(client: TestClient, admin: Person, team: dict[str, Any], person: Person,
        duty: str) -> Any:
    return client.post(f"/api/teams/{team['id']}/members",
                       json={"staff_id": person.id, "duty": duty}, headers=admin.headers)


def test_team_code_is_normalised_and_unique(client: TestClient, admin: Person,
                                            crisis_team: dict[str, Any]) -> None:
    assert crisis_team["code"] == "crisis"
    assert crisis_team["members"] == []
    again = client.post("/api/teams", json={"code": "crisis", "name_en": "Again", "kind": "crisis"},
                        headers=admin.headers)
    assert again.status_code == 409
    bad = client.post("/api/teams", json={"code": "a b", "name_en": "X", "kind": "crisis"},
                      headers=admin.headers)
    assert bad.status_code == 422
    wrong_kind = client.post("/api/teams", json={"code": "x", "name_en": "X", "kind": "choir"},
                             headers=admin.headers)
    assert wrong_kind.status_code == 422
    nameless = client.post("/api/teams", json={"code": "x", "name_zh": " ", "kind": "crisis"},
                           headers=admin.headers)
    assert nameless.status_code == 422 and "name" in str(nameless.json()["detail"])
    assert client.get("/api/teams", headers=admin.headers).json()[0]["name_zh"] == "心理危机干预队伍"


def test_crisis_team_has_at_most_one_leader(
    client: TestClient, admin: Person, make_person: Callable[..., Person],
    crisis_team: dict[str, Any], count: Callable[[Any], int],
) -> None:
    """Two leaders would make it unclear who decides in a crisis: the second is refused, naming
    the first; after the first steps down the second can lead."""
    first = make_person("crisis_responder", full_name="First Leader")
    second = make_person("crisis_responder")
    assert add(client, admin, crisis_team, first, "leader").status_code == 201
    assert add(client, admin, crisis_team, second, "psychiatrist").status_code == 201
    r = add(client, admin, crisis_team, second, "leader")
    assert r.status_code == 409
    assert "First Leader" in r.json()["detail"]
    members = client.get(f"/api/teams/{crisis_team['id']}", headers=admin.headers).json()
    assert {m["staff_id"]: m["duty"] for m in members["members"]} == {
        first.id: "leader", second.id: "psychiatrist"}
    assert add(client, admin, crisis_team, first, "counsellor").status_code == 201
    r = add(client, admin, crisis_team, second, "leader")
    assert r.status_code == 201
    assert r.json()["members"][0] == {"staff_id": second.id, "full_name": second.staff.full_name,
                                      "duty": "leader", "active": True}
    assert count(TeamMembership) == 2
    # re-adding the leader as leader is not a second leader
    assert add(client, admin, crisis_team, second, "leader").status_code == 201


def test_operator_team_duties_are_member_or_leader(
    client: TestClient, admin: Person, make_person: Callable[..., Person],
    operator_team: dict[str, Any],
) -> None:
    op = make_person("operator")
    r = add(client, admin, operator_team, op, "psychiatrist")
    assert r.status_code == 422
    assert r.json()["code"] == "team.operator_duty"
    assert add(client, admin, operator_team, op, "member").status_code == 201
    r = add(client, admin, operator_team, op, "unknown")
    assert r.status_code == 422 and "duty" in str(r.json()["detail"])
    members = client.get(f"/api/teams/{operator_team['id']}", headers=admin.headers).json()
    assert [(m["staff_id"], m["duty"]) for m in members["members"]] == [(op.id, "member")]


def test_membership_changes_are_audited_and_removable(
    client: TestClient, admin: Person, make_person: Callable[..., Person],
    crisis_team: dict[str, Any], audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    c = make_person("crisis_responder")
    subject = f"team:{crisis_team['id']}"
    add(client, admin, crisis_team, c, "social_worker")
    add(client, admin, crisis_team, c, "liaison")
    assert audit_entries("team.add_member", subject)[0].detail == {
        "staff_id": c.id, "duty": "social_worker"}
    assert audit_entries("team.change_duty", subject)[0].detail == {
        "staff_id": c.id, "duty": ["social_worker", "liaison"]}
    r = client.delete(f"/api/teams/{crisis_team['id']}/members/{c.id}", headers=admin.headers)
    assert r.status_code == 204
    assert client.get(f"/api/teams/{crisis_team['id']}",
                      headers=admin.headers).json()["members"] == []
    assert audit_entries("team.remove_member", subject)
    again = client.delete(f"/api/teams/{crisis_team['id']}/members/{c.id}",
                          headers=admin.headers)
    assert again.status_code == 404


def test_unknown_or_inactive_member_is_refused(
    client: TestClient, admin: Person, make_person: Callable[..., Person],
    crisis_team: dict[str, Any], count: Callable[[Any], int],
) -> None:
    gone = make_person("crisis_responder", active=False)
    r = add(client, admin, crisis_team, gone, "counsellor")
    assert r.status_code == 422 and r.json()["code"] == "staff.not_active"
    r = client.post(f"/api/teams/{crisis_team['id']}/members",
                    json={"staff_id": 999999, "duty": "counsellor"}, headers=admin.headers)
    assert r.status_code == 404
    r = client.post("/api/teams/999999/members", json={"staff_id": gone.id},
                    headers=admin.headers)
    assert r.status_code == 404
    assert count(TeamMembership) == 0


def test_teams_list_visible_to_registry_readers_only(
    client: TestClient, make_person: Callable[..., Person], crisis_team: dict[str, Any],
    operator_team: dict[str, Any],
) -> None:
    lead = make_person("team_lead")
    op = make_person("operator")
    r = client.get("/api/teams", headers=lead.headers)
    assert r.status_code == 200
    assert [t["code"] for t in r.json()] == ["crisis", "operators"]  # by code
    assert client.get("/api/teams", headers=op.headers).status_code == 403
    assert client.post(f"/api/teams/{crisis_team['id']}/members",
                       json={"staff_id": op.id}, headers=lead.headers).status_code == 403
