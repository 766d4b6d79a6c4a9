"""``hotline seed-demo``: a believable hotline to click through, made by the real services
(the generator makes the roster, contacts go through intake and crisis routing)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlmodel import Session, func, select

from hotline.auth.models import Account
from hotline.auth.service import hash_password
from hotline.centres import service as centres_service
from hotline.config import Settings
from hotline.db import id_of, utcnow
from hotline.demo import network
from hotline.demo.history import seed_contacts, seed_rollovers
from hotline.demo.people import seed_people
from hotline.demo.roster import seed_roster, seed_rota
from hotline.demo.training import seed_trainings
from hotline.policies import Policies
from hotline.resources import demo as directory
from hotline.staff.models import Role, Staff

# The other centres' rosters get a fifth of the first centre's solver time each: a gap-free
# roster comes within a second or two, and the fairest one is not worth minutes of a
# province's seeding (20 centres: about a minute of solving instead of five).
OTHER_CENTRES_SHARE = 0.2


def has_data(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Staff)).one() > 0

# A centre passes on about a tenth of its calls (busy, or closed at night): 12356's
# centres report rollover rates of a few per cent to well over ten.
ROLLOVER_SHARE = 0.1


def seed(session: Session, *, settings: Settings, policies: Policies, password: str,
         contacts: int = 400, seed_value: int = 2026, roster_time_limit_s: float = 15,
         roster_work: float | None = None, centres: int = 1, staff: int | None = None,
         light_roster: bool = False) -> dict[str, str]:
    """Fill an empty database; returns a summary of what was made. Reproducible per seed.

    ``centres`` above 1 seeds the demo province (``hotline.demo.network``; its network.toml
    must be the policy already, and synced): the first centre as today's demo with today's
    accounts, the others with their own teams ("shenzhen-operator1"), their own roster from
    the generator and a tenth of the contacts each, and ``province1``, the provincial
    supervisor. ``staff`` sets the head count (more operators per centre); ``light_roster``
    gives every centre a plain rota around today instead of the generator's two months (for
    load runs)."""
    # One generator per part: the solver's roster may differ run to run (it works to a time
    # limit, unless ``roster_work`` bounds it), and that must not change the people,
    # trainings or contacts.
    rng = {part: random.Random(f"{seed_value}:{part}")
           for part in ("people", "roster", "trainings", "contacts")}
    now = utcnow()
    today = now.astimezone(settings.zone).date()
    province = network.centres(centres) if centres > 1 else []
    ids = {c.code: id_of(centres_service.by_code(session, c.code)) for c in province}
    operators = _operators_per_centre(centres, staff)
    first = province[0] if province else None
    # One argon2 hash for every account (same password): 40 hashes would take seconds.
    password_hash = hash_password(password)
    people = seed_people(session, password_hash=password_hash, today=today,
                         rng=rng["people"], operators=operators[0],
                         centre_id=ids[first.code] if first else None,
                         city=(first.city_zh, first.city_en) if first else ("", ""))
    session.flush()
    if light_roster:
        shifts = seed_rota(session, people=people, first_day=today - timedelta(days=1),
                           last_day=today + timedelta(days=1), now=now, zone=settings.zone,
                           rng=rng["roster"], centre_id=ids.get(first.code) if first else None)
        roster = f"plain rota, {shifts} shifts"
    else:
        roster = seed_roster(session, people=people, today=today, now=now, settings=settings,
                             policies=policies, rng=rng["roster"],
                             time_limit_s=roster_time_limit_s, work_limit=roster_work,
                             centre_id=ids[first.code] if first else None)
    trainings = seed_trainings(session, people=people, today=today, settings=settings,
                               policies=policies, rng=rng["trainings"])
    made = seed_contacts(session, operators=[s for s in people.values() if "operator" in s.roles],
                         now=now, days=30, count=contacts, settings=settings,
                         policies=policies, rng=rng["contacts"])
    head_count, rosters = len(people), {}
    for centre, count in zip(province[1:], operators[1:], strict=True):
        centre_rng = random.Random(f"{seed_value}:{centre.code}")
        team = seed_people(session, password_hash=password_hash, today=today, rng=centre_rng,
                           prefix=f"{centre.code}-", centre_id=ids[centre.code],
                           city=(centre.city_zh, centre.city_en), operators=count)
        head_count += len(team)
        if light_roster:
            seed_rota(session, people=team, first_day=today - timedelta(days=1),
                      last_day=today + timedelta(days=1), now=now, zone=settings.zone,
                      rng=centre_rng, centre_id=ids[centre.code])
        else:  # the generator, as for the first centre, by the centre's own policy
            rosters[centre.code] = seed_roster(
                session, people=team, today=today, now=now, settings=settings,
                policies=policies, rng=centre_rng,
                time_limit_s=roster_time_limit_s * OTHER_CENTRES_SHARE,
                work_limit=roster_work and roster_work * OTHER_CENTRES_SHARE,
                prefix=f"{centre.code}-", centre_id=ids[centre.code])
        made += seed_contacts(session, operators=[s for s in team.values()
                                                  if "operator" in s.roles],
                              now=now, days=30, count=contacts // 10, settings=settings,
                              policies=policies, rng=centre_rng)
    if first is not None:
        head_count += _provincial_supervisor(session, password_hash, ids[first.code])
    rollovers = seed_rollovers(
        session, passes_to={ids[c.code]: ids[c.rollover_to] for c in province if c.rollover_to},
        share=ROLLOVER_SHARE, zone=settings.zone, rng=rng["contacts"])
    services = directory.seed(session, today)
    summary = {"staff": str(head_count), "roster": roster, "trainings": str(trainings),
               "contacts": str(made), "directory services": str(services)}
    if province:
        summary = {"centres": str(len(province)), **summary, "rollovers": str(rollovers)}
    if rosters:
        summary["rosters of the other centres"] = "; ".join(
            f"{code}: {made}" for code, made in rosters.items())
    return summary


def _operators_per_centre(centres: int, staff: int | None) -> list[int]:
    """Operators of each centre: today's 24, or as many as make ``staff`` people in all
    (each centre has 15 others, the first an admin too, plus ``province1``)."""
    if staff is None:
        return [24] * centres
    others = 15 * centres + 1 + (1 if centres > 1 else 0)
    each, extra = divmod(max(staff - others, 3 * centres), centres)
    return [each + extra] + [each] * (centres - 1)


def _provincial_supervisor(session: Session, password_hash: str, centre_id: int) -> int:
    """``province1``: reads every centre of the network (each cross-centre read audited)."""
    staff = Staff(full_name="林慧敏", roles=[Role.provincial_supervisor],
                  phone="+8613902012356", email="province1@hotline.example.org",
                  languages=["zh", "en"], prior_training_hours=60, centre_id=centre_id)
    session.add(staff)
    session.flush()
    session.add(Account(staff_id=id_of(staff), username="province1", password_hash=password_hash))
    return 1
