"""Operator home, the header's status switch, and the supervisor's wallboard as pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.presence.models import OperatorPresence
from hotline.roster.models import Shift
from hotline.staff.models import Staff
from hotline.telephony.models import CallbackTask
from tests.conftest import put_on_shift
from tests.operator_ui.conftest import csrf


def test_home_says_where_the_operator_stands_and_the_switch_changes_it(
        client, engine, make_person, log_in):
    op = make_person("operator")
    log_in(op)
    page = client.get("/home")
    assert page.status_code == 200
    assert "not on an operator shift" in page.text and 'data-state="off_shift"' in page.text
    put_on_shift(engine, op)
    page = client.get("/home")
    assert "The queue offers you calls." in page.text and 'data-state="available"' in page.text
    r = client.post("/presence", data={"status": "away", "next": "/calls",
                                       "csrf_token": csrf(client)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/calls"
    page = client.get("/home?lang=zh")
    assert 'data-state="away"' in page.text and "设为可接听" in page.text
    with Session(engine) as s:
        assert s.get(OperatorPresence, op.id).status == "away"


def test_the_switch_refuses_bad_input_and_foreign_sites(client, make_person, log_in):
    op = make_person("operator")
    log_in(op)
    r = client.post("/presence", data={"status": "asleep", "csrf_token": csrf(client)})
    assert r.status_code == 422 and "Available or Away" in r.text
    r = client.post("/presence", data={"status": "away", "csrf_token": "forged"})
    assert r.status_code == 403
    r = client.post("/presence", data={"status": "away", "next": "//evil.example/",
                                       "csrf_token": csrf(client)}, follow_redirects=False)
    assert r.headers["location"] == "/home"


def test_home_lists_call_backs_due_risk_first(client, engine, make_person, log_in):
    op = make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        low = Contact(channel="voice", risk_level="low", received_at=now - timedelta(days=1))
        high = Contact(channel="voice", risk_level="high", received_at=now - timedelta(days=1))
        s.add_all([low, high])
        s.flush()
        s.add(CallbackTask(contact_id=low.id, reason="voicemail", due_at=now - timedelta(hours=3)))
        s.add(CallbackTask(contact_id=high.id, reason="follow_up", due_at=now - timedelta(hours=1)))
        s.add(CallbackTask(contact_id=low.id, reason="follow_up", due_at=now + timedelta(days=1)))
        s.commit()
        ids = (high.id, low.id)
    log_in(op)
    text = client.get("/home").text
    assert text.index(f"#{ids[0]}") < text.index(f"#{ids[1]}")  # high risk first
    assert text.count("attempt 1 of") == 2  # the one due tomorrow is not due yet


def test_wallboard_is_for_supervisors_and_team_leads(client, engine, make_person, log_in):
    op, lead = make_person("operator"), make_person("team_lead")
    log_in(op)
    assert client.get("/wallboard").status_code == 403
    assert client.get("/wallboard/panel").status_code == 403
    client.cookies.clear()
    log_in(lead)
    assert client.get("/wallboard").status_code == 200


def test_wallboard_shows_the_service_now(client, engine, make_person, log_in):
    sup = make_person("supervisor")
    avail, away, late = (make_person("operator", full_name=n) for n in ("An", "Bo", "Cy"))
    for p in (avail, away):
        put_on_shift(engine, p)
    put_on_shift(engine, late, checked_in=False)
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(OperatorPresence(staff_id=away.id, status="away"))
        ringing = Contact(channel="voice", status="ringing", call_sid="CA" + "9" * 32,
                          received_at=now - timedelta(seconds=95))
        s.add(ringing)
        s.flush()
        s.add(Escalation(contact_id=ringing.id, risk_level="imminent", state="exhausted",
                         opened_at=now - timedelta(minutes=4)))
        s.commit()
    log_in(sup)
    board = client.get("/wallboard/panel")
    assert board.status_code == 200
    text = board.text
    assert 'id="wb-waiting-count">1<' in text and "1 min 35 s" in text or "1 min 3" in text
    for key, n in (("available", 1), ("away", 1), ("not_checked_in", 1), ("on_call", 0)):
        assert f'id="wb-{key}">{n}<' in text, key
    assert "Nobody acknowledged" in text and "open for 4 min" in text
    assert "Supervisor on duty" in text and "short" in text  # nobody on the supervisor desk
    assert 'data-kpi="answer_rate"' in text and "target" in text
    zh = client.get("/wallboard?lang=zh").text
    assert "排队来电" in zh and "无人确认接收" in zh


def test_languages_are_shown_by_name_in_the_pages_language(client, engine, make_person, log_in):
    admin = make_person("admin")
    person = make_person("operator")
    with Session(engine) as s:
        staff = s.get(Staff, person.id)
        staff.languages = ["zh", "yue", "en"]
        s.add(staff)
        s.commit()
    log_in(admin)
    assert '<dd id="languages">普通话、粤语、英语</dd>' in client.get(f"/staff/{person.id}?lang=zh").text
    assert '<dd id="languages">Mandarin, Cantonese, English</dd>' in client.get(
        f"/staff/{person.id}?lang=en").text


def test_a_persons_page_shows_their_shifts_trainings_and_workload(client, engine, make_person,
                                                                  log_in):
    from hotline.training.models import Participant, TrainingSession

    sup, op = make_person("supervisor"), make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=op.id, position="operator", start=now - timedelta(days=2),
                    end=now - timedelta(days=2) + timedelta(hours=8)))
        s.add(Shift(staff_id=op.id, position="operator", start=now + timedelta(days=1),
                    end=now + timedelta(days=1, hours=8)))
        training = TrainingSession(kind="training", title="倾听技巧", audience="operators",
                                   start=now - timedelta(hours=5), end=now - timedelta(hours=2))
        s.add(training)
        s.flush()
        s.add(Participant(session_id=training.id, staff_id=op.id, attendance="attended"))
        s.commit()
    log_in(sup)
    page = client.get(f"/staff/{op.id}").text
    assert "Last four weeks: 8.0 h" in page
    assert page.count("<li>", page.index('id="upcoming-shifts"'),
                      page.index("</ul>", page.index('id="upcoming-shifts"'))) == 1
    assert "倾听技巧" in page and "Attended" in page


def test_home_lists_my_open_follow_ups(client, engine, make_person, log_in):
    from hotline.followups.models import FollowUp

    op, other = make_person("operator"), make_person("operator")
    now = datetime.now(UTC)
    with Session(engine) as s:
        contacts = [Contact(channel="voice", risk_level="high", received_at=now, caller_key=k)
                    for k in ("k1", "k2")]
        s.add_all(contacts)
        s.flush()
        for contact, owner in zip(contacts, (op, other), strict=True):
            s.add(FollowUp(contact_id=contact.id, caller_key=contact.caller_key, owner_id=owner.id,
                           risk_level="high", due_on=now.date(), due_at=now, next_attempt_at=now,
                           ends_at=now + timedelta(days=2)))
        s.commit()
        mine, theirs = contacts[0].id, contacts[1].id
    log_in(op)
    page = client.get("/home").text
    section = page[page.index('id="my-follow-ups"'):page.index("All follow-ups")]
    assert f"#{mine}<" in section and f"#{theirs}<" not in section
