"""The supervisor's wallboard: the state of the service right now, in one read.

Calls waiting and the longest wait, operators on shift by state, open and exhausted crisis
escalations with how long they have been open, coverage now against the requirement for each
position, and today's KPIs against their targets. No caller data: counts, times, risk levels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlmodel import Session, col, select

from hotline.config import Settings
from hotline.crisis.models import Escalation, EscalationState
from hotline.presence import service as presence
from hotline.reports import kpis, targets
from hotline.reports.policy import ReportPolicies
from hotline.roster import service as roster
from hotline.roster.coverage import hour_of_week
from hotline.roster.policy import Position
from hotline.staff.lookup import full_names
from hotline.telephony import calls

LIVE = (EscalationState.open, EscalationState.notified, EscalationState.exhausted)


@dataclass(frozen=True)
class OperatorRow:
    staff_id: int
    name: str
    state: str  # on_call | available | away | not_checked_in


@dataclass(frozen=True)
class PositionNow:
    position: str
    required: int
    scheduled: int
    checked_in: int

    @property
    def short(self) -> bool:
        return self.scheduled < self.required


@dataclass
class Wallboard:
    at: datetime
    waiting: int
    longest_wait_s: int | None
    operators: list[OperatorRow]
    escalations: list[dict[str, Any]]
    coverage: list[PositionNow]
    kpis: dict[str, targets.Judged]
    offered_today: int
    counts: dict[str, int] = field(default_factory=dict)


def build(session: Session, *, settings: Settings, policies: ReportPolicies,
          now: datetime, centre_id: int | None = None) -> Wallboard:
    """Everything the wall shows, as of ``now``: of centre ``centre_id`` (pass its
    policies), or of every centre."""
    queue = calls.queue(session, now, centre_id)
    held = roster.on_call(session, now, centre_id)
    operator_shifts = held[Position.operator]
    ids = sorted({s.staff_id for s in operator_shifts})
    names = full_names(session, ids)
    statuses = presence.statuses(session, ids)
    checked = {s.staff_id for s in operator_shifts
               if s.checked_in_at is not None and s.checked_out_at is None}
    rows = []
    for staff_id in ids:
        if presence.on_a_call(session, staff_id):
            state = "on_call"
        elif staff_id not in checked:
            state = "not_checked_in"
        else:
            state = statuses[staff_id].value
        rows.append(OperatorRow(staff_id, names.get(staff_id, ""), state))
    counts = {k: sum(r.state == k for r in rows)
              for k in ("available", "on_call", "away", "not_checked_in")}
    open_now = (select(Escalation).where(col(Escalation.state).in_(LIVE))
                .where(col(Escalation.is_drill).is_(False)))
    if centre_id is not None:
        open_now = open_now.where(Escalation.centre_id == centre_id)
    live = session.exec(open_now.order_by(col(Escalation.opened_at))).all()
    escalations = [{"id": e.id, "contact_id": e.contact_id, "risk_level": e.risk_level,
                    "state": e.state.value, "opened_at": e.opened_at, "tier": e.tier_index + 1,
                    "open_s": int((now - e.opened_at).total_seconds())} for e in live]
    how = hour_of_week(now, settings.zone)
    coverage = [PositionNow(p.value, policies.coverage.required(p, how), len(held[p]),
                            sum(s.checked_in_at is not None and s.checked_out_at is None
                                for s in held[p])) for p in Position]
    midnight = datetime.combine(now.astimezone(settings.zone).date(), time(), settings.zone)
    report = kpis.compute(session, since=midnight, until=now, zone=settings.zone,
                          target_s=policies.records.service_level_seconds, centre_id=centre_id)
    return Wallboard(
        at=now, waiting=len(queue),
        longest_wait_s=max((c["waiting_s"] for c in queue), default=None),
        operators=rows, escalations=escalations, coverage=coverage,
        kpis=targets.judge(report.totals, policies.records),
        offered_today=report.totals["offered"], counts=counts,
    )
