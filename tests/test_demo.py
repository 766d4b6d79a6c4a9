"""``hotline seed-demo`` makes the hotline the README promises, and every account logs in."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from hotline import cli
from hotline.auth.models import Account
from hotline.auth.service import _verify
from hotline.config import get_settings
from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.db import utcnow
from hotline.reports import drills
from hotline.roster.models import Leave, Shift, SwapRequest
from hotline.staff.models import Qualification, Staff, Team, TeamMembership
from hotline.training.models import DrillRun, TrainingSession

PASSWORD = "demo-password-2026"
USERNAMES = ({"admin", "lead1", "lead2"} | {f"supervisor{i}" for i in range(1, 6)}
             | {f"operator{i}" for i in range(1, 25)} | {f"crisis{i}" for i in range(1, 9)})


@pytest.fixture
def seeded(engine, database_url, key_env, monkeypatch, capsys) -> str:
    """The demo, made by the command on the test database; returns what it printed."""
    for name, value in key_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOTLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("HOTLINE_DEMO_PASSWORD", PASSWORD)
    get_settings.cache_clear()
    try:
        assert cli.main(["seed-demo", "--roster-work", "4", "--roster-seconds", "300"]) == 0
    finally:
        get_settings.cache_clear()
    return capsys.readouterr().out


def test_seed_demo(seeded, engine, client, settings):
    """One seeding (about 15 s), checked for people, roster and contacts."""
    assert f"password: {PASSWORD}" in seeded and "staff 40" in seeded
    _check_people_and_roster(engine, client)
    _check_contacts(engine, settings)


def _check_people_and_roster(engine, client) -> None:
    with Session(engine) as s:
        accounts = s.exec(select(Account)).all()
        assert {a.username for a in accounts} == USERNAMES
        # Every account logs in: each has a staff member who is active, and the password fits.
        assert all(s.get(Staff, a.staff_id).active for a in accounts)  # type: ignore[union-attr]
        assert all(_verify(h, PASSWORD) for h in {a.password_hash for a in accounts})
        crisis = s.exec(select(Team).where(Team.code == "crisis")).one()
        duties = Counter(m.duty for m in s.exec(
            select(TeamMembership).where(TeamMembership.team_id == crisis.id)))
        assert duties == {"leader": 1, "psychiatrist": 1, "counsellor": 3, "social_worker": 2,
                          "liaison": 1}
        phones = s.exec(select(Staff.phone)).all()
        assert all(p and p.startswith("+861") and len(p) == 14 for p in phones)
        kinds = set(s.exec(select(Qualification.kind)).all())
        assert {"心理危机干预培训证书", "精神科执业医师", "社会工作师"} <= kinds
        soon = s.exec(select(Qualification).where(
            Qualification.expires_on <= (utcnow() + timedelta(days=30)).date())).all()
        assert len(soon) == 1  # one certificate about to run out, for the expiry warning
        assert s.exec(select(func.count()).select_from(TrainingSession)).one() == 9
        assert s.exec(select(func.count()).select_from(SwapRequest)).one() == 1
        assert s.exec(select(func.count()).select_from(Leave)).one() == 2
        first, last = s.exec(select(func.min(Shift.start), func.max(Shift.end))).one()
        # The roster reaches back over the month of contacts, so the board's month is covered.
        assert first <= utcnow() - timedelta(days=31) and last >= utcnow() + timedelta(days=27)
    for username in ("admin", "supervisor1", "lead1", "operator24", "crisis8"):
        r = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert r.status_code == 200, username
    token = client.post("/api/auth/login", json={"username": "supervisor1",
                                                 "password": PASSWORD}).json()["access_token"]
    window = {"since": (utcnow() + timedelta(days=1)).isoformat(),
              "until": (utcnow() + timedelta(days=8)).isoformat()}
    coverage = client.get("/api/coverage", params=window,
                          headers={"Authorization": f"Bearer {token}"}).json()
    assert coverage["gaps"] == [] and coverage["covered_ratio"] == 1.0


def _check_contacts(engine, settings) -> None:
    with Session(engine) as s:
        contacts = s.exec(select(Contact).where(col(Contact.is_drill).is_(False))).all()
        escalations = s.exec(select(Escalation).where(col(Escalation.is_drill).is_(False))).all()
        # The drill held this year has its live run: what the drill's page measures.
        measured = drills.measures(s, [r.session_id for r in s.exec(select(DrillRun))])
    assert len(contacts) == 400
    assert measured and all(m.acknowledged == m.runs and m.steps_done == 3
                            for m in measured.values())
    now = utcnow()
    assert all(now - timedelta(days=31) <= c.received_at <= now for c in contacts)
    risk = Counter(c.risk_level for c in contacts)
    assert risk["none"] + risk["low"] > 0.7 * len(contacts)
    assert risk["moderate"] > 0 and 5 <= risk["high"] <= 30 and 1 <= risk["imminent"] <= 3
    non_data = sum(c.call_type != "data" for c in contacts) / len(contacts)
    assert 0.1 <= non_data <= 0.2
    assert Counter(c.channel for c in contacts).most_common(1)[0][0] == "voice"
    hours = Counter(c.received_at.astimezone(settings.zone).hour for c in contacts)
    evening = sum(hours[h] for h in (19, 20, 21, 22, 23, 0)) / 6
    dawn = sum(hours[h] for h in (4, 5, 6, 7)) / 4
    assert evening > 4 * dawn
    assert all("\u4e00" <= c.notes[:1] <= "\u9fff" for c in contacts if c.notes)  # Chinese notes
    # Past escalations were handled, and each imminent one has its rescue recorded.
    assert escalations and all(e.state == "resolved" for e in escalations)
    assert all(e.rescue for e in escalations if e.risk_level == "imminent")
    # One story: each contact was taken by an operator on the seat then, each escalation
    # acknowledged by the crisis primary on call then.
    with Session(engine) as s:
        for c in contacts:
            assert c.operator_id in on_call_at(s, c.received_at, "operator"), c.id
        for e in escalations:
            assert e.acknowledged_by in on_call_at(s, e.opened_at, "crisis_primary"), e.id


def on_call_at(session: Session, at, position: str) -> set[int]:
    return set(session.exec(select(Shift.staff_id).where(Shift.position == position)
                            .where(Shift.start <= at).where(Shift.end > at)))
