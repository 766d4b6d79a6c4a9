"""The roster generator wired to the database: gather candidates, leave and pinned shifts,
solve off the event loop, and publish a reviewed proposal in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.db import id_of
from hotline.errors import InvalidInput, Reason
from hotline.roster import centres, rules, service
from hotline.roster.generator import (
    Candidate,
    PinnedShift,
    RosterProposal,
    RosterRequest,
    generate,
)
from hotline.roster.models import Leave, LeaveStatus, Shift
from hotline.roster.policy import RosterPolicies
from hotline.roster.schemas import ShiftCreate
from hotline.staff.models import Staff
from hotline.training import records as training_records
from hotline.wallclock import at

MAX_DAYS = 42
LOOK_BACK = timedelta(days=7)  # rest and 7-day hours reach back into the previous week


def make_request(
    session: Session, *, first_day: date, last_day: date, settings: Settings,
    policies: RosterPolicies, time_limit_s: float = 30.0, work_limit: float | None = None,
    centre_id: int | None = None,
) -> RosterRequest:
    """Everyone of the centre who may hold a position, their approved leave, and the shifts
    already there. A centre (default: the default centre) rosters its own people, in its
    zone, by its own policy; shifts lent in count as they stand, and its people's shifts at
    other centres are time they are busy and have worked."""
    if last_day < first_day:
        raise InvalidInput("generate.until_before_since", field="until")
    if (last_day - first_day).days + 1 > MAX_DAYS:
        raise InvalidInput("generate.too_many_days", days=MAX_DAYS, field="until")
    here = centres.view(session, centre_id, settings=settings, policies=policies)
    settings, policies = here.settings, here.policies
    zone = settings.zone
    since, until = at(first_day, time(0), zone), at(last_day + timedelta(days=1), time(0), zone)
    # People who may not yet work alone (pre-service training, certificates) are left to the
    # supervisor to add beside a colleague by hand; so are the days after a certificate
    # expires inside the period.
    leave: dict[int, list[tuple[datetime, datetime]]] = {}
    staff = []
    for s in session.exec(select(Staff).where(col(Staff.active).is_(True))
                          .where(Staff.centre_id == here.centre_id)):
        if not rules.eligible_positions(s.roles):
            continue
        blocked = training_records.first_blocked_day(
            session, s, first_day, last_day + timedelta(days=1), policies.trainings)
        if blocked == first_day:
            continue
        staff.append(s)
        if blocked is not None:
            leave.setdefault(id_of(s), []).append((at(blocked, time(0), zone), until + LOOK_BACK))
    for staff_id, spans in training_records.busy_in_sessions(session, since, until).items():
        leave.setdefault(staff_id, []).extend(spans)
    for lv in session.exec(select(Leave).where(Leave.status == LeaveStatus.approved)
                           .where(Leave.end > since).where(Leave.start < until)):
        leave.setdefault(lv.staff_id, []).append((lv.start, lv.end))
    away = service.lent_out(session, since - LOOK_BACK, until + timedelta(days=1),
                            centre_id=here.centre_id)
    for shift in away:
        leave.setdefault(shift.staff_id, []).append((shift.start, shift.end))
    candidates = [
        Candidate(staff_id=id_of(s), positions=frozenset(rules.eligible_positions(s.roles)),
                  unavailable=tuple(leave.get(id_of(s), [])))
        for s in staff
    ]
    pinned = [
        PinnedShift(staff_id=s.staff_id, position=s.position, start=s.start, end=s.end)
        for s in service.shifts_between(session, since - LOOK_BACK, until + timedelta(days=1),
                                        centre_id=here.centre_id)
    ]
    worked = [*service.call_outs_between(session, since - LOOK_BACK, until),
              *(rules.WorkedSpan(s.staff_id, s.start, s.end) for s in away)]
    return RosterRequest(
        first_day=first_day, last_day=last_day, zone=zone, coverage=policies.coverage,
        shifts=policies.shifts, candidates=candidates, pinned=pinned, worked=worked,
        time_limit_s=time_limit_s, work_limit=work_limit,
    )


def propose(session: Session, *, actor: CurrentUser, first_day: date, last_day: date,
            settings: Settings, policies: RosterPolicies, time_limit_s: float = 30.0) -> RosterProposal:
    """Solve (blocking, seconds): call from a worker thread, never on the event loop. A
    supervisor rosters their own centre."""
    require(actor, "generate_roster")
    request = make_request(session, first_day=first_day, last_day=last_day, settings=settings,
                           policies=policies, time_limit_s=time_limit_s,
                           centre_id=actor.centre_id)
    return generate(request)


def publish(session: Session, *, actor: CurrentUser, shifts: Sequence[ShiftCreate],
            client_addr: str, settings: Settings, policies: RosterPolicies) -> list[Shift]:
    """Create the reviewed shifts, all or none, each checked against every rule (including
    the others being published)."""
    require(actor, "manage_shifts")
    if not shifts:
        raise InvalidInput("generate.nothing_to_publish")
    created: list[Shift] = []
    for i, data in enumerate(shifts):
        shift = Shift(**data.model_dump(exclude={"centre"}), created_by=actor.id,
                      source="generated", centre_id=actor.centre_id)
        try:
            service.check_person(session, shift, policies, settings)
        except InvalidInput as exc:
            raise InvalidInput("generate.shift_refused", shift=i + 1,
                               reasons=[Reason(exc.code, **exc.params)]) from None
        session.add(shift)
        session.flush()  # the next shift's checks see this one
        created.append(shift)
    audit.record(session, actor.id, "roster.publish", "roster", client_addr,
                 {"shifts": len(created), "from": min(s.start for s in created).isoformat(),
                  "to": max(s.end for s in created).isoformat()})
    return created
