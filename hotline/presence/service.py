"""Set and read an operator's status. The call queue offers calls only to operators who are
on shift, checked in, not on a call and not Away (``away_staff`` is the part it asks here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.contacts.models import Contact, ContactStatus
from hotline.db import utcnow
from hotline.presence.models import OperatorPresence, Presence
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.roster.policy import Position


def away_staff() -> Any:
    """A subquery of the staff ids marked Away, for the queue's one query."""
    return select(OperatorPresence.staff_id).where(OperatorPresence.status == Presence.away)


def status_of(session: Session, staff_id: int | None) -> Presence:
    row = session.get(OperatorPresence, staff_id) if staff_id is not None else None
    return row.status if row else Presence.available


def set_status(session: Session, *, actor: CurrentUser, status: Presence,
               client_addr: str) -> OperatorPresence:
    """One click from the header. Idempotent: setting the status one has changes nothing."""
    require(actor, "set_presence")
    assert actor.id is not None
    row = session.get(OperatorPresence, actor.id)
    if row is not None and row.status == status:
        return row
    now = utcnow()
    if row is None:
        row = OperatorPresence(staff_id=actor.id, status=status, since=now)
    else:
        row.status, row.since = status, now
    session.add(row)
    session.flush()
    audit.record(session, actor.id, f"presence.{status.value}", f"staff:{actor.id}", client_addr)
    # The wallboards show who is available (supervisors', team leads', the province's); no
    # operator's page shows a colleague's status, so their consoles are not sent it.
    events.emit(session, "presence.changed",
                {"staff_id": actor.id, "status": status.value, "at": now.isoformat()},
                ["role:supervisor", "role:team_lead"], centre_id=actor.centre_id)
    return row


@dataclass(frozen=True)
class OperatorState:
    """What an operator's home and header say about them right now."""

    shift: Shift | None  # the operator shift under way, if any
    next_shift: Shift | None
    checked_in: bool
    status: Presence
    on_a_call: bool

    @property
    def takes_calls(self) -> bool:
        return (self.shift is not None and self.checked_in and not self.on_a_call
                and self.status == Presence.available)

    @property
    def word(self) -> str:
        """One word for the header: on a call > away > available > not checked in > off shift."""
        if self.on_a_call:
            return "on_call"
        if self.shift is None:
            return "off_shift"
        if not self.checked_in:
            return "not_checked_in"
        return self.status.value


def on_a_call(session: Session, staff_id: int) -> bool:
    return session.exec(
        select(Contact.id).where(Contact.operator_id == staff_id)
        .where(Contact.status == ContactStatus.in_progress)
        .where(col(Contact.call_sid).is_not(None)).where(col(Contact.ended_at).is_(None))
    ).first() is not None


def state_of(session: Session, staff_id: int, now: datetime | None = None) -> OperatorState:
    """The operator's shift now and next, check-in, status and whether a call is live."""
    now = now or utcnow()
    shifts = roster.live_shifts().where(Shift.staff_id == staff_id).where(Shift.end > now)
    current = session.exec(
        shifts.where(Shift.start <= now).where(Shift.position == Position.operator)
        .order_by(col(Shift.start))
    ).first()
    upcoming = session.exec(shifts.where(Shift.start > now).order_by(col(Shift.start))).first()
    return OperatorState(
        shift=current, next_shift=upcoming,
        checked_in=current is not None and current.checked_in_at is not None
        and current.checked_out_at is None,
        status=status_of(session, staff_id), on_a_call=on_a_call(session, staff_id),
    )


def statuses(session: Session, staff_ids: list[int]) -> dict[int, Presence]:
    """Status of each of these people (Available unless they set Away)."""
    found: dict[int, Presence] = {}
    if staff_ids:
        found = {r.staff_id: r.status for r in session.exec(
            select(OperatorPresence).where(col(OperatorPresence.staff_id).in_(staff_ids)))}
    return {i: found.get(i, Presence.available) for i in staff_ids}
