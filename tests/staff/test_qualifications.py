"""Qualifications and certificates: dates that make sense, and expiry flags the pages show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from hotline.access.models import AuditEntry
from hotline.staff.models import Qualification
from tests.conftest import Person

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
WARNING_DAYS = 60  # schedules/trainings.toml certificate_warning_days


def cert(**overrides: Any) -> dict[str, Any]:
    return {"kind": "心理咨询师", "number": "1234567890", "issuer": "人社部",
            "issued_on": "2022-03-01", **overrides}


def iso(d: date) -> str:
    return d.isoformat()


@pytest.mark.parametrize(
    ("expires_on", "expired", "expiring_soon"),
    [
        (None, False, False),  # no expiry: valid for good
        (TODAY + timedelta(days=WARNING_DAYS + 1), False, False),
        (TODAY + timedelta(days=WARNING_DAYS), False, True),  # the edge of the window
        (TODAY + timedelta(days=1), False, True),
        (TODAY, False, True),  # valid through its last day
        (TODAY - timedelta(days=1), True, False),
    ],
)
def test_expiry_flags(client: TestClient, make_person: Callable[..., Person],
                      expires_on: date | None, expired: bool, expiring_soon: bool) -> None:
    """A certificate running out within certificate_warning_days is flagged before it lapses;
    one past its date is expired (and no longer 'expiring')."""
    lead = make_person("team_lead")
    op = make_person("operator")
    r = client.post(f"/api/staff/{op.id}/qualifications",
                    json=cert(expires_on=iso(expires_on) if expires_on else None),
                    headers=lead.headers)
    assert r.status_code == 201, r.text
    assert (r.json()["expired"], r.json()["expiring_soon"]) == (expired, expiring_soon)
    staff = client.get(f"/api/staff/{op.id}", headers=lead.headers).json()
    assert [(q["expired"], q["expiring_soon"]) for q in staff["qualifications"]] == [
        (expired, expiring_soon)]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (cert(issued_on="2024-05-01", expires_on="2024-05-01"), "expiry_before_issue"),
        (cert(issued_on="2024-05-01", expires_on="2023-05-01"), "expiry_before_issue"),
        (cert(issued_on=iso(TODAY + timedelta(days=30))), "future"),
        (cert(issued_on="2024-02-30"), "date"),
        (cert(issued_on="0024-05-01"), "before 1900"),  # a slipped year, not a real date
        (cert(kind=""), "kind"),
        (cert(number="x" * 81), "number"),
    ],
)
def test_bad_qualification_is_refused(
    client: TestClient, make_person: Callable[..., Person], count: Callable[[Any], int],
    body: dict[str, Any], says: str,
) -> None:
    lead = make_person("team_lead")
    op = make_person("operator")
    before = count(Qualification)
    r = client.post(f"/api/staff/{op.id}/qualifications", json=body, headers=lead.headers)
    assert r.status_code == 422, r.text
    assert says in str(r.json())  # the message, or the code
    assert count(Qualification) == before


def test_update_checks_dates_against_what_is_stored(
    client: TestClient, make_person: Callable[..., Person],
    audit_entries: Callable[..., list[AuditEntry]],
) -> None:
    """Sending only expires_on is checked against the stored issued_on; changes are audited."""
    lead = make_person("team_lead")
    op = make_person("operator")
    q = client.post(f"/api/staff/{op.id}/qualifications", json=cert(), headers=lead.headers).json()
    bad = client.patch(f"/api/qualifications/{q['id']}", json={"expires_on": "2021-01-01"},
                       headers=lead.headers)
    assert bad.status_code == 422
    renewed = iso(TODAY + timedelta(days=10))
    r = client.patch(f"/api/qualifications/{q['id']}", json={"expires_on": renewed},
                     headers=lead.headers)
    assert r.status_code == 200, r.text
    assert r.json()["expires_on"] == renewed and r.json()["expiring_soon"] is True
    assert r.json()["issuer"] == "人社部"
    (entry,) = audit_entries("qualification.update", f"staff:{op.id}")
    assert entry.detail["changes"] == {"expires_on": [None, renewed]}


def test_list_and_delete(client: TestClient, make_person: Callable[..., Person],
                         audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A person sees their own certificates; a deletion keeps what it said in the audit log."""
    lead = make_person("team_lead")
    op = make_person("operator")
    q = client.post(f"/api/staff/{op.id}/qualifications", json=cert(), headers=lead.headers).json()
    mine = client.get(f"/api/staff/{op.id}/qualifications", headers=op.headers)
    assert mine.status_code == 200 and [x["id"] for x in mine.json()] == [q["id"]]
    other = make_person("operator")
    assert client.get(f"/api/staff/{op.id}/qualifications",
                      headers=other.headers).status_code == 403
    assert client.delete(f"/api/qualifications/{q['id']}", headers=op.headers).status_code == 403
    assert client.delete(f"/api/qualifications/{q['id']}", headers=lead.headers).status_code == 204
    assert client.get(f"/api/staff/{op.id}/qualifications", headers=op.headers).json() == []
    (entry,) = audit_entries("qualification.delete", f"staff:{op.id}")
    assert entry.detail["number"] == "1234567890"


@pytest.mark.parametrize(("role", "status"), [
    ("operator", 403), ("crisis_responder", 403), ("supervisor", 403), ("team_lead", 201),
    ("admin", 201),
])
def test_who_manages_qualifications(client: TestClient, make_person: Callable[..., Person],
                                    role: str, status: int) -> None:
    person = make_person(role)
    target = make_person("operator")
    r = client.post(f"/api/staff/{target.id}/qualifications", json=cert(),
                    headers=person.headers)
    assert r.status_code == status
