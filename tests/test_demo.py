"""``hotline seed-demo`` makes the hotline the README promises, and every account logs in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from hotline import demo, policies
from hotline.auth.models import Account
from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.db import utcnow
from hotline.roster.models import Leave, Shift, SwapRequest
from hotline.staff.models import Staff, TeamMembership
from hotline.training.models import TrainingSession

PASSWORD = "demo-password-2026"


def test_seed_demo(engine, settings, client):
    pol = policies.load(settings.schedules_dir)
    with Session(engine) as s:
        summary = demo.seed(s, settings=settings, policies=pol, password=PASSWORD, contacts=80,
                            roster_time_limit_s=8)
        s.commit()
    assert summary["staff"] == "40"
    with Session(engine) as s:
        count = lambda m: s.exec(select(func.count()).select_from(m)).one()  # noqa: E731
        assert count(Staff) == 40 and count(Account) == 40
        assert count(TeamMembership) >= 8 + 24
        assert 60 <= count(Contact) <= 80
        assert count(TrainingSession) == 9
        assert count(SwapRequest) == 1 and count(Leave) == 2
        # Contacts spread over the last 30 days, with a risk mix.
        levels = set(s.exec(select(Contact.risk_level)).all())
        assert {"none", "low"} <= levels
        oldest = s.exec(select(func.min(Contact.received_at))).one()
        assert oldest >= utcnow() - timedelta(days=31)
        # Past escalations were handled.
        assert all(e.state == "resolved" for e in s.exec(select(Escalation)))
        # The roster covers from two weeks ago to four weeks ahead.
        first, last = s.exec(select(func.min(Shift.start), func.max(Shift.end))).one()
        assert first <= utcnow() - timedelta(days=13) and last >= utcnow() + timedelta(days=27)
    window = {"since": (utcnow() + timedelta(days=1)).isoformat(),
              "until": (utcnow() + timedelta(days=8)).isoformat()}
    for username in ("admin", "supervisor1", "lead1", "operator1", "operator24", "crisis8"):
        r = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert r.status_code == 200, username
    token = client.post("/api/auth/login", json={"username": "supervisor1",
                                                 "password": PASSWORD}).json()["access_token"]
    coverage = client.get("/api/coverage", params=window,
                          headers={"Authorization": f"Bearer {token}"}).json()
    assert coverage["gaps"] == [] and coverage["covered_ratio"] == 1.0
