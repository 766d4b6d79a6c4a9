"""Training pages through the browser's form posts: scheduling (and the coverage guard's
answer), editing and cancelling, attendance with assessment, drill runs, the compliance board,
slot suggestions and everyone's own trainings; who may do what; refusals write nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from hotline.roster.models import Shift
from hotline.training.models import Participant, TrainingSession
from hotline.wallclock import at
from tests.conftest import Person
from tests.operator_ui.conftest import csrf
from tests.roster.test_shifts_api import TOMORROW, ZONE

LogIn = Callable[[Person], None]


def _form(**overrides: Any) -> dict[str, Any]:
    fields = {"kind": "training", "title": "倾听技巧", "audience": "operators",
              "day": TOMORROW.isoformat(), "from": "14:00", "to": "17:00", "place": "二楼培训室",
              "roles": ["operator"]}
    fields.update(overrides)
    return fields


def _post(client: TestClient, path: str, **fields: Any):
    return client.post(path, data={"csrf_token": csrf(client), **fields}, follow_redirects=False)


def _count(engine: Any, model: type) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def lead(make_person: Callable[..., Person], log_in: LogIn) -> Person:
    person = make_person("team_lead", full_name="组长 陈")
    log_in(person)
    return person


def _held(engine: Any, people: list[Person], *, kind: str = "training", hours_ago: float = 4,
          title: str = "季度培训") -> int:
    with Session(engine) as s:
        start = datetime.now(UTC) - timedelta(hours=hours_ago)
        row = TrainingSession(kind=kind, title=title, audience="operators", start=start,
                              end=start + timedelta(hours=3), place="培训室",
                              scenario="imminent_rescue" if kind == "drill" else "")
        s.add(row)
        s.flush()
        s.add_all(Participant(session_id=row.id, staff_id=p.id) for p in people)
        s.commit()
        return row.id  # type: ignore[return-value]


def test_team_lead_schedules_a_session_from_the_form(client, lead, make_person, engine) -> None:
    a, b = make_person("operator", full_name="接线员 甲"), make_person("operator", full_name="接线员 乙")
    make_person("crisis_responder")
    r = _post(client, "/trainings/new", **_form(curriculum="倾听、共情", capacity="10"))
    assert r.status_code == 303
    with Session(engine) as s:
        row = s.exec(select(TrainingSession)).one()
        invited = sorted(p.staff_id for p in s.exec(select(Participant)))
    assert r.headers["location"] == f"/trainings/{row.id}?saved=1&excluded=0"
    assert row.start == at(TOMORROW, time(14), ZONE) and row.capacity == 10
    assert invited == sorted([a.id, b.id])
    page = client.get(r.headers["location"]).text
    assert "Saved." in page and "接线员 甲" in page and "2 invited" in page
    assert f'href="/trainings/{row.id}/edit"' in page
    assert f"/trainings/{row.id}/attendance" not in page  # not before it starts


@pytest.mark.parametrize(("change", "says", "field"), [
    ({"place": ""}, "Give a place or an online link.", None),
    ({"day": ""}, "Give the date and the start and end times.", "day"),
    ({"title": "x"}, "Give a title of at least 2 characters.", "title"),
    ({"kind": "drill", "scenario": ""}, "A drill needs a scenario.", "scenario"),
    ({"from": "08:00", "to": "07:00"},  # past midnight: 23 hours
     "A session lasts at most 12 hours: split longer courses into days.", None),
    ({"capacity": "1"}, "capacity is 1", None),  # two invited
    ({"capacity": "many"}, "Capacity is a number from 1 to 1000.", "capacity"),
])
def test_bad_sessions_are_explained_and_write_nothing(client, lead, make_person, engine, change,
                                                     says, field) -> None:
    make_person("operator"), make_person("operator")
    r = _post(client, "/trainings/new", **_form(**change))
    assert r.status_code == 422
    assert says in r.text
    if field:
        assert f'href="#{field}"' in r.text
    assert 'value="倾听技巧"' in r.text or change.get("title")  # the form is kept
    assert (_count(engine, TrainingSession), _count(engine, Participant)) == (0, 0)


def test_problems_read_in_chinese(client, lead, make_person) -> None:
    r = _post(client, "/trainings/new?lang=zh", **_form(place=""))
    assert r.status_code == 422 and "请填写地点或线上链接。" in r.text


def test_coverage_gaps_are_shown_and_people_on_shift_can_be_left_out(client, lead, make_person,
                                                                    engine) -> None:
    busy = make_person("crisis_responder", full_name="值班 王")
    free = make_person("crisis_responder")
    with Session(engine) as s:
        s.add(Shift(staff_id=busy.id, position="crisis_primary", start=at(TOMORROW, time(8), ZONE),
                    end=at(TOMORROW, time(16), ZONE)))
        s.commit()
    fields = _form(kind="drill", scenario="imminent_rescue", audience="crisis_team",
                   roles=["crisis_responder"])
    r = _post(client, "/trainings/new", **fields)
    assert r.status_code == 409
    assert "Not scheduled: these people are on shift then" in r.text
    # The people, not the positions: who, where, and their shift.
    people = re.findall(r'<tr data-staff-id="(\d+)"><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>',
                        r.text)
    assert people == [(str(busy.id), "值班 王", "Crisis primary on call",
                       f"{TOMORROW:%m-%d} 08:00–16:00")]
    assert "Left uncovered: Crisis primary on call 14:00–16:00 (0 of 1 on shift)" in r.text
    assert 'name="on_shift" value="exclude"' in r.text
    assert _count(engine, TrainingSession) == 0
    r = _post(client, "/trainings/new", **fields, on_shift="exclude")
    assert r.status_code == 303 and r.headers["location"].endswith("excluded=1")
    with Session(engine) as s:
        assert [p.staff_id for p in s.exec(select(Participant))] == [free.id]
    assert "1 people on shift were left out" in client.get(r.headers["location"]).text


def test_forms_need_the_csrf_token(client, lead, make_person, engine) -> None:
    make_person("operator")
    r = client.post("/trainings/new", data={**_form(), "csrf_token": "forged"})
    assert r.status_code == 403
    assert "The form expired or came from another site." in r.text
    sid = _held(engine, [])
    r = client.post(f"/trainings/{sid}/attendance", data={"csrf_token": "forged"})
    assert r.status_code == 403
    assert _count(engine, TrainingSession) == 1


def test_operators_see_the_plan_but_cannot_schedule(client, make_person, log_in, engine) -> None:
    op = make_person("operator")
    log_in(op)
    sid = _held(engine, [op])
    assert client.get("/trainings").status_code == 200
    assert client.get(f"/trainings/{sid}").status_code == 200
    for url in ("/trainings/new", "/trainings/suggestions", "/trainings/compliance",
                f"/trainings/{sid}/attendance", f"/trainings/{sid}/edit"):
        r = client.get(url)
        assert r.status_code == 403 and "You cannot do this" in r.text, url
    assert _post(client, "/trainings/new", **_form()).status_code == 403
    assert _post(client, f"/trainings/{sid}/cancel").status_code == 403
    assert _count(engine, TrainingSession) == 1
    assert "New session" not in client.get("/trainings").text


def test_unknown_sessions_get_a_readable_404(client, lead) -> None:
    for url in ("/trainings/999", "/trainings/abc"):
        r = client.get(url)
        assert r.status_code == 404 and "<h1>Not found</h1>" in r.text


def test_attendance_and_assessment_are_recorded(client, lead, make_person, engine) -> None:
    a, b, c = (make_person("operator", full_name=f"接线员 {n}") for n in "甲乙丙")
    sid = _held(engine, [a, b, c])
    page = client.get(f"/trainings/{sid}/attendance").text
    assert f'name="attendance.{a.id}" value="attended"' in page
    r = _post(client, f"/trainings/{sid}/attendance", **{
        f"attendance.{a.id}": "attended", f"passed.{a.id}": "yes", f"score.{a.id}": "88",
        f"attendance.{b.id}": "excused"})
    assert r.status_code == 303
    with Session(engine) as s:
        got = {p.staff_id: (p.attendance, p.passed, p.score, p.hours)
               for p in s.exec(select(Participant))}
    assert got == {a.id: ("attended", True, 88.0, 3.0), b.id: ("excused", None, None, 0.0),
                   c.id: ("invited", None, None, 0.0)}
    detail = client.get(f"/trainings/{sid}").text
    assert "1 of 3 attended · 1 passed" in detail
    assert "Excused" in detail


@pytest.mark.parametrize(("fields", "says"), [
    ({"attendance.{a}": "attended"}, "is assessed; give passed"),
    ({"attendance.{a}": "attended", "passed.{a}": "yes", "score.{a}": "130"},
     "A score is a number from 0 to 100."),
    ({"attendance.{a}": "attended", "passed.{a}": "yes", "score.{a}": "good"},
     "A score is a number from 0 to 100."),
    ({}, "Choose attended, absent or excused for at least one person."),
])
def test_bad_attendance_is_explained_and_writes_nothing(client, lead, make_person, engine,
                                                       fields, says) -> None:
    a = make_person("operator")
    sid = _held(engine, [a])
    r = _post(client, f"/trainings/{sid}/attendance",
              **{k.format(a=a.id): v for k, v in fields.items()})
    assert r.status_code == 422 and says in r.text
    with Session(engine) as s:
        assert s.exec(select(Participant)).one().attendance == "invited"


def test_attendance_waits_for_the_session_to_start(client, lead, make_person, engine) -> None:
    a = make_person("operator")
    sid = _held(engine, [a], hours_ago=-24)
    assert "Attendance is recorded once the session has started." in client.get(
        f"/trainings/{sid}/attendance").text
    r = _post(client, f"/trainings/{sid}/attendance", **{f"attendance.{a.id}": "absent"})
    assert r.status_code == 422


def test_edit_and_cancel(client, lead, make_person, engine) -> None:
    a, b = make_person("operator"), make_person("operator")
    sid = _held(engine, [a, b], hours_ago=-24)
    r = _post(client, f"/trainings/{sid}/edit", title="新标题", place="", online_link="",
              capacity="5")
    assert r.status_code == 422 and "Give a place or an online link." in r.text
    r = _post(client, f"/trainings/{sid}/edit", title="新标题", place="三楼", capacity="1")
    assert r.status_code == 422 and "2 people are invited" in r.text
    r = _post(client, f"/trainings/{sid}/edit", title="新标题", place="三楼", capacity="5")
    assert r.status_code == 303
    with Session(engine) as s:
        row = s.get(TrainingSession, sid)
        assert (row.title, row.place, row.capacity) == ("新标题", "三楼", 5)
    assert _post(client, f"/trainings/{sid}/cancel").status_code == 303
    assert "Cancelled" in client.get(f"/trainings/{sid}").text
    r = _post(client, f"/trainings/{sid}/cancel")
    assert r.status_code == 409 and "already cancelled" in r.text


def test_year_plan_shows_held_and_planned(client, lead, make_person, engine) -> None:
    a = make_person("operator")
    held = _held(engine, [a], title="已开展的培训", hours_ago=1)
    planned = _held(engine, [a], title="计划中的培训", hours_ago=-48)
    year = datetime.now(ZONE).year
    page = client.get(f"/trainings?year={year}").text
    assert f'class="held" data-session-id="{held}"' in page
    assert f'class="planned" data-session-id="{planned}"' in page
    assert "0 of 1 attended" in page and "1 invited" in page
    assert "No sessions in 2001 yet." in client.get("/trainings?year=2001").text


def test_compliance_board_puts_who_is_behind_first(client, lead, make_person, engine) -> None:
    a = make_person("operator", full_name="接线员 甲")
    year = datetime.now(ZONE).year
    page = client.get(f"/trainings/compliance?year={year}").text
    row = re.search(rf'data-staff-id="{a.id}" data-status="(\w+)"', page)
    # Nothing planned and nothing attended: four trainings can no longer all be counted.
    assert row and row.group(1) == "at_risk"
    assert "Operators: systematic training" in page and "At risk" in page
    assert f'href="/api/trainings/compliance.csv?year={year}"' in page
    csv_text = client.get(f"/api/trainings/compliance.csv?year={year}").text
    assert f"{a.id},接线员 甲,operators,operators:training,4,0" in csv_text


def test_my_trainings_show_invitations_and_results(client, make_person, log_in, engine) -> None:
    me = make_person("operator")
    log_in(me)
    past = _held(engine, [me], title="上个月的培训")
    _held(engine, [me], title="下周的培训", hours_ago=-24 * 7)
    with Session(engine) as s:
        p = s.exec(select(Participant).where(Participant.session_id == past)).one()
        p.attendance, p.passed, p.score, p.hours = "attended", True, 92, 3
        s.add(p)
        s.commit()
    page = client.get("/trainings/mine").text
    coming, results = page.split("Attended and results")
    assert "下周的培训" in coming and "上个月的培训" in results
    assert "Passed · 92" in results
    assert "Where I stand this year" in page


def test_suggestions_page_offers_coverage_safe_slots(client, lead, make_person, engine) -> None:
    make_person("crisis_responder"), make_person("crisis_responder")
    half = 1 if TOMORROW.month <= 6 else 2
    query = f"/trainings/suggestions?year={TOMORROW.year}&half={half}&audience=crisis_team&hours=3"
    assert "No roster covers this half-year yet" in client.get(query).text
    lead_shift = make_person("supervisor")
    with Session(engine) as s:  # a roster tomorrow: the supervisor desk, 08:00-16:00
        s.add(Shift(staff_id=lead_shift.id, position="supervisor",
                    start=at(TOMORROW, time(8), ZONE), end=at(TOMORROW, time(16), ZONE)))
        s.commit()
    page = client.get(query).text
    links = re.findall(r'href="/trainings/new\?day=([\d-]+)&from=(\d\d:\d\d)&to=(\d\d:\d\d)'
                       r'&audience=crisis_team&kind=drill"', page)
    assert links and all(b < e and d >= TOMORROW.isoformat() for d, b, e in links)
    assert "<strong>2</strong> / 2" in page
    assert "Slots from 09:00 to 18:00" in page and 'value="09:00"' in page
    assert all("09:00" <= b and e <= "18:00" for _, b, e in links)
    evening = client.get(f"{query}&earliest=13:00&latest=16:00").text
    assert re.findall(r'&from=(\d\d:\d\d)&to=(\d\d:\d\d)', evening) == [("13:00", "16:00")]
    r = client.get("/trainings/suggestions?hours=40")
    assert r.status_code == 200 and "A session lasts from half an hour to 12 hours." in r.text
    r = client.get(f"{query}&earliest=15:00&latest=16:00&lang=zh")
    assert r.status_code == 200 and "<strong>2</strong>" not in r.text
    assert "培训时长放不进这个时段" in r.text
    assert "请按 HH:MM 填写时间。" in client.get(f"{query}&earliest=noon&lang=zh").text
    assert "请按 HH:MM 填写时间。" in client.get(f"{query}&earliest=09:00Z&lang=zh").text
    prefilled = client.get(f"/trainings/new?day={links[0][0]}&from={links[0][1]}&audience=crisis_team"
                           "&kind=drill").text
    assert f'value="{links[0][0]}"' in prefilled and 'value="drill" checked' in prefilled


def test_a_live_drill_run_starts_from_the_drill_page(client, lead, make_person, engine) -> None:
    primary = make_person("crisis_responder", full_name="危机干预 赵")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=primary.id, position="crisis_primary", start=now - timedelta(hours=1),
                    end=now + timedelta(hours=2)))
        s.commit()
    sid = _held(engine, [primary], kind="drill", hours_ago=0.5)
    assert "Start a live drill run" in client.get(f"/trainings/{sid}").text
    r = _post(client, f"/trainings/{sid}/drill-runs")
    assert r.status_code == 303
    page = client.get(f"/trainings/{sid}").text
    assert "危机干预 赵" in page and "Not acknowledged yet." in page
    r = _post(client, f"/trainings/{_held(engine, [], title='培训')}/drill-runs")
    assert r.status_code == 422 and "Only a drill can run a simulated contact." in r.text


@pytest.mark.parametrize(("audience", "checked"), [
    ("crisis_team", ["crisis_responder"]), ("operators", ["operator"]),
    ("all", ["operator", "crisis_responder"])])
def test_a_suggestion_invites_its_audience(client, lead, audience, checked) -> None:
    page = client.get(f"/trainings/new?day=2030-03-06&from=09:00&to=12:00&audience={audience}").text
    ticked = re.findall(r'name="roles" value="(\w+)" checked', page)
    assert sorted(ticked) == sorted(checked)
    assert re.findall(r'name="roles" value="(\w+)" checked', client.get("/trainings/new").text) == []


def _invited(engine: Any, sid: int) -> list[int]:
    with Session(engine) as s:
        return sorted(p.staff_id for p in s.exec(
            select(Participant).where(Participant.session_id == sid)))


def test_invitations_change_from_the_edit_page(client, lead, make_person, engine) -> None:
    a = make_person("operator", full_name="接线员 甲")
    b = make_person("operator", full_name="接线员 乙")
    c = make_person("operator", full_name="接线员 丙")
    outsider = make_person("supervisor", full_name="督导 丁")
    r = _post(client, "/trainings/new", **_form(roles=[], staff_ids=[str(a.id)]))
    sid = int(re.search(r"/trainings/(\d+)", r.headers["location"]).group(1))  # type: ignore[union-attr]
    page = client.get(f"/trainings/{sid}/edit").text
    audience = re.search(r'<fieldset><legend>From the audience</legend>(.*?)</fieldset>', page, re.DOTALL)
    assert audience and "接线员 乙" in audience.group(1) and "接线员 丙" in audience.group(1)
    assert "接线员 甲" not in audience.group(1) and "督导 丁" not in audience.group(1)
    assert "督导 丁" in page  # anyone else, under "Others"
    r = _post(client, f"/trainings/{sid}/invitations", staff_ids=[str(b.id), str(outsider.id)])
    assert r.status_code == 303 and "invited=2" in r.headers["location"]
    assert _invited(engine, sid) == sorted([a.id, b.id, outsider.id])
    assert "2 more invited." in client.get(r.headers["location"]).text
    r = _post(client, f"/trainings/{sid}/invitations", whole_audience="1")
    assert r.status_code == 303 and _invited(engine, sid) == sorted([a.id, b.id, c.id, outsider.id])
    r = _post(client, f"/trainings/{sid}/invitations/remove", remove=[str(a.id), str(outsider.id)])
    assert r.status_code == 303 and _invited(engine, sid) == sorted([b.id, c.id])
    assert "2 invitations withdrawn." in client.get(r.headers["location"]).text
    r = _post(client, f"/trainings/{sid}/invitations")
    assert r.status_code == 422 and "Choose the people to invite." in r.text
    r = _post(client, f"/trainings/{sid}/invitations/remove?lang=zh")
    assert r.status_code == 422 and "请选择要撤回的邀请。" in r.text
    assert _invited(engine, sid) == sorted([b.id, c.id])


def test_inviting_someone_on_shift_names_them_and_can_leave_them_out(client, lead, make_person,
                                                                     engine) -> None:
    free = make_person("crisis_responder", full_name="危机 甲")
    busy = make_person("crisis_responder", full_name="值班 王")
    r = _post(client, "/trainings/new", **_form(kind="drill", scenario="imminent_rescue",
                                                audience="crisis_team", roles=[],
                                                staff_ids=[str(free.id)]))
    sid = int(re.search(r"/trainings/(\d+)", r.headers["location"]).group(1))  # type: ignore[union-attr]
    with Session(engine) as s:
        s.add(Shift(staff_id=busy.id, position="crisis_primary", start=at(TOMORROW, time(8), ZONE),
                    end=at(TOMORROW, time(16), ZONE)))
        s.commit()
    r = _post(client, f"/trainings/{sid}/invitations?lang=zh", whole_audience="1")
    assert r.status_code == 409
    assert re.search(rf'<tr data-staff-id="{busy.id}"><td>值班 王</td><td>危机值班（主岗）</td>', r.text)
    assert 'name="whole_audience" value="1"' in r.text and "不邀请在班人员，继续邀请" in r.text
    assert _invited(engine, sid) == [free.id]
    r = _post(client, f"/trainings/{sid}/invitations?lang=zh", whole_audience="1",
              on_shift="exclude")
    assert r.status_code == 422 and "都在班" in r.text


def test_team_names_read_in_the_pages_language_only(client, lead, make_person, engine) -> None:
    from hotline.staff.models import Team, TeamMembership

    a = make_person("operator", full_name="接线员 甲")
    with Session(engine) as s:
        team = Team(code="operators", name_zh="接线员团队", name_en="Operator team",
                    kind="operators")
        s.add(team)
        s.flush()
        s.add(TeamMembership(team_id=team.id, staff_id=a.id))  # type: ignore[arg-type]
        s.commit()
    year = datetime.now(ZONE).year
    for url in (f"/trainings/compliance?year={year}", "/trainings/new"):
        zh, en = client.get(f"{url}&lang=zh" if "?" in url else f"{url}?lang=zh").text, \
            client.get(f"{url}&lang=en" if "?" in url else f"{url}?lang=en").text
        assert "接线员团队" in zh and "Operator team" not in zh, url
        assert "Operator team" in en and "接线员团队" not in en, url
