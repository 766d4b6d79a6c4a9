"""Who could cover a seat now: the names a supervisor needs when someone does not show up."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from hotline.config import Settings
from hotline.policies import Policies
from hotline.roster import rules, service
from hotline.roster.models import Leave, LeaveStatus, Shift
from hotline.roster.policy import Position
from hotline.staff.models import Staff
from hotline.training import records as training_records


def could_cover(session: Session, shift: Shift, *, now: datetime, settings: Settings,
                policies: Policies, limit: int = 5) -> list[Staff]:
    """People who could take the rest of ``shift`` now (a no-show's seat): active, holding
    the position's role, free of leave and other shifts, within every working-time rule and
    allowed to work alone; those with the fewest hours in the last 7 days first."""
    start, end = max(now, shift.start), shift.end
    if end <= start:
        return []
    position = Position(shift.position)
    role = rules.POSITION_ROLE[position]
    away = {lv.staff_id for lv in session.exec(
        select(Leave).where(Leave.status == LeaveStatus.approved)
        .where(Leave.start < end).where(Leave.end > start))}
    cover = Shift(staff_id=0, position=position, start=start, end=end)
    found: list[tuple[float, Staff]] = []
    for person in session.exec(select(Staff).where(col(Staff.active).is_(True))
                               .order_by(col(Staff.id))):
        if role not in person.roles or person.id in away or person.id == shift.staff_id:
            continue
        cover.staff_id = person.id  # type: ignore[assignment]
        horizon = timedelta(days=8)
        mine = service.shifts_between(session, start - horizon, end + horizon, staff_id=person.id)
        worked = service.call_outs_between(session, start - horizon, end + horizon, staff_id=person.id)
        if rules.violations(cover, mine, policies.shifts, settings.zone, worked):
            continue
        day = start.astimezone(settings.zone).date()
        if training_records.solo_blockers(session, person, day, policies.trainings):
            continue
        week = sum(((min(s.end, start) - s.start).total_seconds() for s in mine
                    if start - timedelta(days=7) < s.end and s.start < start), 0.0)
        found.append((week, person))
    found.sort(key=lambda pair: pair[0])
    return [person for _, person in found[:limit]]
