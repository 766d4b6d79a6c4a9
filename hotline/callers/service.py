"""Caller flags (set with a reason, expiring, reviewed by supervisors) and care plans."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.callers import access
from hotline.callers.models import CallerFlag, CarePlan, FlagReview
from hotline.callers.schemas import (
    CarePlanIn,
    CarePlanPublic,
    FlagCreate,
    FlagPublic,
    FlagReviewCreate,
)
from hotline.contacts.models import Contact
from hotline.contacts.policy import RecordsPolicy
from hotline.db import get_or_404, utcnow
from hotline.errors import Conflict, InvalidInput, NotFound
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff


def _caller_key(contact: Contact) -> str:
    if not contact.caller_key:
        raise InvalidInput("caller.no_number")
    return contact.caller_key


def active_flags(session: Session, caller_key: str | None, now: datetime) -> list[CallerFlag]:
    if not caller_key:
        return []
    return list(session.exec(
        select(CallerFlag).where(CallerFlag.caller_key == caller_key)
        .where(col(CallerFlag.expires_at) > now).where(CallerFlag.review != FlagReview.lifted)
        .order_by(col(CallerFlag.set_at).desc())))


def set_flag(session: Session, *, actor: CurrentUser, contact_id: int, data: FlagCreate,
             policy: RecordsPolicy, client_addr: str) -> tuple[CallerFlag, bool]:
    """Flag the caller of a contact the actor is handling; (flag, created). An active flag of
    the same kind is returned as it is, so a repeated click sets one."""
    contact = access.handled_contact(session, actor=actor, contact_id=contact_id)
    key = _caller_key(contact)
    now = utcnow()
    same = next((f for f in active_flags(session, key, now) if f.kind == data.kind), None)
    if same is not None:
        return same, False
    flag = CallerFlag(caller_key=key, kind=data.kind, reason=data.reason, contact_id=contact_id,
                      set_by=actor.id, set_at=now,
                      expires_at=now + timedelta(days=policy.caller_flag_days))
    session.add(flag)
    session.flush()
    audit.record(session, actor.id, "caller_flag.set", f"contact:{contact_id}", client_addr,
                 {"flag_id": flag.id, "kind": flag.kind.value})
    return flag, True


def pending_review(session: Session, *, actor: CurrentUser, now: datetime | None = None
                   ) -> list[CallerFlag]:
    """Active flags no supervisor has looked at yet, oldest first: those on contacts of the
    actor's centres (every centre's for provincial roles, whose reads are audited)."""
    require(actor, "review_caller_flags")
    query = (select(CallerFlag, Contact.centre_id)
             .join(Contact, col(Contact.id) == CallerFlag.contact_id)
             .where(CallerFlag.review == FlagReview.pending)
             .where(col(CallerFlag.expires_at) > (now or utcnow()))
             .order_by(col(CallerFlag.set_at)))
    rows = session.exec(scope.readable(query, Contact.centre_id, actor)).all()
    scope.audit_reads(session, actor, [centre for _, centre in rows], "caller flags",
                      actor.client_addr)
    return [flag for flag, _ in rows]


def review_flag(session: Session, *, actor: CurrentUser, flag_id: int, data: FlagReviewCreate,
                client_addr: str) -> CallerFlag:
    require(actor, "review_caller_flags")
    flag = get_or_404(session, CallerFlag, flag_id, "caller.flag_not_found", flag_id=flag_id)
    contact = session.get(Contact, flag.contact_id)
    if contact is None or not scope.reaches(actor, contact.centre_id, change=True):
        raise NotFound("caller.flag_not_found", flag_id=flag_id)  # like a flag that is not there
    decision = FlagReview.kept if data.decision == "keep" else FlagReview.lifted
    if flag.review == decision:
        return flag
    if flag.review == FlagReview.lifted:
        raise Conflict("caller.flag_lifted")
    flag.review, flag.reviewed_by, flag.reviewed_at = decision, actor.id, utcnow()
    flag.review_note = data.note
    session.add(flag)
    audit.record(session, actor.id, "caller_flag.review", f"contact:{flag.contact_id}",
                 client_addr, {"flag_id": flag.id, "decision": decision.value})
    return flag


def flags_public(session: Session, flags: list[CallerFlag]) -> list[FlagPublic]:
    names = full_names(session, {f.set_by for f in flags})
    return [FlagPublic(**f.model_dump(), set_by_name=names.get(f.set_by)) for f in flags]


def set_care_plan(session: Session, *, actor: CurrentUser, contact_id: int, data: CarePlanIn,
                  client_addr: str) -> CarePlan:
    """Agree or change the care plan of a contact's caller (supervisors and team leads of the
    contact's centre; the key worker is one of their people)."""
    contact = _plan_contact(session, actor, contact_id)
    key = _caller_key(contact)
    if data.key_worker_id is not None:
        worker = session.get(Staff, data.key_worker_id)
        if worker is None or not worker.active or not scope.reaches(actor, worker.centre_id,
                                                                    change=True):
            raise InvalidInput("caller.key_worker_not_active", key_worker_id=data.key_worker_id,
                               field="key_worker_id")
    plan = session.exec(select(CarePlan).where(CarePlan.caller_key == key)).first() or CarePlan(
        caller_key=key)
    for field, value in data.model_dump().items():
        setattr(plan, field, value)
    plan.updated_by, plan.updated_at = actor.id, utcnow()
    session.add(plan)
    audit.record(session, actor.id, "care_plan.set", f"contact:{contact_id}", client_addr)
    return plan


def _plan_contact(session: Session, actor: CurrentUser, contact_id: int) -> Contact:
    """The contact whose caller's plan ``actor`` may agree: one of their centres' (another
    centre's answers 404, like a contact that does not exist)."""
    require(actor, "manage_care_plans")
    return scope.get_or_404(session, Contact, contact_id, "contact.not_found", within=actor,
                            change=True, contact_id=contact_id)


def care_plan_of(session: Session, *, actor: CurrentUser, contact_id: int
                 ) -> CarePlanPublic | None:
    """The care plan form's current plan for a contact's caller (None: none agreed yet)."""
    return care_plan_public(session, _plan_contact(session, actor, contact_id).caller_key)


def care_plan_public(session: Session, caller_key: str | None) -> CarePlanPublic | None:
    plan = session.exec(select(CarePlan).where(CarePlan.caller_key == caller_key)).first() \
        if caller_key else None
    if plan is None:
        return None
    return CarePlanPublic(
        **plan.model_dump(),
        key_worker_name=full_names(session, {plan.key_worker_id}).get(plan.key_worker_id))
