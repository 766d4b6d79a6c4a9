"""Contact records through the API: intake, repeat callers, revisions, audit, access."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlmodel import select

from hotline.access.models import AuditEntry
from hotline.contacts.models import Contact, ContactRevision

HIGH_SCREEN = {"wish_dead": True, "suicidal_thoughts": True, "intent": True}


def test_only_channel_is_required(client, make_person):
    op = make_person("operator")
    before = datetime.now(UTC)
    r = client.post("/api/contacts", json={"channel": "chat"}, headers=op.headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["call_type"] == "data"
    assert body["status"] == "in_progress"
    assert body["risk_level"] == "none"
    assert body["escalation"] is None
    assert body["operator_id"] == op.id
    received = datetime.fromisoformat(body["received_at"])
    assert received.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= received <= datetime.now(UTC)


DUE_ON = (date.today() + timedelta(days=4)).isoformat()


def test_full_record_round_trips(client, make_person, make_contact):
    op = make_person("operator")
    received = datetime.now(UTC) - timedelta(minutes=30)
    created = make_contact(
        op,
        received_at=received.isoformat(),
        answered_at=(received + timedelta(seconds=12)).isoformat(),
        ended_at=(received + timedelta(minutes=25)).isoformat(),
        risk_screen={**HIGH_SCREEN, "desire": ["hopelessness"], "buffers": ["social_supports"]},
        referrals=["psychiatric_clinic"],
        safety_plan={"warning_signs": "失眠、不想出门", "who_can_help": "姐姐"},
        follow_up={"consent": True, "plan": "明晚回访", "due_on": DUE_ON},
        caller_number="+8613800138000",
    )
    got = client.get(f"/api/contacts/{created['id']}", headers=op.headers).json()
    assert got["status"] == "completed"
    assert got["risk_level"] == "high" and got["risk_reasons"] == ["intent"]
    assert got["issues"] == ["mood.depression", "stress.exams"]
    assert got["caller_profile"]["region"] == "海淀区"
    assert got["safety_plan"]["who_can_help"] == "姐姐"
    assert got["follow_up"] == {"consent": True, "plan": "明晚回访", "due_on": DUE_ON,
                                "due_time": None, "night_ok": False}
    assert got["referrals"] == ["psychiatric_clinic"]
    assert datetime.fromisoformat(got["answered_at"]) - received == timedelta(seconds=12)


def test_repeat_callers_link_without_storing_the_number(client, make_person, session):
    op = make_person("operator")
    first = client.post(
        "/api/contacts", json={"channel": "voice", "caller_number": "138 0013 8000"},
        headers=op.headers,
    ).json()
    second = client.post(
        "/api/contacts", json={"channel": "voice", "caller_number": "+86-138-0013-8000"},
        headers=op.headers,
    ).json()
    other = client.post(
        "/api/contacts", json={"channel": "voice", "caller_number": "13900139000"},
        headers=op.headers,
    ).json()
    assert second["caller_key"] == first["caller_key"] != other["caller_key"]
    assert second["previous_contact_id"] == first["id"]
    assert second["caller_contact_count"] == 2
    assert other["previous_contact_id"] is None
    # The number is nowhere in the database, in any form an operator might have typed.
    for table in ("contact", "contactrevision", "auditentry"):
        dump = " ".join(str(row) for row in session.exec(text(f"SELECT * FROM {table}")).all())
        assert "13800138000" not in dump and "138 0013" not in dump


def test_non_data_contacts_are_one_click_and_counted(client, make_person):
    op = make_person("operator")
    for kind in ("silent", "hang_up", "wrong_number", "prank", "abusive"):
        r = client.post(
            "/api/contacts", json={"channel": "voice", "call_type": kind, "status": "completed"},
            headers=op.headers,
        )
        assert r.status_code == 201, r.text
    page = client.get("/api/contacts", headers=op.headers).json()
    assert page["total"] == 5
    assert sorted(c["call_type"] for c in page["items"]) == [
        "abusive", "hang_up", "prank", "silent", "wrong_number",
    ]


def test_every_change_is_a_revision_with_author(client, make_person, make_contact, session):
    op = make_person("operator")
    sup = make_person("supervisor")
    c = make_contact(op)
    r = client.patch(
        f"/api/contacts/{c['id']}", json={"risk_screen": HIGH_SCREEN, "notes": "补充：有计划"},
        headers=op.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["risk_level"] == "high" and r.json()["version"] == 2
    r = client.patch(
        f"/api/contacts/{c['id']}", json={"referrals": ["hospital"]}, headers=sup.headers
    )
    assert r.json()["version"] == 3
    # Sending what is already there changes nothing and makes no revision.
    r = client.patch(
        f"/api/contacts/{c['id']}", json={"referrals": ["hospital"]}, headers=sup.headers
    )
    assert r.json()["version"] == 3

    history = client.get(f"/api/contacts/{c['id']}/revisions", headers=sup.headers).json()
    assert [h["version"] for h in history] == [1, 2, 3]
    assert [h["author_id"] for h in history] == [op.id, op.id, sup.id]
    assert history[0]["changes"]["channel"] == [None, "voice"]
    assert history[1]["changes"]["risk_level"] == ["low", "high"]
    assert history[1]["changes"]["notes"][1] == "补充：有计划"
    assert history[2]["changes"] == {"referrals": [[], ["hospital"]]}
    assert len(session.exec(select(ContactRevision)).all()) == 3


def test_reads_and_changes_are_audited(client, make_person, make_contact, session):
    op = make_person("operator")
    sup = make_person("supervisor")
    c = make_contact(op)
    client.get(f"/api/contacts/{c['id']}", headers=sup.headers)
    client.get("/api/contacts", headers=sup.headers)
    client.patch(f"/api/contacts/{c['id']}", json={"notes": "x"}, headers=op.headers)
    r = client.get(f"/api/audit?subject=contact:{c['id']}", headers=sup.headers)
    assert r.status_code == 200
    entries = r.json()
    assert [(e["action"], e["actor_id"]) for e in entries] == [
        ("contact.update", op.id),
        ("contact.list_read", sup.id),
        ("contact.read", sup.id),
        ("contact.create", op.id),
    ]
    assert all(e["client_addr"] for e in entries)
    assert client.get(f"/api/audit?subject=contact:{c['id']}", headers=op.headers).status_code == 403


def test_operators_see_their_own_supervisors_see_all(client, make_person, make_contact):
    a, b = make_person("operator"), make_person("operator")
    sup = make_person("supervisor")
    mine = make_contact(a)
    theirs = make_contact(b)
    assert [c["id"] for c in client.get("/api/contacts", headers=a.headers).json()["items"]] == [
        mine["id"]
    ]
    assert client.get(f"/api/contacts/{theirs['id']}", headers=a.headers).status_code == 403
    assert client.patch(
        f"/api/contacts/{theirs['id']}", json={"notes": "x"}, headers=a.headers
    ).status_code == 403
    everything = client.get("/api/contacts", headers=sup.headers).json()
    assert everything["total"] == 2
    only_b = client.get(f"/api/contacts?operator_id={b.id}", headers=sup.headers).json()
    assert [c["id"] for c in only_b["items"]] == [theirs["id"]]


def test_a_responder_never_alerted_gets_403_even_at_high_risk(client, make_person, make_contact):
    """Least privilege: nobody is on call here, so no escalation alerted this responder."""
    op, crisis = make_person("operator"), make_person("crisis_responder")
    low = make_contact(op)
    high = make_contact(op, risk_screen=HIGH_SCREEN)
    assert high["risk_level"] == "high"
    for contact in (high, low):
        r = client.get(f"/api/contacts/{contact['id']}", headers=crisis.headers)
        assert r.status_code == 403 and r.json()["detail"]


def test_list_filters(client, make_person, make_contact):
    op, sup = make_person("operator"), make_person("supervisor")
    now = datetime.now(UTC)
    old = make_contact(op, received_at=(now - timedelta(days=3)).isoformat())
    high = make_contact(op, risk_screen=HIGH_SCREEN)
    sms = make_contact(op, channel="sms", risk_screen={})

    def ids(query: str) -> list[int]:
        r = client.get(f"/api/contacts?{query}", headers=sup.headers)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["items"]]

    since = (now - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert sorted(ids(f"since={since}")) == sorted([high["id"], sms["id"]])
    assert ids(f"until={since}") == [old["id"]]
    assert ids("risk_level=high") == [high["id"]]
    assert ids("channel=sms") == [sms["id"]]
    page = client.get("/api/contacts?limit=2", headers=sup.headers).json()
    assert page["total"] == 3 and len(page["items"]) == 2


def test_risk_preview_scores_without_saving(client, make_person, session):
    op = make_person("operator")
    r = client.post(
        "/api/contacts/risk-preview",
        json={**HIGH_SCREEN, "means_at_hand": True}, headers=op.headers,
    )
    assert r.status_code == 200
    assert r.json() == {
        "risk_level": "imminent", "computed_level": "imminent",
        "reasons": ["intent_with_means_at_hand"], "lowered": False,
    }
    assert session.exec(select(Contact)).all() == []


def test_unauthenticated_and_unknown(client, make_person):
    op = make_person("operator")
    assert client.get("/api/contacts").status_code == 401
    assert client.post("/api/contacts", json={"channel": "voice"}).status_code == 401
    assert client.get(
        "/api/contacts", headers={"Authorization": "Bearer not-a-token"}
    ).status_code == 401
    r = client.get("/api/contacts/99999", headers=op.headers)
    assert r.status_code == 404 and "99999" in r.json()["detail"]
    assert client.patch(
        "/api/contacts/99999", json={"notes": "x"}, headers=op.headers
    ).status_code == 404


def test_acknowledged_contact_is_committed_before_the_response(client, make_person, engine):
    """A 201 means durable: a fresh connection sees the row at once."""
    op = make_person("operator")
    created = client.post("/api/contacts", json={"channel": "sms"}, headers=op.headers).json()
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT id FROM contact WHERE id = :id"), {"id": created["id"]}
        ).all()
    assert found == [(created["id"],)]


def test_audit_entries_exist_for_create(session, client, make_person):
    op = make_person("operator")
    created = client.post("/api/contacts", json={"channel": "sms"}, headers=op.headers).json()
    actions = session.exec(
        select(AuditEntry.action).where(AuditEntry.subject == f"contact:{created['id']}")
    ).all()
    assert actions == ["contact.create"]
