"""Every periodic job in one place.

Jobs open their own session, reload what they need, and are safe to run twice (notices are
deduplicated, no-shows marked once). The scheduler runs in the app process when
``HOTLINE_RUN_SCHEDULER`` is true; tests call the job functions directly with a fixed ``now``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hotline.config import Settings
from hotline.db import utcnow
from hotline.notices import service as notices
from hotline.policies import Policies
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.roster.policy import Position

log = logging.getLogger(__name__)
GAP_LOOKAHEAD = timedelta(days=30)


def check_no_shows(
    engine: Engine, settings: Settings, policies: Policies, now: datetime | None = None
) -> int:
    """Alert the supervisor(s) on duty about shifts nobody checked in to; returns how many."""
    now = now or utcnow()
    with Session(engine) as session:
        late = roster.no_shows(session, now=now, policies=policies)
        on_duty = [s.staff_id for s in roster.on_call(session, now)[Position.supervisor]]
        audiences = [f"staff:{i}" for i in on_duty] or ["role:supervisor"]
        for shift in late:
            for audience in audiences:
                notices.raise_notice(
                    session, audience=audience, kind="shift.no_show",
                    title="No check-in for a shift that has started",
                    dedupe_key=f"no_show:{shift.id}:{audience}",
                    data={"shift_id": shift.id, "staff_id": shift.staff_id,
                          "position": shift.position, "start": shift.start.isoformat()},
                )
        session.commit()
    return len(late)


def check_coverage_gaps(
    engine: Engine, settings: Settings, policies: Policies, now: datetime | None = None
) -> int:
    """Look 30 days ahead and raise a supervisor notice for every gap not yet raised."""
    now = now or utcnow()
    with Session(engine) as session:
        report = roster.coverage_report(
            session, since=now, until=now + GAP_LOOKAHEAD, settings=settings, policies=policies
        )
        raised = 0
        for gap in report.gaps:
            key = (f"gap:{gap.position}:{gap.start.isoformat()}:{gap.end.isoformat()}:"
                   f"{gap.scheduled}")
            notice = notices.raise_notice(
                session, audience="role:supervisor", kind="coverage.gap",
                title="Coverage gap ahead", dedupe_key=key,
                data={"position": gap.position, "start": gap.start.isoformat(),
                      "end": gap.end.isoformat(), "required": gap.required,
                      "scheduled": gap.scheduled},
            )
            if notice is not None:
                raised += 1
                events.emit(session, "coverage.gap", notice.data, ["role:supervisor"])
        session.commit()
    return raised


def start_scheduler(engine: Engine, settings: Settings, policies: Policies) -> BackgroundScheduler:
    """Start the jobs in a background thread; ``coalesce`` so a stalled process runs each once."""
    scheduler = BackgroundScheduler(
        timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1}
    )
    args = (engine, settings, policies)
    scheduler.add_job(check_no_shows, "interval", minutes=1, args=args, id="no_shows")
    scheduler.add_job(check_coverage_gaps, "interval", minutes=10, args=args, id="coverage_gaps",
                      next_run_time=utcnow() + timedelta(seconds=5))
    scheduler.start()
    return scheduler
