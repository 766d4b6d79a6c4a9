"""Retention: contacts past records.toml's retention_years go (with everything under them);
sealed numbers live only while a purpose needs them. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from hotline import cli, jobs, policies, retention
from hotline.access.models import AuditEntry
from hotline.config import PROJECT_ROOT, get_settings
from hotline.contacts import callerkey
from hotline.contacts.models import Contact, ContactRevision
from hotline.crisis.models import Escalation, EscalationStep, Notification
from hotline.db import utcnow
from hotline.telephony import sealing
from hotline.telephony.models import CallbackReason, CallbackTask, SealedNumber

HIGH = {"wish_dead": True, "suicidal_thoughts": True, "intent": True}


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _age(engine, contact_id: int, days: int) -> None:
    with Session(engine) as s:
        contact = s.get(Contact, contact_id)
        contact.received_at = contact.created_at = utcnow() - timedelta(days=days)
        s.add(contact)
        s.commit()


@pytest.fixture
def old_and_recent(client, make_person, engine):
    """A high-risk contact from 3 years and a day ago (with a revision, an escalation and
    its alerts), one from last month, and a newer contact from the old one's caller."""
    op = make_person("operator")
    make_person("supervisor")
    old = client.post("/api/contacts", headers=op.headers, json={
        "channel": "voice", "caller_number": "+8613800001234", "notes": "旧的记录",
        "risk_screen": HIGH}).json()
    client.patch(f"/api/contacts/{old['id']}", json={"notes": "补充"}, headers=op.headers)
    recent = client.post("/api/contacts", headers=op.headers, json={
        "channel": "voice", "caller_number": "+8613800001234", "notes": "新的记录"}).json()
    _age(engine, old["id"], 3 * 365 + 2)
    _age(engine, recent["id"], 30)
    return old, recent


def test_apply_removes_a_contact_past_the_policy_and_keeps_a_recent_one(
    old_and_recent, engine, settings
):
    old, recent = old_and_recent
    loaded = policies.load(settings.schedules_dir)
    with Session(engine) as s:
        assert s.exec(select(Escalation).where(Escalation.contact_id == old["id"])).first()
        dry = retention.apply(s, loaded, dry_run=True)
        assert dry.contacts == 1
        s.rollback()
        assert s.get(Contact, old["id"]) is not None  # a dry run changes nothing
    report = jobs.apply_retention(engine, settings, loaded)
    assert report.contacts == 1
    with Session(engine) as s:
        assert s.get(Contact, old["id"]) is None
        kept = s.get(Contact, recent["id"])
        assert kept is not None and kept.previous_contact_id is None
        for model in (ContactRevision, Escalation, CallbackTask):
            assert s.exec(select(model).where(model.contact_id == old["id"])).all() == []
        assert count(s, EscalationStep) == count(s, Notification) == 0
        assert count(s, ContactRevision) == 1  # the recent contact's own
        (entry,) = s.exec(select(AuditEntry).where(AuditEntry.action == "retention.apply")).all()
        assert entry.detail["contacts_deleted"] == 1
        assert "旧的记录" not in str(entry.detail)
    # Safe to run twice: nothing more goes.
    assert jobs.apply_retention(engine, settings, loaded).contacts == 0


def test_the_command_counts_on_a_dry_run_then_applies(
    old_and_recent, engine, key_env, monkeypatch, capsys, database_url
):
    for name, value in key_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOTLINE_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        assert cli.main(["retention", "apply", "--dry-run"]) == 0
        assert "would delete 1 contacts" in capsys.readouterr().out
        with Session(engine) as s:
            assert count(s, Contact) == 2
        assert cli.main(["retention", "apply"]) == 0
        assert "deleted 1 contacts" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    with Session(engine) as s:
        assert count(s, Contact) == 1


def test_retention_below_three_years_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    folder.mkdir()
    for source in (PROJECT_ROOT / "schedules").glob("*.toml"):
        (folder / source.name).write_text(source.read_text())
    (folder / "records.toml").write_text(
        (folder / "records.toml").read_text().replace("retention_years = 3", "retention_years = 2"))
    with pytest.raises(policies.PolicyError) as refused:
        policies.load(folder)
    assert any("records.toml: retention_years" in p for p in refused.value.problems)


def test_sealed_numbers_live_only_while_a_purpose_needs_them(engine, settings, make_person):
    """After 30 days a number goes unless an open call-back or a live escalation needs it."""
    op = make_person("operator")
    loaded = policies.load(settings.schedules_dir)
    now = utcnow()

    def number(n: int, *, days: int, callback: bool = False, escalation: str | None = None) -> str:
        phone = f"+8613700000{n:03d}"
        key = callerkey.caller_key(phone, settings.caller_key)
        with Session(engine) as s:
            sealing.seal(s, settings, key, phone)
            row = s.get(SealedNumber, key)
            row.updated_at = now - timedelta(days=days)
            s.add(row)
            contact = Contact(channel="voice", received_at=now - timedelta(days=days),
                              caller_key=key, operator_id=op.id)
            s.add(contact)
            s.flush()
            if callback:
                s.add(CallbackTask(contact_id=contact.id, reason=CallbackReason.voicemail))
            if escalation:
                s.add(Escalation(contact_id=contact.id, risk_level="high", state=escalation))
            s.commit()
        return key

    fresh = number(1, days=3)
    stale = number(2, days=31)
    voicemail = number(3, days=40, callback=True)
    in_crisis = number(4, days=40, escalation="acknowledged")
    crisis_over = number(5, days=40, escalation="resolved")
    report = jobs.apply_retention(engine, settings, loaded)
    assert report.sealed_numbers == 2
    with Session(engine) as s:
        kept = set(s.exec(select(SealedNumber.caller_key)).all())
    assert kept == {fresh, voicemail, in_crisis}
    assert stale not in kept and crisis_over not in kept
