"""The staff list: who may see it, and certificates near or past expiry stand out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from hotline.staff.models import Duty, Qualification, Team, TeamKind, TeamMembership
from tests.conftest import Person

LogIn = Callable[[Person], None]


def test_admin_sees_people_teams_duties_and_expiring_certificates(
    client: TestClient, make_person: Callable[..., Person], log_in: LogIn, session: Session
) -> None:
    doctor = make_person("crisis_responder", full_name="Dr Zhou", certified=False)
    today = date.today()
    team = Team(code="crisis", name="心理危机干预队伍", kind=TeamKind.crisis)
    session.add(team)
    session.flush()
    session.add_all([
        TeamMembership(team_id=team.id, staff_id=doctor.id, duty=Duty.psychiatrist),
        Qualification(staff_id=doctor.id, kind="精神科执业医师", expires_on=today - timedelta(days=1)),
        Qualification(staff_id=doctor.id, kind="危机干预证书", expires_on=today + timedelta(days=20)),
        Qualification(staff_id=doctor.id, kind="心理咨询师", expires_on=today + timedelta(days=400)),
    ])
    session.commit()
    log_in(make_person("admin"))
    page = client.get("/staff").text
    row = page.split(f'data-staff-id="{doctor.id}"')[1].split("</tr>")[0]
    assert "Dr Zhou" in row and "Crisis responder" in row
    assert "心理危机干预队伍 · Psychiatrist" in row
    assert row.count("Expired") == 1 and row.count("Expiring soon") == 1
    assert row.index("精神科执业医师") < row.index("Expired") < row.index("危机干预证书")


def test_operators_may_not_open_the_staff_list(
    client: TestClient, make_person: Callable[..., Person], log_in: LogIn
) -> None:
    log_in(make_person("operator"))
    r = client.get("/staff")
    assert r.status_code == 403 and "You cannot do this" in r.text
    assert 'href="/staff"' not in client.get("/contacts/new").text
