"""The audit log: every login, every read and every change of a contact record."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from hotline.access.models import AuditEntry
from hotline.db import insert_row, insert_rows


def record(
    session: Session,
    actor_id: int | None,
    action: str,
    subject: str,
    client_addr: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry in the caller's transaction, so it lands exactly when the change does
    (written at once: nothing reads an entry back as an object)."""
    insert_row(session, AuditEntry, actor_id=actor_id, action=action, subject=subject,
               client_addr=client_addr, detail=detail or {})


def record_many(
    session: Session, actor_id: int | None, action: str, subjects: list[str], client_addr: str
) -> None:
    """One entry per subject, e.g. each contact shown in a list, in one statement."""
    insert_rows(session, AuditEntry, [
        {"actor_id": actor_id, "action": action, "subject": s, "client_addr": client_addr}
        for s in subjects])


def entries(
    session: Session, *, subject: str | None = None, limit: int = 200, offset: int = 0,
    actors: Any = None,
) -> list[AuditEntry]:
    """Entries newest first, optionally for one subject such as ``contact:42``; ``actors``
    (a subquery of staff ids) keeps those made by these people."""
    query = select(AuditEntry)
    if actors is not None:
        query = query.where(col(AuditEntry.actor_id).in_(actors))
    if subject:
        query = query.where(AuditEntry.subject == subject)
    query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    return list(session.exec(query.offset(offset).limit(limit)))
