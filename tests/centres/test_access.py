"""Access by centre, as an attacker would test it: staff of one centre cannot read, list,
guess the ids of, or hear the events of another centre's contacts, escalations, staff and
shifts (404, as for an id that does not exist); the province reads them all, audited."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.realtime.hub import Push, Send, audiences_for
from tests.crisis.conftest import HIGH
from tests.roster.test_shifts_api import TOMORROW, body


@pytest.fixture
def people(make_person, centres):
    main, gz = centres["main"].id, centres["gz"].id
    return {
        "op_a": make_person("operator", centre_id=main),
        "sup_a": make_person("supervisor", centre_id=main),
        "admin_a": make_person("admin", centre_id=main),
        "op_b": make_person("operator", centre_id=gz),
        "sup_b": make_person("supervisor", centre_id=gz),
        "province": make_person("provincial_supervisor", centre_id=main),
        "crisis_lead": make_person("provincial_crisis_lead", centre_id=main),
    }


@pytest.fixture
def gz_contact(client, people) -> dict:
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                    headers=people["op_b"].headers)
    assert r.status_code == 201, r.text
    return r.json()


def _same_as_missing(client, person, url: str, missing_url: str, method: str = "GET",
                     **kwargs) -> None:
    """Another centre's id answers exactly as an id that does not exist."""
    found = client.request(method, url, headers=person.headers, **kwargs)
    missing = client.request(method, missing_url, headers=person.headers, **kwargs)
    assert found.status_code == missing.status_code == 404, (found.text, missing.text)
    assert found.json()["code"] == missing.json()["code"]


def test_another_centres_contact_is_not_found(client, people, gz_contact):
    cid = gz_contact["id"]
    for who in ("sup_a", "op_a", "admin_a"):
        _same_as_missing(client, people[who], f"/api/contacts/{cid}", "/api/contacts/999999")
        _same_as_missing(client, people[who], f"/api/contacts/{cid}/revisions",
                         "/api/contacts/999999/revisions")
        _same_as_missing(client, people[who], f"/api/contacts/{cid}", "/api/contacts/999999",
                         "PATCH", json={"notes": "x"})
    listed = client.get("/api/contacts", headers=people["sup_a"].headers).json()
    assert cid not in [c["id"] for c in listed["items"]] and listed["total"] == 0
    assert client.get(f"/api/contacts/{cid}", headers=people["sup_b"].headers).status_code == 200


def test_the_province_reads_every_centre_and_each_read_is_audited(client, engine, people,
                                                                  gz_contact):
    cid = gz_contact["id"]
    province = people["province"]
    assert client.get(f"/api/contacts/{cid}", headers=province.headers).status_code == 200
    listed = client.get("/api/contacts", headers=province.headers).json()
    assert cid in [c["id"] for c in listed["items"]]
    # The province reads; it does not change a centre's record.
    r = client.patch(f"/api/contacts/{cid}", json={"notes": "x"}, headers=province.headers)
    assert r.status_code == 403
    with Session(engine) as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.actor_id == province.id)).all()
    cross = [e for e in entries if e.action == "centre.cross_read"]
    assert [(e.subject, e.detail["centre"], e.detail["what"]) for e in cross] == [
        ("centre:gz", "gz", "contacts"), ("centre:gz", "gz", "contacts")]
    assert {e.action for e in entries} >= {"contact.read", "contact.list_read"}
    # The crisis lead reads the high-risk contact too.
    lead = people["crisis_lead"]
    assert client.get(f"/api/contacts/{cid}", headers=lead.headers).status_code == 200


def test_another_centres_escalation_is_not_found(client, people, gz_contact):
    esc = gz_contact["escalation"]
    assert esc is not None
    eid = esc["id"]
    sup_a, sup_b = people["sup_a"], people["sup_b"]
    _same_as_missing(client, sup_a, f"/api/escalations/{eid}", "/api/escalations/999999")
    _same_as_missing(client, sup_a, f"/api/escalations/{eid}/ack", "/api/escalations/999999/ack",
                     "POST")
    assert eid not in [e["id"] for e in
                       client.get("/api/escalations", headers=sup_a.headers).json()]
    assert eid in [e["id"] for e in client.get("/api/escalations", headers=sup_b.headers).json()]
    for who in ("province", "crisis_lead"):
        seen = client.get("/api/escalations", headers=people[who].headers).json()
        assert eid in [e["id"] for e in seen]
    # Reading is not taking over: the province does not acknowledge a centre's alert.
    r = client.post(f"/api/escalations/{eid}/ack", headers=people["province"].headers)
    assert r.status_code == 403
    assert client.post(f"/api/escalations/{eid}/ack", headers=sup_b.headers).status_code == 200


def test_another_centres_staff_and_shifts_are_not_found(client, people):
    op_b, sup_b = people["op_b"], people["sup_b"]
    sup_a, admin_a = people["sup_a"], people["admin_a"]
    _same_as_missing(client, sup_a, f"/api/staff/{op_b.id}", "/api/staff/999999")
    _same_as_missing(client, admin_a, f"/api/staff/{op_b.id}", "/api/staff/999999", "PATCH",
                     json={"full_name": "x"})
    _same_as_missing(client, admin_a, f"/api/staff/{op_b.id}/reactivate",
                     "/api/staff/999999/reactivate", "POST")
    names = {s["id"] for s in client.get("/api/staff", headers=admin_a.headers).json()}
    assert op_b.id not in names and people["op_a"].id in names
    everyone = {s["id"] for s in client.get("/api/staff",
                                            headers=people["province"].headers).json()}
    assert {op_b.id, people["op_a"].id} <= everyone

    shift = client.post("/api/shifts", json=body(op_b, "operator", TOMORROW, "08:00", "16:00"),
                        headers=sup_b.headers)
    assert shift.status_code == 201, shift.text
    sid = shift.json()["id"]
    window = {"since": f"{TOMORROW}T00:00:00+08:00", "until": f"{TOMORROW}T23:59:00+08:00"}
    assert sid not in [s["id"] for s in
                       client.get("/api/shifts", params=window, headers=sup_a.headers).json()]
    assert sid in [s["id"] for s in
                   client.get("/api/shifts", params=window, headers=sup_b.headers).json()]
    assert sid in [s["id"] for s in  # the person sees their own shift wherever it is
                   client.get("/api/shifts", params=window, headers=op_b.headers).json()]
    _same_as_missing(client, sup_a, f"/api/shifts/{sid}", "/api/shifts/999999", "DELETE")
    _same_as_missing(client, sup_a, f"/api/shifts/{sid}", "/api/shifts/999999", "PATCH",
                     json={"note": "x"})


def test_consoles_hear_only_their_centres_events(app, client, people, centres, gz_contact):
    """Replayed from the event log and fanned out live: a supervisor of another centre
    hears nothing of it; the centre's supervisor and the province do."""
    from hotline.realtime.backends import as_message
    from hotline.realtime.models import Event

    hub = app.state.hub
    main, gz = frozenset({centres["main"].id}), frozenset({centres["gz"].id})

    def heard(person, centres_) -> set[str]:
        audiences = audiences_for(person.id, person.staff.roles)
        return {m["type"] for m in hub.replay(audiences, 0, centres=centres_)}

    assert heard(people["sup_a"], main) == set()
    assert {"contact.created", "escalation.exhausted"} <= heard(people["sup_b"], gz)
    assert {"contact.created", "escalation.exhausted"} <= heard(people["province"], None)
    assert "contact.created" in heard(people["op_b"], gz)  # addressed to its operator

    with Session(app.state.engine) as s:
        messages = [as_message(e) for e in s.exec(select(Event))]

    counts = {"sup_a": 0, "sup_b": 0, "province": 0}  # frames written to each console

    def console(name: str) -> Send:
        async def send(_push: Push) -> None:
            counts[name] += 1
        return send

    async def live() -> None:
        async with hub.subscribe(audiences_for(people["sup_a"].id, ["supervisor"]),
                                 console("sup_a"), main), \
                hub.subscribe(audiences_for(people["sup_b"].id, ["supervisor"]),
                              console("sup_b"), gz), \
                hub.subscribe(audiences_for(people["province"].id, ["provincial_supervisor"]),
                              console("province"), None):
            hub._deliver(messages)

    with ThreadPoolExecutor(1) as pool:  # a loop of its own (a browser test may hold one)
        pool.submit(asyncio.run, live()).result()
    assert counts["sup_a"] == 0 and counts["sup_b"] > 0 and counts["province"] == counts["sup_b"]


def test_trainings_callbacks_and_audit_stay_in_their_centre(client, engine, make_person,
                                                            people, centres, gz_contact):
    from hotline.telephony.models import CallbackReason, CallbackTask
    from tests.training.test_sessions import _body

    gz = centres["gz"].id
    lead_b = make_person("team_lead", centre_id=gz)
    lead_a = make_person("team_lead", centre_id=centres["main"].id)
    r = client.post("/api/trainings", json=_body(invite={"roles": ["operator"]}),
                    headers=lead_b.headers)
    assert r.status_code == 201, r.text
    training = r.json()
    # It invited the operators of its own centre, not the other centre's.
    assert [p["staff_id"] for p in training["participants"]] == [people["op_b"].id]
    _same_as_missing(client, lead_a, f"/api/trainings/{training['id']}", "/api/trainings/999999")
    _same_as_missing(client, lead_a, f"/api/trainings/{training['id']}/cancel",
                     "/api/trainings/999999/cancel", "POST")
    assert training["id"] not in [t["id"] for t in
                                  client.get("/api/trainings", headers=lead_a.headers).json()]
    assert training["id"] in [t["id"] for t in
                              client.get("/api/trainings", headers=lead_b.headers).json()]

    with Session(engine) as s:
        task = CallbackTask(contact_id=gz_contact["id"], centre_id=gz,
                            reason=CallbackReason.voicemail)
        s.add(task)
        s.commit()
        task_id = task.id
    op_a, op_b = people["op_a"], people["op_b"]
    assert task_id not in [t["id"] for t in
                           client.get("/api/callbacks", headers=op_a.headers).json()]
    assert task_id in [t["id"] for t in client.get("/api/callbacks", headers=op_b.headers).json()]
    _same_as_missing(client, op_a, f"/api/callbacks/{task_id}/attempts",
                     "/api/callbacks/999999/attempts", "POST", json={"result": "no_answer"})

    sup_a, province = people["sup_a"], people["province"]
    seen = {e["actor_id"] for e in client.get("/api/audit", headers=sup_a.headers).json()}
    assert op_b.id not in seen and lead_b.id not in seen
    everyone = {e["actor_id"] for e in client.get("/api/audit", headers=province.headers).json()}
    assert {op_b.id, lead_b.id} <= everyone


def test_a_caller_history_shows_the_contacts_centre_only(client, engine, people, centres):
    """The same caller rang two centres: each centre's history shows its own contacts."""
    number = "+8613912345678"
    ids = {}
    for who in ("op_a", "op_b"):
        r = client.post("/api/contacts", json={"channel": "voice", "caller_number": number},
                        headers=people[who].headers)
        assert r.status_code == 201, r.text
        ids[who] = r.json()["id"]
    r = client.get(f"/api/contacts/{ids['op_b']}/caller-history",
                   headers=people["op_b"].headers)
    assert r.status_code == 200, r.text
    assert ids["op_a"] not in [c["id"] for c in r.json()["contacts"]]
    r = client.get(f"/api/contacts/{ids['op_b']}/caller-history",
                   headers=people["province"].headers)
    assert ids["op_a"] in [c["id"] for c in r.json()["contacts"]]
