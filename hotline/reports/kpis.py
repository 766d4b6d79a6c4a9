"""Call-centre KPIs for any period (DESIGN section 6), computed in the database.

- answer rate = answered / offered; abandonment = abandoned / offered
- average speed to answer = total wait / answered
- service level = answered within T seconds / offered
- average handle time = mean(ended - answered) over answered contacts that ended
- high-risk contacts; escalation time to acknowledge (p50, p90)

Offered = every non-drill contact received in the period, non-data calls included (a silent
call was still offered). Drill contacts never count. Contacts are grouped by UTC hour in SQL,
so a year of a busy line is a few thousand rows to Python, turned into local hours there.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Float, case, cast, func, literal_column
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from hotline.contacts.models import Contact, ContactStatus
from hotline.crisis.models import Escalation

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class Tally:
    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    missed: int = 0
    within_target: int = 0
    wait_s: float = 0.0
    handled: int = 0
    handle_s: float = 0.0
    high_risk: int = 0

    def add(self, other: Tally) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)

    def rates(self) -> dict[str, Any]:
        def ratio(a: float, b: float) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "offered": self.offered, "answered": self.answered, "abandoned": self.abandoned,
            "missed": self.missed, "high_risk_contacts": self.high_risk,
            "answer_rate": ratio(self.answered, self.offered),
            "abandonment_rate": ratio(self.abandoned, self.offered),
            "service_level": ratio(self.within_target, self.offered),
            "avg_speed_to_answer_s": ratio(self.wait_s, self.answered),
            "avg_handle_time_s": ratio(self.handle_s, self.handled),
        }


@dataclass
class KpiReport:
    since: datetime
    until: datetime
    totals: dict[str, Any]
    by_hour: list[dict[str, Any]] = field(default_factory=list)
    by_weekday: list[dict[str, Any]] = field(default_factory=list)
    by_channel: list[dict[str, Any]] = field(default_factory=list)
    by_operator: list[dict[str, Any]] = field(default_factory=list)
    heatmap: list[list[dict[str, Any]]] = field(default_factory=list)  # [weekday][hour]


def _seconds(session: Session, later: Any, earlier: Any) -> ColumnElement[float]:
    if session.get_bind().dialect.name == "sqlite":
        # julianday is a float of days: round away its error (20 s must not be 20.0000001 s).
        return func.round((func.julianday(later) - func.julianday(earlier)) * 86400.0, 3)
    return func.extract("epoch", later - earlier)


def _hour_bucket(session: Session) -> ColumnElement[str]:
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H", Contact.received_at)
    return func.to_char(func.date_trunc("hour", Contact.received_at.op("AT TIME ZONE")(
        literal_column("'UTC'"))), "YYYY-MM-DD HH24")


def _grouped(session: Session, since: datetime, until: datetime, target_s: int,
             *group: Any) -> list[Any]:
    wait = _seconds(session, Contact.answered_at, Contact.received_at)
    handle = _seconds(session, Contact.ended_at, Contact.answered_at)
    answered = col(Contact.answered_at).is_not(None)
    query = (
        select(
            *group,
            func.count(),
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((Contact.status == ContactStatus.abandoned, 1), else_=0)),
            func.sum(case((Contact.status == ContactStatus.missed, 1), else_=0)),
            func.sum(case((answered & (wait <= target_s), 1), else_=0)),
            func.sum(case((answered, cast(wait, Float)), else_=0.0)),
            func.sum(case((answered & col(Contact.ended_at).is_not(None), 1), else_=0)),
            func.sum(case((answered & col(Contact.ended_at).is_not(None), cast(handle, Float)),
                          else_=0.0)),
            func.sum(case((col(Contact.risk_level).in_(["high", "imminent"]), 1), else_=0)),
        )
        .where(Contact.received_at >= since).where(Contact.received_at < until)
        .where(col(Contact.is_drill).is_(False))
        .group_by(*group)
    )
    return list(session.exec(query))


def _tally(row: Any, skip: int) -> Tally:
    values = list(row)[skip:]
    return Tally(int(values[0]), int(values[1] or 0), int(values[2] or 0), int(values[3] or 0),
                 int(values[4] or 0), float(values[5] or 0), int(values[6] or 0),
                 float(values[7] or 0), int(values[8] or 0))


def escalation_ack_seconds(session: Session, since: datetime, until: datetime) -> list[float]:
    rows = session.exec(
        select(Escalation.opened_at, Escalation.acknowledged_at)
        .where(Escalation.opened_at >= since).where(Escalation.opened_at < until)
        .where(col(Escalation.is_drill).is_(False))
        .where(col(Escalation.acknowledged_at).is_not(None))
    ).all()
    return sorted((ack - opened).total_seconds() for opened, ack in rows if ack)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def compute(session: Session, *, since: datetime, until: datetime, zone: ZoneInfo,
            target_s: int, names: dict[int, str] | None = None) -> KpiReport:
    """All KPIs for [since, until), with breakdowns by local hour, weekday, channel, operator."""
    total = Tally()
    hours = defaultdict(Tally)
    days = defaultdict(Tally)
    cells: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for row in _grouped(session, since, until, target_s, _hour_bucket(session)):
        bucket = datetime.strptime(row[0], "%Y-%m-%d %H").replace(tzinfo=timezone.utc)
        local = bucket.astimezone(zone)
        tally = _tally(row, 1)
        total.add(tally)
        hours[local.hour].add(tally)
        days[local.weekday()].add(tally)
        cells[(local.weekday(), local.hour)].add(tally)
    by_channel = [{"channel": str(r[0]), **_tally(r, 1).rates()}
                  for r in _grouped(session, since, until, target_s, Contact.channel)]
    by_operator = [{"operator_id": r[0], "name": (names or {}).get(r[0]), **_tally(r, 1).rates()}
                   for r in _grouped(session, since, until, target_s, Contact.operator_id)]
    acks = escalation_ack_seconds(session, since, until)
    totals = {**total.rates(), "escalations_acknowledged": len(acks),
              "escalation_ack_p50_s": _percentile(acks, 50),
              "escalation_ack_p90_s": _percentile(acks, 90)}
    return KpiReport(
        since=since, until=until, totals=totals,
        by_hour=[{"hour": h, **hours[h].rates()} for h in range(24)],
        by_weekday=[{"weekday": WEEKDAYS[d], **days[d].rates()} for d in range(7)],
        by_channel=sorted(by_channel, key=lambda r: -r["offered"]),
        by_operator=sorted(by_operator, key=lambda r: -r["offered"]),
        heatmap=[[{"weekday": WEEKDAYS[d], "hour": h, **cells[(d, h)].rates()}
                  for h in range(24)] for d in range(7)],
    )

