"""Gaps that lead to cover: who could take a gap, and offering or assigning it in one click.

A candidate is active, holds a role the position needs, is not on leave (requested or
approved) or in a training session then, and passes the roster's own rules for the shift
(rest, hours per 7 days, shifts per day, never alone without pre-service training). Fewest
hours in the gap's week first, so cover spreads fairly. An offer is a notice to the person;
accepting it creates the shift under the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from hotline.auth import audit
from hotline.auth.deps import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.db import utcnow
from hotline.errors import Conflict, Forbidden, InvalidInput, NotFound
from hotline.notices import service as notices
from hotline.notices.models import Notice
from hotline.policies import Policies
from hotline.roster import coverage, rules, service
from hotline.roster.models import Leave, LeaveStatus, Shift
from hotline.roster.policy import Position
from hotline.roster.schemas import ShiftCreate
from hotline.roster.wallclock import local_date, span
from hotline.staff.models import Staff
from hotline.training.models import Participant, SessionStatus, TrainingSession

OFFER = "shift.offer"


@dataclass(frozen=True)
class Candidate:
    staff_id: int
    name: str
    week_hours: float


def shift_window(at: datetime, settings: Settings, policies: Policies) -> tuple[datetime, datetime]:
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
           policies: Policies) -> coverage.CoverageGap | None:
    """The gap of ``position`` at ``at``, within the pattern shift that holds that hour."""
    since, until = shift_window(at, settings, policies)
    report = coverage.analyse(service.shifts_between(session, since, until), policies.coverage,
                              since, until, settings.zone, positions=(position,))
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
               settings: Settings, policies: Policies, limit: int = 8) -> list[Candidate]:
    """Who could cover [start, end) in ``position``, fewest hours that week first."""
    busy = _busy(session, start, end)
    people = session.exec(select(Staff).where(col(Staff.active).is_(True))
                          .order_by(col(Staff.full_name))).all()
    week_start = start - timedelta(days=3, hours=12)
    found = []
    for person in people:
        if person.id is None or person.id in busy or Position(position) not in \
                rules.eligible_positions(person.roles):
            continue
        try:
            service.check_person(session, Shift(staff_id=person.id, position=position,
                                                start=start, end=end), policies, settings)
        except InvalidInput:
            continue
        worked = sum(((min(s.end, week_start + timedelta(days=7)) - max(s.start, week_start))
                      for s in service.shifts_between(session, week_start,
                                                      week_start + timedelta(days=7),
                                                      staff_id=person.id)), timedelta())
        found.append(Candidate(person.id, person.full_name, round(worked.total_seconds() / 3600, 1)))
    found.sort(key=lambda c: (c.week_hours, c.name))
    return found[:limit]


def _offer_key(position: str, start: datetime, end: datetime) -> str:
    return f"{position}:{start.isoformat()}:{end.isoformat()}"


def offer(session: Session, *, actor: CurrentUser, staff_id: int, position: Position,
          start: datetime, end: datetime, client_addr: str) -> Notice:
    """Offer the gap to one person: a notice they can accept. Offering twice is one offer."""
    require(actor, "manage_shifts")
    if session.get(Staff, staff_id) is None:
        raise NotFound(f"No staff member {staff_id}.")
    gap = _offer_key(position, start, end)
    key = f"offer:{gap}:{staff_id}"
    notice = notices.raise_notice(
        session, audience=f"staff:{staff_id}", kind=OFFER, title="A shift is offered to you",
        dedupe_key=key, data={"position": position, "start": start.isoformat(),
                              "end": end.isoformat(), "gap": gap, "offered_by": actor.id})
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
           policies: Policies, client_addr: str) -> Shift:
    """The person takes the offered shift, under the roster's rules; the gap's other offers
    close (it is covered)."""
    notice = session.get(Notice, notice_id)
    if notice is None or notice.kind != OFFER:
        raise NotFound(f"No shift offer {notice_id}.")
    if notice.audience != f"staff:{actor.id}":
        raise Forbidden("This offer was made to someone else.")
    if notice.acknowledged_at is not None:
        raise Conflict("This offer is closed: someone took it or it was withdrawn.")
    assert actor.id is not None
    start, end = (datetime.fromisoformat(notice.data[k]) for k in ("start", "end"))
    if end <= utcnow():
        raise Conflict("This shift is over.")
    shift = Shift(staff_id=actor.id, position=notice.data["position"], start=start, end=end,
                  created_by=actor.id, note="cover")
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
           policies: Policies) -> Shift:
    """Put the person on the gap at once (the same checks as any new shift)."""
    return service.create_shift(
        session, actor=actor, data=ShiftCreate(staff_id=staff_id, position=position,
                                               start=start, end=end, note="cover"),
        client_addr=client_addr, settings=settings, policies=policies)
