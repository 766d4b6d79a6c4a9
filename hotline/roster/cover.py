"""Gaps that lead to cover: who could take a seat or a gap, and offering or assigning it.

``could_cover`` names who could take the rest of a no-show's seat now. For a gap on the
coverage board, ``candidates`` narrows the same people to those not asked for leave or invited
to a training then, with their hours that week. An offer is a notice to the person; accepting
it creates the shift under the roster's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.db import get_or_404, id_of, utcnow
from hotline.errors import Conflict, Forbidden, NotFound
from hotline.notices import service as notices
from hotline.notices.models import Notice
from hotline.roster import coverage, rules, service
from hotline.roster.models import Leave, LeaveStatus, Shift
from hotline.roster.policy import Position, RosterPolicies
from hotline.roster.schemas import ShiftCreate
from hotline.staff.models import Staff
from hotline.training import records as training_records
from hotline.training.models import Participant, SessionStatus, TrainingSession
from hotline.wallclock import local_date, span


def could_cover(session: Session, shift: Shift, *, now: datetime, settings: Settings,
                policies: RosterPolicies, limit: int = 5) -> list[Staff]:
    """People who could take the rest of ``shift`` now (a no-show's seat): active people of
    the shift's centre, holding the position's role, free of leave and other shifts, within
    every working-time rule and allowed to work alone; those with the fewest hours in the
    last 7 days first."""
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
    people = select(Staff).where(col(Staff.active).is_(True))
    if shift.centre_id is not None:
        people = people.where(Staff.centre_id == shift.centre_id)
    for person in session.exec(people.order_by(col(Staff.id))):
        if role not in person.roles or person.id in away or person.id == shift.staff_id:
            continue
        cover.staff_id = id_of(person)
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


OFFER = "shift.offer"


@dataclass(frozen=True)
class Candidate:
    staff_id: int
    name: str
    week_hours: float


def shift_window(at: datetime, settings: Settings, policies: RosterPolicies) -> tuple[datetime, datetime]:
    """The shift of the roster's pattern (e.g. 08:00-16:00) that holds the instant ``at``:
    cover is offered in shifts people can work, not as one long gap."""
    zone = settings.zone
    day = local_date(at, zone)
    for offset in (0, -1):
        for template in policies.shifts.active_pattern.shifts:
            start, end = span(day + timedelta(days=offset), template.start, template.end, zone)
            if start <= at < end:
                return start, end
    return at, at + timedelta(hours=1)  # a pattern tiles the day: not reached


def gap_at(session: Session, *, position: Position, at: datetime, settings: Settings,
           policies: RosterPolicies, centre_id: int | None = None) -> coverage.CoverageGap | None:
    """The gap of ``position`` at ``at`` (at centre ``centre_id``: pass its zone and
    policies), within the pattern shift that holds that hour."""
    since, until = shift_window(at, settings, policies)
    report = coverage.analyse(service.shifts_between(session, since, until, centre_id=centre_id),
                              policies.coverage,
                              since, until, settings.zone, positions=(Position(position),))
    runs: list[coverage.CoverageGap] = []
    for gap in report.gaps:  # join hours whose requirement differs into one run
        if runs and runs[-1].end == gap.start:
            last = runs[-1]
            runs[-1] = coverage.CoverageGap(last.start, gap.end, position,
                                            max(last.required, gap.required),
                                            min(last.scheduled, gap.scheduled))
        else:
            runs.append(gap)
    return next((g for g in runs if g.start <= at < g.end), None)


def _busy(session: Session, start: datetime, end: datetime) -> set[int]:
    """People on leave (asked for or granted) or invited to a session in [start, end)."""
    on_leave = session.exec(
        select(Leave.staff_id).where(col(Leave.status).in_([LeaveStatus.requested,
                                                            LeaveStatus.approved]))
        .where(Leave.start < end).where(Leave.end > start))
    training = session.exec(
        select(Participant.staff_id)
        .join(TrainingSession, col(TrainingSession.id) == col(Participant.session_id))
        .where(TrainingSession.status == SessionStatus.scheduled)
        .where(TrainingSession.start < end).where(TrainingSession.end > start))
    return set(on_leave) | set(training)


def candidates(session: Session, *, position: Position, start: datetime, end: datetime,
               settings: Settings, policies: RosterPolicies, limit: int = 8,
               centre_id: int | None = None) -> list[Candidate]:
    """Who of centre ``centre_id`` could cover its gap [start, end) in ``position``:
    ``could_cover``'s people, less those who asked for leave or are invited to a training
    then; fewest hours that week first."""
    busy = _busy(session, start, end)
    gap = Shift(staff_id=0, position=position, start=start, end=end, centre_id=centre_id)
    people = [p for p in could_cover(session, gap, now=utcnow(), settings=settings,
                                     policies=policies, limit=limit + len(busy))
              if p.id not in busy and p.id is not None]
    week_start = start - timedelta(days=3, hours=12)
    found = []
    for person in people:
        assert person.id is not None
        worked = sum(((min(s.end, week_start + timedelta(days=7)) - max(s.start, week_start))
                      for s in service.shifts_between(session, week_start,
                                                      week_start + timedelta(days=7),
                                                      staff_id=person.id)), timedelta())
        found.append(Candidate(person.id, person.full_name,
                               round(worked.total_seconds() / 3600, 1)))
    found.sort(key=lambda c: (c.week_hours, c.name))
    return found[:limit]


def _offer_key(position: str, start: datetime, end: datetime) -> str:
    return f"{position}:{start.isoformat()}:{end.isoformat()}"


def offer(session: Session, *, actor: CurrentUser, staff_id: int, position: Position,
          start: datetime, end: datetime, client_addr: str) -> Notice:
    """Offer the gap (at the supervisor's centre) to one person: a notice they can accept.
    Offering twice is one offer."""
    require(actor, "manage_shifts")
    get_or_404(session, Staff, staff_id, "staff.not_found", staff_id=staff_id)
    gap = _offer_key(position, start, end)
    key = f"offer:{gap}:{staff_id}"
    notice = notices.raise_notice(
        session, audience=f"staff:{staff_id}", kind=OFFER, title="A shift is offered to you",
        dedupe_key=key, data={"position": position, "start": start.isoformat(),
                              "end": end.isoformat(), "gap": gap, "offered_by": actor.id,
                              "centre_id": actor.centre_id})
    if notice is None:
        existing = session.exec(select(Notice).where(Notice.dedupe_key == key)).one()
        return existing
    session.flush()
    audit.record(session, actor.id, "shift.offer", f"staff:{staff_id}", client_addr,
                 {"position": position, "start": start.isoformat(), "end": end.isoformat()})
    return notice


def open_offers(session: Session, staff_id: int) -> list[Notice]:
    return list(session.exec(select(Notice).where(Notice.audience == f"staff:{staff_id}")
                             .where(Notice.kind == OFFER)
                             .where(col(Notice.acknowledged_at).is_(None))
                             .order_by(col(Notice.created_at))))


def accept(session: Session, *, actor: CurrentUser, notice_id: int, settings: Settings,
           policies: RosterPolicies, client_addr: str) -> Shift:
    """The person takes the offered shift, under the roster's rules; the gap's other offers
    close (it is covered)."""
    notice = session.get(Notice, notice_id)
    if notice is None or notice.kind != OFFER:
        raise NotFound("offer.not_found", notice_id=notice_id)
    if notice.audience != f"staff:{actor.id}":
        raise Forbidden("offer.not_yours")
    if notice.acknowledged_at is not None:
        raise Conflict("offer.closed")
    assert actor.id is not None
    start, end = (datetime.fromisoformat(notice.data[k]) for k in ("start", "end"))
    if end <= utcnow():
        raise Conflict("offer.shift_over")
    # Worked at the centre whose gap it is: someone from another centre is lent in.
    shift = Shift(staff_id=actor.id, position=notice.data["position"], start=start, end=end,
                  created_by=actor.id, note="cover",
                  centre_id=notice.data.get("centre_id") or actor.centre_id)
    service.check_person(session, shift, policies, settings)
    session.add(shift)
    now = utcnow()
    for other in session.exec(select(Notice).where(Notice.kind == OFFER)
                              .where(col(Notice.acknowledged_at).is_(None))):
        if other.data.get("gap") == notice.data["gap"]:
            other.acknowledged_at = now
            other.acknowledged_by = actor.id
            session.add(other)
    session.flush()
    audit.record(session, actor.id, "shift.offer_accepted", f"shift:{shift.id}", client_addr,
                 {"position": shift.position})
    return shift


def assign(session: Session, *, actor: CurrentUser, staff_id: int, position: Position,
           start: datetime, end: datetime, client_addr: str, settings: Settings,
           policies: RosterPolicies) -> Shift:
    """Put the person on the gap at once (the same checks as any new shift)."""
    return service.create_shift(
        session, actor=actor, data=ShiftCreate(staff_id=staff_id, position=position,
                                               start=start, end=end, note="cover"),
        client_addr=client_addr, settings=settings, policies=policies)
