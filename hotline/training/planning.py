"""Slot suggestions for a session: times in a period that keep 7x24 coverage intact and let
the most required participants attend (given the roster and approved leave)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from hotline.config import Settings
from hotline.policies import Policies
from hotline.roster import coverage
from hotline.roster import service as roster
from hotline.roster.models import Leave, LeaveStatus
from hotline.roster.wallclock import at
from hotline.training import invitations

# Daytime starts only: nobody schedules a training at 3 a.m.; an evening start is offered
# only when the session ends by DAY_END.
START_TIMES = (time(9), time(14), time(19))
DAY_END = time(21)


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    can_attend: int  # required participants free, or on shift but coverable by colleagues
    required: int
    on_shift_released: int  # of those, people on shift whose absence opens no gap


def suggest(session: Session, *, first_day: date, last_day: date, audience: str,
            hours: float, settings: Settings, policies: Policies, limit: int = 10) -> list[Slot]:
    """The best ``limit`` slots, most attendees first, then earliest."""
    people = invitations.audience_members(session, audience)
    ids = {p.id for p in people if p.id is not None}
    zone, length = settings.zone, timedelta(hours=hours)
    window_start = at(first_day, time(0), zone)
    window_end = at(last_day + timedelta(days=1), time(0), zone)
    leave = [lv for lv in session.exec(select(Leave).where(Leave.status == LeaveStatus.approved)
                                       .where(Leave.end > window_start)
                                       .where(Leave.start < window_end)) if lv.staff_id in ids]
    slots: list[Slot] = []
    day = first_day
    while day <= last_day:
        for clock in START_TIMES:
            start = at(day, clock, zone)
            end = start + length
            if end > at(day, DAY_END, zone):
                continue  # would run into the night
            shifts = roster.shifts_between(session, start, end)
            if not shifts:
                continue  # no roster yet: nobody can say who is free or what stays covered
            away = {lv.staff_id for lv in leave if lv.start < end and lv.end > start}
            before = coverage.analyse(shifts, policies.coverage, start, end, zone)
            # Release people on shift one by one while coverage holds without all of them.
            released, blocked, remaining = 0, set(), list(shifts)
            for person in sorted(ids - away):
                if not any(s.staff_id == person for s in remaining):
                    continue
                without = [s for s in remaining if s.staff_id != person]
                after = coverage.analyse(without, policies.coverage, start, end, zone)
                if coverage.new_gaps(before, after):
                    blocked.add(person)
                else:
                    released, remaining = released + 1, without
            attend = len(ids - away - blocked)
            slots.append(Slot(start, end, attend, len(ids), released))
        day += timedelta(days=1)
    slots.sort(key=lambda s: (-s.can_attend, s.start))
    return slots[:limit]
