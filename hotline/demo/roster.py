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
from hotline.roster.wallclock import at
from hotline.staff.models import Staff


def seed_roster(session: Session, *, people: dict[str, Staff], today: date, now: datetime,
                settings: Settings, policies: Policies, rng: random.Random,
                time_limit_s: float = 40, work_limit: float | None = None) -> str:
    zone = settings.zone
    # Back far enough to cover the demo's month of contacts (and so this whole month); the
    # generator takes at most six weeks at a time, so the past and the future are two runs.
    windows = [(today - timedelta(days=31), today - timedelta(days=1)),
               (today, today + timedelta(days=27))]
    off = today + timedelta(days=9)
    session.add(Leave(staff_id=id_of(people["operator5"]), kind=LeaveKind.annual,
                      start=at(off, time(0), zone), end=at(off + timedelta(days=3), time(0), zone),
                      reason="回老家", status=LeaveStatus.approved, decided_by=people["supervisor1"].id,
                      decided_at=now - timedelta(days=2)))
    session.flush()
    made, gaps, statuses = 0, 0, []
    for first, last in windows:
        request = generation.make_request(session, first_day=first, last_day=last,
                                          settings=settings, policies=policies,
                                          time_limit_s=time_limit_s / len(windows),
                                          work_limit=work_limit and work_limit / len(windows))
        proposal = generate(request)
        for s in proposal.new_shifts:
            started = s.start <= now
            late = rng.random() < 0.05
            checked = s.start + timedelta(minutes=rng.randrange(8, 25) if late
                                          else -rng.randrange(0, 10))
            session.add(Shift(staff_id=s.staff_id, position=s.position, start=s.start, end=s.end,
                              source="generated", created_by=people["supervisor1"].id,
                              checked_in_at=checked if started and checked <= now else None,
                              checked_out_at=s.end if s.end <= now else None))
        session.flush()
        made, gaps = made + len(proposal.new_shifts), gaps + len(proposal.gaps)
        statuses.append(str(proposal.status))
    _requests(session, people, today, zone)
    return f"{'/'.join(statuses)}, {made} shifts, gaps: {gaps}"


def _requests(session: Session, people: dict[str, Staff], today: date, zone: ZoneInfo) -> None:
    later = today + timedelta(days=16)
    session.add(Leave(staff_id=id_of(people["operator7"]), kind=LeaveKind.personal,
                      start=at(later, time(0), zone), end=at(later + timedelta(days=1), time(0), zone),
                      reason="孩子家长会", status=LeaveStatus.requested))
    soon = at(today + timedelta(days=5), time(0), zone)
    shift = session.exec(select(Shift).where(Shift.staff_id == people["operator3"].id)
                         .where(Shift.start > soon).order_by(col(Shift.start))).first()
    if shift is not None:
        session.add(SwapRequest(shift_id=id_of(shift), offered_by=id_of(people["operator3"]),
                                reason="当天要去医院复查"))
