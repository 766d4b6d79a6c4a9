"""KPIs for one year of a busy line (500,000 contacts) on SQLite.

    python scripts/bench_kpis.py [--contacts 500000]

Prints the time to build the data and to compute the KPI report (target: under 1 s).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session

from hotline import migrate
from hotline.contacts.models import Contact, report_metrics
from hotline.db import make_engine
from hotline.reports import kpis


def contact_rows(count: int, start: datetime, rng: random.Random) -> list[dict[str, Any]]:
    """A year of a busy line from ``start``: 88% answered, the rest abandoned or missed,
    with the derived report columns a bulk insert would otherwise miss."""
    rows = []
    for _ in range(count):
        received = start + timedelta(seconds=rng.randrange(365 * 86400))
        roll = rng.random()
        answered = received + timedelta(seconds=rng.randrange(2, 90)) if roll < 0.88 else None
        rows.append({
            "channel": rng.choice(["voice"] * 8 + ["sms", "chat"]), "call_type": "data",
            "status": "completed" if answered else ("abandoned" if roll < 0.97 else "missed"),
            "received_at": received, "answered_at": answered,
            "ended_at": answered + timedelta(seconds=rng.randrange(60, 2400)) if answered else None,
            "operator_id": None, "risk_level": rng.choice(["none"] * 20 + ["low"] * 6 + ["high"]),
            "computed_risk_level": "none", "caller_profile": {}, "issues": [],
            "risk_screen": {}, "interventions": [], "referrals": [], "safety_plan": {},
            "follow_up": {}, "notes": "", "is_drill": False, "version": 1,
            "created_at": received, "updated_at": received,
        })
        # A bulk insert skips the ORM hook that derives these.
        hour, wait, handle = report_metrics(received, answered, rows[-1]["ended_at"])
        rows[-1].update(received_hour=hour, wait_s=wait, handle_s=handle)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=500_000)
    parser.add_argument("--keep", help="build the data in this SQLite file and keep it")
    args = parser.parse_args()
    rng = random.Random(7)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{args.keep or tmp + '/kpis.db'}")
        migrate.upgrade(engine)
        t0 = time.perf_counter()
        table = Contact.__table__  # type: ignore[attr-defined]
        rows = contact_rows(args.contacts, start, rng)
        with engine.begin() as conn:
            conn.execute(table.insert(), rows)
        built = time.perf_counter() - t0
        with Session(engine) as session:
            timings = []
            for _ in range(3):  # the first run also warms the page cache
                t1 = time.perf_counter()
                report = kpis.compute(session, since=start, until=start + timedelta(days=365),
                                      zone=ZoneInfo("Asia/Shanghai"), target_s=20)
                timings.append(time.perf_counter() - t1)
            took = min(timings)
        print(f"contacts={args.contacts} built in {built:.1f}s; KPIs in {took * 1000:.0f} ms "
              f"(first, cold: {timings[0] * 1000:.0f} ms) "
              f"(answer rate {report.totals['answer_rate']}, offered {report.totals['offered']})")


if __name__ == "__main__":
    main()
