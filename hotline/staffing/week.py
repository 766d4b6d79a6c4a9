"""One local week of operator seats, hour by hour: what demand needs (the forecast), what
policy requires (dated rules included), what the roster holds and who actually checked in,
with the service level and occupancy the rostered seats would give. The staffing page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from hotline.config import Settings
from hotline.roster import coverage, service
from hotline.roster.board import min_overlap
from hotline.roster.policy import Position
from hotline.staffing import forecast
from hotline.staffing.policy import StaffingPolicies
from hotline.wallclock import at, local_date


@dataclass(frozen=True)
class Seats:
    """Operator seats over some local hours: rostered against demand and the minimum."""

    day: date  # local, where it starts
    start: datetime
    end: datetime
    rostered: int  # the fewest rostered at any moment
    demand: int  # operators Erlang C needs
    minimum: int  # coverage.toml for this very day (dated rules included)
    service_level: float | None  # what the rostered seats would give (the worst of a run)

    @property
    def required(self) -> int:
        return max(self.demand, self.minimum)

    @property
    def short_of_demand(self) -> bool:
        return self.rostered < self.demand

    @property
    def short_of_minimum(self) -> bool:
        return self.rostered < self.minimum

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.rostered, self.demand, self.minimum)


@dataclass(frozen=True)
class StaffingHour(Seats):
    arrivals_per_hour: float = 0.0
    aht_s: float = 0.0
    checked_in: int | None = None  # None for hours still ahead
    occupancy: float | None = None


@dataclass(frozen=True)
class StaffingWeek:
    week_start: date
    days: list[date]
    hours: list[list[StaffingHour]]  # per day; 23 or 25 on a daylight-saving day
    weeks: int  # of contacts behind the forecast
    service_level_target: float
    service_level_seconds: int

    @property
    def short(self) -> list[ShortRun]:
        """Runs of hours where the roster falls short of demand or of the minimum, earliest
        first; consecutive hours short in the same way are one run."""
        runs: list[ShortRun] = []
        for day in self.hours:
            for h in day:
                if not (h.short_of_demand or h.short_of_minimum):
                    continue
                key = (h.rostered, h.demand, h.minimum)
                last = runs[-1] if runs else None
                if last and last.end == h.start and last.key == key:
                    runs[-1] = ShortRun(last.day, last.start, h.end, *key,
                                        _worst(last.service_level, h.service_level))
                else:
                    runs.append(ShortRun(h.day, h.start, h.end, *key, h.service_level))
        return runs


@dataclass(frozen=True)
class ShortRun(Seats):
    """Consecutive short hours with the same seats."""


def _worst(a: float | None, b: float | None) -> float | None:
    return min(x for x in (a, b) if x is not None) if a is not None or b is not None else None


def build(session: Session, *, week_start: date, weeks: int, settings: Settings,
          policies: StaffingPolicies, now: datetime) -> StaffingWeek:
    """The staffing picture of the local week starting ``week_start``."""
    zone = settings.zone
    days = [week_start + timedelta(days=i) for i in range(7)]
    since, until = at(days[0], time(0), zone), at(days[-1] + timedelta(days=1), time(0), zone)
    rows = {r.hour_of_week: r for r in forecast.forecast(
        session, weeks=weeks, now=now, zone=zone, policies=policies)}
    shifts = service.shifts_between(session, since, until, position=Position.operator)
    present = coverage.presence(shifts, now)
    starts = coverage.local_hour_starts(since, until, zone)
    by_day: dict[date, list[StaffingHour]] = {d: [] for d in days}
    for start, end in zip(starts, [*starts[1:], until], strict=True):
        local = start.astimezone(zone)
        row = rows[local.weekday() * 24 + local.hour]
        holding = [s for s in shifts if s.start < end and s.end > start]
        rostered = min_overlap(holding, start, end)
        expected = forecast.expected(row.arrivals_per_hour, round(row.aht_s), rostered,
                                     policies.records)
        by_day[local_date(start, zone)].append(StaffingHour(
            day=local.date(), start=start, end=end, arrivals_per_hour=row.arrivals_per_hour,
            aht_s=row.aht_s, demand=row.required_operators,
            minimum=policies.coverage.required_on(Position.operator, local.date(), local.hour),
            rostered=rostered,
            checked_in=min_overlap([p for p in present if p.start < end and p.end > start],
                                   start, min(end, now)) if start < now else None,
            service_level=expected.service_level, occupancy=expected.occupancy,
        ))
    return StaffingWeek(
        week_start=week_start, days=days, hours=[by_day[d] for d in days], weeks=weeks,
        service_level_target=policies.records.service_level_target,
        service_level_seconds=policies.records.service_level_seconds,
    )
