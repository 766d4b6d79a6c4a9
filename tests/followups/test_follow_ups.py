"""Follow-ups keep their promise: due on the agreed local day, attempts spaced by policy and
never at night, an owner, a linked follow-up contact when reached, overdue notices."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from hotline import jobs
from hotline.auth import service as auth_service
from hotline.contacts.models import Contact
from hotline.followups import schedule
from hotline.followups import service as follow_ups
from hotline.followups.models import FollowUp
from hotline.followups.schemas import AttemptCreate
from hotline.notices.models import Notice
from hotline.policies import RecordsPolicy
from hotline.policies import load as load_policies

ZONE = ZoneInfo("Asia/Shanghai")
NUMBER = "+8613912345678"
HIGH = {"suicidal_thoughts": True, "intent": True}


def _local_today() -> date:
    return datetime.now(ZONE).date()


def _agree(client, person, *, due_in_days: int = 2, risk: dict | None = None, **follow_up):
    body = {"channel": "voice", "caller_number": NUMBER, "risk_screen": risk or {},
            "follow_up": {"consent": True, "plan": "两天后上午回访",
                          "due_on": (_local_today() + timedelta(days=due_in_days)).isoformat(),
                          **follow_up}}
    r = client.post("/api/contacts", json=body, headers=person.headers)
    assert r.status_code == 201, r.text
    (task,) = client.get("/api/follow-ups", headers=person.headers).json()
    return r.json(), task


def test_due_on_the_morning_of_the_agreed_local_day(client, make_person):
    op = make_person("operator")
    contact, task = _agree(client, op, due_in_days=2)
    due_day = _local_today() + timedelta(days=2)
    assert task["due_on"] == due_day.isoformat() and task["owner_id"] == op.id
    due_at = datetime.fromisoformat(task["due_at"])
    assert due_at.astimezone(ZONE) == datetime.combine(due_day, time(9), ZONE)
    assert task["next_attempt_at"] == task["due_at"]
    assert task["min_attempts"] == 3 and task["max_attempts"] == 5
    assert task["contact_id"] == contact["id"] and task["plan"] == "两天后上午回访"


def test_the_time_the_caller_chose(client, make_person):
    op = make_person("operator")
    _, task = _agree(client, op, due_time="19:30")
    assert datetime.fromisoformat(task["due_at"]).astimezone(ZONE).time() == time(19, 30)


def test_consent_without_a_number_is_refused_and_nothing_written(client, make_person, engine):
    op = make_person("operator")
    r = client.post("/api/contacts", json={"channel": "chat", "follow_up": {"consent": True}},
                    headers=op.headers)
    assert r.status_code == 422 and "no number to call" in r.json()["detail"]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Contact)).one() == 0
        assert s.exec(select(func.count()).select_from(FollowUp)).one() == 0


def test_a_day_in_the_past_is_refused(client, make_person, engine):
    op = make_person("operator")
    r = client.post("/api/contacts", json={
        "channel": "voice", "caller_number": NUMBER,
        "follow_up": {"consent": True, "due_on": (_local_today() - timedelta(days=1)).isoformat()},
    }, headers=op.headers)
    assert r.status_code == 422 and "in the past" in r.json()["detail"]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Contact)).one() == 0


def test_moving_the_day_and_withdrawing_consent(client, make_person):
    op = make_person("operator")
    contact, task = _agree(client, op, due_in_days=1)
    later = (_local_today() + timedelta(days=3)).isoformat()
    r = client.patch(f"/api/contacts/{contact['id']}", headers=op.headers,
                     json={"follow_up": {"consent": True, "due_on": later}})
    assert r.status_code == 200, r.text
    (moved,) = client.get("/api/follow-ups", headers=op.headers).json()
    assert moved["id"] == task["id"] and moved["due_on"] == later
    client.patch(f"/api/contacts/{contact['id']}", headers=op.headers,
                 json={"follow_up": {"consent": False}})
    assert client.get("/api/follow-ups", headers=op.headers).json() == []
    closed = client.get("/api/follow-ups", params={"view": "closed"}, headers=op.headers).json()
    assert closed[0]["status"] == "cancelled"


POLICY = RecordsPolicy()


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(date(2026, 3, 2) + timedelta(days=day), time(hour, minute),
                            ZONE).astimezone(UTC)


@pytest.mark.parametrize(("after", "night_ok", "expected"), [
    (_at(0, 9, 5), False, _at(1, 9)),  # 21:05 is night: the next morning
    (_at(0, 8, 0), False, _at(0, 20)),  # 20:00 is still the caller's day
    (_at(0, 22, 0), False, _at(1, 10)),
    (_at(0, 9, 5), True, _at(0, 21, 5)),  # the caller agreed to night calls
])
def test_attempts_are_spaced_by_policy_and_never_at_night(after, night_ok, expected):
    assert schedule.next_attempt(after, night_ok, ZONE, POLICY) == expected


def test_day_start_is_local_across_dst():
    """New York's DST starts on 8 March 2026: 09:00 stays 09:00 local either side."""
    ny = ZoneInfo("America/New_York")
    before = schedule.first_attempt(date(2026, 3, 7), None, ny, POLICY)
    after = schedule.first_attempt(date(2026, 3, 9), None, ny, POLICY)
    assert before.hour == 14 and after.hour == 13  # UTC
    assert schedule.next_attempt(before + timedelta(hours=1), False, ny, POLICY).astimezone(
        ny).time() == time(9)


def _attempt(engine, settings, person, task_id, result, at, **extra):
    policies = load_policies(settings.schedules_dir)
    with Session(engine) as s:
        task, attempt = follow_ups.record_attempt(
            s, actor=auth_service.authenticate(s, settings, person.token), follow_up_id=task_id,
            data=AttemptCreate(result=result, **extra), settings=settings, policies=policies,
            client_addr="127.0.0.1", now=at)
        dumped = task.model_dump(), attempt.model_dump()
        s.commit()
        return dumped


def test_unanswered_attempts_close_after_the_window_and_at_least_the_minimum(
        client, make_person, engine, settings):
    op = make_person("operator")
    _, task = _agree(client, op, due_in_days=1)
    at = datetime.fromisoformat(task["due_at"])
    times = []
    while True:
        state, _attempt_row = _attempt(engine, settings, op, task["id"], "no_answer", at,
                                  note="无人接听")
        times.append(at.astimezone(ZONE))
        if state["status"] != "open":
            break
        at = state["next_attempt_at"]
    # 09:00 on each of four days: 12 h gaps pushed out of the night, stopped after 72 h.
    assert [t.time() for t in times] == [time(9)] * 4
    assert [(t.date() - times[0].date()).days for t in times] == [0, 1, 2, 3]
    assert state["status"] == "unreached" and state["attempts"] == 4
    r = client.post(f"/api/follow-ups/{task['id']}/attempts", json={"result": "busy"},
                    headers=op.headers)
    assert r.status_code == 409


def test_minimum_attempts_are_made_even_past_the_window(client, make_person, engine, settings):
    op = make_person("operator")
    _, task = _agree(client, op, due_in_days=1)
    late = datetime.fromisoformat(task["ends_at"]) + timedelta(days=2)  # nobody called in time
    state, _ = _attempt(engine, settings, op, task["id"], "no_answer", late)
    assert state["status"] == "open" and state["attempts"] == 1


def test_reached_opens_a_linked_follow_up_contact_with_its_own_screen(client, make_person,
                                                                    engine):
    op = make_person("operator")
    first, task = _agree(client, op, due_in_days=0, risk=HIGH,
                         plan="today")
    body = {"result": "reached", "note": "来电者接听，情绪较前平稳。", "number": 1,
            "risk_screen": {"wish_dead": True}}
    r = client.post(f"/api/follow-ups/{task['id']}/attempts", json=body, headers=op.headers)
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["status"] == "reached" and done["attempts"] == 1
    assert done["attempt_log"][0]["note"] == "来电者接听，情绪较前平稳。"
    linked = client.get(f"/api/contacts/{done['reached_contact_id']}", headers=op.headers).json()
    assert linked["risk_level"] == "low" and linked["previous_contact_id"] == first["id"]
    assert linked["caller_key"] == first["caller_key"] and linked["operator_id"] == op.id
    retry = client.post(f"/api/follow-ups/{task['id']}/attempts", json=body, headers=op.headers)
    assert retry.status_code == 200 and retry.json()["attempts"] == 1  # one attempt recorded
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Contact)).one() == 2


def test_owner_and_supervisor_work_it_others_do_not(client, make_person):
    op, other, sup = make_person("operator"), make_person("operator"), make_person("supervisor")
    _, task = _agree(client, op)
    url = f"/api/follow-ups/{task['id']}"
    assert client.get(url, headers=other.headers).status_code == 403
    assert client.post(f"{url}/attempts", json={"result": "busy"},
                       headers=other.headers).status_code == 403
    assert client.post(f"{url}/assign", json={"owner_id": other.id},
                       headers=op.headers).status_code == 403
    assert client.get("/api/follow-ups", params={"view": "team"},
                      headers=op.headers).status_code == 403
    r = client.post(f"{url}/assign", json={"owner_id": other.id}, headers=sup.headers)
    assert r.status_code == 200 and r.json()["owner_id"] == other.id
    # The new owner reads the contact it came from, and works it.
    assert client.get(f"/api/contacts/{task['contact_id']}", headers=other.headers).status_code \
        == 200
    assert client.post(f"{url}/attempts", json={"result": "busy"},
                       headers=other.headers).status_code == 200
    assert [t["id"] for t in client.get("/api/follow-ups", params={"view": "team"},
                                        headers=sup.headers).json()] == [task["id"]]
    assert client.post(f"{url}/assign", json={"owner_id": 99999},
                       headers=sup.headers).status_code == 422
    assert client.get("/api/follow-ups", params={"view": "nonsense"},
                      headers=op.headers).status_code == 422


def test_my_open_follow_ups_for_the_home_page(client, make_person, engine):
    op = make_person("operator")
    _, task = _agree(client, op)
    with Session(engine) as s:
        assert [t.id for t in follow_ups.open_for_owner(s, op.id)] == [task["id"]]
        task_row = s.get(FollowUp, task["id"])
        assert task_row is not None
        assert follow_ups.caller_keys_needing_number(s) == {task_row.caller_key}


def test_overdue_high_risk_follow_up_alerts_the_supervisor_once(client, make_person, engine,
                                                                settings):
    op = make_person("operator")
    make_person("supervisor")
    _, task = _agree(client, op, due_in_days=0, risk=HIGH)
    policies = load_policies(settings.schedules_dir)
    due = datetime.fromisoformat(task["next_attempt_at"])
    assert jobs.check_overdue_follow_ups(engine, settings, policies, due + timedelta(minutes=30)) \
        == 0
    later = due + timedelta(minutes=61)
    assert jobs.check_overdue_follow_ups(engine, settings, policies, later) == 1
    assert jobs.check_overdue_follow_ups(engine, settings, policies, later) == 1
    with Session(engine) as s:
        (notice,) = s.exec(select(Notice).where(Notice.kind == "follow_up.overdue")).all()
    assert notice.audience == "role:supervisor" and notice.data["follow_up_id"] == task["id"]
    assert NUMBER not in str(notice.data) and "caller_key" not in notice.data
    overdue = client.get("/api/follow-ups", params={"view": "overdue"}, headers=op.headers).json()
    assert [t["id"] for t in overdue] == ([task["id"]] if datetime.now(UTC) > later else [])
