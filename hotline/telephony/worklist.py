"""The call-back work queue in the order that prevents harm: highest risk first, then the
one due soonest, each with what the caller's last contact was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from hotline.access import scope
from hotline.access.scope import CentreActor
from hotline.contacts.models import Contact
from hotline.telephony.models import CallbackStatus, CallbackTask

RISK_ORDER = ("imminent", "high", "moderate", "low", "none")


@dataclass(frozen=True)
class WorkItem:
    task: CallbackTask
    risk_level: str  # the caller's highest level over the task's contact and their last one
    last_contact_at: datetime | None
    overdue: bool


def _rank(level: str) -> int:
    return RISK_ORDER.index(level) if level in RISK_ORDER else len(RISK_ORDER)


def open_callbacks(session: Session, now: datetime, *, due_only: bool = False,
                   limit: int | None = None,
                   reader: CentreActor | None = None) -> list[WorkItem]:
    """Open call-backs, risk first then due time; ``due_only`` keeps those due by ``now``."""
    query = (select(CallbackTask, Contact)
             .join(Contact, col(Contact.id) == col(CallbackTask.contact_id))
             .where(CallbackTask.status == CallbackStatus.open))
    if due_only:
        query = query.where(CallbackTask.due_at <= now)
    if reader is not None:
        query = scope.readable(query, CallbackTask.centre_id, reader)
    rows = session.exec(query).all()
    keys = {c.caller_key for _, c in rows if c.caller_key}
    latest: dict[str, tuple[datetime, str]] = {}
    if keys:
        newest = (select(Contact.caller_key, func.max(Contact.received_at).label("at"))
                  .where(col(Contact.caller_key).in_(keys)).group_by(col(Contact.caller_key))
                  .subquery())
        for key, at, level in session.exec(
            select(Contact.caller_key, Contact.received_at, Contact.risk_level)
            .join(newest, (col(Contact.caller_key) == newest.c.caller_key)
                  & (col(Contact.received_at) == newest.c.at))
        ):
            if key:
                latest[key] = (at, str(level))
    items = []
    for task, contact in rows:
        last_at, last_level = latest.get(contact.caller_key or "", (contact.received_at,
                                                                    str(contact.risk_level)))
        level = min(str(contact.risk_level), last_level, key=_rank)
        items.append(WorkItem(task, level, last_at, task.due_at <= now))
    items.sort(key=lambda i: (_rank(i.risk_level), i.task.due_at, i.task.id or 0))
    return items[:limit] if limit else items
