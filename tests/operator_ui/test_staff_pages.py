"""Staff pages (the talent database): who may see and change what, the admin forms, refused
forms that write nothing, and a deactivation that would open a coverage gap."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.auth.models import Account
from hotline.db import utcnow
from hotline.roster.models import Shift
from hotline.roster.policy import Position
from hotline.staff.models import Duty, Qualification, Staff, Team, TeamKind, TeamMembership
from tests.conftest import PASSWORD, Person
from tests.operator_ui.conftest import csrf

LogIn = Callable[[Person], None]
MakePerson = Callable[..., Person]


def counts(session: Session) -> tuple[int, ...]:
    """Rows that a refused form must not add to."""
    session.expire_all()
    return tuple(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Staff, Account, Qualification, TeamMembership, Team, AuditEntry)
    )


def make_team(session: Session, kind: TeamKind = TeamKind.crisis, code: str = "crisis") -> Team:
    team = Team(code=code, name_zh="心理危机干预队伍" if kind == TeamKind.crisis else "接线员团队",
                kind=kind)
    session.add(team)
    session.commit()
    session.refresh(team)
    return team


def member(team: Team, person: Person, duty: Duty) -> TeamMembership:
    assert team.id is not None
    return TeamMembership(team_id=team.id, staff_id=person.id, duty=duty)


def staff_row(session: Session, staff_id: int) -> Staff:
    session.expire_all()
    staff = session.get(Staff, staff_id)
    assert staff is not None
    return staff


# --- who may see and change what -----------------------------------------------------------


def test_admin_sees_people_teams_duties_and_expiring_certificates(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    doctor = make_person("crisis_responder", full_name="Dr Zhou", certified=False)
    today = date.today()
    team = make_team(session)
    session.add_all([
        member(team, doctor, Duty.psychiatrist),
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
    assert 'href="/staff/new"' in page


@pytest.mark.parametrize("role", ["supervisor", "team_lead"])
def test_supervisors_and_team_leads_view_but_do_not_manage(
    client: TestClient, make_person: MakePerson, log_in: LogIn, role: str
) -> None:
    other = make_person("operator", full_name="Li Na")
    log_in(make_person(role))
    listing = client.get("/staff")
    assert listing.status_code == 200 and "Li Na" in listing.text
    assert 'href="/staff/new"' not in listing.text
    page = client.get(f"/staff/{other.id}")
    assert page.status_code == 200 and "Li Na" in page.text
    assert f'/staff/{other.id}/edit' not in page.text and "Reset password" not in page.text
    assert client.get("/staff/teams").status_code == 200
    assert client.get("/staff/new").status_code == 403
    assert client.get(f"/staff/{other.id}/edit").status_code == 403
    r = client.post("/staff/new", data={"csrf_token": csrf(client), "full_name": "X",
                                        "roles": "operator"})
    assert r.status_code == 403
    # Team leads keep certificates up to date; supervisors only read them.
    add = client.get(f"/staff/{other.id}/qualifications/new")
    assert add.status_code == (200 if role == "team_lead" else 403)
    assert ("Add a qualification" in page.text) == (role == "team_lead")


def test_operators_may_not_open_the_staff_pages(
    client: TestClient, make_person: MakePerson, log_in: LogIn
) -> None:
    colleague = make_person("operator")
    me = make_person("operator")
    log_in(me)
    r = client.get("/staff")
    assert r.status_code == 403 and "You cannot do this" in r.text
    assert client.get("/staff/teams").status_code == 403
    assert client.get(f"/staff/{colleague.id}").status_code == 403
    assert client.get(f"/staff/{me.id}").status_code == 200  # one's own record
    assert 'href="/staff"' not in client.get("/contacts/new").text


def test_logged_out_visitors_go_to_the_login_page(client: TestClient) -> None:
    r = client.get("/staff/teams", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_unknown_people_and_odd_paths_are_404_pages(
    client: TestClient, make_person: MakePerson, log_in: LogIn
) -> None:
    log_in(make_person("admin"))
    for path in ("/staff/999999", "/staff/abc", "/staff/999999/edit",
                 "/staff/qualifications/999999/edit"):
        r = client.get(path)
        assert r.status_code == 404 and "<html" in r.text, path


# --- the list's filters -------------------------------------------------------------------


def test_list_filters_by_role_team_state_and_name(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    wang = make_person("operator", full_name="Wang Fang")
    zhao = make_person("crisis_responder", full_name="Zhao Lei")
    gone = make_person("operator", full_name="Former Person", active=False)
    team = make_team(session)
    session.add(member(team, zhao, Duty.counsellor))
    session.commit()
    log_in(make_person("admin", full_name="The Admin"))

    def ids(query: str) -> set[int]:
        page = client.get(f"/staff{query}")
        assert page.status_code == 200
        return {p.id for p in (wang, zhao, gone) if f'data-staff-id="{p.id}"' in page.text}

    assert ids("") == {wang.id, zhao.id}  # current staff by default
    assert ids("?role=crisis_responder") == {zhao.id}
    assert ids(f"?team_id={team.id}") == {zhao.id}
    assert ids("?q=wang") == {wang.id}
    assert ids("?q=%2B8613800") == {wang.id, zhao.id}  # by phone too
    assert ids("?active=inactive") == {gone.id}
    assert ids("?active=all&role=operator") == {wang.id, gone.id}
    assert ids("?role=wizard&team_id=x&active=maybe") == {wang.id, zhao.id}  # ignored
    assert "Nobody matches" in client.get("/staff?q=nobody-at-all").text


# --- people: create and edit --------------------------------------------------------------


def test_admin_adds_a_person_with_a_login_who_can_then_log_in(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    log_in(make_person("admin"))
    assert client.get("/staff/new").status_code == 200
    r = client.post("/staff/new", data={
        "csrf_token": csrf(client), "full_name": " Chen Jing ", "roles": ["operator", "team_lead"],
        "phone": "138 0013 8000", "email": "chen@example.org", "languages": "zh, EN，yue",
        "prior_training_hours": "12.5", "notes": "Night shifts preferred",
        "username": "chen.jing", "password": "first password",
    }, follow_redirects=False)
    assert r.status_code == 303, r.text
    staff = session.exec(select(Staff).where(Staff.full_name == "Chen Jing")).one()
    assert r.headers["location"] == f"/staff/{staff.id}?done=created"
    assert staff.roles == ["operator", "team_lead"] and staff.phone == "+8613800138000"
    assert staff.languages == ["zh", "en", "yue"] and staff.prior_training_hours == 12.5
    page = client.get(r.headers["location"]).text
    assert "Saved. The person is in the talent database." in page
    assert "+8613800138000" in page and "chen.jing" in page and "12.5 hours" in page

    client.post("/logout", data={"csrf_token": csrf(client)})
    login = client.post("/login", data={"username": "chen.jing", "password": "first password",
                                        "csrf_token": csrf(client)}, follow_redirects=False)
    assert login.status_code == 303


def test_a_person_without_a_login(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    log_in(make_person("admin"))
    r = client.post("/staff/new", data={"csrf_token": csrf(client), "full_name": "Volunteer",
                                        "roles": "operator"}, follow_redirects=False)
    assert r.status_code == 303
    staff = session.exec(select(Staff).where(Staff.full_name == "Volunteer")).one()
    assert session.exec(select(Account).where(Account.staff_id == staff.id)).first() is None
    assert "Give a login" in client.get(f"/staff/{staff.id}").text


@pytest.mark.parametrize(("fields", "message"), [
    ({"full_name": "  "}, "Enter the person&#39;s name"),
    ({"roles": []}, "Choose at least one role."),
    ({"phone": "12345"}, "This is not a valid phone number."),
    ({"email": "not-an-email"}, "Enter an email address"),
    ({"languages": "zh, 中文"}, "Write language codes separated by commas"),
    ({"prior_training_hours": "-3"}, "Hours are a number from 0 to 10000."),
    ({"username": "lonely"}, "fill in both username and password"),
    ({"username": "bad name!", "password": "pw"}, "Usernames use letters, digits"),
    ({"username": "taken", "password": "pw"}, "The username taken is taken."),
])
def test_a_refused_new_person_writes_nothing_and_keeps_what_was_typed(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session,
    fields: dict[str, object], message: str,
) -> None:
    make_person("operator", username="taken")
    log_in(make_person("admin"))
    before = counts(session)
    data: dict[str, object] = {"csrf_token": csrf(client), "full_name": "Typed Name",
                               "roles": ["operator"], "phone": "+86 138 0013 8000",
                               "notes": "kept as typed"}
    data.update(fields)
    r = client.post("/staff/new", data=data)
    assert r.status_code in (409, 422), r.text
    assert message in r.text
    assert "Not saved yet" in r.text and "kept as typed" in r.text
    assert 'type="password" id="password" name="password" value=""' in r.text
    assert counts(session) == before


def test_admin_edits_a_person_and_a_refusal_changes_nothing(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    person = make_person("operator", full_name="Old Name")
    log_in(make_person("admin"))
    form = client.get(f"/staff/{person.id}/edit").text
    assert 'value="Old Name"' in form and 'value="zh, en"' in form
    base = {"csrf_token": csrf(client), "full_name": "New Name", "roles": ["operator",
            "crisis_responder"], "phone": "+8613900139000", "email": "", "languages": "zh",
            "prior_training_hours": "40", "notes": ""}
    r = client.post(f"/staff/{person.id}/edit", data={**base, "phone": "555"})
    assert r.status_code == 422 and "valid phone number" in r.text and 'value="New Name"' in r.text
    assert staff_row(session, person.id).full_name == "Old Name"

    r = client.post(f"/staff/{person.id}/edit", data=base, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/staff/{person.id}?done=saved"
    staff = staff_row(session, person.id)
    assert staff.full_name == "New Name" and staff.roles == ["operator", "crisis_responder"]
    assert staff.phone == "+8613900139000" and staff.languages == ["zh"]


def test_the_last_admin_cannot_drop_the_role(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    admin = make_person("admin", full_name="Only Admin")
    log_in(admin)
    r = client.post(f"/staff/{admin.id}/edit", data={
        "csrf_token": csrf(client), "full_name": "Only Admin", "roles": ["operator"],
        "languages": "zh", "prior_training_hours": "0"})
    assert r.status_code == 409 and "last active administrator" in r.text
    assert staff_row(session, admin.id).roles == ["admin"]


def test_forms_without_the_csrf_token_are_refused(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    person = make_person("operator")
    log_in(make_person("admin"))
    before = counts(session)
    for path, data in [
        ("/staff/new", {"full_name": "X", "roles": "operator"}),
        (f"/staff/{person.id}/edit", {"full_name": "X", "roles": "operator"}),
        (f"/staff/{person.id}/deactivate", {}),
        (f"/staff/{person.id}/account", {"password": "new"}),
        (f"/staff/{person.id}/qualifications/new", {"kind": "X"}),
    ]:
        r = client.post(path, data={**data, "csrf_token": "forged"})
        assert r.status_code == 403 and "The form expired" in r.text, path
    assert counts(session) == before


# --- deactivation through the coverage guard ----------------------------------------------


def future_shift(session: Session, person: Person) -> int:
    """A shift tomorrow: without it the rota (2 operators) has a deeper gap."""
    start = (utcnow() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    shift = Shift(staff_id=person.id, position=Position.operator, start=start,
                  end=start + timedelta(hours=8))
    session.add(shift)
    session.commit()
    assert shift.id is not None
    return shift.id


def test_deactivation_that_opens_a_gap_shows_the_gaps_and_changes_nothing(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    op = make_person("operator", full_name="On Shift")
    future_shift(session, op)
    log_in(make_person("admin"))  # an admin only: may not accept a gap
    assert "Deactivating takes On Shift off" in client.get(f"/staff/{op.id}/deactivate").text
    before = counts(session)
    r = client.post(f"/staff/{op.id}/deactivate", data={"csrf_token": csrf(client)})
    assert r.status_code == 409
    assert 'id="gaps"' in r.text and "Operator seat" in r.text
    assert "Only a supervisor may accept a coverage gap" in r.text
    assert 'id="override-form"' not in r.text
    assert counts(session) == before and staff_row(session, op.id).active


def test_a_supervisor_admin_deactivates_with_a_reason_and_reactivates(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    op = make_person("operator", full_name="Leaving Soon")
    shift_id = future_shift(session, op)
    log_in(make_person("admin", "supervisor"))
    r = client.post(f"/staff/{op.id}/deactivate", data={"csrf_token": csrf(client)})
    assert r.status_code == 409 and 'id="override-form"' in r.text
    assert staff_row(session, op.id).active

    r = client.post(f"/staff/{op.id}/deactivate", follow_redirects=False, data={
        "csrf_token": csrf(client), "override_reason": "Moved abroad; agency cover booked"})
    assert r.status_code == 303
    assert not staff_row(session, op.id).active
    shift = session.get(Shift, shift_id)
    assert shift is not None and shift.cancelled_at is not None
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "staff.deactivate")).one()
    assert entry.detail["override_reason"] == "Moved abroad; agency cover booked"
    page = client.get(r.headers["location"]).text
    assert "Deactivated: taken off future shifts" in page and 'id="reactivate-person"' in page

    r = client.post(f"/staff/{op.id}/reactivate", data={"csrf_token": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 303 and staff_row(session, op.id).active


def test_taking_a_role_away_shows_the_gaps_then_a_supervisor_saves_with_a_reason(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    """The edit form through the coverage guard: the gaps, the typed values kept, a reason
    field for a supervisor; saved with it, the person is off the crisis shift, not the seat."""
    responder = make_person("operator", "crisis_responder", full_name="Ma Lin")
    seat = future_shift(session, responder)
    start = (utcnow() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    crisis = Shift(staff_id=responder.id, position=Position.crisis_primary, start=start,
                   end=start + timedelta(hours=8))
    session.add(crisis)
    session.commit()
    log_in(make_person("admin", "supervisor"))
    base = {"csrf_token": csrf(client), "full_name": "Ma Lin", "roles": ["operator"],
            "languages": "zh", "prior_training_hours": "0", "notes": "No longer on crisis call"}
    r = client.post(f"/staff/{responder.id}/edit", data=base)
    assert r.status_code == 409
    assert 'id="gaps"' in r.text and "Crisis primary on call" in r.text
    assert 'id="override_reason"' in r.text and "No longer on crisis call" in r.text
    assert staff_row(session, responder.id).roles == ["operator", "crisis_responder"]

    r = client.post(f"/staff/{responder.id}/edit", follow_redirects=False,
                    data={**base, "override_reason": "Burnout leave from crisis duty"})
    assert r.status_code == 303
    session.expire_all()
    assert staff_row(session, responder.id).roles == ["operator"]
    assert session.get(Shift, crisis.id).cancelled_at is not None  # type: ignore[union-attr]
    assert session.get(Shift, seat).cancelled_at is None  # type: ignore[union-attr]


def test_deactivation_without_shifts_and_not_oneself(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    op = make_person("operator")
    admin = make_person("admin")
    make_person("admin")
    log_in(admin)
    r = client.post(f"/staff/{op.id}/deactivate", data={"csrf_token": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 303 and not staff_row(session, op.id).active
    r = client.post(f"/staff/{admin.id}/deactivate", data={"csrf_token": csrf(client)})
    assert r.status_code == 422 and "You cannot deactivate yourself" in r.text
    assert staff_row(session, admin.id).active


# --- logins -------------------------------------------------------------------------------


def test_reset_password_unlocks_and_a_taken_username_is_refused(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    op = make_person("operator", username="locked.out")
    make_person("operator", username="someone")
    account = session.exec(select(Account).where(Account.staff_id == op.id)).one()
    account.failed_logins, account.locked_until = 5, utcnow() + timedelta(minutes=10)
    session.commit()
    log_in(make_person("admin"))
    page = client.get(f"/staff/{op.id}").text
    assert "Locked after failed logins" in page and 'id="unlock"' in page

    r = client.post(f"/staff/{op.id}/account", data={
        "csrf_token": csrf(client), "username": "someone", "password": "new secret"})
    assert r.status_code == 409 and "The username someone is taken." in r.text
    r = client.post(f"/staff/{op.id}/account", data={
        "csrf_token": csrf(client), "username": "locked.out", "password": ""})
    assert r.status_code == 422 and "Enter a password" in r.text
    session.expire_all()
    assert session.get(Account, account.id).locked_until is not None  # type: ignore[union-attr]

    r = client.post(f"/staff/{op.id}/account", data={
        "csrf_token": csrf(client), "username": "locked.out", "password": "new secret"},
        follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("?done=password")
    session.expire_all()
    assert session.get(Account, account.id).locked_until is None  # type: ignore[union-attr]
    assert client.post("/logout", data={"csrf_token": csrf(client)}).status_code in (200, 303)
    assert client.post("/login", data={"username": "locked.out", "password": "new secret",
                                       "csrf_token": csrf(client)},
                       follow_redirects=False).status_code == 303


def test_unlock_keeps_the_password(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    op = make_person("operator")
    account = session.exec(select(Account).where(Account.staff_id == op.id)).one()
    account.failed_logins, account.locked_until = 5, utcnow() + timedelta(minutes=10)
    session.commit()
    log_in(make_person("admin"))
    r = client.post(f"/staff/{op.id}/unlock", data={"csrf_token": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 303
    client.cookies.clear()
    log_in(op)  # the old password works again
    assert PASSWORD


# --- teams --------------------------------------------------------------------------------


def test_teams_members_duties_and_one_crisis_leader(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    team = make_team(session)
    lead = make_person("crisis_responder", full_name="Team Leader")
    doc = make_person("crisis_responder", full_name="Second Person")
    log_in(make_person("admin"))
    token = csrf(client)
    r = client.post(f"/staff/teams/{team.id}/members", follow_redirects=False,
                    data={"csrf_token": token, "staff_id": str(lead.id), "duty": "leader"})
    assert r.status_code == 303
    r = client.post(f"/staff/teams/{team.id}/members", follow_redirects=False,
                    data={"csrf_token": token, "staff_id": str(doc.id), "duty": "psychiatrist"})
    assert r.status_code == 303
    before = counts(session)
    r = client.post(f"/staff/teams/{team.id}/members",
                    data={"csrf_token": token, "staff_id": str(doc.id), "duty": "leader"})
    assert r.status_code == 409
    assert "already has a leader (Team Leader)" in r.text
    assert counts(session) == before
    for bad in ({"staff_id": "", "duty": "leader"}, {"staff_id": str(doc.id), "duty": "boss"}):
        r = client.post(f"/staff/teams/{team.id}/members", data={"csrf_token": token, **bad})
        assert r.status_code == 422 and "Not saved yet" in r.text
    assert counts(session) == before

    page = client.get("/staff/teams").text
    section = page.split(f'id="team-{team.id}"')[1]
    assert section.index("Team Leader") < section.index("Second Person")  # leaders first
    assert f'data-staff-id="{doc.id}" data-duty="psychiatrist"' in section

    r = client.post(f"/staff/teams/{team.id}/members/{doc.id}/remove",
                    data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    session.expire_all()
    assert [m.staff_id for m in session.exec(select(TeamMembership))] == [lead.id]


def test_operator_team_knows_only_member_and_leader(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    team = make_team(session, TeamKind.operators, code="operators")
    op = make_person("operator")
    log_in(make_person("admin"))
    r = client.post(f"/staff/teams/{team.id}/members", data={
        "csrf_token": csrf(client), "staff_id": str(op.id), "duty": "psychiatrist"})
    assert r.status_code == 422 and "On the operator team the duty is Member or Leader" in r.text


def test_admin_creates_a_team(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    log_in(make_person("admin"))
    r = client.post("/staff/teams", data={"csrf_token": csrf(client), "code": "Bad Code!",
                                          "name_en": "Night team", "kind": "operators"})
    assert r.status_code == 422 and "Team codes use lower-case letters" in r.text
    assert 'value="Night team"' in r.text
    r = client.post("/staff/teams?lang=zh", data={"csrf_token": csrf(client), "code": "night",
                                                  "kind": "operators"})
    assert r.status_code == 422 and 'href="#name_zh"' in r.text
    assert "请填写团队的中文名称、英文名称或两者。" in r.text
    r = client.post("/staff/teams", data={"csrf_token": csrf(client), "code": "night",
                                          "name_zh": " 夜班组 ", "name_en": "Night team",
                                          "kind": "operators"}, follow_redirects=False)
    assert r.status_code == 303
    night = session.exec(select(Team).where(Team.code == "night")).one()
    assert (night.name_zh, night.name_en) == ("夜班组", "Night team")
    # One language per page: the Chinese page names the team in Chinese only.
    zh, en = client.get("/staff/teams?lang=zh").text, client.get("/staff/teams?lang=en").text
    assert "夜班组" in zh and "Night team" not in zh
    assert "Night team" in en and "夜班组" not in en


# --- qualifications -----------------------------------------------------------------------


def test_team_lead_adds_edits_and_removes_a_qualification(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    person = make_person("operator")
    log_in(make_person("team_lead"))
    token = csrf(client)
    before = counts(session)
    r = client.post(f"/staff/{person.id}/qualifications/new", data={
        "csrf_token": token, "kind": "心理咨询师", "number": "No. 1", "issuer": "人社部",
        "issued_on": "2024-05-01", "expires_on": "2024-04-01"})
    assert r.status_code == 422 and "The expiry date must be after the issue date." in r.text
    assert 'value="人社部"' in r.text
    r = client.post(f"/staff/{person.id}/qualifications/new", data={
        "csrf_token": token, "kind": "心理咨询师", "issued_on": "soon"})
    assert r.status_code == 422 and "Enter a date such as 2025-03-01." in r.text
    assert counts(session) == before

    soon = (date.today() + timedelta(days=10)).isoformat()
    r = client.post(f"/staff/{person.id}/qualifications/new", follow_redirects=False, data={
        "csrf_token": token, "kind": "心理咨询师", "number": "No. 1", "issuer": "人社部",
        "issued_on": "2024-05-01", "expires_on": soon})
    assert r.status_code == 303
    qid = session.exec(select(Qualification.id).where(Qualification.staff_id == person.id)).one()
    page = client.get(f"/staff/{person.id}").text
    assert "心理咨询师" in page and "Expiring soon" in page and soon in page

    r = client.post(f"/staff/qualifications/{qid}/edit", follow_redirects=False, data={
        "csrf_token": token, "kind": "心理咨询师", "number": "No. 2", "issuer": "人社部",
        "issued_on": "2024-05-01", "expires_on": ""})
    assert r.status_code == 303
    session.expire_all()
    q2 = session.get(Qualification, qid)
    assert q2 is not None and q2.number == "No. 2" and q2.expires_on is None

    r = client.post(f"/staff/qualifications/{qid}/remove", data={"csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303
    session.expire_all()
    assert session.get(Qualification, qid) is None


def test_pages_speak_chinese(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    person = make_person("crisis_responder", full_name="张医生")
    team = make_team(session)
    session.add(member(team, person, Duty.leader))
    session.commit()
    log_in(make_person("admin", "supervisor"))
    page = client.get(f"/staff/{person.id}?lang=zh").text
    assert "资质" in page and "队长" in page
    listing = client.get("/staff?lang=zh").text
    assert "人才信息库" in listing and "危机干预人员" in listing
    future_shift(session, make_person("operator", full_name="值班人"))
    op = session.exec(select(Staff).where(Staff.full_name == "值班人")).one()
    r = client.post(f"/staff/{op.id}/deactivate", data={"csrf_token": csrf(client)})
    assert r.status_code == 409 and "接线席位" in r.text


def test_ids_beyond_any_row_are_404_pages_not_errors(
    client: TestClient, make_person: MakePerson, log_in: LogIn, session: Session
) -> None:
    team = make_team(session)
    log_in(make_person("admin"))
    huge = str(2**70)
    for path in (f"/staff/{huge}", f"/staff/{2**31}/edit", "/staff/0"):
        assert client.get(path).status_code == 404, path
    r = client.post(f"/staff/teams/{team.id}/members",
                    data={"csrf_token": csrf(client), "staff_id": huge, "duty": "member"})
    assert r.status_code == 422 and "Choose a person." in r.text
