"""Local wall-clock times to UTC instants, the one place shifts are placed in time.

A shift runs from its local start to its local end: across a daylight-saving change the
instant it ends moves with the clock, so the night shift lasts 7 or 9 real hours that night
and no one-hour gap or overlap opens (the peers' classic bug).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time. A time skipped by a spring-forward change
    is read with the offset before the change (zoneinfo fold=0), i.e. one hour later in
    real time; an ambiguous fall-back time is its first occurrence."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def span(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """A shift starting on local ``day``; an end at or before the start is on the next day."""
    end_day = day + timedelta(days=1) if end <= start else day
    return at(day, start, zone), at(end_day, end, zone)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()
