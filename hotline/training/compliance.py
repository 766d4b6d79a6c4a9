"""Mandate evaluation: pure, so the rules are table-tested without a database.

A session counts once it is attended (and passed, where the mandate asks for assessment).
Status, in order of concern:
- ``met``: the year's minimum (and each half-year's) is reached;
- ``at_risk``: even if every upcoming invited session is attended, it will be missed (or a
  half-year that has ended was missed);
- ``behind``: fewer than the share of the year gone by would ask for, but still reachable;
- ``on_track``: otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import floor

from hotline.training.policy import Mandate


@dataclass(frozen=True)
class MandateStatus:
    mandate: str
    required: int
    counted: int
    upcoming: int
    first_half: int
    second_half: int
    status: str


def _half(d: date) -> int:
    return 1 if d.month <= 6 else 2


def evaluate(mandate: Mandate, counted: list[date], upcoming: list[date], year: int,
             today: date) -> MandateStatus:
    """``counted``: dates of sessions that count this year; ``upcoming``: invited, not yet held."""
    counted = [d for d in counted if d.year == year]
    upcoming = [d for d in upcoming if d.year == year and d >= today]
    halves = {h: sum(1 for d in counted if _half(d) == h) for h in (1, 2)}
    ahead = {h: sum(1 for d in upcoming if _half(d) == h) for h in (1, 2)}
    need_half = mandate.per_half_year
    halves_ok = all(halves[h] >= need_half for h in (1, 2))
    if len(counted) >= mandate.min_per_year and halves_ok:
        status = "met"
    else:
        year_end = date(year, 12, 31)
        half_ended = {1: today > date(year, 6, 30), 2: today > year_end}
        half_lost = any(half_ended[h] and halves[h] < need_half for h in (1, 2))
        half_short = any(halves[h] + ahead[h] < need_half for h in (1, 2))
        if half_lost or half_short or len(counted) + len(upcoming) < mandate.min_per_year:
            status = "at_risk"
        else:
            start = date(year, 1, 1)
            elapsed = min(1.0, max(0.0, (today - start).days / ((year_end - start).days + 1)))
            status = "behind" if len(counted) < floor(mandate.min_per_year * elapsed) else "on_track"
    return MandateStatus(mandate.name, mandate.min_per_year, len(counted), len(upcoming),
                         halves[1], halves[2], status)
