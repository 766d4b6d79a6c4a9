"""Demo roster: a gap-free roster from a month ago to four weeks ahead, made by the real
generator, with check-ins in the past, some leave, a pending request and a pending swap."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from hotline.config import Settings
from hotline.db import id_of
from hotline.policies import Policies
from hotline.roster import generation
from hotline.roster.generator import generate
from hotline.roster.models import Leave, LeaveKind, LeaveStatus, Shift, SwapRequest
from hotline.roster.policy import Position
from hotline.staff.models import Staff
from hotline.wallclock import at


def seed_roster(session: Session, *, people: dict[str, Staff], today: date, now: datetime,
                settings: Settings, policies: Policies, rng: random.Random,
                time_limit_s: float = 40, work_limit: float | None = None,
                prefix: str = "", centre_id: int | None = None) -> str:
    """One centre's roster by the real generator (CP-SAT), in two runs (the month behind,
    four weeks ahead), with check-ins where shifts began, some leave and open requests.
    ``prefix`` names the centre's accounts (``shenzhen-``), ``centre_id`` the centre (None:
    the default one)."""
    zone = settings.zone
    supervisor = people[f"{prefix}supervisor1"]
    # Back far enough to cover the demo's month of contacts (and so this whole month); the
    # generator takes at most six weeks at a time, so the past and the future are two runs.
    windows = [(today - timedelta(days=31), today - timedelta(days=1)),
               (today, today + timedelta(days=27))]
    off = today + timedelta(days=9)
    if f"{prefix}operator5" in people:  # a centre of a load run may have fewer operators
        session.add(Leave(staff_id=id_of(people[f"{prefix}operator5"]), kind=LeaveKind.annual,
                          start=at(off, time(0), zone),
                          end=at(off + timedelta(days=3), time(0), zone), reason="回老家",
                          status=LeaveStatus.approved, decided_by=supervisor.id,
                          decided_at=now - timedelta(days=2)))
    session.flush()
    made, gaps, statuses = 0, 0, []
    for first, last in windows:
        request = generation.make_request(session, first_day=first, last_day=last,
                                          settings=settings, policies=policies,
                                          time_limit_s=time_limit_s / len(windows),
                                          work_limit=work_limit and work_limit / len(windows),
                                          centre_id=centre_id)
        proposal = generate(request)
        for s in proposal.new_shifts:
            started = s.start <= now
            late = rng.random() < 0.05
            checked = s.start + timedelta(minutes=rng.randrange(8, 25) if late
                                          else -rng.randrange(0, 10))
            session.add(Shift(staff_id=s.staff_id, position=s.position, start=s.start, end=s.end,
                              source="generated", created_by=supervisor.id, centre_id=centre_id,
                              checked_in_at=checked if started and checked <= now else None,
                              checked_out_at=s.end if s.end <= now else None))
        session.flush()
        made, gaps = made + len(proposal.new_shifts), gaps + len(proposal.gaps)
        statuses.append(str(proposal.status))
    _requests(session, people, today, zone, prefix)
    return f"{'/'.join(statuses)}, {made} shifts, gaps: {gaps}"


def _requests(session: Session, people: dict[str, Staff], today: date, zone: ZoneInfo,
              prefix: str) -> None:
    later = today + timedelta(days=16)
    if f"{prefix}operator7" in people:
        session.add(Leave(staff_id=id_of(people[f"{prefix}operator7"]), kind=LeaveKind.personal,
                          start=at(later, time(0), zone),
                          end=at(later + timedelta(days=1), time(0), zone),
                          reason="孩子家长会", status=LeaveStatus.requested))
    swapper = people.get(f"{prefix}operator3")
    soon = at(today + timedelta(days=5), time(0), zone)
    shift = None if swapper is None else session.exec(
        select(Shift).where(Shift.staff_id == swapper.id).where(Shift.start > soon)
        .order_by(col(Shift.start))).first()
    if swapper is not None and shift is not None:
        session.add(SwapRequest(shift_id=id_of(shift), offered_by=id_of(swapper),
                                reason="当天要去医院复查"))


# A city centre's rota: operators in three eight-hour shifts (three a shift, for the evening
# peak), the crisis team and the supervisors in twelve-hour ones from 08:00 and 20:00.
ROTA = [(Position.operator, "operator", 0, 8, 3), (Position.operator, "operator", 8, 8, 3),
        (Position.operator, "operator", 16, 8, 3),
        (Position.crisis_primary, "crisis_responder", 8, 12, 1),
        (Position.crisis_primary, "crisis_responder", 20, 12, 1),
        (Position.crisis_backup, "crisis_responder", 8, 12, 1),
        (Position.crisis_backup, "crisis_responder", 20, 12, 1),
        (Position.supervisor, "supervisor", 8, 12, 1),
        (Position.supervisor, "supervisor", 20, 12, 1)]


def seed_rota(session: Session, *, people: dict[str, Staff], first_day: date, last_day: date,
              now: datetime, zone: ZoneInfo, rng: random.Random,
              centre_id: int | None = None) -> int:
    """A plain rotation for another centre of a network, gap-free by construction and
    instant (the generator plans one centre's month; a province of them would take minutes).
    Shifts that began are checked in, those that ended checked out. Returns how many."""
    staff = list(people.values())
    queues = {role: [s for s in staff if role in s.roles]
              for role in ("operator", "crisis_responder", "supervisor")}
    turn = dict.fromkeys(queues, 0)
    made, day = 0, first_day
    while day <= last_day:
        for position, role, hour, hours, seats in ROTA:
            start = at(day, time(hour), zone)
            end = start + timedelta(hours=hours)
            taken: set[int] = set()
            for _ in range(seats):
                person = queues[role][turn[role] % len(queues[role])]
                turn[role] += 1
                if id_of(person) in taken:
                    continue
                taken.add(id_of(person))
                checked = start - timedelta(minutes=rng.randrange(0, 10))
                session.add(Shift(staff_id=id_of(person), position=position, start=start,
                                  end=end, source="generated",
                                  checked_in_at=checked if start <= now else None,
                                  checked_out_at=end if end <= now else None,
                                  centre_id=centre_id))
                made += 1
        day += timedelta(days=1)
    session.flush()
    return made
