"""A drill reports what it measures (time to acknowledge, rescue steps done), never a pass
count: on its page, in the year plan, on the monthly report and in that report's CSV, in both
languages."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline.roster.models import Shift
from hotline.training.models import Attendance, Participant, TrainingSession
from tests.training.test_sessions import _held_session


def test_a_drill_reports_time_to_acknowledge_and_steps_done(client, make_person, log_in,
                                                            engine) -> None:
    supervisor = make_person("supervisor", "team_lead")
    primary = make_person("crisis_responder", full_name="危机 甲")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=primary.id, position="crisis_primary",
                    start=now - timedelta(hours=1), end=now + timedelta(hours=2)))
        s.commit()
    sid = _held_session(engine, supervisor, [primary], kind="drill")
    with Session(engine) as s:  # happening now, and everyone invited came (no assessment)
        row = s.get(TrainingSession, sid)
        assert row is not None
        row.start, row.end = now - timedelta(minutes=5), now + timedelta(hours=1)
        part = s.exec(select(Participant).where(Participant.session_id == sid)).one()
        part.attendance, part.hours = Attendance.attended, 1
        s.add_all([row, part])
        s.commit()
    run = client.post(f"/api/trainings/{sid}/drill-runs", headers=supervisor.headers).json()
    contact = client.get(f"/api/contacts/{run['contact_id']}", headers=supervisor.headers).json()
    esc_id = contact["escalation"]["id"]
    assert client.post(f"/api/escalations/{esc_id}/ack",
                       headers=primary.headers).status_code == 200
    for step in ({"step": "kept_on_line"}, {"step": "emergency_called", "service": "120"}):
        r = client.post(f"/api/escalations/{esc_id}/rescue", json=step, headers=primary.headers)
        assert r.status_code == 200, r.text

    (result,) = client.get(f"/api/trainings/{sid}/drill-runs", headers=supervisor.headers).json()
    assert result["steps_done"] == ["kept_on_line", "emergency_called"]
    assert result["steps_total"] == 4

    log_in(supervisor)
    for lang, steps, measured in (
        ("en", "Rescue steps done: 2 of 4 (Keep the caller on the line, Emergency service called)",
         "rescue steps done 2 of 4"),
        ("zh", "完成的救援步骤：2 / 4", "完成救援步骤 2 / 4"),
    ):
        page = client.get(f"/trainings/{sid}?lang={lang}").text
        assert steps in page
        assert "Passed" not in page and "Assessment" not in page and "考核" not in page
        plan = client.get(f"/trainings?year={now.year}&lang={lang}").text
        row_html = re.search(rf'data-session-id="{sid}">(.*?)</tr>', plan, re.DOTALL)
        assert row_html and measured in row_html.group(1)
        assert "passed" not in row_html.group(1) and "合格" not in row_html.group(1)

    log_in(primary)  # the responder's own list: the drill's measures, not "not passed"
    with Session(engine) as s:
        row = s.get(TrainingSession, sid)
        assert row is not None
        row.end = datetime.now(UTC) - timedelta(seconds=1)
        s.add(row)
        s.commit()
    mine = client.get("/trainings/mine?lang=en").text.split("Attended and results")[1]
    assert "rescue steps done 2 of 4" in mine and "Not passed" not in mine
    log_in(supervisor)
    month = datetime.now(UTC).strftime("%Y-%m")
    report = client.get(f"/reports/monthly?month={month}&lang=en").text
    assert "Drills are not passed or failed" in report
    assert "演练不分合格与否" in client.get(f"/reports/monthly?month={month}&lang=zh").text
    table = client.get(f"/reports/monthly.csv?month={month}&table=sessions&lang=en").text
    (drill,) = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    assert drill["Passed"] == "" and drill["Drill runs"] == "1"
    assert float(drill["Time to acknowledge, median"]) >= 0
    assert float(drill["Rescue steps done"]) == 0.5
