"""Sessions and drills through the API: invitations, coverage-safe scheduling, attendance,
compliance, suggestions and live drill runs."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from hotline.notices.models import Notice
from hotline.roster.models import Shift
from hotline.training.models import Participant, TrainingSession
from hotline.wallclock import at
from tests.roster.test_shifts_api import TOMORROW, ZONE


def _body(**overrides):
    start = at(TOMORROW, time(14), ZONE)
    body = {"kind": "training", "title": "危机干预倾听技巧", "audience": "operators",
            "start": start.isoformat(), "end": (start + timedelta(hours=3)).isoformat(),
            "place": "二楼培训室", "invite": {"roles": ["operator"]}}
    body.update(overrides)
    return body


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def lead(make_person):
    return make_person("team_lead")


def test_team_lead_schedules_and_invites_by_role(client, lead, make_person, engine):
    a, b = make_person("operator"), make_person("operator")
    make_person("crisis_responder")
    r = client.post("/api/trainings", json=_body(), headers=lead.headers)
    assert r.status_code == 201, r.text
    assert sorted(p["staff_id"] for p in r.json()["participants"]) == sorted([a.id, b.id])
    mine = client.get("/api/notices", headers=a.headers).json()
    assert [n["kind"] for n in mine] == ["training.invited"]
    assert client.get("/api/trainings?mine=true", headers=a.headers).json()[0]["title"] == "危机干预倾听技巧"
    assert client.post("/api/trainings", json=_body(), headers=a.headers).status_code == 403


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"end": at(TOMORROW, time(13), ZONE).isoformat()}, "must end after it starts"),
        ({"capacity": 1}, "capacity"),
        ({"kind": "drill"}, "scenario"),
        ({"place": ""}, "place"),
        ({"invite": {"staff_ids": [999999]}}, "999999"),
        ({"audience": "everyone"}, "audience"),
    ],
)
def test_bad_sessions_write_nothing(client, lead, make_person, engine, change, says):
    make_person("operator"), make_person("operator")
    before = (_count(engine, TrainingSession), _count(engine, Participant))
    r = client.post("/api/trainings", json=_body(**change), headers=lead.headers)
    assert r.status_code == 422 and says in str(r.json()["detail"])
    assert (_count(engine, TrainingSession), _count(engine, Participant)) == before


def _on_shift(engine, person, position):
    with Session(engine) as s:
        s.add(Shift(staff_id=person.id, position=position, start=at(TOMORROW, time(8), ZONE),
                    end=at(TOMORROW, time(16), ZONE)))
        s.commit()


def test_session_that_empties_the_phones_is_refused_or_excludes(client, lead, make_person, engine):
    crisis = make_person("crisis_responder")
    other = make_person("crisis_responder")
    _on_shift(engine, crisis, "crisis_primary")
    body = _body(kind="drill", scenario="imminent_rescue", audience="crisis_team",
                 invite={"roles": ["crisis_responder"]})
    r = client.post("/api/trainings", json=body, headers=lead.headers)
    assert r.status_code == 409
    assert [(g["position"], g["scheduled"]) for g in r.json()["gaps"]] == [("crisis_primary", 0)]
    assert _count(engine, TrainingSession) == 0
    r = client.post("/api/trainings", json={**body, "on_shift": "exclude"}, headers=lead.headers)
    assert r.status_code == 201
    assert r.json()["excluded_on_shift"] == [crisis.id]
    assert [p["staff_id"] for p in r.json()["participants"]] == [other.id]


def test_session_is_accepted_when_colleagues_cover(client, lead, make_person, engine):
    a, b, c = (make_person("operator") for _ in range(3))
    for p in (a, b, c):
        _on_shift(engine, p, "operator")  # 3 on shift where 2 are required
    r = client.post("/api/trainings", json=_body(invite={"staff_ids": [a.id]}), headers=lead.headers)
    assert r.status_code == 201 and r.json()["excluded_on_shift"] == []


def _held_session(engine, lead, people, kind="training"):
    with Session(engine) as s:
        start = datetime.now(UTC) - timedelta(hours=4)
        row = TrainingSession(kind=kind, title="季度培训", audience="operators", start=start,
                              end=start + timedelta(hours=3), place="培训室", created_by=lead.id,
                              scenario="imminent_rescue" if kind == "drill" else "")
        s.add(row)
        s.flush()
        s.add_all(Participant(session_id=row.id, staff_id=p.id) for p in people)
        s.commit()
        return row.id


def test_attendance_accrues_hours_and_counts_for_compliance(client, lead, make_person, engine):
    a, b = make_person("operator"), make_person("operator")
    outsider = make_person("operator")
    sid = _held_session(engine, lead, [a, b])
    url = f"/api/trainings/{sid}/attendance"
    bad = [
        ({"records": [{"staff_id": outsider.id, "attendance": "attended", "passed": True}]},
         "not invited"),
        ({"records": [{"staff_id": a.id, "attendance": "attended", "passed": True,
                       "score": 130}]}, "score"),
        ({"records": [{"staff_id": a.id, "attendance": "attended"}]}, "passed"),
    ]
    for body, says in bad:
        r = client.post(url, json=body, headers=lead.headers)
        assert r.status_code == 422 and says in str(r.json()["detail"]), body
    r = client.post(url, json={"records": [
        {"staff_id": a.id, "attendance": "attended", "passed": True, "score": 88},
        {"staff_id": b.id, "attendance": "excused"}]}, headers=lead.headers)
    assert r.status_code == 200
    parts = {p["staff_id"]: p for p in r.json()["participants"]}
    assert parts[a.id]["hours"] == 3 and parts[a.id]["score"] == 88 and parts[b.id]["hours"] == 0
    rows = client.get("/api/trainings/compliance", headers=lead.headers).json()
    counted = {r["staff_id"]: r["counted"] for r in rows if r["mandate"] == "operators:training"}
    assert counted[a.id] == 1 and counted[b.id] == 0
    csv_text = client.get("/api/trainings/compliance.csv", headers=lead.headers).text
    table = list(csv.DictReader(io.StringIO(csv_text)))
    assert {r["staff_id"] for r in table} >= {str(a.id), str(b.id)}
    assert client.get("/api/trainings/compliance", headers=a.headers).status_code == 403


def test_attendance_waits_for_the_session(client, lead, make_person):
    a = make_person("operator")
    created = client.post("/api/trainings", json=_body(invite={"staff_ids": [a.id]}),
                          headers=lead.headers).json()
    r = client.post(f"/api/trainings/{created['id']}/attendance",
                    json={"records": [{"staff_id": a.id, "attendance": "absent"}]},
                    headers=lead.headers)
    assert r.status_code == 422 and "started" in r.json()["detail"]


def test_suggestions_keep_coverage(client, lead, make_person, engine):
    busy = make_person("crisis_responder")
    make_person("crisis_responder")
    _on_shift(engine, busy, "crisis_primary")  # alone in the position 08-16 tomorrow
    r = client.get("/api/trainings/suggestions", params={
        "since": TOMORROW.isoformat(), "until": TOMORROW.isoformat(), "audience": "crisis_team",
        "hours": 3}, headers=lead.headers)
    assert r.status_code == 200
    (slot,) = r.json()  # the day's best slot: one per day
    assert datetime.fromisoformat(slot["start"]).astimezone(ZONE).hour == 9
    assert slot["can_attend"] == 1 and slot["required"] == 2  # one cannot leave the phone
    assert client.get("/api/trainings/suggestions", params={
        "since": TOMORROW.isoformat(), "until": (TOMORROW - timedelta(days=1)).isoformat(),
        "audience": "crisis_team"}, headers=lead.headers).status_code == 422


def test_live_drill_run_routes_for_real_and_records_time_to_ack(client, lead, make_person,
                                                                 engine):
    primary = make_person("crisis_responder")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=primary.id, position="crisis_primary", start=now - timedelta(hours=1),
                    end=now + timedelta(hours=2)))
        s.commit()
    sid = _held_session(engine, lead, [primary], kind="drill")
    with Session(engine) as s:  # the drill is happening now
        row = s.get(TrainingSession, sid)
        row.start, row.end = now - timedelta(minutes=5), now + timedelta(hours=1)
        s.add(row)
        s.commit()
    with client.websocket_connect("/ws", headers=primary.headers) as ws:
        r = client.post(f"/api/trainings/{sid}/drill-runs", headers=lead.headers)
        assert r.status_code == 201, r.text
        alert = ws.receive_json()
    assert alert["type"] == "escalation.created" and alert["data"]["is_drill"] is True
    assert alert["data"]["risk_level"] == "imminent"
    client.post(f"/api/escalations/{alert['data']['id']}/ack", headers=primary.headers)
    (result,) = client.get(f"/api/trainings/{sid}/drill-runs", headers=lead.headers).json()
    assert result["state"] == "acknowledged"
    assert result["seconds_to_acknowledge"] is not None and result["seconds_to_acknowledge"] >= 0
    assert result["responders"][0]["staff_id"] == primary.id
    contact = client.get(f"/api/contacts/{result['contact_id']}", headers=lead.headers).json()
    assert contact["notes"].startswith("演练 DRILL") and contact["escalation"]["is_drill"]
    with Session(engine) as s:
        assert s.exec(select(Notice).where(Notice.kind == "training.invited")).all() == []


def test_invitations_show_in_the_personal_calendar(client, lead, make_person):
    from icalendar import Calendar

    a = make_person("operator")
    created = client.post("/api/trainings", json=_body(invite={"staff_ids": [a.id]}),
                          headers=lead.headers).json()
    url = client.post("/api/calendar/feeds", json={}, headers=a.headers).json()["url"]
    events = list(Calendar.from_ical(client.get(url).content).walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"training-{created['id']}@hotline"]
    assert str(events[0]["summary"]) == "培训 Training: 危机干预倾听技巧"
    assert str(events[0]["location"]) == "二楼培训室"
    client.post(f"/api/trainings/{created['id']}/cancel", headers=lead.headers)
    assert list(Calendar.from_ical(client.get(url).content).walk("VEVENT")) == []


def test_suggestions_need_a_roster_and_keep_to_the_hours_asked(client, lead, make_person,
                                                               engine):
    people = [make_person("crisis_responder") for _ in range(2)]
    params = {"since": TOMORROW.isoformat(), "until": (TOMORROW + timedelta(days=7)).isoformat(),
              "audience": "crisis_team", "hours": 2}
    assert client.get("/api/trainings/suggestions", params=params,
                      headers=lead.headers).json() == []  # no roster yet
    with Session(engine) as s:  # a roster for tomorrow only, 00:00-24:00
        for person, (a, b) in zip(people, ((time(0), time(16)), (time(16), time(0))),
                                  strict=True):
            end = at(TOMORROW + timedelta(days=1 if b == time(0) else 0), b, ZONE)
            s.add(Shift(staff_id=person.id, position="crisis_primary",
                        start=at(TOMORROW, a, ZONE), end=end))
        s.commit()

    def starts(**asked):
        r = client.get("/api/trainings/suggestions", params={**params, **asked},
                       headers=lead.headers)
        assert r.status_code == 200, r.text
        return sorted(datetime.fromisoformat(x["start"]).astimezone(ZONE) for x in r.json())

    found = starts()
    assert [d.date() for d in found] == [TOMORROW]  # the days without a roster offer nothing
    assert found[0].hour == 9  # the day's best slot, the earliest of equals
    late = starts(earliest="15:00", latest="18:00")
    assert [(d.hour, d.minute) for d in late] == [(16, 0)]  # 16:00-18:00 ends by 18:00
    evening = starts(earliest="18:30", latest="21:00")
    assert [(d.hour, d.minute) for d in evening] == [(19, 0)]  # on the hour, ending by 21:00
    r = client.get("/api/trainings/suggestions", params={**params, "earliest": "17:00",
                                                         "latest": "18:00"}, headers=lead.headers)
    assert r.status_code == 422 and "does not fit" in r.json()["detail"]
    for bad in ("late", "00:00:00Z", "09:00+08:00"):  # not a time; a time with a zone
        r = client.get("/api/trainings/suggestions", params={**params, "earliest": bad},
                       headers=lead.headers)
        assert r.status_code == 422, bad


def test_a_drill_contact_is_made_like_every_contact(client, lead, make_person, engine):
    """The drill's simulated contact goes through the one intake path: its first revision,
    the audit entry and ``contact.created`` (marked as a drill) come with it."""
    from hotline.access.models import AuditEntry
    from hotline.contacts.models import ContactRevision

    sid = _held_session(engine, lead, [], kind="drill")
    with Session(engine) as s:
        row = s.get(TrainingSession, sid)
        row.start, row.end = datetime.now(UTC) - timedelta(minutes=5), \
            datetime.now(UTC) + timedelta(hours=1)
        s.add(row)
        s.commit()
    supervisor = make_person("supervisor")
    with client.websocket_connect("/ws", headers=supervisor.headers) as ws:
        r = client.post(f"/api/trainings/{sid}/drill-runs", headers=lead.headers)
        assert r.status_code == 201, r.text
        created = ws.receive_json()
    contact_id = r.json()["contact_id"]
    assert created["type"] == "contact.created"
    assert created["data"]["id"] == contact_id and created["data"]["is_drill"] is True
    with Session(engine) as s:
        (revision,) = s.exec(select(ContactRevision)
                             .where(ContactRevision.contact_id == contact_id)).all()
        assert revision.version == 1 and revision.author_id == lead.id
        assert revision.changes["is_drill"] == [None, True]
        (entry,) = s.exec(select(AuditEntry).where(AuditEntry.action == "contact.create")
                          .where(AuditEntry.subject == f"contact:{contact_id}")).all()
        assert entry.actor_id == lead.id and entry.detail == {"risk_level": "imminent"}
