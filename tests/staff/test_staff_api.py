"""People in the registry over the API: create, read, change, filter; phones in E.164; logins;
bad input that writes nothing; who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.auth.models import Account
from hotline.db import utcnow
from hotline.staff.models import Staff
from tests.conftest import PASSWORD, Person

NEW_PERSON: dict[str, Any] = {
    "full_name": "  王小红 ",
    "roles": ["operator", "crisis_responder", "operator"],
    "phone": "138 0013 8000",
    "email": "xiaohong@hotline.example.org",
    "languages": ["ZH", "en", "yue", "zh"],
    "prior_training_hours": 36,
}


def login_status(client: TestClient, username: str, password: str = PASSWORD) -> int:
    return client.post("/api/auth/login",
                       json={"username": username, "password": password}).status_code


def lock_out(client: TestClient, username: str, settings: Any) -> None:
    """An account locked the old way (failed logins now throttle instead of locking, but a
    lock recorded before that still shows until an admin lifts it)."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as s:
        account = s.exec(select(Account).where(Account.username == username)).one()
        account.failed_logins, account.locked_until = 5, utcnow() + timedelta(minutes=10)
        s.add(account)
        s.commit()


def test_create_and_read_back(client: TestClient, admin: Person,
                              audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """What the admin enters comes back cleaned: trimmed name, unique roles, E.164 phone,
    lower-case unique languages; and the creation is audited."""
    r = client.post("/api/staff", json=NEW_PERSON, headers=admin.headers)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["full_name"] == "王小红"
    assert created["roles"] == ["operator", "crisis_responder"]
    assert created["phone"] == "+8613800138000"
    assert created["languages"] == ["zh", "en", "yue"]
    assert created["active"] is True
    assert created["username"] is None
    got = client.get(f"/api/staff/{created['id']}", headers=admin.headers).json()
    assert got == created
    (entry,) = audit_entries("staff.create", f"staff:{created['id']}")
    assert entry.actor_id == admin.id
    assert entry.detail["phone"] == "+8613800138000"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("13800138000", "+8613800138000"),  # no "+": a mainland mobile
        ("+86 138-0013-8000", "+8613800138000"),
        ("010 6512 3456", "+861065123456"),  # Beijing landline with trunk prefix
        ("+852 9123 4567", "+85291234567"),  # Hong Kong
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_phone_normalised_to_e164(client: TestClient, admin: Person, raw: str, e164: str) -> None:
    """Phones are stored in one form so on-call paging and search work whatever was typed."""
    r = client.post("/api/staff", json={"full_name": "A", "roles": ["operator"], "phone": raw},
                    headers=admin.headers)
    assert r.status_code == 201, r.text
    assert r.json()["phone"] == e164


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"phone": "12345"}, "not a valid phone number"),
        ({"phone": "+86 abc"}, "not a valid phone number"),
        ({"languages": ["chinese!"]}, "not a language code"),
        ({"roles": ["janitor"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"full_name": "   "}, "blank"),
        ({"prior_training_hours": -1}, "prior_training_hours"),
        ({"username": "newbie"}, "both username and password"),
        ({"username": "newbie", "password": "short"}, "at least 10"),
        ({"username": "bad name!", "password": "long-enough-pw"}, "letters, digits"),
        ({"active": False}, "active"),  # not settable here: goes through the guarded route
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    client: TestClient, admin: Person, count: Callable[[Any], int], body: dict[str, Any],
    says: str,
) -> None:
    """A 422 with a JSON detail saying what to fix; no person, account or audit entry made."""
    before = (count(Staff), count(Account), count(AuditEntry))
    full = {"full_name": "B", "roles": ["operator"], **body}
    r = client.post("/api/staff", json=full, headers=admin.headers)
    assert r.status_code == 422, r.text
    assert says in str(r.json()["detail"])
    assert (count(Staff), count(Account), count(AuditEntry)) == before


def test_malformed_json_is_a_4xx(client: TestClient, admin: Person,
                                 count: Callable[[Any], int]) -> None:
    """Broken JSON is the client's mistake, never a 500."""
    before = count(Staff)
    r = client.post("/api/staff", content=b"{not json", headers={
        **admin.headers, "Content-Type": "application/json"})
    assert r.status_code == 422
    assert "detail" in r.json()
    assert count(Staff) == before


def test_create_with_login_stores_only_an_argon2_hash(
    client: TestClient, admin: Person, engine: Engine,
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """The new person can log in at once; the password itself is nowhere in the database."""
    password = "first-day-password"
    r = client.post("/api/staff", json={**NEW_PERSON, "username": "XiaoHong",
                                        "password": password}, headers=admin.headers)
    assert r.status_code == 201, r.text
    assert r.json()["username"] == "xiaohong"
    with Session(engine) as s:
        account = s.exec(select(Account).where(Account.username == "xiaohong")).one()
    assert account.password_hash.startswith("$argon2id$")
    assert password not in account.password_hash
    assert PasswordHasher().verify(account.password_hash, password)
    assert login_status(client, "xiaohong", password) == 200
    assert audit_entries("account.create", f"staff:{r.json()['id']}")


def test_duplicate_username_is_409_and_the_person_is_not_created(
    client: TestClient, admin: Person, count: Callable[[Any], int]
) -> None:
    """One transaction: a taken username refuses the login and the staff record together."""
    before = count(Staff)
    r = client.post("/api/staff", json={**NEW_PERSON, "username": "ADMIN",
                                        "password": "long-enough-pw"}, headers=admin.headers)
    assert r.status_code == 409
    assert "taken" in r.json()["detail"]
    assert count(Staff) == before


def test_update_changes_only_what_is_sent_and_audits_old_and_new(
    client: TestClient, admin: Person, make_person: Callable[..., Person],
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """PATCH is partial; the audit keeps [old, new] so a wrong edit can be traced and undone."""
    op = make_person("operator", full_name="李明")
    r = client.patch(f"/api/staff/{op.id}", json={"phone": "+86 139 0000 0001",
                                                  "roles": ["operator", "team_lead"]},
                     headers=admin.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["phone"] == "+8613900000001"
    assert body["roles"] == ["operator", "team_lead"]
    assert body["full_name"] == "李明"
    assert body["languages"] == ["zh", "en"]
    (entry,) = audit_entries("staff.update", f"staff:{op.id}")
    assert entry.detail["changes"]["roles"] == [["operator"], ["operator", "team_lead"]]
    assert set(entry.detail["changes"]) == {"phone", "roles"}


@pytest.mark.parametrize("body", [{"full_name": None}, {"roles": None}, {"phone": "0"},
                                  {"unknown": 1}])
def test_bad_update_is_refused_and_changes_nothing(
    client: TestClient, admin: Person, make_person: Callable[..., Person],
    body: dict[str, Any],
) -> None:
    """A refused PATCH leaves the record exactly as it was."""
    op = make_person("operator")
    before = client.get(f"/api/staff/{op.id}", headers=admin.headers).json()
    r = client.patch(f"/api/staff/{op.id}", json=body, headers=admin.headers)
    assert r.status_code == 422
    assert "detail" in r.json()
    assert client.get(f"/api/staff/{op.id}", headers=admin.headers).json() == before


def test_last_admin_cannot_lose_the_role(client: TestClient, admin: Person) -> None:
    """Someone must always be able to manage the registry."""
    r = client.patch(f"/api/staff/{admin.id}", json={"roles": ["supervisor"]},
                     headers=admin.headers)
    assert r.status_code == 409
    assert "last active admin" in r.json()["detail"]


def test_filters(client: TestClient, admin: Person, make_person: Callable[..., Person]) -> None:
    """Role, team, active and free-text filters each narrow the list as named."""
    op = make_person("operator", full_name="Zhang Operator", email="zhang@x.org")
    crisis = make_person("crisis_responder", full_name="Chen Crisis")
    gone = make_person("operator", full_name="Old Operator", active=False)
    team = client.post("/api/teams", json={"code": "crisis", "name_en": "Crisis team",
                                           "kind": "crisis"}, headers=admin.headers).json()
    client.post(f"/api/teams/{team['id']}/members", json={"staff_id": crisis.id,
                                                          "duty": "counsellor"},
                headers=admin.headers)

    def ids(**params: Any) -> set[int]:
        r = client.get("/api/staff", params=params, headers=admin.headers)
        assert r.status_code == 200, r.text
        return {p["id"] for p in r.json()}

    assert ids() == {admin.id, op.id, crisis.id, gone.id}
    assert ids(role="operator") == {op.id, gone.id}
    assert ids(role="operator", active=True) == {op.id}
    assert ids(active=False) == {gone.id}
    assert ids(team_id=team["id"]) == {crisis.id}
    assert ids(q="zhang") == {op.id}
    assert ids(q="ZHANG@X") == {op.id}
    assert ids(q=crisis.staff.phone[-6:]) == {crisis.id}
    listed = client.get("/api/staff", params={"team_id": team["id"]}, headers=admin.headers)
    assert listed.json()[0]["teams"] == [{"team_id": team["id"], "team_code": "crisis",
                                          "team_name_zh": "", "team_name_en": "Crisis team",
                                          "kind": "crisis",
                                          "duty": "counsellor"}]
    assert client.get("/api/staff", params={"role": "janitor"},
                      headers=admin.headers).status_code == 422


def test_unauthenticated_is_401(client: TestClient, make_person: Callable[..., Person]) -> None:
    op = make_person("operator")
    for method, url in [("GET", "/api/staff"), ("POST", "/api/staff"),
                        ("GET", f"/api/staff/{op.id}"), ("GET", "/api/teams")]:
        r = client.request(method, url, json={})
        assert r.status_code == 401, (method, url)
        assert r.json()["detail"]


@pytest.mark.parametrize("role", ["operator", "crisis_responder", "supervisor", "team_lead"])
def test_only_admins_change_the_registry(
    client: TestClient, make_person: Callable[..., Person], count: Callable[[Any], int],
    role: str,
) -> None:
    """manage_staff is the admin's alone; others get 403 and nothing is written."""
    person = make_person(role)
    other = make_person("operator")
    before = count(Staff)
    checks = [
        client.post("/api/staff", json={"full_name": "X", "roles": ["operator"]},
                    headers=person.headers),
        client.patch(f"/api/staff/{other.id}", json={"full_name": "Y"}, headers=person.headers),
        client.post(f"/api/staff/{other.id}/deactivate", headers=person.headers),
        client.post(f"/api/staff/{other.id}/account", json={"password": "long-enough-pw"},
                    headers=person.headers),
        client.post("/api/teams", json={"code": "t", "name_en": "T", "kind": "operators"},
                    headers=person.headers),
    ]
    assert [r.status_code for r in checks] == [403] * len(checks)
    assert count(Staff) == before


@pytest.mark.parametrize(("role", "status"), [
    ("operator", 403), ("crisis_responder", 403), ("supervisor", 200), ("team_lead", 200),
    ("admin", 200),
])
def test_who_may_read_the_registry(client: TestClient, make_person: Callable[..., Person],
                                   role: str, status: int) -> None:
    """The list is for supervisors, team leads and admins; everyone may read their own record."""
    person = make_person(role)
    other = make_person("operator")
    assert client.get("/api/staff", headers=person.headers).status_code == status
    assert client.get(f"/api/staff/{other.id}", headers=person.headers).status_code == status
    assert client.get(f"/api/staff/{person.id}", headers=person.headers).status_code == 200


def test_unknown_ids_are_404(client: TestClient, admin: Person) -> None:
    for method, url, body in [
        ("GET", "/api/staff/999999", None),
        ("PATCH", "/api/staff/999999", {"full_name": "X"}),
        ("POST", "/api/staff/999999/deactivate", None),
        ("POST", "/api/staff/999999/reactivate", None),
        ("POST", "/api/staff/999999/account", {"username": "ghost", "password": "long-enough-pw"}),
        ("GET", "/api/staff/999999/qualifications", None),
        ("PATCH", "/api/qualifications/999999", {"kind": "X"}),
        ("DELETE", "/api/qualifications/999999", None),
        ("GET", "/api/teams/999999", None),
    ]:
        r = client.request(method, url, json=body, headers=admin.headers)
        assert r.status_code == 404, (method, url, r.text)
        assert r.json()["detail"]


@pytest.mark.parametrize(("method", "url", "body"), [
    ("GET", "/api/staff/99999999999999999999", None),
    ("PATCH", "/api/staff/9223372036854775808", {"full_name": "X"}),
    ("GET", "/api/staff?team_id=99999999999999999999", None),
    ("POST", "/api/staff/99999999999999999999/account", {}),
    ("GET", "/api/teams/99999999999999999999", None),
    ("POST", "/api/teams/{team}/members", {"staff_id": 99999999999999999999}),
    ("DELETE", "/api/qualifications/99999999999999999999", None),
])
def test_ids_no_row_can_have_are_422_not_500(
    client: TestClient, admin: Person, count: Callable[[Any], int], method: str, url: str,
    body: Any,
) -> None:
    """An id too large for the database is a malformed request, answered before any query
    (SQLite cannot even bind it past 64 bits)."""
    team = client.post("/api/teams", json={"code": "ops", "name_en": "Ops", "kind": "operators"},
                       headers=admin.headers).json()
    before = (count(Staff), count(AuditEntry))
    r = client.request(method, url.format(team=team["id"]), json=body, headers=admin.headers)
    assert r.status_code == 422, r.text
    assert "less than or equal" in str(r.json()["detail"])
    assert (count(Staff), count(AuditEntry)) == before


def test_search_text_is_literal_not_a_pattern(
    client: TestClient, admin: Person, make_person: Callable[..., Person]
) -> None:
    """'%' and '_' typed into the search box match themselves, not everyone."""
    plain = make_person("operator", full_name="Li Ming")
    odd = make_person("operator", full_name="li_ming 100%")

    def ids(q: str) -> set[int]:
        r = client.get("/api/staff", params={"q": q}, headers=admin.headers)
        assert r.status_code == 200, r.text
        return {p["id"] for p in r.json()}

    assert ids("li_ming") == {odd.id}
    assert ids("%") == {odd.id}
    assert ids("li ming") == {plain.id}
    assert ids("\\") == set()


def test_admin_resets_password_unlocks_and_ends_old_sessions(
    client: TestClient, admin: Person, make_person: Callable[..., Person], engine: Engine,
    settings: Any, audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """A locked-out operator gets a new password from the admin: locked no more, old tokens
    dead, the new password works, the old one does not."""
    op = make_person("operator")
    lock_out(client, op.username, settings)
    listed = client.get(f"/api/staff/{op.id}", headers=admin.headers).json()
    assert listed["locked"] is True
    r = client.post(f"/api/staff/{op.id}/account", json={"password": "brand-new-password"},
                    headers=admin.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"staff_id": op.id, "username": op.username, "locked": False}
    assert client.get("/api/auth/me", headers=op.headers).status_code == 401
    assert login_status(client, op.username) == 401
    assert login_status(client, op.username, "brand-new-password") == 200
    (entry,) = audit_entries("account.reset_password", f"staff:{op.id}")
    assert entry.detail["revoked_sessions"] == 1
    assert "brand-new-password" not in str(entry.detail)


def test_admin_unlocks_without_changing_the_password(
    client: TestClient, admin: Person, make_person: Callable[..., Person], settings: Any,
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """An empty body only lifts the lockout: the person's own password and sessions stay."""
    op = make_person("operator")
    lock_out(client, op.username, settings)
    r = client.post(f"/api/staff/{op.id}/account", json={}, headers=admin.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"staff_id": op.id, "username": op.username, "locked": False}
    assert client.get("/api/auth/me", headers=op.headers).status_code == 200
    assert login_status(client, op.username) == 200
    (entry,) = audit_entries("account.unlock", f"staff:{op.id}")
    assert entry.actor_id == admin.id
    assert audit_entries("account.reset_password") == []


def test_unlock_or_rename_needs_an_account_and_a_password(
    client: TestClient, admin: Person, make_person: Callable[..., Person],
    count: Callable[[Any], int],
) -> None:
    """A rename without a password is refused (say what to send); unlocking someone without a
    login, or nobody, is 404; nothing is written."""
    op = make_person("operator")
    nologin = client.post("/api/staff", json={"full_name": "No Login", "roles": ["operator"]},
                          headers=admin.headers).json()
    before = (count(Account), count(AuditEntry))
    r = client.post(f"/api/staff/{op.id}/account", json={"username": "renamed"},
                    headers=admin.headers)
    assert r.status_code == 422 and "send a password too" in str(r.json()["detail"])
    r = client.post(f"/api/staff/{nologin['id']}/account", json={}, headers=admin.headers)
    assert r.status_code == 404 and "has no login" in r.json()["detail"]
    r = client.post("/api/staff/999999/account", json={}, headers=admin.headers)
    assert r.status_code == 404 and "No staff member" in r.json()["detail"]
    assert (count(Account), count(AuditEntry)) == before


def test_admin_gives_a_login_to_someone_without_one(
    client: TestClient, admin: Person, count: Callable[[Any], int]
) -> None:
    """A person added without a login gets one later; a username is needed the first time."""
    staff = client.post("/api/staff", json={"full_name": "Later", "roles": ["operator"]},
                        headers=admin.headers).json()
    before = count(Account)
    r = client.post(f"/api/staff/{staff['id']}/account", json={"password": "long-enough-pw"},
                    headers=admin.headers)
    assert r.status_code == 422 and "username" in r.json()["detail"]
    assert count(Account) == before
    r = client.post(f"/api/staff/{staff['id']}/account",
                    json={"username": "later", "password": "long-enough-pw"},
                    headers=admin.headers)
    assert r.status_code == 200
    assert login_status(client, "later", "long-enough-pw") == 200


def test_renaming_to_a_taken_username_is_409(
    client: TestClient, admin: Person, make_person: Callable[..., Person]
) -> None:
    op = make_person("operator")
    r = client.post(f"/api/staff/{op.id}/account",
                    json={"username": "admin", "password": "long-enough-pw"},
                    headers=admin.headers)
    assert r.status_code == 409
    # the refused reset changed nothing: the old password still works
    assert login_status(client, op.username) == 200


def test_language_choice_is_saved_on_the_account(
    client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    """PATCH /api/auth/me keeps the page language for the next login; only zh or en."""
    op = make_person("operator")
    r = client.patch("/api/auth/me", json={"language": "zh"}, headers=op.headers)
    assert r.status_code == 200, r.text
    assert r.json()["language"] == "zh"
    assert client.get("/api/auth/me", headers=op.headers).json()["language"] == "zh"
    with Session(engine) as s:
        assert s.exec(select(Account).where(Account.staff_id == op.id)).one().language == "zh"
    bad = client.patch("/api/auth/me", json={"language": "fr"}, headers=op.headers)
    assert bad.status_code == 422
    assert client.get("/api/auth/me", headers=op.headers).json()["language"] == "zh"
