"""Leave and swap requests: asked for by staff, decided by a supervisor, guarded for coverage.

Approving leave takes the person off the shifts it overlaps; approving a swap hands the shift
to the taker. Both are refused with the gaps they would open, like any roster change.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.db import get_or_404, utcnow
from hotline.errors import Conflict, Forbidden, InvalidInput
from hotline.roster import service
from hotline.roster.models import Leave, LeaveStatus, Shift, SwapRequest, SwapStatus
from hotline.roster.policy import RosterPolicies
from hotline.roster.schemas import LeaveCreate, LeaveDecision
from hotline.staff.models import Staff


def _get(session: Session, model: type, item_id: int, kind: str):
    return get_or_404(session, model, item_id, "request.not_found", kind=kind, item_id=item_id)


def request_leave(
    session: Session, *, actor: CurrentUser, data: LeaveCreate, client_addr: str
) -> Leave:
    """Ask for leave (for oneself; a supervisor may enter it for anyone)."""
    staff_id = data.staff_id if data.staff_id is not None else actor.id
    if staff_id != actor.id and not can(actor, "decide_requests"):
        raise Forbidden("leave.not_yours")
    staff = session.get(Staff, staff_id)
    if staff is None or staff.id is None:
        raise InvalidInput("shift.staff_not_found", staff_id=staff_id, field="staff_id")
    leave = Leave(**data.model_dump(exclude={"staff_id"}), staff_id=staff.id)
    session.add(leave)
    session.flush()
    audit.record(session, actor.id, "leave.request", f"leave:{leave.id}", client_addr,
                 {"staff_id": staff_id})
    return leave


def leave_shifts(session: Session, leave: Leave) -> list[Shift]:
    """The person's shifts that the leave overlaps."""
    return service.shifts_between(session, leave.start, leave.end, staff_id=leave.staff_id)


def decide_leave(
    session: Session, *, actor: CurrentUser, leave_id: int, decision: LeaveDecision,
    client_addr: str, settings: Settings, policies: RosterPolicies,
) -> Leave:
    """Approve (removing the overlapped shifts, guarded) or reject a pending request."""
    require(actor, "decide_requests")
    leave: Leave = _get(session, Leave, leave_id, "leave")
    if leave.status != LeaveStatus.requested:
        raise Conflict("request.already_decided", status=leave.status)
    if decision.approve:
        overlapped = leave_shifts(session, leave)
        service.guard(
            session, actor=actor, removed=overlapped, override_reason=decision.override_reason,
            what=f"leave:{leave.id}", client_addr=client_addr, settings=settings,
            policies=policies,
        )
        for shift in overlapped:
            audit.record(session, actor.id, "shift.delete", f"shift:{shift.id}", client_addr,
                         {"because": f"leave:{leave.id}"})
            service.cancel(session, shift)
    leave.status = LeaveStatus.approved if decision.approve else LeaveStatus.rejected
    leave.decided_by, leave.decided_at, leave.decision_note = actor.id, utcnow(), decision.note
    session.add(leave)
    session.flush()
    audit.record(session, actor.id, f"leave.{leave.status}", f"leave:{leave.id}", client_addr)
    return leave


def cancel_leave(session: Session, *, actor: CurrentUser, leave_id: int, client_addr: str) -> Leave:
    """The person withdraws a request that is not decided yet."""
    leave: Leave = _get(session, Leave, leave_id, "leave")
    if leave.staff_id != actor.id:
        raise Forbidden("leave.cancel_not_yours")
    if leave.status != LeaveStatus.requested:
        raise Conflict("request.already_decided", status=leave.status)
    leave.status = LeaveStatus.cancelled
    session.add(leave)
    audit.record(session, actor.id, "leave.cancelled", f"leave:{leave.id}", client_addr)
    return leave


def list_leave(
    session: Session, *, actor: CurrentUser, status: LeaveStatus | None = None
) -> list[Leave]:
    """Supervisors see every request; others their own."""
    query = select(Leave)
    if not can(actor, "decide_requests"):
        query = query.where(Leave.staff_id == actor.id)
    if status is not None:
        query = query.where(Leave.status == status)
    return list(session.exec(query.order_by(col(Leave.start))))


def offer_swap(
    session: Session, *, actor: CurrentUser, shift_id: int, reason: str, client_addr: str
) -> SwapRequest:
    """The holder offers a future shift to anyone qualified."""
    shift = service.load(session, shift_id)
    if shift.staff_id != actor.id:
        raise Forbidden("swap.not_yours")
    if shift.start <= utcnow():
        raise InvalidInput("swap.shift_started")
    pending = session.exec(
        select(SwapRequest).where(SwapRequest.shift_id == shift_id)
        .where(col(SwapRequest.status).in_([SwapStatus.open, SwapStatus.taken]))
    ).first()
    if pending:
        raise Conflict("swap.already_offered", swap_id=pending.id)
    swap = SwapRequest(shift_id=shift_id, offered_by=actor.id, reason=reason)
    session.add(swap)
    session.flush()
    audit.record(session, actor.id, "swap.offer", f"swap:{swap.id}", client_addr)
    return swap


def take_swap(
    session: Session, *, actor: CurrentUser, swap_id: int, client_addr: str,
    settings: Settings, policies: RosterPolicies,
) -> SwapRequest:
    """Another person takes the offered shift; their rules are checked now and at approval."""
    swap: SwapRequest = _get(session, SwapRequest, swap_id, "swap")
    if swap.status != SwapStatus.open:
        raise Conflict("swap.not_open", status=swap.status)
    if swap.offered_by == actor.id:
        raise InvalidInput("swap.own_shift")
    shift = service.load(session, swap.shift_id)
    service.check_person(
        session, Shift(**{**shift.model_dump(), "staff_id": actor.id}), policies, settings
    )
    swap.taken_by, swap.status = actor.id, SwapStatus.taken
    session.add(swap)
    audit.record(session, actor.id, "swap.take", f"swap:{swap.id}", client_addr)
    return swap


def untake_swap(session: Session, *, actor: CurrentUser, swap_id: int, client_addr: str) -> SwapRequest:
    """The taker changes their mind before a supervisor decides."""
    swap: SwapRequest = _get(session, SwapRequest, swap_id, "swap")
    if swap.status != SwapStatus.taken or swap.taken_by != actor.id:
        raise Conflict("swap.untake_not_yours")
    swap.taken_by, swap.status = None, SwapStatus.open
    session.add(swap)
    audit.record(session, actor.id, "swap.untake", f"swap:{swap.id}", client_addr)
    return swap


def cancel_swap(session: Session, *, actor: CurrentUser, swap_id: int, client_addr: str) -> SwapRequest:
    swap: SwapRequest = _get(session, SwapRequest, swap_id, "swap")
    if swap.offered_by != actor.id:
        raise Forbidden("swap.withdraw_not_yours")
    if swap.status not in (SwapStatus.open, SwapStatus.taken):
        raise Conflict("swap.not_open", status=swap.status)
    swap.status = SwapStatus.cancelled
    session.add(swap)
    audit.record(session, actor.id, "swap.cancel", f"swap:{swap.id}", client_addr)
    return swap


def decide_swap(
    session: Session, *, actor: CurrentUser, swap_id: int, approve: bool, client_addr: str,
    settings: Settings, policies: RosterPolicies,
) -> SwapRequest:
    """Approve (the shift changes hands, the taker's rules re-checked) or reject."""
    require(actor, "decide_requests")
    swap: SwapRequest = _get(session, SwapRequest, swap_id, "swap")
    taker = swap.taken_by
    if swap.status != SwapStatus.taken or taker is None:
        raise Conflict("swap.not_taken", status=swap.status)
    if approve:
        shift = service.load(session, swap.shift_id)
        moved = Shift(**{**shift.model_dump(), "staff_id": taker})
        service.check_person(session, moved, policies, settings)
        shift.staff_id = taker
        session.add(shift)
    swap.status = SwapStatus.approved if approve else SwapStatus.rejected
    swap.decided_by, swap.decided_at = actor.id, utcnow()
    session.add(swap)
    session.flush()
    audit.record(session, actor.id, f"swap.{swap.status}", f"swap:{swap.id}", client_addr)
    return swap


def list_swaps(session: Session, *, status: SwapStatus | None = None) -> list[SwapRequest]:
    """Swaps, newest first; everyone may see open offers so they can take them."""
    query = select(SwapRequest)
    if status is not None:
        query = query.where(SwapRequest.status == status)
    return list(session.exec(query.order_by(col(SwapRequest.created_at).desc())))
