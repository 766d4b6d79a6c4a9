"""Retention reaches the continuity-of-care records too: a contact past retention goes with
its follow-up, attempts, referrals, flags and debriefs; an open follow-up keeps the caller's
sealed number alive (its purpose), and nothing else does."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from hotline import jobs, policies, retention
from hotline.callers.models import CallerFlag
from hotline.contacts.models import Contact, SealedNumber
from hotline.crisis.models import Escalation
from hotline.db import utcnow
from hotline.followups.models import FollowUp, FollowUpAttempt
from hotline.resources.models import Referral
from hotline.staffcare.models import Debrief


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_an_old_contact_goes_with_its_care_records(client, make_person, engine, settings):
    op, sup = make_person("operator"), make_person("supervisor")
    responder = make_person("crisis_responder")
    service = client.post("/api/resources", json={"name": "社区心理服务站"},
                          headers=sup.headers).json()
    old = client.post("/api/contacts", headers=op.headers, json={
        "channel": "voice", "caller_number": "+8613800005678",
        "follow_up": {"consent": True, "due_on": (date.today() + timedelta(days=2)).isoformat()},
    }).json()
    client.post(f"/api/contacts/{old['id']}/referrals", json={"resource_id": service["id"]},
                headers=op.headers)
    client.post(f"/api/contacts/{old['id']}/caller-flags",
                json={"kind": "frequent_caller", "reason": "每天来电"}, headers=op.headers)
    (task,) = client.get("/api/follow-ups", headers=op.headers).json()
    client.post(f"/api/follow-ups/{task['id']}/attempts", json={"result": "busy"},
                headers=op.headers)
    with Session(engine) as s:
        s.add(Escalation(contact_id=old["id"], risk_level="high", state="resolved",
                         acknowledged_by=responder.id, resolved_at=utcnow()))
        s.commit()
    jobs.offer_debriefs(engine)
    loaded = policies.load(settings.schedules_dir)
    with Session(engine) as s:
        # While the follow-up is open, its caller's number is kept, even when old.
        row = s.get(SealedNumber, old["caller_key"])
        assert row is not None
        row.updated_at = utcnow() - timedelta(days=3650)
        s.add(row)
        s.commit()
        assert retention.apply(s, loaded, dry_run=True).sealed_numbers == 0
        contact = s.get(Contact, old["id"])
        assert contact is not None
        contact.received_at = utcnow() - timedelta(days=4 * 365)
        s.add(contact)
        s.commit()
        report = retention.apply(s, loaded)
        s.commit()
        assert report.contacts == 1
        for model in (Contact, FollowUp, FollowUpAttempt, Referral, CallerFlag, Debrief):
            assert _count(s, model) == 0, model
        # The follow-up went with the contact: now nothing needs the number.
        assert retention.apply(s, loaded).sealed_numbers == 1
