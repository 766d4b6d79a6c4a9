"""iCalendar feeds: parse with icalendar, secret tokens, revocation."""

from __future__ import annotations

from icalendar import Calendar
from sqlmodel import Session

from hotline.staff.models import Team, TeamMembership
from tests.roster.test_shifts_api import TOMORROW, body


def test_personal_feed_parses_and_holds_only_my_shifts(client, make_person):
    sup, me, other = make_person("supervisor"), make_person("operator"), make_person("operator")
    mine = client.post("/api/shifts", json=body(me, "operator", TOMORROW, "08:00", "16:00"),
                       headers=sup.headers).json()
    client.post("/api/shifts", json=body(other, "operator", TOMORROW, "08:00", "16:00"),
                headers=sup.headers)
    feed = client.post("/api/calendar/feeds", json={}, headers=me.headers)
    assert feed.status_code == 201
    url = feed.json()["url"]
    r = client.get(url)  # no login: calendar apps cannot log in
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"shift-{mine['id']}@hotline"]
    assert events[0].decoded("dtstart").isoformat().replace("+00:00", "Z") == mine["start"].replace(
        "+00:00", "Z")

    assert client.post("/api/calendar/feeds/revoke", headers=me.headers).json() == {"revoked": 1}
    assert client.get(url).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_team_feed_needs_a_supervisor(client, make_person, engine):
    sup, a, b = make_person("supervisor"), make_person("operator"), make_person("operator")
    with Session(engine) as s:
        team = Team(code="ops", name_zh="接线员团队", kind="operators")
        s.add(team)
        s.flush()
        s.add_all([TeamMembership(team_id=team.id, staff_id=a.id),
                   TeamMembership(team_id=team.id, staff_id=b.id)])
        s.commit()
        team_id = team.id
    for p in (a, b):
        client.post("/api/shifts", json=body(p, "operator", TOMORROW, "08:00", "16:00"),
                    headers=sup.headers)
    assert client.post("/api/calendar/feeds", json={"team_id": team_id},
                       headers=a.headers).status_code == 403
    url = client.post("/api/calendar/feeds", json={"team_id": team_id},
                      headers=sup.headers).json()["url"]
    events = list(Calendar.from_ical(client.get(url).content).walk("VEVENT"))
    assert len(events) == 2
    assert all(str(e["summary"]).startswith("operator — Test operator") for e in events)
    assert client.post("/api/calendar/feeds", json={"team_id": 999},
                       headers=sup.headers).status_code == 422
