"""Demand per local hour of the week and the operators it needs, by Erlang C.

Arrivals come from one SQL scan grouped by UTC hour over the contacts' derived integer
columns (the same covering index the KPIs read); Python turns UTC hours into local hours
of the week (DST-safe: each is averaged over the times that local hour really occurred).
Every contact offered counts as demand, answered or abandoned; handle time is the mean over
answered contacts that ended. The queueing maths is pyworkforce's ``ErlangC``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from hotline.contacts.models import Contact
from hotline.contacts.policy import RecordsPolicy
from hotline.roster.coverage import local_hour_starts
from hotline.roster.policy import WEEKDAYS, Position
from hotline.staffing.policy import StaffingPolicies
from hotline.wallclock import at

MAX_WEEKS = 52
DEFAULT_WEEKS = 8


@dataclass(frozen=True)
class ForecastRow:
    """One local hour of the week."""

    weekday: str  # mon..sun
    hour: int
    arrivals_per_hour: float
    aht_s: float  # mean handle time, seconds
    required_operators: int  # Erlang C, with maximum occupancy and shrinkage
    policy_minimum: int  # today's coverage.toml (weekly table)
    recommended: int  # the larger of the two
    service_level: float | None  # expected at ``recommended`` seats (None without demand)
    occupancy: float | None

    @property
    def hour_of_week(self) -> int:
        return WEEKDAYS.index(self.weekday) * 24 + self.hour


@dataclass(frozen=True)
class Sizing:
    positions: int
    service_level: float | None
    occupancy: float | None


def _erlang(arrivals: float, aht_s: float, records: RecordsPolicy) -> Any:
    # Imported on first use: pyworkforce brings pandas, which the rest of the app never needs.
    from pyworkforce.queuing import ErlangC

    return ErlangC(transactions=arrivals, asa=records.service_level_seconds / 60,
                   aht=aht_s / 60, interval=60, shrinkage=records.shrinkage)


@lru_cache(maxsize=4096)
def size(arrivals: float, aht_s: float, records: RecordsPolicy) -> Sizing:
    """Operators needed for ``arrivals`` an hour of ``aht_s`` seconds each to meet the
    service-level target within the maximum occupancy, shrinkage included."""
    if arrivals <= 0 or aht_s <= 0:
        return Sizing(0, None, None)
    need = _erlang(arrivals, aht_s, records).required_positions(
        service_level=records.service_level_target, max_occupancy=records.max_occupancy)
    return Sizing(int(need["positions"]), float(need["service_level"]), float(need["occupancy"]))


def expected(arrivals: float, aht_s: float, seats: int, records: RecordsPolicy) -> Sizing:
    """Service level and occupancy ``seats`` rostered operators would give (shrinkage taken
    off); ``None`` where there is no demand, or the seats cannot keep up with it."""
    if arrivals <= 0 or aht_s <= 0:
        return Sizing(seats, None, None)
    erlang = _erlang(arrivals, aht_s, records)
    if seats * (1 - records.shrinkage) <= erlang.intensity:
        return Sizing(seats, 0.0, 1.0)
    return Sizing(seats, max(0.0, float(erlang.service_level(seats))),
                  min(1.0, float(erlang.achieved_occupancy(seats))))


def window(now: datetime, weeks: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The last ``weeks`` whole local weeks of days before today."""
    today = now.astimezone(zone).date()
    return at(today - timedelta(days=7 * weeks), time(0), zone), at(today, time(0), zone)


def _by_utc_hour(session: Session, since: datetime, until: datetime) -> list[Any]:
    query = (
        sa_select(col(Contact.received_hour), func.count(), func.count(col(Contact.handle_s)),
                  func.coalesce(func.sum(Contact.handle_s), 0))
        .where(col(Contact.received_hour) >= int(since.timestamp() // 3600))
        .where(col(Contact.received_hour) < int(until.timestamp() // 3600))
        .where(col(Contact.is_drill).is_(False))
        .group_by(col(Contact.received_hour))
    )
    return list(session.execute(query))


def forecast(session: Session, *, weeks: int, now: datetime, zone: ZoneInfo,
             policies: StaffingPolicies) -> list[ForecastRow]:
    """168 rows, Monday 00:00 first: demand over the last ``weeks`` weeks and the seats it
    needs beside today's policy minimum."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be 1-{MAX_WEEKS}")
    since, until = window(now, weeks, zone)
    occurred = [0] * 168
    for start in local_hour_starts(since, until, zone):
        local = start.astimezone(zone)
        occurred[local.weekday() * 24 + local.hour] += 1
    offered = [0] * 168
    handled = [0] * 168
    handle_s = [0.0] * 168
    local_of: dict[int, int] = {}
    for hour, count, n_handled, total_s in _by_utc_hour(session, since, until):
        how = local_of.get(hour)
        if how is None:
            local = datetime.fromtimestamp(hour * 3600, tz=UTC).astimezone(zone)
            how = local_of[hour] = local.weekday() * 24 + local.hour
        offered[how] += count
        handled[how] += n_handled
        handle_s[how] += total_s or 0
    overall = sum(handle_s) / sum(handled) if sum(handled) else 0.0
    records = policies.records
    minimum = policies.coverage.week(Position.operator)
    rows = []
    for how in range(168):
        arrivals = round(offered[how] / occurred[how], 3) if occurred[how] else 0.0
        # An hour of only abandoned calls still needs seats: size it by the usual handle time.
        aht = handle_s[how] / handled[how] if handled[how] else overall
        need = size(arrivals, round(aht), records)
        recommended = max(need.positions, minimum[how])
        at_recommended = expected(arrivals, round(aht), recommended, records)
        rows.append(ForecastRow(
            weekday=WEEKDAYS[how // 24], hour=how % 24, arrivals_per_hour=arrivals,
            aht_s=round(aht, 1), required_operators=need.positions, policy_minimum=minimum[how],
            recommended=recommended,
            service_level=_round(at_recommended.service_level),
            occupancy=_round(at_recommended.occupancy),
        ))
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
