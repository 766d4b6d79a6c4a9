"""Shifts and the coverage guard.

Every change to the roster passes two checks before it is written: the person's working-time
and position rules, and the coverage guard, which refuses a change that would open a future
gap unless a supervisor overrides it with a reason (audit-logged).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import can, require
from hotline.access.scope import CentreActor
from hotline.auth.service import CurrentUser
from hotline.centres.models import Centre
from hotline.config import Settings
from hotline.db import utcnow
from hotline.errors import Conflict, Forbidden, InvalidInput, NotFound
from hotline.roster import centres, coverage, rules
from hotline.roster.models import CHECK_IN_EARLY, CallOut, Shift, SwapRequest, SwapStatus
from hotline.roster.policy import Position, RosterPolicies
from hotline.roster.schemas import GapPublic, ShiftCreate, ShiftPublic, ShiftUpdate
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff
from hotline.training import records as training_records


def live_shifts():
    """Shifts that are not cancelled: the roster as it stands."""
    return select(Shift).where(col(Shift.cancelled_at).is_(None))


def holding_at(at: Any) -> tuple[Any, ...]:
    """Conditions of a shift that is live and under way at ``at`` (a time, or a bound
    parameter for a statement built once)."""
    return (col(Shift.cancelled_at).is_(None), col(Shift.start) <= at, col(Shift.end) > at)


def shifts_between(
    session: Session, since: datetime, until: datetime, *, staff_id: int | None = None,
    position: Position | None = None, centre_id: int | None = None,
) -> list[Shift]:
    """Shifts overlapping [since, until), earliest first; with ``centre_id``, those worked
    at that centre (lent-in shifts included, lent-out ones not)."""
    query = live_shifts().where(Shift.end > since).where(Shift.start < until)
    if staff_id is not None:
        query = query.where(Shift.staff_id == staff_id)
    if position is not None:
        query = query.where(Shift.position == position)
    if centre_id is not None:
        query = query.where(Shift.centre_id == centre_id)
    return list(session.exec(query.order_by(col(Shift.start), col(Shift.id))))


def lent_out(session: Session, since: datetime, until: datetime, *,
             centre_id: int) -> list[Shift]:
    """Shifts in [since, until) that people of ``centre_id`` work at other centres."""
    query = (live_shifts().join(Staff, col(Staff.id) == col(Shift.staff_id))
             .where(Staff.centre_id == centre_id).where(Shift.centre_id != centre_id)
             .where(Shift.end > since).where(Shift.start < until))
    return list(session.exec(query.order_by(col(Shift.start), col(Shift.id))))


def coverage_report(
    session: Session, *, since: datetime, until: datetime, settings: Settings, policies: RosterPolicies,
    basis: str = "rostered", now: datetime | None = None, centre_id: int | None = None,
) -> coverage.CoverageReport:
    """Gaps and covered ratio in [since, until): of the published roster, or (``basis`` is
    ``checked_in``) of the seats people actually checked in to, up to ``now``. With
    ``centre_id``, of that centre's shifts (pass its zone and policies: ``centres.view``)."""
    shifts = shifts_between(session, since, until, centre_id=centre_id)
    if basis == "checked_in":
        now = now or utcnow()
        until = min(until, now)
        return coverage.analyse(coverage.presence(shifts, now), policies.coverage, since,
                                until, settings.zone)
    return coverage.analyse(shifts, policies.coverage, since, until, settings.zone)


def call_outs_between(session: Session, since: datetime, until: datetime, *,
                      staff_id: int | None = None) -> list[rules.WorkedSpan]:
    """Time worked on call-outs overlapping [since, until); an open one counts up to now."""
    query = select(CallOut).where(CallOut.start < until).where(
        (col(CallOut.end).is_(None)) | (col(CallOut.end) > since)
    )
    if staff_id is not None:
        query = query.where(CallOut.staff_id == staff_id)
    now = utcnow()
    return [rules.WorkedSpan(c.staff_id, c.start, c.end or max(now, c.start))
            for c in session.exec(query.order_by(col(CallOut.start)))]


def start_call_out(session: Session, *, staff_id: int, escalation_id: int,
                   at: datetime) -> CallOut:
    """Someone took an escalation: their working time on it starts (once per escalation).
    Time that falls inside an on-site shift is counted once, as that shift."""
    existing = session.exec(select(CallOut).where(CallOut.escalation_id == escalation_id)
                            .where(CallOut.staff_id == staff_id)).first()
    if existing is not None:
        return existing
    call_out = CallOut(staff_id=staff_id, start=at, escalation_id=escalation_id)
    session.add(call_out)
    session.flush()
    return call_out


def end_call_out(session: Session, *, escalation_id: int, at: datetime) -> None:
    """The escalation is resolved: the call-out's work ends (safe to call twice)."""
    for call_out in session.exec(select(CallOut).where(CallOut.escalation_id == escalation_id)
                                 .where(col(CallOut.end).is_(None))):
        call_out.end = max(at, call_out.start)
        session.add(call_out)


def on_call(session: Session, at: datetime,
            centre_id: int | None = None) -> dict[Position, list[Shift]]:
    """Who holds each position at the instant ``at`` (at centre ``centre_id``, if given)."""
    held: dict[Position, list[Shift]] = {p: [] for p in Position}
    query = select(Shift).where(*holding_at(at))
    if centre_id is not None:
        query = query.where(Shift.centre_id == centre_id)
    for shift in session.exec(query):
        held[shift.position].append(shift)
    return held


def to_public(session: Session, shifts: Sequence[Shift],
              viewer_centre_id: int | None = None) -> list[ShiftPublic]:
    """Shifts for a client, each with its person's home centre and whether it is lent (as
    seen from ``viewer_centre_id``)."""
    names = full_names(session, (s.staff_id for s in shifts))
    home = centres.homes(session, (s.staff_id for s in shifts))
    return [ShiftPublic(**s.model_dump(), staff_name=names.get(s.staff_id),
                        home_centre_id=home.get(s.staff_id),
                        lent=centres.lent(s.centre_id, home.get(s.staff_id), viewer_centre_id))
            for s in shifts]


def gaps_public(gaps: Sequence[coverage.CoverageGap]) -> list[GapPublic]:
    return [
        GapPublic(start=g.start, end=g.end, position=g.position, required=g.required,
                  scheduled=g.scheduled)
        for g in gaps
    ]


def check_person(
    session: Session, candidate: Shift, policies: RosterPolicies, settings: Settings,
    *, ignore: set[int] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Refuse (422, naming the rule) a shift its person may not hold."""
    staff = session.get(Staff, candidate.staff_id)
    if staff is None:
        raise InvalidInput("shift.staff_not_found", staff_id=candidate.staff_id, field="staff_id")
    if not staff.active:
        raise InvalidInput("shift.staff_not_active", name=staff.full_name, field="staff_id")
    if candidate.position not in rules.eligible_positions(staff.roles):
        need = rules.POSITION_ROLE[Position(candidate.position)]
        raise InvalidInput("shift.position_needs_role", name=staff.full_name,
                           position=candidate.position, role=need, field="position")
    horizon = timedelta(days=8)
    others = [
        s for s in shifts_between(
            session, candidate.start - horizon, candidate.end + horizon, staff_id=staff.id
        )
        if s.id not in ignore and s.id != candidate.id
    ]
    _check_other_centres(session, staff, candidate, others, settings)
    worked = call_outs_between(session, candidate.start - horizon, candidate.end + horizon,
                               staff_id=staff.id)
    problems = rules.violations(candidate, others, policies.shifts, settings.zone, worked)
    if problems:
        raise InvalidInput("shift.rules_broken", reasons=problems)
    _check_not_alone(session, staff, candidate, policies, settings, ignore)


def _check_other_centres(session: Session, staff: Staff, candidate: Shift,
                         others: Sequence[Shift], settings: Settings) -> None:
    """A person works at one centre at a time: a shift overlapping one of theirs at another
    centre is refused naming that centre (the same centre's overlap is a roster rule)."""
    for other in others:
        if (other.centre_id != candidate.centre_id and other.start < candidate.end
                and other.end > candidate.start):
            where = session.get(Centre, other.centre_id) if other.centre_id else None
            zone = settings.zone
            raise InvalidInput(
                "lending.overlaps", name=staff.full_name,
                centre={lang: where.name_in(lang) if where else "" for lang in ("zh", "en")},
                start=other.start.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                end=other.end.astimezone(zone).strftime("%H:%M"), field="start")


def _check_not_alone(session: Session, staff: Staff, candidate: Shift, policies: RosterPolicies,
                     settings: Settings, ignore: set[int]) -> None:
    """Without pre-service training or a required certificate, a person may work only beside
    a colleague in the same position who may work alone, for the whole shift."""
    day = candidate.start.astimezone(settings.zone).date()
    blockers = training_records.solo_blockers(session, staff, day, policies.trainings)
    if not blockers:
        return
    for other in shifts_between(session, candidate.start, candidate.end,
                                position=Position(candidate.position)):
        if (other.staff_id != staff.id and other.id not in ignore
                and other.start <= candidate.start and other.end >= candidate.end):
            colleague = session.get(Staff, other.staff_id)
            if colleague and not training_records.solo_blockers(
                    session, colleague, day, policies.trainings):
                return
    raise InvalidInput("shift.not_alone_yet", name=staff.full_name, reasons=blockers)


def guard(
    session: Session,
    *,
    actor: CurrentUser,
    removed: Sequence[Shift],
    added: Sequence[Shift] = (),
    override_reason: str | None,
    what: str,
    client_addr: str,
    settings: Settings,
    policies: RosterPolicies,
) -> None:
    """Refuse with 409 and the gaps if taking ``removed`` away (and putting ``added`` in)
    would open or deepen a gap from now on, unless a supervisor overrides with a reason.
    Each centre's coverage is judged on its own shifts, in its zone, by its own policy."""
    if not removed:
        return
    opened: list[coverage.CoverageGap] = []
    for centre_id in {s.centre_id for s in removed}:
        here = centres.view(session, centre_id, settings=settings, policies=policies)
        opened += _opened(session, [s for s in removed if s.centre_id == centre_id],
                          [s for s in added if s.centre_id == centre_id], here)
    if not opened:
        return
    reason = (override_reason or "").strip()
    if not reason:
        raise Conflict("coverage.would_open_gaps", count=len(opened),
                       extra={"gaps": gaps_public(opened)})
    if not can(actor, "override_coverage"):
        raise Forbidden("coverage.override_supervisor_only", field="override_reason")
    audit.record(
        session, actor.id, "roster.guard_override", what, client_addr,
        {"reason": reason, "gaps": [g.model_dump(mode="json") for g in gaps_public(opened)]},
    )


def _opened(session: Session, removed: Sequence[Shift], added: Sequence[Shift],
            here: centres.CentreView) -> list[coverage.CoverageGap]:
    """The gaps one centre's change would open or deepen from now on."""
    zone, policy = here.settings.zone, here.policies.coverage
    affected = [*removed, *added]
    if not removed:
        return []
    now = utcnow()
    since = max(now, min(s.start for s in affected))
    until = max(s.end for s in affected)
    if until <= since:
        return []  # only the past changes: history, not coverage
    current = shifts_between(session, since, until, centre_id=here.centre_id)
    gone = {s.id for s in removed}
    after = [s for s in current if s.id not in gone] + list(added)
    return coverage.new_gaps(coverage.analyse(current, policy, since, until, zone),
                             coverage.analyse(after, policy, since, until, zone))


def create_shift(
    session: Session, *, actor: CurrentUser, data: ShiftCreate, client_addr: str,
    settings: Settings, policies: RosterPolicies,
) -> Shift:
    """Add a shift. Adding never opens a gap, so only the person's rules are checked. It is
    worked at ``data.centre`` (default: the actor's centre); a person from another centre is
    lent in for it, and a supervisor may lend their own people out."""
    require(actor, "manage_shifts")
    host_id = centres.host(session, data.centre).id if data.centre else actor.centre_id
    shift = Shift(**data.model_dump(exclude={"centre"}), created_by=actor.id, centre_id=host_id)
    _require_centre(session, actor, shift)
    check_person(session, shift, policies, settings)
    session.add(shift)
    session.flush()
    audit.record(
        session, actor.id, "shift.create", f"shift:{shift.id}", client_addr,
        {"staff_id": shift.staff_id, "position": shift.position, "centre_id": shift.centre_id},
    )
    return shift


def _require_centre(session: Session, actor: CurrentUser, shift: Shift) -> None:
    """403 unless the shift is worked at the actor's centre or its person is from there."""
    staff = session.get(Staff, shift.staff_id)
    centres.require_roster(actor, host_id=shift.centre_id,
                           home_id=staff.centre_id if staff else None)


def load(session: Session, shift_id: int, *, within: CentreActor | None = None,
         change: bool = False) -> Shift:
    """The shift, or 404; with ``within``, also for a shift of a centre the actor does not
    reach (to read, or with ``change`` to change; its own holder always reaches it)."""
    shift = session.get(Shift, shift_id)
    not_found = NotFound("shift.not_found", shift_id=shift_id)
    if shift is None or shift.cancelled_at is not None:
        raise not_found
    if (within is not None and within.id != shift.staff_id
            and not scope.reaches(within, shift.centre_id, change=change)):
        raise not_found
    return shift


def update_shift(
    session: Session, *, actor: CurrentUser, shift_id: int, data: ShiftUpdate,
    client_addr: str, settings: Settings, policies: RosterPolicies,
) -> Shift:
    """Move or reassign a shift; guarded, since the old slot may be left short."""
    require(actor, "manage_shifts")
    shift = load(session, shift_id, within=actor, change=True)
    _require_centre(session, actor, shift)
    changes = data.model_dump(exclude_unset=True, exclude={"override_reason"})
    for key in ("staff_id", "position", "start", "end"):
        if key in changes and changes[key] is None:
            raise InvalidInput("shift.field_required", field=key)
    moved = Shift(**{**shift.model_dump(), **changes})
    _require_centre(session, actor, moved)
    check_person(session, moved, policies, settings)
    guard(
        session, actor=actor, removed=[shift], added=[moved], override_reason=data.override_reason,
        what=f"shift:{shift.id}", client_addr=client_addr, settings=settings, policies=policies,
    )
    for key, value in changes.items():
        setattr(shift, key, value)
    session.add(shift)
    session.flush()
    audit.record(
        session, actor.id, "shift.update", f"shift:{shift.id}", client_addr,
        {"fields": sorted(changes)},
    )
    return shift


def delete_shift(
    session: Session, *, actor: CurrentUser, shift_id: int, override_reason: str | None,
    client_addr: str, settings: Settings, policies: RosterPolicies,
) -> None:
    """Remove a shift; guarded."""
    require(actor, "manage_shifts")
    shift = load(session, shift_id, within=actor, change=True)
    _require_centre(session, actor, shift)
    guard(
        session, actor=actor, removed=[shift], override_reason=override_reason,
        what=f"shift:{shift.id}", client_addr=client_addr, settings=settings, policies=policies,
    )
    audit.record(
        session, actor.id, "shift.delete", f"shift:{shift.id}", client_addr,
        {"staff_id": shift.staff_id, "position": shift.position,
         "start": shift.start.isoformat(), "end": shift.end.isoformat()},
    )
    cancel(session, shift)


def cancel(session: Session, shift: Shift) -> None:
    """Take a shift off the roster; any open swap of it is withdrawn with it."""
    shift.cancelled_at = utcnow()
    session.add(shift)
    for swap in session.exec(
        select(SwapRequest).where(SwapRequest.shift_id == shift.id)
        .where(col(SwapRequest.status).in_([SwapStatus.open, SwapStatus.taken]))
    ):
        swap.status = SwapStatus.cancelled
        session.add(swap)
    session.flush()


def release_staff(
    session: Session, *, actor: CurrentUser, staff_id: int, override_reason: str | None,
    client_addr: str, settings: Settings, policies: RosterPolicies,
    positions: Collection[Position] | None = None, because: str = "released",
) -> list[Shift]:
    """Take a person off every future shift (they are deactivated), or off those in
    ``positions`` (they lost the role those need), guarded: refused with the gaps it would
    open unless a supervisor overrides with a reason."""
    now = utcnow()
    future = [s for s in live_shifts_of(session, staff_id)
              if s.end > now and (positions is None or s.position in positions)]
    if not future:
        return []
    guard(session, actor=actor, removed=future, override_reason=override_reason,
          what=f"staff:{staff_id}", client_addr=client_addr, settings=settings,
          policies=policies)
    for shift in future:
        audit.record(session, actor.id, "shift.delete", f"shift:{shift.id}", client_addr,
                     {"because": f"staff:{staff_id} {because}"})
        cancel(session, shift)
    return future


def live_shifts_of(session: Session, staff_id: int) -> list[Shift]:
    return list(session.exec(live_shifts().where(Shift.staff_id == staff_id)
                             .order_by(col(Shift.start))))


def check_in(session: Session, *, actor: CurrentUser, shift_id: int, client_addr: str) -> Shift:
    """The person starts their own shift (from ``CHECK_IN_EARLY`` before it until it ends)."""
    shift = load(session, shift_id)
    if shift.staff_id != actor.id:
        raise Forbidden("checkin.not_yours")
    now = utcnow()
    if not shift.start - CHECK_IN_EARLY <= now < shift.end:
        raise InvalidInput("checkin.outside_window")
    if shift.checked_in_at is None:
        shift.checked_in_at = now
        session.add(shift)
        audit.record(session, actor.id, "shift.check_in", f"shift:{shift.id}", client_addr)
    return shift


def check_out(session: Session, *, actor: CurrentUser, shift_id: int, client_addr: str) -> Shift:
    shift = load(session, shift_id)
    if shift.staff_id != actor.id:
        raise Forbidden("checkout.not_yours")
    if shift.checked_in_at is None:
        raise InvalidInput("checkout.not_checked_in")
    if shift.checked_out_at is None:
        shift.checked_out_at = utcnow()
        session.add(shift)
        audit.record(session, actor.id, "shift.check_out", f"shift:{shift.id}", client_addr)
    return shift


def no_shows(session: Session, *, now: datetime, policies: RosterPolicies,
             centre_id: int | None = None) -> list[Shift]:
    """Shifts under way for ``no_show_after_minutes`` with no check-in, not yet alerted (at
    centre ``centre_id``, by its policies, if given).

    Marks them alerted in the same transaction, so running the job twice alerts once.
    """
    late = now - timedelta(minutes=policies.shifts.rules.no_show_after_minutes)
    query = (live_shifts().where(Shift.start <= late).where(Shift.end > now)
             .where(col(Shift.checked_in_at).is_(None))
             .where(col(Shift.no_show_alerted_at).is_(None)))
    if centre_id is not None:
        query = query.where(Shift.centre_id == centre_id)
    found = list(session.exec(query))
    for shift in found:
        shift.no_show_alerted_at = now
        session.add(shift)
        audit.record(session, None, "shift.no_show", f"shift:{shift.id}", "",
                     {"staff_id": shift.staff_id, "position": shift.position})
    return found
