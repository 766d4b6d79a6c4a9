"""When follow-up attempts happen, and the follow-up a contact's consent creates.

Times are computed in the hotline's zone and stored in UTC, so "9 o'clock on the day the
caller agreed to" stays 9 o'clock across a DST change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from hotline.contacts import access
from hotline.contacts.models import Contact, SealedNumber
from hotline.contacts.policy import RecordsPolicy
from hotline.db import id_of, rows_written, utcnow, written_here
from hotline.errors import InvalidInput
from hotline.followups.models import FollowUp, FollowUpStatus

UTC = ZoneInfo("UTC")


def first_attempt(due_on: date, chosen: time | None, zone: ZoneInfo, policy: RecordsPolicy
                  ) -> datetime:
    """The agreed local day at the time the caller chose, else at day start."""
    return datetime.combine(due_on, chosen or policy.follow_up_day_starts, zone).astimezone(UTC)


def in_day(at: datetime, zone: ZoneInfo, policy: RecordsPolicy) -> datetime:
    """``at``, or the next day start when ``at`` falls in the night."""
    local = at.astimezone(zone)
    start, end = policy.follow_up_day_starts, policy.follow_up_day_ends
    if local.time() < start:
        return datetime.combine(local.date(), start, zone).astimezone(UTC)
    if local.time() >= end:
        return datetime.combine(local.date() + timedelta(days=1), start, zone).astimezone(UTC)
    return at


def next_attempt(after: datetime, night_ok: bool, zone: ZoneInfo, policy: RecordsPolicy
                 ) -> datetime:
    candidate = after + timedelta(hours=policy.follow_up_gap_hours)
    return candidate if night_ok else in_day(candidate, zone, policy)


def has_number(session: Session, caller_key: str | None) -> bool:
    return bool(caller_key) and session.get(SealedNumber, caller_key) is not None


def _wanted(contact: Contact) -> dict[str, Any]:
    return contact.follow_up if contact.follow_up.get("consent") else {}


def _existing(session: Session, contact: Contact) -> FollowUp | None:
    """The contact's follow-up. One written in this transaction (an intake) has none but
    what this transaction wrote: no query."""
    if written_here(session, contact):
        return next((f for f in rows_written(session, FollowUp) if f.contact_id == contact.id),
                    None)
    return session.exec(select(FollowUp).where(FollowUp.contact_id == contact.id)).first()


def sync_from_contact(session: Session, contact: Contact, *, zone: ZoneInfo,
                      policy: RecordsPolicy) -> FollowUp | None:
    """Create, move or cancel the contact's follow-up to match its ``follow_up`` consent.

    Refuses (422, nothing written) consent without a number to call and a day in the past.
    A follow-up already attempted keeps its schedule; only its owner can be changed then.
    """
    task = _existing(session, contact)
    wanted = _wanted(contact)
    if not wanted:
        if task is not None and task.status == FollowUpStatus.open and task.attempts == 0:
            task.status, task.closed_at = FollowUpStatus.cancelled, utcnow()
            session.add(task)
        return task
    caller_key = contact.caller_key
    if caller_key is None or not has_number(session, caller_key):
        raise InvalidInput("follow_up.no_number", field="follow_up")
    today = utcnow().astimezone(zone).date()
    due_on = date.fromisoformat(wanted["due_on"]) if wanted.get("due_on") else (
        today + timedelta(days=1))
    chosen = time.fromisoformat(wanted["due_time"]) if wanted.get("due_time") else None
    night_ok = bool(wanted.get("night_ok"))
    if task is not None and (task.status != FollowUpStatus.open or task.attempts > 0):
        return task
    if task is not None and (task.due_on, task.night_ok) == (due_on, night_ok) and \
            task.due_at == first_attempt(due_on, chosen, zone, policy):
        return task
    if due_on < today:
        raise InvalidInput("follow_up.day_in_past", field="follow_up")
    due_at = first_attempt(due_on, chosen, zone, policy)
    if not night_ok and chosen is None:
        due_at = in_day(due_at, zone, policy)
    ends_at = due_at + timedelta(hours=policy.follow_up_window_hours)
    if task is None:
        task = FollowUp(contact_id=id_of(contact), caller_key=caller_key,
                        owner_id=contact.operator_id, due_on=due_on, due_at=due_at,
                        next_attempt_at=due_at, ends_at=ends_at)
    task.due_on, task.due_at, task.night_ok = due_on, due_at, night_ok
    task.next_attempt_at, task.ends_at = due_at, ends_at
    task.min_attempts = policy.follow_up_min_attempts
    task.max_attempts = policy.follow_up_max_attempts
    task.risk_level = contact.risk_level
    task.status, task.updated_at = FollowUpStatus.open, utcnow()
    session.add(task)
    return task


def owner_ids(session: Session, contact_id: int | None, caller_key: str | None) -> frozenset[int]:
    """Owners of open follow-ups of this contact or of its caller: they handle the caller now."""
    query = select(FollowUp.owner_id).where(FollowUp.status == FollowUpStatus.open)
    if caller_key:
        query = query.where((col(FollowUp.contact_id) == contact_id)
                            | (col(FollowUp.caller_key) == caller_key))
    else:
        query = query.where(col(FollowUp.contact_id) == contact_id)
    return frozenset(i for i in session.exec(query) if i is not None)


@access.involves
def follow_up_owners(session: Session, contact: Contact) -> access.Involvement:
    """Whoever owns an open follow-up of the contact's caller reads the contact (for the
    contact read rules, ``hotline.contacts.access``)."""
    return access.Involvement(
        follow_up_owner_ids=owner_ids(session, contact.id, contact.caller_key))
