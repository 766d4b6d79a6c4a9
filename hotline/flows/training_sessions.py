"""Scheduling a training session and inviting more people to it later: the people invited
leave the phones for its length, so the roster's coverage guard judges it like any roster
change before anyone is invited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.errors import Conflict
from hotline.policies import Policies
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.staff.lookup import full_names
from hotline.training import invitations
from hotline.training import service as training
from hotline.training.invitations import OnShift
from hotline.training.models import TrainingSession
from hotline.training.schemas import Invite, SessionCreate, SessionPublic


def _away(shift: Shift, start: datetime, end: datetime) -> list[Shift]:
    """What is left of a shift when its holder is away during [start, end)."""
    pieces = []
    if shift.start < start:
        pieces.append(Shift(staff_id=shift.staff_id, position=shift.position,
                            centre_id=shift.centre_id, start=shift.start, end=start))
    if shift.end > end:
        pieces.append(Shift(staff_id=shift.staff_id, position=shift.position,
                            centre_id=shift.centre_id, start=end, end=shift.end))
    return pieces


def on_shift_during(session: Session, staff_ids: list[int], start: datetime,
                    end: datetime) -> list[Shift]:
    wanted = set(staff_ids)
    return [s for s in roster.shifts_between(session, start, end) if s.staff_id in wanted]


def people_on_shift(session: Session, shifts: list[Shift]) -> list[dict[str, Any]]:
    """The people a session would take off the phones: name, position and their shift."""
    names = full_names(session, (s.staff_id for s in shifts))
    return [{"staff_id": s.staff_id, "name": names.get(s.staff_id), "position": s.position,
             "start": s.start, "end": s.end}
            for s in sorted(shifts, key=lambda s: (s.start, names.get(s.staff_id) or ""))]


def off_the_phones(session: Session, *, actor: CurrentUser, people: list[int], start: datetime,
                   end: datetime, on_shift: OnShift, override_reason: str | None, what: str,
                   client_addr: str, settings: Settings,
                   policies: Policies) -> tuple[list[int], list[int]]:
    """``(invited, excluded)``: people on shift then are left out ("exclude"), or the guard
    refuses with the gaps and the people whose absence would open them ("refuse")."""
    busy = on_shift_during(session, people, start, end)
    if busy and on_shift == "exclude":
        excluded = sorted({s.staff_id for s in busy})
        return [p for p in people if p not in excluded], excluded
    if busy:
        try:
            roster.guard(session, actor=actor, removed=busy,
                         added=[p for s in busy for p in _away(s, start, end)],
                         override_reason=override_reason, what=what, client_addr=client_addr,
                         settings=settings, policies=policies)
        except Conflict as exc:
            exc.extra["on_shift"] = people_on_shift(session, busy)
            raise
    return people, []


def create_session(session: Session, *, actor: CurrentUser, data: SessionCreate,
                   client_addr: str, settings: Settings, policies: Policies) -> SessionPublic:
    """Schedule a session and invite people. Taking people off the phones is guarded like any
    roster change: refused with the gaps, or those people left out, as the caller chose."""
    chosen = training.invitees_for(session, actor=actor, data=data)
    people, excluded = off_the_phones(
        session, actor=actor, people=chosen, start=data.start, end=data.end,
        on_shift=data.on_shift, override_reason=data.override_reason, what="training:new",
        client_addr=client_addr, settings=settings, policies=policies)
    return training.create_session(session, actor=actor, data=data, people=people,
                                   excluded=excluded, client_addr=client_addr)


def invite(session: Session, *, actor: CurrentUser, row: TrainingSession, invite: Invite,
           on_shift: OnShift, override_reason: str | None, client_addr: str, settings: Settings,
           policies: Policies) -> tuple[list[int], list[int]]:
    """Invite more people to a planned session, guarded like the first invitation; returns
    ``(newly invited, left out because on shift)``."""
    wanted = invitations.to_invite(session, actor=actor, row=row, invite=invite)
    people, excluded = off_the_phones(
        session, actor=actor, people=wanted, start=row.start, end=row.end, on_shift=on_shift,
        override_reason=override_reason, what=f"training:{row.id}", client_addr=client_addr,
        settings=settings, policies=policies)
    invitations.add(session, actor=actor, row=row, people=people, excluded=excluded,
                    client_addr=client_addr)
    return people, excluded
