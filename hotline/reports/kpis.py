"""Call-centre KPIs for any period (DESIGN section 6), computed in the database.

- answer rate = answered / offered; abandonment = abandoned / offered
- average speed to answer = total wait / answered
- service level = answered within T seconds / offered
- average handle time = mean(ended - answered) over answered contacts that ended
- high-risk contacts; escalation time to acknowledge (p50, p90)

Offered = every non-drill contact received in the period, non-data calls included (a silent
call was still offered). Drill contacts never count. Answered = someone took it: a recorded
answer time, or a contact an operator logged by hand (walk-in, chat, a one-click non-data
call) that is under way or completed; those have no wait to measure, so they count as
answered within the target and stay out of the average speed to answer. One SQL scan groups contacts by UTC hour,
channel and operator over integer columns derived on save (``Contact.received_hour``,
``wait_s``, ``handle_s``); Python turns the groups into local hours (DST-safe) and breakdowns.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from hotline.contacts.models import Contact, ContactStatus
from hotline.crisis.models import Escalation

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


FIELDS = ("offered", "answered", "abandoned", "missed", "overflowed", "within_target", "wait_s",
          "handled", "handle_s", "high_risk", "timed")


class Tally:
    """Sums of one group of contacts, in ``FIELDS`` order (a list: this runs per SQL row)."""

    __slots__ = ("v",)

    def __init__(self) -> None:
        self.v = [0.0] * len(FIELDS)

    def add(self, values: tuple[float, ...]) -> None:
        v = self.v
        for i, x in enumerate(values):
            v[i] += x

    def rates(self) -> dict[str, Any]:
        t = dict(zip(FIELDS, self.v, strict=True))

        def ratio(a: float, b: float) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "offered": int(t["offered"]), "answered": int(t["answered"]),
            "abandoned": int(t["abandoned"]), "missed": int(t["missed"]),
            # Forwarded to the backup line (a rollover): offered and not abandoned.
            "overflowed": int(t["overflowed"]),
            "high_risk_contacts": int(t["high_risk"]),
            "answer_rate": ratio(t["answered"], t["offered"]),
            "abandonment_rate": ratio(t["abandoned"], t["offered"]),
            "service_level": ratio(t["within_target"], t["offered"]),
            "avg_speed_to_answer_s": ratio(t["wait_s"], t["timed"]),
            "avg_handle_time_s": ratio(t["handle_s"], t["handled"]),
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


def _grouped(session: Session, since: datetime, until: datetime, target_s: int,
             centre_id: int | None = None) -> list[Any]:
    """One scan: tallies per (UTC hour, channel, operator) from the derived integer columns,
    of one centre's contacts (``centre_id``) or the whole network's."""
    timed = col(Contact.wait_s).is_not(None)
    by_hand = col(Contact.wait_s).is_(None) & col(Contact.status).in_(
        [ContactStatus.in_progress, ContactStatus.completed])
    handled = col(Contact.handle_s).is_not(None)
    query = (
        sa_select(  # SQLAlchemy's: sqlmodel's select is typed for at most four columns
            col(Contact.received_hour), col(Contact.channel), col(Contact.operator_id),
            func.count(),
            func.sum(case((timed | by_hand, 1), else_=0)),
            func.sum(case((col(Contact.status) == ContactStatus.abandoned, 1), else_=0)),
            func.sum(case((col(Contact.status) == ContactStatus.missed, 1), else_=0)),
            func.sum(case((col(Contact.status) == ContactStatus.overflowed, 1), else_=0)),
            func.sum(case(((timed & (col(Contact.wait_s) <= target_s)) | by_hand, 1), else_=0)),
            func.coalesce(func.sum(Contact.wait_s), 0),
            func.count(col(Contact.handle_s)),
            func.coalesce(func.sum(case((handled, Contact.handle_s), else_=0)), 0),
            func.sum(case((col(Contact.risk_level).in_(["high", "imminent"]), 1), else_=0)),
            func.count(col(Contact.wait_s)),
        )
        # The hour range lets the covering index seek; received_at keeps the exact bounds.
        .where(col(Contact.received_hour) >= int(since.timestamp() // 3600))
        .where(col(Contact.received_hour) <= int(until.timestamp() // 3600))
        .where(col(Contact.received_at) >= since).where(col(Contact.received_at) < until)
        .where(col(Contact.is_drill).is_(False))
        .group_by(col(Contact.received_hour), col(Contact.channel), col(Contact.operator_id))
    )
    if centre_id is not None:
        query = query.where(col(Contact.centre_id) == centre_id)
    return list(session.execute(query))


def _values(row: Any) -> tuple[float, ...]:
    return tuple(x or 0 for x in row[3:])


def escalation_ack_seconds(session: Session, since: datetime, until: datetime,
                           centre_id: int | None = None) -> list[float]:
    query = (
        select(Escalation.opened_at, Escalation.acknowledged_at)
        .where(Escalation.opened_at >= since).where(Escalation.opened_at < until)
        .where(col(Escalation.is_drill).is_(False))
        .where(col(Escalation.acknowledged_at).is_not(None))
    )
    if centre_id is not None:
        query = query.where(Escalation.centre_id == centre_id)
    rows = session.exec(query).all()
    return sorted((ack - opened).total_seconds() for opened, ack in rows if ack)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def compute(session: Session, *, since: datetime, until: datetime, zone: ZoneInfo,
            target_s: int, names: dict[int, str] | None = None,
            centre_id: int | None = None) -> KpiReport:
    """All KPIs for [since, until), with breakdowns by local hour, weekday, channel, operator:
    of one centre (``centre_id``), or of the whole network (None)."""
    by_hour_utc: dict[int, Tally] = defaultdict(Tally)
    channels: dict[str, Tally] = defaultdict(Tally)
    operators: dict[int | None, Tally] = defaultdict(Tally)
    for row in _grouped(session, since, until, target_s, centre_id):
        values = _values(row)
        by_hour_utc[row[0]].add(values)
        channels[str(row[1])].add(values)
        operators[row[2]].add(values)
    total = Tally()
    hours: dict[int, Tally] = defaultdict(Tally)
    days: dict[int, Tally] = defaultdict(Tally)
    cells: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for hour, tally in by_hour_utc.items():  # at most 24 a day: cheap to localise one by one
        local = datetime.fromtimestamp(hour * 3600, tz=UTC).astimezone(zone)
        values = tuple(tally.v)
        for bucket in (total, hours[local.hour], days[local.weekday()],
                       cells[(local.weekday(), local.hour)]):
            bucket.add(values)
    by_channel = [{"channel": c, **t.rates()} for c, t in channels.items()]
    by_operator = [{"operator_id": o, "name": None if o is None else (names or {}).get(o),
                    **t.rates()} for o, t in operators.items()]
    acks = escalation_ack_seconds(session, since, until, centre_id)
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

