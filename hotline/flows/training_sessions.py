"""Scheduling a training session: the people invited leave the phones for its length, so
the roster's coverage guard judges it like any roster change before the session is made."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.policies import Policies
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.training import service as training
from hotline.training.schemas import SessionCreate, SessionPublic


def _away(shift: Shift, start: datetime, end: datetime) -> list[Shift]:
    """What is left of a shift when its holder is away during [start, end)."""
    pieces = []
    if shift.start < start:
        pieces.append(Shift(staff_id=shift.staff_id, position=shift.position,
                            start=shift.start, end=start))
    if shift.end > end:
        pieces.append(Shift(staff_id=shift.staff_id, position=shift.position,
                            start=end, end=shift.end))
    return pieces


def on_shift_during(session: Session, staff_ids: list[int], start: datetime,
                    end: datetime) -> list[Shift]:
    wanted = set(staff_ids)
    return [s for s in roster.shifts_between(session, start, end) if s.staff_id in wanted]


def create_session(session: Session, *, actor: CurrentUser, data: SessionCreate,
                   client_addr: str, settings: Settings, policies: Policies) -> SessionPublic:
    """Schedule a session and invite people. Taking people off the phones is guarded like any
    roster change: refused with the gaps, or those people left out, as the caller chose."""
    people = training.invitees_for(session, actor=actor, data=data)
    busy = on_shift_during(session, people, data.start, data.end)
    excluded: list[int] = []
    if busy and data.on_shift == "exclude":
        excluded = sorted({s.staff_id for s in busy})
        people = [p for p in people if p not in excluded]
    elif busy:
        roster.guard(
            session, actor=actor, removed=busy,
            added=[p for s in busy for p in _away(s, data.start, data.end)],
            override_reason=data.override_reason, what="training:new",
            client_addr=client_addr, settings=settings, policies=policies,
        )
    return training.create_session(session, actor=actor, data=data, people=people,
                                   excluded=excluded, client_addr=client_addr)
