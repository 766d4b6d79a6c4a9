"""A person's work at a glance for their staff page: the shifts ahead, the hours, nights and
weekends of the last four weeks, and this year's trainings and drills."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from hotline.roster import service as roster
from hotline.roster.generator.model import is_night
from hotline.roster.models import Shift
from hotline.training.models import Attendance, Participant, TrainingSession

AHEAD = timedelta(days=28)
BEHIND = timedelta(days=28)


@dataclass
class PersonWork:
    upcoming: list[Shift] = field(default_factory=list)
    hours: float = 0.0  # worked in the last four weeks
    nights: int = 0
    weekends: int = 0
    sessions: list[tuple[TrainingSession, Participant]] = field(default_factory=list)


def of(session: Session, staff_id: int, *, now: datetime, zone: ZoneInfo) -> PersonWork:
    """What the person's page shows about their work; nothing about contacts or callers."""
    work = PersonWork(upcoming=roster.shifts_between(session, now, now + AHEAD,
                                                     staff_id=staff_id)[:10])
    for s in roster.shifts_between(session, now - BEHIND, now, staff_id=staff_id):
        start, end = max(s.start, now - BEHIND), min(s.end, now)
        work.hours += (end - start).total_seconds() / 3600
        work.nights += is_night(s.start, s.end, zone)
        work.weekends += s.start.astimezone(zone).weekday() >= 5
    work.hours = round(work.hours, 1)
    year_start = now.astimezone(zone).replace(month=1, day=1, hour=0, minute=0, second=0,
                                              microsecond=0)
    work.sessions = list(session.exec(
        select(TrainingSession, Participant)
        .join(Participant, col(Participant.session_id) == col(TrainingSession.id))
        .where(Participant.staff_id == staff_id)
        .where(TrainingSession.start >= year_start)
        .where(col(Participant.attendance).in_([Attendance.attended, Attendance.invited]))
        .order_by(col(TrainingSession.start).desc()).limit(10)))
    return work
