"""Roster pages: the coverage board (supervisors), removing a shift and approving leave
through the coverage guard (a readable 409 with the gaps, then an override with a reason),
my shifts with check-in, leave, swaps and the calendar link, and the generator's review."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.roster.board import monday_of
from hotline.roster.models import Leave, LeaveStatus, Shift, SwapRequest, SwapStatus
from hotline.roster.wallclock import at
from tests.conftest import Person
from tests.operator_ui.conftest import csrf
from tests.roster.test_shifts_api import ZONE

LogIn = Callable[[Person], None]


def _shift(engine, person: Person, position: str, start: datetime, hours: int = 8,
           **fields) -> int:
    with Session(engine) as s:
        shift = Shift(staff_id=person.id, position=position, start=start,
                      end=start + timedelta(hours=hours), **fields)
        s.add(shift)
        s.commit()
        assert shift.id is not None
        return shift.id


def _tomorrow_8() -> datetime:
    return at(datetime.now(UTC).astimezone(ZONE).date() + timedelta(days=1), time(8), ZONE)


def test_board_is_for_supervisors_and_marks_gaps(
    client: TestClient, make_person, log_in: LogIn, engine
) -> None:
    log_in(make_person("operator"))
    r = client.get("/roster/board")
    assert r.status_code == 403 and "You cannot do this" in r.text
    assert client.get("/roster", follow_redirects=False).headers["location"] == "/roster/mine"

    sup = make_person("supervisor", full_name="Li Duty")
    _shift(engine, sup, "supervisor", _tomorrow_8())
    log_in(sup)
    week = (datetime.now(UTC).astimezone(ZONE).date() + timedelta(days=1)).isoformat()
    r = client.get(f"/roster/board?week={week}")
    assert r.status_code == 200
    assert r.text.count('class="hour') == 4 * 7 * 24  # 7x24 per position (no DST in Shanghai)
    assert 'class="hour short' in r.text  # nobody else is on: gaps, in red
    assert "Li Duty" in r.text  # in the hour panel's facts
    assert client.get("/roster/board?week=not-a-date").status_code == 200  # this week instead


def test_removing_a_shift_that_opens_a_gap_asks_for_a_reason(
    client: TestClient, make_person, log_in: LogIn, engine
) -> None:
    sup = make_person("supervisor")
    op = make_person("operator", full_name="Zhou Seat")
    shift_id = _shift(engine, op, "operator", _tomorrow_8())
    log_in(sup)
    url = f"/roster/shifts/{shift_id}/remove"
    assert client.post(url, data={}).status_code == 403  # CSRF
    r = client.post(url, data={"csrf_token": csrf(client), "next": "/roster/board"})
    assert r.status_code == 409
    assert "This would leave a coverage gap" in r.text and 'id="gaps"' in r.text
    assert "Operator seat" in r.text and "08:00–16:00" in r.text  # local hours
    assert 'name="override_reason"' in r.text
    with Session(engine) as s:
        assert s.get(Shift, shift_id).cancelled_at is None  # nothing changed yet

    r = client.post(url, data={"csrf_token": csrf(client), "next": "/roster/board",
                               "override_reason": "Zhou is ill; agency cover arranged by phone"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/roster/board?done=removed"
    with Session(engine) as s:
        assert s.get(Shift, shift_id).cancelled_at is not None
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "roster.guard_override")).one()
        assert "agency cover" in entry.detail["reason"]


def test_leave_decisions_from_the_board(
    client: TestClient, make_person, log_in: LogIn, engine
) -> None:
    sup, op = make_person("supervisor"), make_person("operator", full_name="Chen Leave")
    start = _tomorrow_8()
    _shift(engine, op, "operator", start)
    with Session(engine) as s:
        ask = Leave(staff_id=op.id, start=start, end=start + timedelta(hours=8), reason="exam")
        quiet = Leave(staff_id=op.id, start=start + timedelta(days=20),
                      end=start + timedelta(days=21))
        s.add(ask)
        s.add(quiet)
        s.commit()
        ask_id, quiet_id = ask.id, quiet.id
    log_in(sup)
    board = client.get("/roster/board").text
    assert "Chen Leave" in board and "exam" in board
    r = client.post(f"/roster/leave/{ask_id}/decision",
                    data={"csrf_token": csrf(client), "decision": "approve"})
    assert r.status_code == 409 and 'name="decision" value="approve"' in r.text
    r = client.post(f"/roster/leave/{quiet_id}/decision", follow_redirects=False,
                    data={"csrf_token": csrf(client), "decision": "reject"})
    assert r.status_code == 303
    with Session(engine) as s:
        assert s.get(Leave, ask_id).status == LeaveStatus.requested
        assert s.get(Leave, quiet_id).status == LeaveStatus.rejected
    r = client.post(f"/roster/leave/{quiet_id}/decision",
                    data={"csrf_token": csrf(client), "decision": "approve"})
    assert r.status_code == 409 and "already rejected" in r.text  # plain error page


def test_my_shifts_check_in_and_out(client: TestClient, make_person, log_in: LogIn,
                                    engine) -> None:
    op = make_person("operator")
    now = datetime.now(UTC)
    shift_id = _shift(engine, op, "operator", now - timedelta(minutes=10))
    later_id = _shift(engine, op, "operator", now + timedelta(days=2))
    log_in(op)
    page = client.get("/roster/mine").text
    assert f'action="/roster/shifts/{shift_id}/check-in"' in page
    assert f'action="/roster/shifts/{later_id}/check-in"' not in page  # not open yet
    r = client.post(f"/roster/shifts/{later_id}/check-in", data={"csrf_token": csrf(client)})
    assert r.status_code == 422 and "30 minutes before" in r.text
    r = client.post(f"/roster/shifts/{shift_id}/check-in", data={"csrf_token": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "Checked in" in page and f'action="/roster/shifts/{shift_id}/check-out"' in page
    client.post(f"/roster/shifts/{shift_id}/check-out", data={"csrf_token": csrf(client)})
    with Session(engine) as s:
        shift = s.get(Shift, shift_id)
        assert shift.checked_in_at is not None and shift.checked_out_at is not None


def test_leave_request_form(client: TestClient, make_person, log_in: LogIn, engine) -> None:
    op = make_person("operator")
    log_in(op)
    day = (datetime.now(UTC).astimezone(ZONE).date() + timedelta(days=10)).isoformat()
    form = {"csrf_token": csrf(client), "kind": "sick", "start_day": day, "start_time": "08:00",
            "end_day": day, "end_time": "06:00", "reason": "dentist"}
    r = client.post("/roster/leave", data=form)
    assert r.status_code == 422 and "the end after the start" in r.text
    assert 'value="dentist"' not in r.text and ">dentist</textarea>" in r.text  # kept as typed
    r = client.post("/roster/leave", data={**form, "end_time": "16:00"}, follow_redirects=False)
    assert r.status_code == 303
    with Session(engine) as s:
        leave = s.exec(select(Leave)).one()
        assert leave.kind == "sick" and leave.start == at(
            datetime.fromisoformat(day).date(), time(8), ZONE)  # read in the hotline's zone
    assert "Sick leave" in client.get("/roster/mine").text


def test_swap_offer_take_and_give_back(client: TestClient, make_person, log_in: LogIn,
                                       engine) -> None:
    holder, taker = make_person("operator"), make_person("operator", full_name="Wu Taker")
    responder = make_person("crisis_responder")
    shift_id = _shift(engine, holder, "operator", _tomorrow_8() + timedelta(days=3))
    log_in(holder)
    r = client.post(f"/roster/shifts/{shift_id}/offer", follow_redirects=False,
                    data={"csrf_token": csrf(client), "reason": "family visit"})
    assert r.status_code == 303
    log_in(responder)  # not an operator: may not hold the seat
    swap_id = int(client.get("/roster/mine").text.split('action="/roster/swaps/')[1].split("/")[0])
    r = client.post(f"/roster/swaps/{swap_id}/take", data={"csrf_token": csrf(client)})
    assert r.status_code == 422 and "cannot hold operator" in r.text
    log_in(taker)
    assert "family visit" in client.get("/roster/mine").text
    client.post(f"/roster/swaps/{swap_id}/take", data={"csrf_token": csrf(client)})
    with Session(engine) as s:
        assert s.get(SwapRequest, swap_id).status == SwapStatus.taken
    assert "Give it back" in client.get("/roster/mine").text
    client.post(f"/roster/swaps/{swap_id}/untake", data={"csrf_token": csrf(client)})
    with Session(engine) as s:
        assert s.get(SwapRequest, swap_id).status == SwapStatus.open


def test_calendar_link_is_shown_once(client: TestClient, make_person, log_in: LogIn) -> None:
    log_in(make_person("operator"))
    page = client.post("/roster/calendar", data={"csrf_token": csrf(client)}).text
    url = page.split('id="feed-url">')[1].split("<")[0]
    assert "/calendar/" in url and url.endswith(".ics")
    assert client.get(url.replace("http://testserver", "")).status_code == 200
    assert 'id="feed-url"' not in client.get("/roster/mine").text


def test_generator_explains_a_short_roster_and_publishes(
    client: TestClient, make_person, log_in: LogIn, engine
) -> None:
    sup = make_person("supervisor")
    log_in(make_person("operator"))
    assert client.get("/roster/generate").status_code == 403
    log_in(sup)
    assert "Propose a roster" in client.get("/roster/generate").text
    day = monday_of(datetime.now(UTC).astimezone(ZONE).date()) + timedelta(days=14)
    r = client.post("/roster/generate", data={"csrf_token": csrf(client), "time_limit": "10",
                                              "first_day": day.isoformat(),
                                              "last_day": day.isoformat()})
    assert r.status_code == 200
    assert "No gap-free roster" in r.text and 'id="proposal-gaps"' in r.text
    assert "Crisis primary on call" in r.text
    # The capacity check's arithmetic, in the page's language.
    assert 'id="shortfalls"' in r.text and "needed at once, only 1 eligible and free then" in r.text
    assert "needs 24.0 h and nobody may hold it" in r.text
    assert "the 1 eligible can give at most 8.0 h between them; short by 16.0 h" in r.text
    bad = client.post("/roster/generate", data={"csrf_token": csrf(client), "first_day": "x",
                                                "last_day": ""})
    assert bad.status_code == 422 and "first and the last day" in bad.text

    start = at(day, time(8), ZONE)
    body = {"shifts": [{"staff_id": sup.id, "position": "supervisor", "start": start.isoformat(),
                        "end": (start + timedelta(hours=8)).isoformat()}]}
    r = client.post("/roster/publish", follow_redirects=False,
                    data={"csrf_token": csrf(client), "shifts": json.dumps(body)})
    assert r.status_code == 303 and f"week={day.isoformat()}" in r.headers["location"]
    with Session(engine) as s:
        assert s.exec(select(Shift).where(Shift.source == "generated")).one().staff_id == sup.id
    r = client.post("/roster/publish", data={"csrf_token": csrf(client), "shifts": "{"})
    assert r.status_code == 422 and "Generate it again" in r.text
