"""``hotline seed-demo``: a believable hotline to click through, made by the real services
(the generator makes the roster, contacts go through intake and crisis routing)."""

from __future__ import annotations

import random

from sqlmodel import Session, func, select

from hotline.auth.service import hash_password
from hotline.config import Settings
from hotline.db import utcnow
from hotline.demo.history import seed_contacts
from hotline.demo.people import seed_people
from hotline.demo.roster import seed_roster
from hotline.demo.training import seed_trainings
from hotline.policies import Policies
from hotline.resources import demo as directory
from hotline.staff.models import Staff


def has_data(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Staff)).one() > 0


def seed(session: Session, *, settings: Settings, policies: Policies, password: str,
         contacts: int = 400, seed_value: int = 2026, roster_time_limit_s: float = 15,
         roster_work: float | None = None) -> dict[str, str]:
    """Fill an empty database; returns a summary of what was made. Reproducible per seed."""
    # One generator per part: the solver's roster may differ run to run (it works to a time
    # limit, unless ``roster_work`` bounds it), and that must not change the people,
    # trainings or contacts.
    rng = {part: random.Random(f"{seed_value}:{part}")
           for part in ("people", "roster", "trainings", "contacts")}
    now = utcnow()
    today = now.astimezone(settings.zone).date()
    # One argon2 hash for every account (same password): 40 hashes would take seconds.
    people = seed_people(session, password_hash=hash_password(password), today=today,
                         rng=rng["people"])
    session.flush()
    roster = seed_roster(session, people=people, today=today, now=now, settings=settings,
                         policies=policies, rng=rng["roster"], time_limit_s=roster_time_limit_s,
                         work_limit=roster_work)
    trainings = seed_trainings(session, people=people, today=today, settings=settings,
                               policies=policies, rng=rng["trainings"])
    operators = [s for s in people.values() if "operator" in s.roles]
    made = seed_contacts(session, operators=operators, now=now, days=30, count=contacts,
                         settings=settings, policies=policies, rng=rng["contacts"])
    services = directory.seed(session, today)
    return {"staff": str(len(people)), "roster": roster, "trainings": str(trainings),
            "contacts": str(made), "directory services": str(services)}
