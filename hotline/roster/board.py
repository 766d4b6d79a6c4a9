"""What the supervisor coverage board shows: a week of local hours per position, who is on,
today's no-shows and late check-ins, pending requests, and the month's covered ratio."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from sqlmodel import Session, col, select

from hotline.config import Settings
from hotline.db import id_of, utcnow
from hotline.roster import centres, coverage, service
from hotline.roster.models import Leave, LeaveStatus, Shift, SwapRequest, SwapStatus
from hotline.roster.policy import Position, PositionKind, RosterPolicies
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff
from hotline.wallclock import at, local_date

LATE_AFTER = timedelta(minutes=5)


@dataclass
class Cell:
    """One local hour of one position."""

    start: datetime
    end: datetime
    required: int
    scheduled: int  # the fewest on duty at any moment of the hour
    staff_ids: list[int] = field(default_factory=list)

    @property
    def short(self) -> bool:
        return self.scheduled < self.required


@dataclass
class Board:
    week_start: date
    days: list[date]
    rows: dict[Position, list[list[Cell]]]  # position -> day -> hours
    names: dict[int | None, str]
    on_now: dict[Position, list[Shift]]
    no_shows: list[Shift]
    late_check_ins: list[Shift]
    pending_leave: list[Leave]
    pending_swaps: list[SwapRequest]
    week_ratio: float
    month_ratio: float
    month_gaps: int
    # Seats actually staffed now (checked in, not out) against the requirement now: a
    # no-show is a live gap even when the roster is full.
    present_now: dict[Position, int] = field(default_factory=dict)
    required_now: dict[Position, int] = field(default_factory=dict)
    kinds: dict[Position, PositionKind] = field(default_factory=dict)
    # Lending: shifts of the week worked here by people of other centres (shift id -> their
    # home centre id), and shifts this centre's people work elsewhere.
    lent_in: dict[int, int] = field(default_factory=dict)
    lent_out: list[Shift] = field(default_factory=list)

    def live_gap(self, position: Position) -> bool:
        return self.present_now.get(position, 0) < self.required_now.get(position, 0)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _cell(shifts: list[Shift], start: datetime, end: datetime, position: Position,
          policies: RosterPolicies, settings: Settings) -> Cell:
    holding = [s for s in shifts if s.position == position and s.start < end and s.end > start]
    required = coverage.required_at(policies.coverage, position, start, settings.zone)
    return Cell(start, end, required, min_overlap(holding, start, end),
                sorted({s.staff_id for s in holding}))


def min_overlap(shifts: Sequence[coverage.Scheduled], start: datetime, end: datetime) -> int:
    """The fewest of ``shifts`` on at any moment of [start, end)."""
    cuts = sorted({start, end, *(t for s in shifts for t in (s.start, s.end) if start < t < end)})
    return min(
        sum(1 for s in shifts if s.start <= a and s.end >= b) for a, b in pairwise(cuts)
    ) if shifts else 0


def build(session: Session, *, week_start: date, settings: Settings, policies: RosterPolicies,
          now: datetime | None = None, centre_id: int | None = None) -> Board:
    """Everything the board of centre ``centre_id`` (default: the default centre) needs for
    the local week starting ``week_start`` (a Monday), in the centre's zone and policy."""
    now = now or utcnow()
    here = centres.view(session, centre_id, settings=settings, policies=policies)
    settings, policies, centre_id = here.settings, here.policies, here.centre_id
    zone = settings.zone
    days = [week_start + timedelta(days=i) for i in range(7)]
    since, until = at(days[0], time(0), zone), at(days[-1] + timedelta(days=1), time(0), zone)
    shifts = service.shifts_between(session, since, until, centre_id=centre_id)
    report = coverage.analyse(shifts, policies.coverage, since, until, zone)  # the week's ratio
    hour_starts = coverage.local_hour_starts(since, until, zone)
    bounds = list(zip(hour_starts, [*hour_starts[1:], until]))
    rows: dict[Position, list[list[Cell]]] = {}
    for position in Position:
        by_day: dict[date, list[Cell]] = {d: [] for d in days}
        for start, end in bounds:
            by_day[local_date(start, zone)].append(
                _cell(shifts, start, end, position, policies, settings)
            )
        rows[position] = [by_day[d] for d in days]
    today = local_date(now, zone)
    day_start = at(today, time(0), zone)
    todays = service.shifts_between(session, day_start, now, centre_id=centre_id)
    grace = timedelta(minutes=policies.shifts.rules.no_show_after_minutes)
    no_shows = [s for s in todays if s.checked_in_at is None and s.start + grace <= now < s.end]
    late = [s for s in todays if s.checked_in_at and s.checked_in_at > s.start + LATE_AFTER]
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    month = service.coverage_report(
        session, since=at(month_start, time(0), zone), until=at(next_month, time(0), zone),
        settings=settings, policies=policies, centre_id=centre_id,
    )
    on_now = service.on_call(session, now, centre_id)
    ids = {s.staff_id for s in shifts} | {s.staff_id for v in on_now.values() for s in v}
    pending_leave = list(session.exec(
        select(Leave).join(Staff, col(Staff.id) == col(Leave.staff_id))
        .where(Leave.status == LeaveStatus.requested).where(Staff.centre_id == centre_id)
        .order_by(col(Leave.start))))
    pending_swaps = list(session.exec(
        select(SwapRequest).join(Shift, col(Shift.id) == col(SwapRequest.shift_id))
        .where(col(SwapRequest.status).in_([SwapStatus.open, SwapStatus.taken]))
        .where(Shift.centre_id == centre_id)
    ))
    away = service.lent_out(session, since, until, centre_id=centre_id)
    home = centres.homes(session, {s.staff_id for s in shifts})
    ids |= {s.staff_id for s in away}
    ids |= {lv.staff_id for lv in pending_leave} | {s.staff_id for s in no_shows + late}
    ids |= {sw.offered_by for sw in pending_swaps} | {sw.taken_by for sw in pending_swaps if sw.taken_by}
    return Board(
        week_start=week_start, days=days, rows=rows, names=full_names(session, ids),
        on_now=on_now, no_shows=no_shows, late_check_ins=late, pending_leave=pending_leave,
        pending_swaps=pending_swaps, week_ratio=report.covered_ratio,
        month_ratio=month.covered_ratio, month_gaps=len(month.gaps),
        present_now={p: sum(1 for s in held if s.checked_in_at and not s.checked_out_at)
                     for p, held in on_now.items()},
        required_now={p: coverage.required_at(policies.coverage, p, now, zone) for p in Position},
        kinds={p: policies.shifts.kind(p) for p in Position},
        lent_in={id_of(s): home[s.staff_id] for s in shifts
                 if home.get(s.staff_id, centre_id) != centre_id},
        lent_out=away,
    )
