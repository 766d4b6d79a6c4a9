"""Raise, list and acknowledge notices. Raising is idempotent on the dedupe key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from hotline.access.permissions import Actor
from hotline.access.scope import PROVINCIAL_ROLES
from hotline.db import get_or_404, utcnow
from hotline.errors import Forbidden
from hotline.notices.models import Notice


def raise_notice(
    session: Session, *, audience: str, kind: str, title: str, dedupe_key: str,
    data: dict[str, Any] | None = None, centre_id: int | None = None,
) -> Notice | None:
    """Create the notice unless one with this key exists; returns it only when new.

    ``centre_id``: the centre it is about (its record's, or the sender's): a role audience
    hears it in that centre only. None: about no one centre, heard in every centre."""
    if session.exec(select(Notice.id).where(Notice.dedupe_key == dedupe_key)).first():
        return None
    notice = Notice(audience=audience, kind=kind, title=title, dedupe_key=dedupe_key,
                    data=data or {}, centre_id=centre_id)
    try:
        with session.begin_nested():  # another instance may have raised it a moment ago
            session.add(notice)
    except IntegrityError:
        return None
    return notice


def find_same(
    session: Session, *, audience: str, kind: str, since: datetime,
    same: Callable[[Notice], bool], centre_id: int | None = None,
) -> Notice | None:
    """The notice (open or dismissed) of this kind for this audience and centre, raised
    after ``since``, that is about the same subject as ``same`` decides: one notice per
    subject."""
    for notice in session.exec(select(Notice).where(Notice.audience == audience)
                               .where(Notice.kind == kind).where(Notice.created_at >= since)
                               .where(Notice.centre_id == centre_id)
                               .order_by(col(Notice.id))):
        if same(notice):
            return notice
    return None


def update_in_place(session: Session, notice: Notice, *, title: str,
                    data: dict[str, Any]) -> bool:
    """The subject changed (a gap moved or shrank): same notice, new facts. One a person
    dismissed stays dismissed; one the system closed (the gap was filled) opens again.
    Returns whether a tray has something new to show."""
    reopen = notice.acknowledged_at is not None and notice.acknowledged_by is None
    if notice.data == data and notice.title == title and not reopen:
        return False
    notice.data, notice.title = dict(data), title
    if reopen:
        notice.acknowledged_at = None
    session.add(notice)
    return notice.acknowledged_at is None


def open_of_kind(session: Session, audience: str, kind: str,
                 centre_id: int | None = None) -> list[Notice]:
    return list(session.exec(select(Notice).where(Notice.audience == audience)
                             .where(Notice.kind == kind).where(Notice.centre_id == centre_id)
                             .where(col(Notice.acknowledged_at).is_(None))))


def close(session: Session, notice: Notice) -> None:
    """The subject went away (e.g. a gap was filled): the notice leaves every tray (closed
    by nobody, so it can open again if the subject comes back)."""
    if notice.acknowledged_at is None:
        notice.acknowledged_at = utcnow()
        session.add(notice)


def audiences(user: Actor) -> list[str]:
    return [f"staff:{user.id}", *(f"role:{r}" for r in user.roles)]


def _centre_roles(user: Actor) -> list[str]:
    """The person's role audiences that hear a notice only in the person's centres (the
    provincial roles hear theirs from every centre)."""
    return [f"role:{r}" for r in user.roles if r not in PROVINCIAL_ROLES]


def _addressed_to(user: Actor) -> ColumnElement[bool]:
    """Notices for the person: to them, anywhere; to a provincial role of theirs, from any
    centre; to another role of theirs, about one of their centres or about none."""
    centre = or_(col(Notice.centre_id).is_(None), col(Notice.centre_id).in_(user.centres))
    provincial = [f"role:{r}" for r in user.roles if r in PROVINCIAL_ROLES]
    return or_(col(Notice.audience).in_([f"staff:{user.id}", *provincial]),
               and_(col(Notice.audience).in_(_centre_roles(user)), centre))


def is_for(notice: Notice, user: Actor) -> bool:
    """``_addressed_to`` for one notice in hand."""
    if notice.audience == f"staff:{user.id}":
        return True
    if notice.audience not in audiences(user):
        return False
    return (notice.audience not in _centre_roles(user) or notice.centre_id is None
            or notice.centre_id in user.centres)


def for_user(session: Session, user: Actor, *, include_acknowledged: bool = False,
             limit: int = 100) -> list[Notice]:
    """Notices addressed to the person or to any of their roles (in their centres), newest
    first."""
    query = select(Notice).where(_addressed_to(user))
    if not include_acknowledged:
        query = query.where(col(Notice.acknowledged_at).is_(None))
    return list(session.exec(query.order_by(col(Notice.created_at).desc()).limit(limit)))


def acknowledge(session: Session, *, user: Actor, notice_id: int) -> Notice:
    notice = get_or_404(session, Notice, notice_id, "notice.not_found", notice_id=notice_id)
    if not is_for(notice, user):  # another role's, or another centre's
        raise Forbidden("notice.not_yours")
    if notice.acknowledged_at is None:
        notice.acknowledged_at, notice.acknowledged_by = utcnow(), user.id
        session.add(notice)
    return notice


def acknowledge_all(session: Session, *, user: Actor) -> int:
    """Dismiss every open notice addressed to the person or their roles; returns how many."""
    now, count = utcnow(), 0
    for notice in for_user(session, user, limit=10_000):
        notice.acknowledged_at, notice.acknowledged_by = now, user.id
        session.add(notice)
        count += 1
    return count
