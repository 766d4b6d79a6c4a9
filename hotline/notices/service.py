"""Raise, list and acknowledge notices. Raising is idempotent on the dedupe key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from hotline.auth.service import CurrentUser
from hotline.db import utcnow
from hotline.errors import Forbidden, NotFound
from hotline.notices.models import Notice


def raise_notice(
    session: Session, *, audience: str, kind: str, title: str, dedupe_key: str,
    data: dict[str, Any] | None = None,
) -> Notice | None:
    """Create the notice unless one with this key exists; returns it only when new."""
    if session.exec(select(Notice.id).where(Notice.dedupe_key == dedupe_key)).first():
        return None
    notice = Notice(audience=audience, kind=kind, title=title, dedupe_key=dedupe_key,
                    data=data or {})
    try:
        with session.begin_nested():  # another instance may have raised it a moment ago
            session.add(notice)
    except IntegrityError:
        return None
    return notice


def raise_or_update(
    session: Session, *, audience: str, kind: str, title: str, dedupe_key: str,
    data: dict[str, Any], same: Callable[[Notice], bool], since: datetime,
) -> tuple[Notice | None, bool]:
    """One notice per subject: if a notice of this kind for this audience is about the same
    subject (``same(notice)``), it is updated in place (a gap that moves stays one notice,
    and one that was dismissed stays dismissed); otherwise a new one is raised.
    Only notices raised after ``since`` are candidates. Returns the notice and whether a
    tray should show something new."""
    for notice in session.exec(select(Notice).where(Notice.audience == audience)
                               .where(Notice.kind == kind).where(Notice.created_at >= since)
                               .order_by(col(Notice.id))):
        if same(notice):
            if notice.data == data:
                return notice, False
            notice.data, notice.title = dict(data), title
            session.add(notice)
            return notice, notice.acknowledged_at is None
    notice = raise_notice(session, audience=audience, kind=kind, title=title,
                          dedupe_key=dedupe_key, data=data)
    return notice, notice is not None


def open_of_kind(session: Session, audience: str, kind: str) -> list[Notice]:
    return list(session.exec(select(Notice).where(Notice.audience == audience)
                             .where(Notice.kind == kind)
                             .where(col(Notice.acknowledged_at).is_(None))))


def close(session: Session, notice: Notice) -> None:
    """The subject went away (e.g. a gap was filled): the notice leaves every tray."""
    if notice.acknowledged_at is None:
        notice.acknowledged_at = utcnow()
        session.add(notice)


def audiences(user: CurrentUser) -> list[str]:
    return [f"staff:{user.id}", *(f"role:{r}" for r in user.roles)]


def for_user(session: Session, user: CurrentUser, *, include_acknowledged: bool = False,
             limit: int = 100) -> list[Notice]:
    """Notices addressed to the person or to any of their roles, newest first."""
    query = select(Notice).where(col(Notice.audience).in_(audiences(user)))
    if not include_acknowledged:
        query = query.where(col(Notice.acknowledged_at).is_(None))
    return list(session.exec(query.order_by(col(Notice.created_at).desc()).limit(limit)))


def acknowledge(session: Session, *, user: CurrentUser, notice_id: int) -> Notice:
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise NotFound(f"No notice {notice_id}.")
    if notice.audience not in audiences(user):
        raise Forbidden("This notice is not addressed to you.")
    if notice.acknowledged_at is None:
        notice.acknowledged_at, notice.acknowledged_by = utcnow(), user.id
        session.add(notice)
    return notice


def acknowledge_all(session: Session, *, user: CurrentUser) -> int:
    """Dismiss every open notice addressed to the person or their roles; returns how many."""
    now, count = utcnow(), 0
    for notice in for_user(session, user, limit=10_000):
        notice.acknowledged_at, notice.acknowledged_by = now, user.id
        session.add(notice)
        count += 1
    return count
