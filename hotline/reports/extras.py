"""KPIs that come from other domains: follow-up completion, staffed-hours coverage,
training compliance and the rollover rate per centre, for the same period as the call
KPIs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from hotline.config import Settings
from hotline.db import utcnow
from hotline.followups.models import FollowUp, FollowUpStatus
from hotline.reports import rollovers
from hotline.reports.policy import ReportPolicies
from hotline.roster import service as roster
from hotline.training import records


def follow_up_completion(session: Session, since: datetime, until: datetime) -> float | None:
    """Follow-ups reached / follow-ups finished (reached or attempts used up) in the period."""
    rows = dict(session.exec(
        select(FollowUp.status, func.count())
        .where(FollowUp.created_at >= since).where(FollowUp.created_at < until)
        .where(col(FollowUp.status).in_([FollowUpStatus.reached, FollowUpStatus.unreached]))
        .group_by(FollowUp.status)
    ).all())
    finished = sum(rows.values())
    return round(rows.get(FollowUpStatus.reached, 0) / finished, 4) if finished else None


def extras(session: Session, *, since: datetime, until: datetime, settings: Settings,
           policies: ReportPolicies, centre_id: int | None = None) -> dict[str, Any]:
    """Coverage, follow-ups and training compliance beside the KPIs: of one centre (pass
    its policies), or of the whole network (None)."""
    coverage = roster.coverage_report(session, since=since, until=until, settings=settings,
                                      policies=policies, centre_id=centre_id)
    today = utcnow().astimezone(settings.zone).date()
    year = until.astimezone(settings.zone).year
    rows = records.compliance(session, year=year, today=today, policies=policies,
                              zone=settings.zone, centre_id=centre_id)
    good = sum(1 for r in rows if r.status in ("met", "on_track"))
    return {
        "follow_up_completion": follow_up_completion(session, since, until),
        "covered_hours_ratio": round(coverage.covered_ratio, 4),
        "coverage_gaps": len(coverage.gaps),
        "training_compliance": round(good / len(rows), 4) if rows else None,
        "training_compliance_year": year,
        "rollovers_by_centre": rollovers.per_centre(session, since=since, until=until),
    }
