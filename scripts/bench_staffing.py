"""Staffing benchmarks from issue 12, printing figures (not a timed test).

1. The forecast over a year of 500,000 contacts on SQLite (target: under 1 s), beside the
   floor: a bare ``count(*)`` over the same rows, measured in the same run.
2. The generator's capacity check proving an impossible roster infeasible for 8 weeks and
   200 staff (target: under 1 s), beside building the slots alone.

    python scripts/bench_staffing.py [--contacts 500000] [--staff 200] [--weeks 8]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from bench_kpis import contact_rows
from sqlalchemy import text
from sqlmodel import Session

from hotline import migrate
from hotline.contacts.models import Contact
from hotline.db import make_engine
from hotline.policies import load
from hotline.roster.generator import Candidate, RosterRequest, generate
from hotline.roster.generator.model import place_slots
from hotline.roster.policy import Position
from hotline.staffing.forecast import expected, forecast

SCHEDULES = Path(__file__).resolve().parent.parent / "schedules"
ZONE = ZoneInfo("Asia/Shanghai")


def _best(fn, runs: int = 3) -> tuple[float, float, object]:
    """(best, first) seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), times[0], result


def bench_forecast(count: int) -> None:
    policies = load(SCHEDULES)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    now = start + timedelta(days=365)
    expected(1, 60, 1, policies.records)  # import pyworkforce/pandas outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/staffing.db")
        migrate.upgrade(engine)
        with engine.begin() as conn:
            conn.execute(Contact.__table__.insert(),  # type: ignore[attr-defined]
                         contact_rows(count, start, random.Random(7)))
        with Session(engine) as session:
            floor, _, _ = _best(lambda: session.execute(
                text("SELECT count(*) FROM contact")).scalar())
            best, first, rows = _best(lambda: forecast(session, weeks=52, now=now, zone=ZONE,
                                                       policies=policies))
        engine.dispose()
    peak = max(rows, key=lambda r: r.required_operators)  # type: ignore[attr-defined]
    print(f"forecast: {count} contacts over 52 weeks, SQLite")
    print(f"  forecast             {best * 1000:.0f} ms best of 3 (first {first * 1000:.0f} ms)")
    print(f"  floor: count(*)      {floor * 1000:.0f} ms")
    print(f"  busiest hour         {peak.weekday} {peak.hour:02d}:00, "
          f"{peak.arrivals_per_hour} contacts/h, aht {peak.aht_s:.0f} s -> "
          f"{peak.required_operators} operators")


def bench_capacity(staff: int, weeks: int) -> None:
    """Three crisis primaries and a backup every hour from a crisis team of 8: 672 standby
    hours a week against at most 8 x 72 = 576."""
    policies = load(SCHEDULES)
    coverage = policies.coverage.model_validate({
        **policies.coverage.model_dump(by_alias=True, exclude={"rule"}),
        "default": {"operator": 4, "crisis_primary": 3, "crisis_backup": 1, "supervisor": 1},
    })
    crisis = frozenset({Position.crisis_primary, Position.crisis_backup})
    people = [Candidate(i, crisis if i <= 8 else frozenset({Position.operator})
                        if i > 30 else frozenset({Position.supervisor}))
              for i in range(1, staff + 1)]
    first = date(2026, 11, 2)
    request = RosterRequest(first_day=first, last_day=first + timedelta(days=7 * weeks - 1),
                            zone=ZONE, coverage=coverage, shifts=policies.shifts,
                            candidates=people, time_limit_s=60)
    floor, _, _ = _best(lambda: place_slots(request.first_day, request.last_day,
                                            request.shifts, ZONE))
    best, first_s, proposal = _best(lambda: generate(request))
    print(f"capacity check: {weeks} weeks, {staff} staff, an impossible crisis requirement")
    print(f"  infeasible in        {best * 1000:.0f} ms best of 3 (first {first_s * 1000:.0f} ms)"
          f", status {proposal.status.value}")  # type: ignore[attr-defined]
    print(f"  floor: place slots   {floor * 1000:.0f} ms")
    for reason in proposal.reasons[:3]:  # type: ignore[attr-defined]
        print(f"  reason: {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=500_000)
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=8)
    args = parser.parse_args()
    bench_capacity(args.staff, args.weeks)
    bench_forecast(args.contacts)


if __name__ == "__main__":
    main()
