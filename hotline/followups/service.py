"""The follow-up worklist: who calls whom and when, attempts with what was said, and the
linked follow-up contact when the caller is reached."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import Target, can, require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import service as contacts
from hotline.contacts.models import Channel, Contact
from hotline.contacts.policy import RecordsPolicies, RecordsPolicy
from hotline.contacts.schemas import ContactCreate
from hotline.db import get_or_404, id_of, utcnow
from hotline.errors import Conflict, InvalidInput, NotFound
from hotline.followups import schedule
from hotline.followups.models import AttemptResult, FollowUp, FollowUpAttempt, FollowUpStatus
from hotline.followups.schemas import AttemptCreate, AttemptPublic, FollowUpPublic, View
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff
from hotline.telephony import callbacks
from hotline.telephony.gateway import Telephony

HIGH_RISK = ("high", "imminent")


def _load(session: Session, follow_up_id: int) -> FollowUp:
    return get_or_404(session, FollowUp, follow_up_id,
                      "follow_up.not_found", follow_up_id=follow_up_id)


def _target(session: Session, task: FollowUp) -> Target:
    contact = session.get(Contact, task.contact_id)
    return Target(owner_id=task.owner_id, centre_id=contact.centre_id if contact else None)


def is_overdue(task: FollowUp, now: datetime, policy: RecordsPolicy) -> bool:
    return task.status == FollowUpStatus.open and task.next_attempt_at < now - timedelta(
        minutes=policy.follow_up_overdue_minutes)


def open_for_owner(session: Session, owner_id: int) -> list[FollowUp]:
    """A person's open follow-ups, soonest first (the operator home page's "my follow-ups")."""
    return list(session.exec(
        select(FollowUp).where(FollowUp.owner_id == owner_id)
        .where(FollowUp.status == FollowUpStatus.open).order_by(col(FollowUp.next_attempt_at))))


def caller_keys_needing_number(session: Session) -> set[str]:
    """Caller keys whose sealed number an open follow-up still needs (the purpose that keeps
    a sealed number alive)."""
    return set(session.exec(select(FollowUp.caller_key)
                            .where(FollowUp.status == FollowUpStatus.open)))


def worklist(session: Session, *, actor: CurrentUser, view: View, policy: RecordsPolicy,
             now: datetime | None = None, limit: int = 200) -> list[FollowUp]:
    """``mine``: my open follow-ups; ``team``: everyone's open ones; ``overdue``: open ones
    past their attempt time (mine, or everyone's for supervisors and leads); ``closed``:
    recently finished (mine, or everyone's)."""
    now = now or utcnow()
    everyone = view != "mine" and can(actor, "view_team_follow_ups")
    if view == "team" and not everyone:
        require(actor, "view_team_follow_ups")
    query = select(FollowUp)
    if not everyone:
        query = query.where(FollowUp.owner_id == actor.id)
    else:
        query = scope.readable(query.join(Contact, col(Contact.id) == col(FollowUp.contact_id)),
                               Contact.centre_id, actor)
    if view == "closed":
        query = query.where(FollowUp.status != FollowUpStatus.open).order_by(
            col(FollowUp.updated_at).desc())
    else:
        query = query.where(FollowUp.status == FollowUpStatus.open).order_by(
            col(FollowUp.next_attempt_at))
        if view == "overdue":
            query = query.where(col(FollowUp.next_attempt_at)
                                < now - timedelta(minutes=policy.follow_up_overdue_minutes))
    return list(session.exec(query.limit(limit)))


def get_follow_up(session: Session, *, actor: CurrentUser, follow_up_id: int) -> FollowUp:
    task = _load(session, follow_up_id)
    target = _target(session, task)
    if not (can(actor, "work_follow_up", target) or can(actor, "view_team_follow_ups", target)):
        require(actor, "work_follow_up", target,
                hidden=NotFound("follow_up.not_found", follow_up_id=follow_up_id))
    return task


def assign(session: Session, *, actor: CurrentUser, follow_up_id: int, owner_id: int,
           client_addr: str) -> FollowUp:
    """Give the follow-up to someone else (supervisors); they may then read the caller's
    contacts and history."""
    require(actor, "assign_follow_up")
    task = _load(session, follow_up_id)
    if task.status != FollowUpStatus.open:
        raise Conflict("follow_up.reassign_not_open", status=task.status)
    staff = session.get(Staff, owner_id)
    if staff is None or not staff.active or not {"operator", "crisis_responder",
                                                  "supervisor"} & set(staff.roles):
        raise InvalidInput("follow_up.owner_not_eligible", owner_id=owner_id, field="owner_id")
    if task.owner_id != owner_id:
        audit.record(session, actor.id, "follow_up.assign", f"contact:{task.contact_id}",
                     client_addr, {"follow_up_id": task.id, "from": task.owner_id,
                                   "to": owner_id})
        task.owner_id, task.updated_at = owner_id, utcnow()
        session.add(task)
    return task


def record_attempt(session: Session, *, actor: CurrentUser, follow_up_id: int,
                   data: AttemptCreate, settings: Settings, policies: RecordsPolicies,
                   client_addr: str, now: datetime | None = None
                   ) -> tuple[FollowUp, FollowUpAttempt]:
    """Record one call to the caller.

    Reached: the follow-up is done and a linked follow-up contact (same caller, its own
    screen) is opened for the operator to complete. Otherwise the next attempt is scheduled
    by policy, or the follow-up closes as unreached when the attempts are used up.
    """
    now = now or utcnow()
    task = _load(session, follow_up_id)
    require(actor, "work_follow_up", _target(session, task))
    if data.number is not None:
        earlier = session.exec(select(FollowUpAttempt)
                               .where(FollowUpAttempt.follow_up_id == task.id)
                               .where(FollowUpAttempt.number == data.number)).first()
        if earlier is not None:  # a retry of a recorded attempt
            return task, earlier
        if data.number != task.attempts + 1:
            raise Conflict("follow_up.attempt_out_of_order", expected=task.attempts + 1,
                           number=data.number)
    if task.status != FollowUpStatus.open:
        raise Conflict("follow_up.not_open", status=task.status)
    task.attempts += 1
    attempt = FollowUpAttempt(follow_up_id=id_of(task), number=task.attempts, at=now,
                              by_id=actor.id, result=data.result, note=data.note)
    if data.result == AttemptResult.reached:
        contact = contacts.create_contact(
            session, actor=actor, settings=settings, policies=policies,
            client_addr=client_addr, caller_key=task.caller_key,
            data=ContactCreate(channel=Channel.voice, received_at=now, answered_at=now,
                               risk_screen=data.risk_screen, notes=data.note),
        )
        attempt.contact_id = task.reached_contact_id = contact.id
        task.status = FollowUpStatus.reached
    elif data.result == AttemptResult.wrong_number:
        task.status = FollowUpStatus.unreached
    else:
        upcoming = schedule.next_attempt(now, task.night_ok, settings.zone, policies.records)
        used_up = task.attempts >= task.max_attempts or (
            task.attempts >= task.min_attempts and upcoming > task.ends_at)
        if used_up:
            task.status = FollowUpStatus.unreached
        else:
            task.next_attempt_at = upcoming
    if task.status != FollowUpStatus.open:
        task.closed_at = now
    task.updated_at = now
    session.add(task)
    session.add(attempt)
    session.flush()
    audit.record(session, actor.id, "follow_up.attempt", f"contact:{task.contact_id}",
                 client_addr, {"follow_up_id": task.id, "attempt": task.attempts,
                               "result": data.result.value})
    return task, attempt


def overdue_high_risk(session: Session, now: datetime, policy: RecordsPolicy) -> list[FollowUp]:
    """Open follow-ups of high or imminent-risk callers past their attempt time."""
    return list(session.exec(
        select(FollowUp).where(FollowUp.status == FollowUpStatus.open)
        .where(col(FollowUp.risk_level).in_(HIGH_RISK))
        .where(col(FollowUp.next_attempt_at)
               < now - timedelta(minutes=policy.follow_up_overdue_minutes))))


def of_contacts(session: Session, contact_ids: list[int]) -> dict[int, FollowUp]:
    if not contact_ids:
        return {}
    return {t.contact_id: t for t in session.exec(
        select(FollowUp).where(col(FollowUp.contact_id).in_(contact_ids)))}


def to_public(session: Session, tasks: list[FollowUp], policy: RecordsPolicy, *,
              with_attempts: bool = False, now: datetime | None = None) -> list[FollowUpPublic]:
    """Rows for lists and pages, with names and the agreed plan in a few queries."""
    now = now or utcnow()
    ids = [t.id for t in tasks]
    attempts: dict[int, list[FollowUpAttempt]] = {}
    if with_attempts and ids:
        for a in session.exec(select(FollowUpAttempt).where(
                col(FollowUpAttempt.follow_up_id).in_(ids)).order_by(col(FollowUpAttempt.number))):
            attempts.setdefault(a.follow_up_id, []).append(a)
    names = full_names(session, {t.owner_id for t in tasks} | {
        a.by_id for rows in attempts.values() for a in rows})
    plans = {c.id: c.follow_up for c in session.exec(select(Contact).where(
        col(Contact.id).in_([t.contact_id for t in tasks])))} if tasks else {}
    return [
        FollowUpPublic(
            **t.model_dump(), owner_name=names.get(t.owner_id),
            overdue=is_overdue(t, now, policy), plan=(plans.get(t.contact_id) or {}).get(
                "plan", ""),
            attempt_log=[AttemptPublic(**a.model_dump(), by_name=names.get(a.by_id))
                         for a in attempts.get(t.id or 0, [])],
        )
        for t in tasks
    ]



def dial(session: Session, *, actor: CurrentUser, follow_up_id: int, telephony: Telephony,
         settings: Settings, client_addr: str) -> str:
    """Connect the owner to the caller through the hotline's number; the call's outcome is
    then recorded as an attempt."""
    task = _load(session, follow_up_id)
    require(actor, "work_follow_up", _target(session, task))
    if task.status != FollowUpStatus.open:
        raise Conflict("follow_up.not_open", status=task.status)
    sid = callbacks.connect(session, actor=actor, caller_key=task.caller_key,
                            telephony=telephony, settings=settings)
    audit.record(session, actor.id, "follow_up.dial", f"contact:{task.contact_id}", client_addr,
                 {"follow_up_id": task.id})
    return sid
