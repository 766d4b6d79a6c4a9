"""Scheduling a training session: the people invited leave the phones for its length, so
the roster's coverage guard judges it like any roster change before the session is made."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.errors import InvalidInput
from hotline.notices import service as notices
from hotline.policies import Policies
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.roster.models import Shift
from hotline.staff.models import Staff
from hotline.training import service as training
from hotline.training.models import Participant, TrainingSession
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
    require(actor, "manage_trainings")
    if data.facilitator_id is not None and session.get(Staff, data.facilitator_id) is None:
        raise InvalidInput(f"No staff member {data.facilitator_id} to facilitate.")
    people = training.invitees(session, data.invite)
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
    if data.capacity is not None and len(people) > data.capacity:
        raise InvalidInput(
            f"{len(people)} people are invited but the capacity is {data.capacity}: raise the "
            "capacity or invite fewer."
        )
    row = TrainingSession(**data.model_dump(exclude={"invite", "on_shift", "override_reason"}),
                          created_by=actor.id)
    session.add(row)
    session.flush()
    session.add_all(Participant(session_id=row.id, staff_id=p) for p in people)  # type: ignore[arg-type]
    for person in people:
        notices.raise_notice(
            session, audience=f"staff:{person}", kind="training.invited", title=row.title,
            dedupe_key=f"training:{row.id}:invited:{person}",
            data={"session_id": row.id, "kind": row.kind, "start": row.start.isoformat()},
        )
    if people:
        events.emit(session, "training.invited", {"session_id": row.id, "title": row.title,
                                                  "kind": row.kind, "start": row.start.isoformat()},
                    [f"staff:{p}" for p in people])
    audit.record(session, actor.id, "training.create", f"training:{row.id}", client_addr,
                 {"invited": len(people), "excluded_on_shift": excluded})
    return training.to_public(session, row, excluded=excluded)
