"""The caller's history goes to whoever handles the caller now, audited; others get 403."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.crisis.models import Escalation, Notification

NUMBER = "+8613700001111"
PLAN = {"reasons_for_living": "女儿；想去看海", "warning_signs": "失眠",
        "who_can_help": "姐姐", "crisis_agencies": "12356"}


def _call(client, person, minutes_ago: int, **body):
    received = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()
    r = client.post("/api/contacts", json={"channel": "voice", "caller_number": NUMBER,
                                           "received_at": received, **body},
                    headers=person.headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_the_operator_of_a_repeat_call_sees_the_history_and_last_safety_plan(
        client, make_person, engine):
    first_op, op = make_person("operator"), make_person("operator")
    old = _call(client, first_op, 600, issues=["mood.depression"], safety_plan=PLAN,
                risk_screen={"wish_dead": True, "suicidal_thoughts": True, "intent": True},
                notes="私密的通话记录")
    middle = _call(client, first_op, 300, issues=["stress.exams"])
    now = _call(client, op, 1)
    r = client.get(f"/api/contacts/{now['id']}/caller-history", headers=op.headers)
    assert r.status_code == 200, r.text
    history = r.json()
    assert history["caller_known"] and history["earlier_count"] == 2
    assert [c["id"] for c in history["contacts"]] == [middle["id"], old["id"]]  # newest first
    oldest = history["contacts"][1]
    assert oldest["risk_level"] == "high" and oldest["risk_reasons"] == ["intent"]
    assert oldest["issues"] == ["mood.depression"]
    assert oldest["operator_name"] == first_op.staff.full_name
    assert history["safety_plan"]["contact_id"] == old["id"]
    assert history["safety_plan"]["plan"]["reasons_for_living"] == "女儿；想去看海"
    assert "私密的通话记录" not in r.text and NUMBER not in r.text  # no notes, no number
    with Session(engine) as s:
        reads = s.exec(select(AuditEntry.subject).where(
            AuditEntry.action == "contact.read_in_history")
            .where(AuditEntry.actor_id == op.id)).all()
    assert sorted(reads) == sorted([f"contact:{old['id']}", f"contact:{middle['id']}"])


def test_others_get_403_supervisors_see_it(client, make_person):
    op, other, sup = make_person("operator"), make_person("operator"), make_person("supervisor")
    _call(client, op, 100)
    now = _call(client, op, 1)
    url = f"/api/contacts/{now['id']}/caller-history"
    assert client.get(url, headers=other.headers).status_code == 403
    assert client.get(url, headers=sup.headers).json()["earlier_count"] == 1
    assert client.get("/api/contacts/999999/caller-history",
                      headers=sup.headers).status_code == 404
    assert client.get("/api/contacts/abc/caller-history", headers=sup.headers).status_code == 422


def test_the_follow_up_owner_sees_it(client, make_person):
    op, owner, sup = make_person("operator"), make_person("operator"), make_person("supervisor")
    _call(client, op, 100)
    agreed = _call(client, op, 1, follow_up={"consent": True})
    url = f"/api/contacts/{agreed['id']}/caller-history"
    assert client.get(url, headers=owner.headers).status_code == 403
    (task,) = client.get("/api/follow-ups", headers=op.headers).json()
    client.post(f"/api/follow-ups/{task['id']}/assign", json={"owner_id": owner.id},
                headers=sup.headers)
    assert client.get(url, headers=owner.headers).json()["earlier_count"] == 1


def test_an_alerted_responder_sees_it(client, make_person, engine):
    op, responder, bystander = (make_person("operator"), make_person("crisis_responder"),
                                make_person("crisis_responder"))
    now = _call(client, op, 1)
    with Session(engine) as s:
        esc = Escalation(contact_id=now["id"], risk_level="moderate")
        s.add(esc)
        s.flush()
        s.add(Notification(idempotency_key="t1", escalation_id=esc.id,
                           recipient_id=responder.id, channel="console"))
        s.commit()
    url = f"/api/contacts/{now['id']}/caller-history"
    assert client.get(url, headers=responder.headers).status_code == 200
    assert client.get(url, headers=bystander.headers).status_code == 403


def test_a_contact_without_a_number_has_no_history(client, make_person):
    op = make_person("operator")
    c = client.post("/api/contacts", json={"channel": "chat"}, headers=op.headers).json()
    history = client.get(f"/api/contacts/{c['id']}/caller-history", headers=op.headers).json()
    assert history == {"contact_id": c["id"], "caller_known": False, "earlier_count": 0,
                       "contacts": [], "safety_plan": None, "flags": [], "care_plan": None}


def test_earlier_referrals_and_follow_ups_show(client, make_person):
    op, sup = make_person("operator"), make_person("supervisor")
    service = client.post("/api/resources", json={"name": "上海市心理热线"},
                          headers=sup.headers).json()
    old = _call(client, op, 300, follow_up={"consent": True})
    client.post(f"/api/contacts/{old['id']}/referrals", json={"resource_id": service["id"]},
                headers=op.headers)
    now = _call(client, op, 1)
    (row,) = client.get(f"/api/contacts/{now['id']}/caller-history",
                        headers=op.headers).json()["contacts"]
    assert row["resources_given"] == ["上海市心理热线"]
    assert row["follow_up"]["status"] == "open" and row["follow_up"]["attempts"] == 0
