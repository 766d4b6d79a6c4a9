"""A caller's rights: a supervisor exports everything held under one caller key and erases it
on request; both audited, neither open to anyone else, no key or number in a URL."""

from __future__ import annotations

from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.contacts.models import Contact, ContactRevision
from hotline.telephony.models import SealedNumber

NUMBER = "+8613900005678"


def _two_calls_and_a_stranger(client, make_person, make_contact):
    op = make_person("operator")
    first = make_contact(op, caller_number=NUMBER, notes="第一次来电")
    client.patch(f"/api/contacts/{first['id']}", json={"notes": "第一次来电，补充"},
                 headers=op.headers)
    second = make_contact(op, caller_number="+86 139-0000-5678")  # the same number, typed so
    other = make_contact(op, caller_number="+8613900009999", notes="别人的记录")
    return first, second, other


def test_export_gathers_everything_under_the_key_and_is_audited(
    client, make_person, make_contact, engine
):
    first, second, _other = _two_calls_and_a_stranger(client, make_person, make_contact)
    sup = make_person("supervisor")
    r = client.post("/api/callers/export", json={"caller_number": NUMBER}, headers=sup.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["caller_key"] == first["caller_key"] == second["caller_key"]
    assert [c["id"] for c in body["contacts"]] == [first["id"], second["id"]]
    assert body["number_held"] is True
    assert {rev["contact_id"] for rev in body["revisions"]} == {first["id"], second["id"]}
    assert "别人的记录" not in r.text and NUMBER not in r.text
    with Session(engine) as s:
        actions = [(e.action, e.subject) for e in s.exec(
            select(AuditEntry).where(AuditEntry.actor_id == sup.id))]
    assert ("contact.export", f"contact:{first['id']}") in actions
    assert ("caller.export", "") in actions
    by_key = client.post("/api/callers/export", json={"caller_key": first["caller_key"]},
                         headers=sup.headers)
    assert by_key.json()["contacts"] == body["contacts"]


def test_erase_keeps_bare_counts_and_removes_what_identifies(
    client, make_person, make_contact, engine
):
    first, second, other = _two_calls_and_a_stranger(client, make_person, make_contact)
    sup = make_person("supervisor")
    r = client.post("/api/callers/erase", headers=sup.headers,
                    json={"contact_id": first["id"], "reason": "来电者本人书面申请删除"})
    assert r.status_code == 200, r.text
    assert r.json() == {"contacts": 2, "sealed_numbers": 1}
    with Session(engine) as s:
        for cid in (first["id"], second["id"]):
            c = s.get(Contact, cid)
            assert c is not None and c.risk_level == "low"  # still counted
            assert (c.caller_key, c.notes, c.risk_screen, c.caller_profile, c.issues) == (
                None, "", {}, {}, [])
            assert s.exec(select(ContactRevision).where(
                ContactRevision.contact_id == cid)).all() == []
        assert s.get(Contact, other["id"]).notes == "别人的记录"
        assert s.get(SealedNumber, first["caller_key"]) is None
        assert s.get(SealedNumber, other["caller_key"]) is not None
        (entry,) = s.exec(select(AuditEntry).where(AuditEntry.action == "caller.erase")).all()
        assert entry.detail["contacts"] == 2 and entry.actor_id == sup.id
    again = client.post("/api/callers/erase", headers=sup.headers,
                        json={"caller_number": NUMBER, "reason": "重复申请"})
    assert again.json() == {"contacts": 0, "sealed_numbers": 0}


def test_only_supervisors_and_bad_input_is_a_clear_4xx(client, make_person, make_contact):
    first, _second, _other = _two_calls_and_a_stranger(client, make_person, make_contact)
    sup = make_person("supervisor")
    for role in ("operator", "crisis_responder", "team_lead", "admin"):
        person = make_person(role)
        for action, body in (("export", {"caller_number": NUMBER}),
                             ("erase", {"caller_number": NUMBER, "reason": "想看看"})):
            r = client.post(f"/api/callers/{action}", json=body, headers=person.headers)
            assert r.status_code == 403 and r.json()["detail"], (role, action)
    for body in ({}, {"caller_number": NUMBER, "contact_id": first["id"]},
                 {"caller_key": "not-hex"}, {"caller_number": "abc"},
                 {"contact_id": 0}, {"contact_id": 2**40}):
        r = client.post("/api/callers/export", json=body, headers=sup.headers)
        assert r.status_code == 422 and r.json()["detail"], body
    r = client.post("/api/callers/erase", json={"caller_number": NUMBER}, headers=sup.headers)
    assert r.status_code == 422  # a reason is required
