"""After a high or imminent call the operator and the responder are offered a debrief;
supervision hours are recorded and shown against the yearly policy value."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs
from hotline.crisis.models import Escalation
from hotline.notices.models import Notice
from hotline.staffcare.models import Debrief


def _resolved_high_call(client, engine, op, responder, *, drill: bool = False) -> int:
    c = client.post("/api/contacts", json={"channel": "voice"}, headers=op.headers).json()
    now = datetime.now(UTC)
    with Session(engine) as s:
        esc = Escalation(contact_id=c["id"], risk_level="high", state="resolved",
                         acknowledged_by=responder.id, acknowledged_at=now,
                         resolved_by=responder.id, resolved_at=now, is_drill=drill)
        s.add(esc)
        s.commit()
        assert esc.id is not None
        return esc.id


def test_debriefs_are_offered_once_to_operator_and_responder(client, make_person, engine):
    op, responder = make_person("operator"), make_person("crisis_responder")
    esc_id = _resolved_high_call(client, engine, op, responder)
    _resolved_high_call(client, engine, op, responder, drill=True)  # drills: no debrief
    assert jobs.offer_debriefs(engine) == 2
    assert jobs.offer_debriefs(engine) == 0  # safe to run twice
    with Session(engine) as s:
        rows = s.exec(select(Debrief)).all()
        notices = s.exec(select(Notice).where(Notice.kind == "debrief")).all()
    assert {(d.staff_id, d.role) for d in rows} == {(op.id, "operator"),
                                                    (responder.id, "responder")}
    assert all(d.escalation_id == esc_id for d in rows)
    assert {n.audience for n in notices} == {f"staff:{op.id}", f"staff:{responder.id}"}


def test_the_person_answers_their_own_debrief(client, make_person, engine):
    op, responder, sup = (make_person("operator"), make_person("crisis_responder"),
                          make_person("supervisor"))
    _resolved_high_call(client, engine, op, responder)
    jobs.offer_debriefs(engine)
    (mine,) = client.get("/api/debriefs", headers=op.headers).json()
    assert mine["status"] == "offered"
    url = f"/api/debriefs/{mine['id']}"
    assert client.post(url, json={"wellbeing": 3}, headers=responder.headers).status_code == 403
    assert client.post(url, json={}, headers=op.headers).status_code == 422  # how are you?
    assert client.post(url, json={"wellbeing": 9}, headers=op.headers).status_code == 422
    outstanding = client.get("/api/debriefs", params={"outstanding": True},
                             headers=sup.headers).json()
    assert len(outstanding) == 2
    assert client.get("/api/debriefs", params={"outstanding": True},
                      headers=op.headers).status_code == 403
    r = client.post(url, json={"wellbeing": 2, "still_with_me": "来电者的声音", "what_helped":
                               "和同事聊了聊", "wants_support": True}, headers=op.headers)
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert client.post(url, json={"declined": True}, headers=op.headers).status_code == 409
    seen = {d["staff_id"]: d for d in client.get("/api/debriefs", params={"outstanding": True},
                                                 headers=sup.headers).json()}
    assert seen[op.id]["still_with_me"] == "来电者的声音"  # asked for support: shared
    assert seen[responder.id]["status"] == "offered"


def test_supervision_hours_against_the_yearly_policy(client, make_person):
    sup, lead = make_person("supervisor"), make_person("team_lead")
    a, b = make_person("operator"), make_person("crisis_responder")
    today = date.today()
    group = {"staff_ids": [a.id, b.id], "supervisor_id": sup.id, "held_on": today.isoformat(),
             "hours": 2, "format": "group"}
    assert client.post("/api/supervision", json=group, headers=a.headers).status_code == 403
    r = client.post("/api/supervision", json=group, headers=lead.headers)
    assert r.status_code == 201 and len(r.json()) == 2
    solo = {**group, "staff_ids": [a.id], "hours": 10, "format": "individual"}
    assert client.post("/api/supervision", json=solo, headers=sup.headers).status_code == 201
    hours = {h["staff_id"]: h for h in client.get("/api/supervision/hours",
                                                  headers=sup.headers).json()}
    assert hours[a.id]["hours"] == 12 and hours[a.id]["met"] and hours[a.id]["required"] == 12
    assert hours[b.id]["hours"] == 2 and not hours[b.id]["met"]
    assert client.get("/api/supervision/hours", params={"year": today.year - 1},
                      headers=sup.headers).json()[0]["hours"] == 0


def test_bad_supervision_records(client, make_person):
    sup, a = make_person("supervisor"), make_person("operator")
    base = {"staff_ids": [a.id], "supervisor_id": sup.id, "held_on": date.today().isoformat(),
            "hours": 1, "format": "individual"}
    for change in ({"held_on": (date.today() + timedelta(days=2)).isoformat()},
                   {"hours": 0}, {"hours": 30}, {"format": "casual"}, {"staff_ids": []},
                   {"staff_ids": [999999]}, {"staff_ids": [sup.id]}):
        r = client.post("/api/supervision", json={**base, **change}, headers=sup.headers)
        assert r.status_code == 422 and "detail" in r.json(), change
