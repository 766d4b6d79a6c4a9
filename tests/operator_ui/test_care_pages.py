"""Continuity-of-care pages: follow-up worklist, caller history beside the screen with the
last safety plan carried forward, directory search and admin, flags, debriefs, supervision."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from hotline import jobs
from hotline.crisis.models import Escalation
from hotline.resources import demo
from tests.operator_ui.conftest import csrf

NUMBER = "+8613600003333"
PLAN = {"reasons_for_living": "想看女儿长大", "warning_signs": "整夜睡不着",
        "who_can_help": "姐姐"}
ZONE = ZoneInfo("Asia/Shanghai")


def _call(client, person, minutes_ago=1, **body):
    received = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()
    r = client.post("/api/contacts", json={"channel": "voice", "caller_number": NUMBER,
                                           "received_at": received, **body},
                    headers=person.headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_repeat_caller_form_shows_history_and_carries_the_plan(client, make_person, log_in):
    op = make_person("operator")
    old = _call(client, op, 600, safety_plan=PLAN, issues=["mood.depression"])
    now = _call(client, op)
    log_in(op)
    page = client.get(f"/contacts/{now['id']}/edit?lang=en")
    assert page.status_code == 200
    assert 'id="caller-history"' in page.text and "This caller before" in page.text
    assert f"Carried forward from contact {old['id']}" in page.text
    assert ">想看女儿长大</textarea>" in page.text  # pre-filled for review
    assert 'id="directory-search"' in page.text and "directory.js" in page.text
    zh = client.get(f"/contacts/{now['id']}/edit?lang=zh").text
    assert "该来电者既往记录" in zh and "活下去的理由" in zh


def test_a_first_time_caller_has_no_panel_and_nothing_carried(client, make_person, log_in):
    op = make_person("operator")
    first = _call(client, op)
    log_in(op)
    page = client.get(f"/contacts/{first['id']}/edit?lang=en").text
    assert "No earlier contacts from this caller." in page and "Carried forward" not in page


def test_worklist_attempts_and_reached_opens_the_follow_up_contact(client, make_person, log_in):
    op = make_person("operator")
    due = (datetime.now(ZONE).date() + timedelta(days=1)).isoformat()
    contact = _call(client, op, follow_up={"consent": True, "due_on": due, "plan": "明早回访"})
    log_in(op)
    page = client.get("/follow-ups?lang=en")
    assert page.status_code == 200 and due in page.text and "明早回访" in page.text
    (task,) = client.get("/api/follow-ups", headers=op.headers).json()
    r = client.post(f"/follow-ups/{task['id']}/attempt",
                    data={"csrf_token": csrf(client), "result": "no_answer", "number": "1",
                          "note": "无人接听"}, follow_redirects=False)
    assert r.status_code == 303
    assert "无人接听" in client.get("/follow-ups?lang=en").text
    r = client.post(f"/follow-ups/{task['id']}/attempt",
                    data={"csrf_token": csrf(client), "result": "reached", "number": "2"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/edit")
    linked = client.get(r.headers["location"] + "?lang=en")
    assert linked.status_code == 200 and "This caller before" in linked.text
    assert f"/contacts/{contact['id']}" in linked.text
    bad = client.post(f"/follow-ups/{task['id']}/attempt",
                      data={"csrf_token": csrf(client), "result": "maybe"})
    assert bad.status_code == 422 and "Choose what happened" in bad.text


def test_form_refuses_consent_without_a_number_in_chinese(client, make_person, log_in):
    op = make_person("operator")
    log_in(op)
    r = client.post("/contacts/new?lang=zh", data={
        "csrf_token": csrf(client), "channel": "chat", "follow_up.consent": "yes",
        "received_at": datetime.now(ZONE).strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 422 and "没有可回拨的号码" in r.text


def test_directory_search_and_admin(client, make_person, log_in, engine):
    with Session(engine) as s:
        demo.seed(s, date.today())
        s.commit()
    op, lead = make_person("operator"), make_person("team_lead")
    log_in(op)
    found = client.get("/directory", params={"q": "青少年", "lang": "zh"})
    assert found.status_code == 200 and "北京市青少年心理咨询中心" in found.text
    assert "上海市戒毒康复中心" not in found.text
    assert client.get("/directory", params={"q": "x" * 101}).status_code == 200  # says why
    assert client.get("/directory/new").status_code == 403
    log_in(lead)
    bad = client.post("/directory/new?lang=en", data={"csrf_token": csrf(client),
                                                      "name": "新服务", "phone": "12345"})
    assert bad.status_code == 422 and "E.164" in bad.text
    ok = client.post("/directory/new", data={"csrf_token": csrf(client), "name": "新社区服务站",
                                             "phone": "+861012345678", "region": "CN-BJ",
                                             "categories": ["counselling"]},
                     follow_redirects=False)
    assert ok.status_code == 303
    assert "新社区服务站" in client.get(ok.headers["location"]).text
    stale = client.get("/directory", params={"stale": "true", "lang": "en"}).text
    assert "Needs review" in stale


def test_flag_from_the_form_and_supervisor_review(client, make_person, log_in):
    op, sup = make_person("operator"), make_person("supervisor")
    contact = _call(client, op)
    log_in(op)
    r = client.post(f"/callers/{contact['id']}/flags",
                    data={"csrf_token": csrf(client), "kind": "frequent_caller",
                          "reason": "一天内来电五次"}, follow_redirects=False)
    assert r.status_code == 303
    blank = client.post(f"/callers/{contact['id']}/flags?lang=en",
                        data={"csrf_token": csrf(client), "kind": "abusive", "reason": " "})
    assert blank.status_code == 422 and "write a reason" in blank.text
    log_in(sup)
    page = client.get("/callers/flags?lang=en")
    assert "一天内来电五次" in page.text
    (flag,) = client.get("/api/caller-flags", headers=sup.headers).json()
    client.post(f"/callers/flags/{flag['id']}/review",
                data={"csrf_token": csrf(client), "decision": "keep"})
    assert "No flags waiting for review." in client.get("/callers/flags?lang=en").text


def test_debrief_and_supervision_pages(client, make_person, log_in, engine):
    op, responder, sup = (make_person("operator"), make_person("crisis_responder"),
                          make_person("supervisor"))
    contact = client.post("/api/contacts", json={"channel": "voice"}, headers=op.headers).json()
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Escalation(contact_id=contact["id"], risk_level="imminent", state="resolved",
                         acknowledged_by=responder.id, resolved_at=now))
        s.commit()
    jobs.offer_debriefs(engine)
    log_in(op)
    page = client.get("/care/debriefs?lang=en")
    assert "How are you right now?" in page.text
    (mine,) = client.get("/api/debriefs", headers=op.headers).json()
    r = client.post(f"/care/debriefs/{mine['id']}", data={
        "csrf_token": csrf(client), "wellbeing": "2", "still_with_me": "救护车的声音",
        "wants_support": "yes"}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/care/supervision").status_code == 403
    log_in(sup)
    board = client.get("/care/debriefs?lang=en").text
    assert "救护车的声音" in board and "Asks for support" in board
    r = client.post("/care/supervision", data={
        "csrf_token": csrf(client), "held_on": date.today().isoformat(), "hours": "1.5",
        "format": "group", "supervisor_id": str(sup.id),
        "staff_ids": [str(op.id), str(responder.id)]}, follow_redirects=False)
    assert r.status_code == 303
    hours = client.get("/care/supervision?lang=zh").text
    assert "1.5" in hours and "低于要求" in hours
    assert client.get("/api/supervision/hours", headers=sup.headers).json()[0]["hours"] == 1.5
    person = client.get(f"/staff/{op.id}?lang=en").text  # the talent database shows them
    assert "1.5 of 12 hours" in person
    with Session(engine) as s:
        assert s.exec(select(Escalation)).one().risk_level == "imminent"
