"""The provincial dashboard: every centre of the network side by side, right now.

For each active centre: seats staffed now against its requirement (its own policy, its own
zone), calls waiting and the longest wait, open crisis escalations, and calls rolled over in
and out in the last hour. Each centre is judged ``ok``, ``short`` (a position below its
requirement) or ``no_cover`` (a required position nobody holds: calls there roll over or are
not answered). A few grouped queries for the whole network, whatever the number of centres;
no caller data: counts and times only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from hotline.access import scope as access_scope
from hotline.access.permissions import Actor, can
from hotline.centres import service as centres
from hotline.centres.models import Centre
from hotline.centres.routing import RouteReason
from hotline.contacts.models import Contact, ContactStatus
from hotline.crisis.models import Escalation
from hotline.errors import Forbidden
from hotline.reports import kpis
from hotline.reports import rollovers as rollover_kpi
from hotline.reports.policy import ReportPolicies
from hotline.reports.wallboard import LIVE, PositionNow
from hotline.roster import service as roster
from hotline.roster.coverage import required_at
from hotline.roster.policy import Position, PositionKind

ROLLOVER_WINDOW = timedelta(hours=1)


class State(StrEnum):
    ok = "ok"
    short = "short"
    no_cover = "no_cover"


@dataclass(frozen=True)
class CentreNow:
    centre: Centre
    # ``checked_in``: staffed now (a seat while its person is checked in, an on-call
    # position while it is held); ``scheduled``: rostered now.
    positions: list[PositionNow]
    waiting: int
    longest_wait_s: int | None
    open_escalations: int
    rolled_in: int  # calls this centre took for another in the last hour
    rolled_out: int  # calls of this centre that another took in the last hour
    state: State

    @property
    def seats(self) -> PositionNow:
        """The operator seats: the figure the province watches first."""
        return next(p for p in self.positions if p.position == Position.operator.value)

    @property
    def short(self) -> list[PositionNow]:
        return [p for p in self.positions if p.checked_in < p.required]


@dataclass
class Province:
    at: datetime
    centres: list[CentreNow]
    counts: dict[str, int] = field(default_factory=dict)  # state -> centres

    @property
    def waiting(self) -> int:
        return sum(c.waiting for c in self.centres)


def _staffed(shift: Any, kind: PositionKind) -> bool:
    """A seat counts while its person is checked in; an on-call position while it is held."""
    return kind == PositionKind.on_call or (
        shift.checked_in_at is not None and shift.checked_out_at is None)


def judge(positions: list[PositionNow]) -> State:
    """``no_cover`` when a required position has nobody staffed, ``short`` when one has fewer
    than required, else ``ok``."""
    if any(p.required > 0 and p.checked_in == 0 for p in positions):
        return State.no_cover
    if any(p.checked_in < p.required for p in positions):
        return State.short
    return State.ok


def _queues(session: Session, now: datetime) -> dict[int, tuple[int, datetime]]:
    """Calls waiting per centre: how many, and since when the oldest (a caller still in the
    region menu waits in no centre's queue yet, as in ``telephony.calls.queue``)."""
    rows = session.exec(
        select(Contact.centre_id, func.count(), func.min(Contact.received_at))
        .where(Contact.status == ContactStatus.ringing).where(col(Contact.call_sid).is_not(None))
        .where(col(Contact.routed_by) != RouteReason.ask.value)
        .where(Contact.received_at <= now).group_by(col(Contact.centre_id))).all()
    return {int(c): (int(n), oldest) for c, n, oldest in rows if c is not None}


def _escalations(session: Session) -> Counter[int]:
    rows = session.exec(
        select(Escalation.centre_id, func.count()).where(col(Escalation.state).in_(LIVE))
        .where(col(Escalation.is_drill).is_(False)).group_by(col(Escalation.centre_id))).all()
    return Counter({int(c): int(n) for c, n in rows if c is not None})


def rollovers(session: Session, since: datetime, until: datetime) -> dict[str, tuple[int, int]]:
    """``{centre code: (rolled in, rolled out)}`` for calls received in [since, until), as the
    rollover KPI counts them (each hop on both sides)."""
    return {row["centre"]: (row["rolled_in"], row["rolled_out"])
            for row in rollover_kpi.per_centre(session, since=since, until=until)}


def build(session: Session, *, policies: ReportPolicies, zone: ZoneInfo,
          now: datetime) -> Province:
    """Every active centre as of ``now``; ``zone`` is the hotline's, for centres naming none."""
    held: dict[int, dict[Position, list[Any]]] = defaultdict(lambda: {p: [] for p in Position})
    for position, shifts in roster.on_call(session, now).items():
        for s in shifts:
            held[s.centre_id or 0][position].append(s)
    queues, live = _queues(session, now), _escalations(session)
    moved = rollovers(session, now - ROLLOVER_WINDOW, now)
    rows = []
    for centre in centres.active(session):
        cid = centre.id or 0
        own = policies.for_centre(centre.code)
        kinds = {p.value: own.shifts.kind(p) for p in Position}
        here = ZoneInfo(centre.zone) if centre.zone else zone
        positions = [PositionNow(p.value, required_at(own.coverage, p, now, here),
                                 len(held[cid][p]),
                                 sum(_staffed(s, kinds[p.value]) for s in held[cid][p]))
                     for p in Position]
        count, oldest = queues.get(cid, (0, None))
        rolled_in, rolled_out = moved.get(centre.code, (0, 0))
        rows.append(CentreNow(
            centre=centre, positions=positions, waiting=count,
            longest_wait_s=int((now - oldest).total_seconds()) if oldest else None,
            open_escalations=live[cid], rolled_in=rolled_in, rolled_out=rolled_out,
            state=judge(positions)))
    counts = Counter(r.state.value for r in rows)
    return Province(at=now, centres=rows,
                    counts={s.value: counts.get(s.value, 0) for s in State})


def audit_reads(session: Session, *, reader: Any, centres_read: list[Centre], what: str,
                client_addr: str) -> None:
    """Each centre other than the reader's own whose figures were read: an audit entry naming
    it (``hotline.access.scope.audit_reads``, as every cross-centre read)."""
    access_scope.audit_reads(session, reader, [c.id for c in centres_read], what, client_addr)


@dataclass(frozen=True)
class CentrePeriod:
    centre: Centre | None  # None: the whole province
    totals: dict[str, Any]  # ``kpis.compute`` totals, plus ``rolled_in`` and ``rolled_out``


def period_kpis(session: Session, *, since: datetime, until: datetime, zone: ZoneInfo,
                policies: ReportPolicies) -> list[CentrePeriod]:
    """The KPIs of [since, until) for each active centre (by its own service-level target,
    with its rollover rate), then for the whole province (by the shared target)."""
    moved = {row["centre"]: row for row in rollover_kpi.per_centre(session, since=since,
                                                                     until=until)}
    rows = []
    for centre in [*centres.active(session), None]:
        own = policies.for_centre(centre.code) if centre else policies
        totals = kpis.compute(session, since=since, until=until, zone=zone,
                              centre_id=centre.id if centre else None,
                              target_s=own.records.service_level_seconds).totals
        hops = moved.get(centre.code, {}) if centre else {
            # Between the province's own centres every hop out is a hop in.
            "rolled_in": sum(r["rolled_in"] for r in moved.values()),
            "rolled_out": sum(r["rolled_out"] for r in moved.values())}
        rows.append(CentrePeriod(centre, {
            **totals, "rolled_in": hops.get("rolled_in", 0),
            "rolled_out": hops.get("rolled_out", 0), "rollover_rate": hops.get("rollover_rate")}))
    return rows


PROVINCE = "all"  # ``?centre=all``: the whole province


@dataclass(frozen=True)
class Scope:
    """Whose figures a report shows: one centre, or (``centre`` None) the whole province."""

    centre: Centre | None
    choices: list[Centre]  # what the reader may pick: empty for everyone but provincial roles

    @property
    def centre_id(self) -> int | None:
        return self.centre.id if self.centre else None

    @property
    def code(self) -> str:
        return self.centre.code if self.centre else PROVINCE


def scope(session: Session, *, reader: Actor, asked: str | None, what: str,
          client_addr: str) -> Scope:
    """The scope ``asked`` for (a centre's code, ``all``, or nothing) as far as the reader
    may read: their own centre (403 for another), or for the provincial roles any centre
    and by default the province, each centre read audited."""
    if not can(reader, "view_province"):
        own = session.get(Centre, reader.centre_id) if reader.centre_id is not None else None
        if asked and (own is None or asked != own.code):
            raise Forbidden("centre.not_readable")
        return Scope(own, [])
    choices = centres.active(session)
    chosen = None if asked in (None, "", PROVINCE) else centres.by_code(session, asked)
    audit_reads(session, reader=reader, centres_read=[chosen] if chosen else choices, what=what,
                client_addr=client_addr)
    return Scope(chosen, choices)
