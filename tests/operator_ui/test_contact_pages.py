"""The contact pages through the browser's form posts: what is saved, what is refused (and
that a refusal writes nothing), who sees what."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, col, select

from hotline.access.models import AuditEntry
from hotline.contacts.models import Contact, ContactRevision
from tests.conftest import Person
from tests.operator_ui.conftest import csrf

LogIn = Callable[[Person], None]


ASKED = {"risk.wish_dead": "no", "risk.suicidal_thoughts": "no"}  # Q1 and Q2, as every caller


def _post(client: TestClient, path: str, **fields: Any):
    return _post_raw(client, path, **{**ASKED, **fields})


def _post_raw(client: TestClient, path: str, **fields: Any):
    return client.post(path, data={"csrf_token": csrf(client), "channel": "voice", **fields},
                       follow_redirects=False)


def _count(session: Session, model: type = Contact) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _only_contact(session: Session) -> Contact:
    return session.exec(select(Contact)).one()


@pytest.fixture
def operator(make_person: Callable[..., Person], log_in: LogIn) -> Person:
    person = make_person("operator")
    log_in(person)
    return person


def test_a_high_risk_screen_is_saved_and_shown(
    client: TestClient, operator: Person, session: Session
) -> None:
    r = _post(client, "/contacts/new", **{
        "risk.wish_dead": "yes", "risk.suicidal_thoughts": "yes", "risk.intent": "yes", "issues": "suicide.ideation",
        "interventions": "risk_assessment", "safety.warning_signs": "独处时想得最多",
        "notes": "考试失利", "received_at": "2025-03-01T02:50",
    })
    assert r.status_code == 303
    contact = _only_contact(session)
    assert r.headers["location"] == f"/contacts/{contact.id}?saved=1"
    assert (contact.risk_level, contact.operator_id) == ("high", operator.id)
    assert contact.received_at.isoformat() == "2025-02-28T18:50:00+00:00"  # Shanghai is UTC+8
    page = client.get(r.headers["location"]).text
    assert 'class="risk risk-high big">High<' in page
    assert "Intent to act (Q4)" in page
    assert "2025-03-01 02:50" in page  # shown back in the hotline's zone
    assert "独处时想得最多" in page


def test_hidden_questions_do_not_count_when_q2_is_no(
    client: TestClient, operator: Person, session: Session
) -> None:
    """Q3-Q5 are asked only after Q2 yes; stale answers from a hidden part are dropped."""
    r = _post(client, "/contacts/new", **{"risk.wish_dead": "yes", "risk.suicidal_thoughts": "no",
                                          "risk.intent": "yes", "risk.plan": "yes"})
    assert r.status_code == 303
    contact = _only_contact(session)
    assert contact.risk_level == "low"
    assert contact.risk_screen["intent"] is None  # not asked, not "no"


def test_lowering_without_a_reason_is_refused_with_the_form_kept(
    client: TestClient, operator: Person, session: Session
) -> None:
    r = _post(client, "/contacts/new", **{
        "risk.wish_dead": "no", "risk.suicidal_thoughts": "yes", "risk.plan": "yes",
        "risk.operator_level": "low",
        "notes": "来电者说只是随口说说", "profile.region": "海淀区",
    })
    assert r.status_code == 422
    assert "To lower the risk level below the screen&#39;s (high), write your reason." in r.text
    assert "来电者说只是随口说说" in r.text and 'value="海淀区"' in r.text
    assert 'aria-invalid="true"' in r.text
    assert 'class="risk risk-high big"' in r.text  # the screen's level stands meanwhile
    assert _count(session) == 0


def test_lowering_with_a_reason_is_kept(
    client: TestClient, operator: Person, session: Session
) -> None:
    r = _post(client, "/contacts/new", **{
        "risk.wish_dead": "no", "risk.suicidal_thoughts": "yes", "risk.plan": "yes",
        "risk.operator_level": "moderate",
        "risk.operator_reason": "计划是一年前的，现已就医",
    })
    assert r.status_code == 303
    contact = _only_contact(session)
    # Kept, but a computed high is routed as high until a supervisor co-signs the lowering.
    assert (contact.risk_level, contact.computed_risk_level) == ("high", "high")
    assert contact.risk_screen["operator_level"] == "moderate"
    assert contact.cosign["state"] == "pending" and contact.cosign["level"] == "moderate"
    page = client.get(r.headers["location"]).text
    assert "Waiting for a supervisor&#39;s co-sign" in page
    assert "计划是一年前的，现已就医" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"received_at": "yesterday"}, "Enter a date and time such as 2025-03-01 14:30."),
        ({"received_at": "2025-03-01T10:00", "ended_at": "2025-03-01T09:00"},
         "The end time is before the contact came in or was answered."),
        ({"received_at": "2099-01-01T10:00"}, "is in the future"),
        ({"issues": "not.a.code"}, "Unknown codes: not.a.code."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(
    client: TestClient, operator: Person, session: Session, fields: dict[str, str],
    message: str,
) -> None:
    r = _post(client, "/contacts/new", notes="kept", **fields)
    assert r.status_code == 422
    assert "Not saved yet." in r.text and message in r.text
    assert "kept" in r.text
    assert _count(session) == 0 and _count(session, ContactRevision) == 0


def test_one_click_non_data_contact_is_counted(
    client: TestClient, operator: Person, session: Session
) -> None:
    draft = {"notes": "想死的念头又来了", "risk.wish_dead": "yes", "issues": "mood"}
    r = _post(client, "/contacts/new", quick="silent", **draft)
    # A one-click type on a form with answers asks first; nothing is saved, the draft stays.
    assert r.status_code == 409 and "Yes, save as Silent call" in r.text
    assert "想死的念头又来了" in r.text and _count(session) == 0
    r = _post(client, "/contacts/new", quick="silent", quick_confirmed="1", **draft)
    contact = _only_contact(session)
    assert r.status_code == 303
    assert r.headers["location"] == f"/contacts/new?counted=silent&undo={contact.id}"
    assert (contact.call_type, contact.status, contact.risk_level) == ("silent", "completed", "none")
    assert contact.issues == [] and contact.notes == ""
    assert "Counted: Silent call. Ready for the next call." in client.get(r.headers["location"]).text


def test_form_posts_without_csrf_write_nothing(
    client: TestClient, operator: Person, session: Session
) -> None:
    r = client.post("/contacts/new", data={"channel": "voice", "csrf_token": "forged"})
    assert r.status_code == 403 and "Reload the page" in r.text
    assert _count(session) == 0


def test_the_caller_number_is_never_shown_only_the_link(
    client: TestClient, operator: Person, session: Session
) -> None:
    for _ in range(2):
        _post(client, "/contacts/new", caller_number="+86 138 0013 8000")
    first, second = session.exec(select(Contact).order_by(col(Contact.id))).all()
    page = client.get(f"/contacts/{second.id}").text
    assert "138" not in page.replace(f"/contacts/{second.id}", "")
    assert f'href="/contacts/{first.id}"' in page
    assert "Contact number 2 from this caller." in page


def test_edit_changes_only_what_was_changed(
    client: TestClient, operator: Person, session: Session
) -> None:
    _post(client, "/contacts/new", notes="first", **{"risk.wish_dead": "yes",
                                                     "risk.desire": ["hopelessness"]})
    contact = _only_contact(session)
    form = client.get(f"/contacts/{contact.id}/edit").text
    assert 'value="hopelessness" checked' in form and ">first</textarea>" in form
    same = {"risk.wish_dead": "yes", "risk.desire": ["hopelessness"], "notes": "first",
            "received_at": _local_received(client, contact.id)}
    r = _post(client, f"/contacts/{contact.id}/edit", **same)
    assert r.status_code == 303
    assert _count(session, ContactRevision) == 1  # an untouched form is no change
    r = _post(client, f"/contacts/{contact.id}/edit", **{**same, "notes": "second",
                                                         "risk.intent": "yes",
                                                         "risk.suicidal_thoughts": "yes"})
    assert r.status_code == 303
    session.expire_all()
    revision = session.exec(select(ContactRevision).where(ContactRevision.version == 2)).one()
    assert set(revision.changes) == {"notes", "risk_screen", "risk_level", "computed_risk_level"}
    page = client.get(f"/contacts/{contact.id}").text
    assert "Risk level: Low → High" in page and "Test " in page


def _local_received(client: TestClient, contact_id: int) -> str:
    form = client.get(f"/contacts/{contact_id}/edit").text
    return form.split('id="received_at" name="received_at" value="')[1].split('"')[0]


def test_a_refused_edit_leaves_the_record_as_it_was(
    client: TestClient, operator: Person, session: Session
) -> None:
    _post(client, "/contacts/new", notes="before", received_at="2025-03-01T10:00")
    contact = _only_contact(session)
    r = _post(client, f"/contacts/{contact.id}/edit", notes="after",
              received_at="2025-03-01T10:00", ended_at="2025-03-01T09:00")
    assert r.status_code == 422 and "after" in r.text
    session.expire_all()
    assert _only_contact(session).notes == "before"
    assert _count(session, ContactRevision) == 1


def _listed(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-contact-id="(\d+)"', page)]


def test_operators_see_their_own_and_supervisors_filter_all(
    client: TestClient, make_person: Callable[..., Person], log_in: LogIn, session: Session
) -> None:
    alice, bob = make_person("operator", full_name="Alice"), make_person("operator", full_name="Bob")
    log_in(alice)
    _post(client, "/contacts/new", **{"risk.suicidal_thoughts": "yes", "risk.intent": "yes"})
    client.cookies.clear()
    log_in(bob)
    _post(client, "/contacts/new", **{"risk.wish_dead": "yes"})
    alices = session.exec(select(Contact).where(Contact.operator_id == alice.id)).one()
    bobs = session.exec(select(Contact).where(Contact.operator_id == bob.id)).one()
    assert _listed(client.get("/contacts/mine").text) == [bobs.id]
    assert client.get("/contacts", follow_redirects=False).headers["location"] == "/contacts/mine"
    refused = client.get(f"/contacts/{alices.id}")
    assert refused.status_code == 403 and "You cannot do this" in refused.text
    client.cookies.clear()
    log_in(make_person("supervisor"))
    assert sorted(_listed(client.get("/contacts").text)) == sorted([alices.id, bobs.id])
    assert _listed(client.get("/contacts?risk_level=high").text) == [alices.id]
    assert _listed(client.get(f"/contacts?operator_id={bob.id}").text) == [bobs.id]
    assert _listed(client.get("/contacts?until=2000-01-01").text) == []
    unreadable = client.get("/contacts?since=garbage")
    assert unreadable.status_code == 200 and "could not be read" in unreadable.text


def test_a_one_click_count_can_be_undone_for_ten_seconds(
    client: TestClient, operator: Person, make_person: Callable[..., Person], log_in: LogIn,
    session: Session
) -> None:
    r = _post_raw(client, "/contacts/new", quick="prank")
    contact_id = _only_contact(session).id
    page = client.get(r.headers["location"]).text
    assert f'action="/contacts/{contact_id}/undo"' in page and 'data-undo-for="10"' in page
    r = _post(client, f"/contacts/{contact_id}/undo")
    assert r.status_code == 303 and r.headers["location"] == "/contacts/new?undone=1"
    session.expire_all()
    assert _count(session) == 0 and _count(session, ContactRevision) == 0
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "contact.undo_quick")).one()
    assert audit.subject == f"contact:{contact_id}" and audit.actor_id == operator.id
    # Too late, or someone else's, or a full record: refused, nothing removed.
    _post_raw(client, "/contacts/new", quick="silent")
    late = session.exec(select(Contact)).one()
    late.created_at -= timedelta(seconds=20)
    session.add(late)
    session.commit()
    assert _post(client, f"/contacts/{late.id}/undo").status_code == 409
    client.cookies.clear()
    log_in(make_person("operator"))
    late.created_at += timedelta(seconds=20)
    session.add(late)
    session.commit()
    assert _post(client, f"/contacts/{late.id}/undo").status_code == 403
    assert _count(session) == 1


def test_the_confirmation_page_saves_the_one_click_type_without_script(
    client: TestClient, operator: Person, session: Session
) -> None:
    r = _post(client, "/contacts/new", quick="hang_up", notes="她说了一半就挂了")
    assert r.status_code == 409 and 'name="quick_confirmed" value="1"' in r.text
    r = _post(client, "/contacts/new", quick="hang_up", quick_confirmed="1", notes="她说了一半")
    assert r.status_code == 303 and _only_contact(session).call_type == "hang_up"
