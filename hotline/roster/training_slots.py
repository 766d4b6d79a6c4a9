"""Slot suggestions for a session: times in a period that keep 7x24 coverage intact and let
the most required participants attend (given the roster and approved leave)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from hotline.config import Settings
from hotline.errors import InvalidInput
from hotline.roster import coverage
from hotline.roster import service as roster
from hotline.roster.models import Leave, LeaveStatus, Shift
from hotline.roster.policy import RosterPolicies
from hotline.training import invitations
from hotline.wallclock import at

# The hours asked for by default: a working day. Starts are on the hour inside it.
DAY_STARTS, DAY_ENDS = time(9), time(18)


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    can_attend: int  # required participants free, or on shift but coverable by colleagues
    required: int
    on_shift_released: int  # of those, people on shift whose absence opens no gap


def check_hours(hours: float, earliest: time, latest: time) -> None:
    """A session of ``hours`` must fit between ``earliest`` and ``latest`` on one day; both are
    the hotline's local clock, so a time with a zone ("09:00Z") is refused, not guessed."""
    if earliest.tzinfo is not None or latest.tzinfo is not None:
        raise InvalidInput("training.hours_with_zone", field="earliest")
    room = (datetime.combine(date.min, latest) - datetime.combine(date.min, earliest))
    if room < timedelta(hours=hours):
        raise InvalidInput("training.hours_do_not_fit", hours=f"{hours:g}",
                           earliest=f"{earliest:%H:%M}", latest=f"{latest:%H:%M}", field="latest")


def _starts(day: date, length: timedelta, earliest: time, latest: time,
            zone: ZoneInfo) -> list[datetime]:
    """Whole-hour starts on ``day`` whose session lies within [earliest, latest] local time."""
    first = at(day, earliest, zone)
    if first.minute or first.second:
        first += timedelta(minutes=60 - first.minute, seconds=-first.second)
    last_end = at(day, latest, zone)
    starts = []
    while first + length <= last_end:
        starts.append(first)
        first += timedelta(hours=1)
    return starts


def _rostered(shifts: list[Shift], start: datetime, end: datetime) -> bool:
    """Whether the roster reaches over the whole slot (nothing is known past its last shift)."""
    return bool(shifts) and min(s.start for s in shifts) <= start and max(s.end for s in shifts) >= end


def suggest(session: Session, *, first_day: date, last_day: date, audience: str,
            hours: float, settings: Settings, policies: RosterPolicies,
            earliest: time = DAY_STARTS, latest: time = DAY_ENDS, limit: int = 10,
            centres: frozenset[int] | None = None) -> list[Slot]:
    """The best ``limit`` days, each with its best slot between ``earliest`` and ``latest``,
    most attendees first, then earliest; only where a roster exists, so that who is free is
    known. ``centres``: the audience of those centres (the team lead's)."""
    people = invitations.audience_members(session, audience, centres)
    ids = {p.id for p in people if p.id is not None}
    zone, length = settings.zone, timedelta(hours=hours)
    window_start = at(first_day, time(0), zone)
    window_end = at(last_day + timedelta(days=1), time(0), zone)
    leave = [lv for lv in session.exec(select(Leave).where(Leave.status == LeaveStatus.approved)
                                       .where(Leave.end > window_start)
                                       .where(Leave.start < window_end)) if lv.staff_id in ids]
    roster_shifts = roster.shifts_between(session, window_start, window_end)
    slots: list[Slot] = []
    day = first_day
    while day <= last_day:
        for start in _starts(day, length, earliest, latest, zone):
            end = start + length
            shifts = [s for s in roster_shifts if s.start < end and s.end > start]
            if not _rostered(shifts, start, end):
                continue
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
    # The best slot of each day: ten suggestions are ten days to choose from, not one
    # morning in hourly steps.
    best: dict[date, Slot] = {}
    for slot in sorted(slots, key=lambda s: (-s.can_attend, s.start)):
        best.setdefault(slot.start.astimezone(zone).date(), slot)
    return sorted(best.values(), key=lambda s: (-s.can_attend, s.start))[:limit]
