"""The outbox worker: delivers pending SMS and voice alerts, retrying with backoff.

Rows are claimed with compare-and-set (pending -> sending), so two workers or two instances
never send the same row. A row stuck in ``sending`` (its worker died) is retried after
``STUCK_AFTER``. A row that cannot be delivered after ``MAX_TRIES`` is ``failed``, which moves
the escalation on at once.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline.crisis import engine as crisis_engine
from hotline.crisis.models import DeliveryStatus, Escalation, EscalationState, Notification
from hotline.crisis.notifier import Notifier
from hotline.db import affected, utcnow
from hotline.staff.models import Staff

log = logging.getLogger(__name__)
MAX_TRIES = 4
STUCK_AFTER = timedelta(minutes=2)


def backoff(tries: int) -> timedelta:
    """2, 4, 8 ... seconds, at most 30: an alert is worth retrying soon."""
    return timedelta(seconds=min(30, 2 ** tries))


def _claim(db: Engine, note_id: int, now: datetime) -> str | None:
    token = secrets.token_hex(16)
    with Session(db) as session:
        claimed = affected(session,
            update(Notification)
            .where(col(Notification.id) == note_id)
            .where(col(Notification.status) == DeliveryStatus.pending)
            .values(status=DeliveryStatus.sending, claim_token=token, updated_at=now)
        )
        session.commit()
    return token if claimed == 1 else None


def deliver_due(db: Engine, notifier: Notifier, now: datetime | None = None,
                batch: int = 20) -> int:
    """Send what is due; returns how many were handed to the provider."""
    now = now or utcnow()
    with Session(db) as session:
        stuck = session.exec(
            select(Notification).where(Notification.status == DeliveryStatus.sending)
            .where(col(Notification.updated_at) < now - STUCK_AFTER)
        ).all()
        for note in stuck:
            note.status = DeliveryStatus.pending
            session.add(note)
        session.commit()
        due = session.exec(
            select(Notification.id).where(Notification.status == DeliveryStatus.pending)
            .where(col(Notification.next_try_at) <= now).order_by(col(Notification.id))
            .limit(batch)
        ).all()
    sent = 0
    for note_id in filter(None, due):  # ids of stored rows: never None
        token = _claim(db, note_id, now)
        if token is not None:
            sent += _deliver(db, notifier, note_id, token, now)
    return sent


def _deliver(db: Engine, notifier: Notifier, note_id: int, token: str, now: datetime) -> int:
    with Session(db) as session:
        note = session.get(Notification, note_id)
        esc = session.get(Escalation, note.escalation_id) if note and note.escalation_id else None
        recipient = session.get(Staff, note.recipient_id) if note else None
        if note is None or note.claim_token != token or esc is None or recipient is None:
            return 0
        if esc.state in (EscalationState.acknowledged, EscalationState.resolved):
            note.status = DeliveryStatus.cancelled  # taken while this waited: don't disturb
            session.add(note)
            session.commit()
            return 0
        try:
            sid = notifier.send(note, esc, recipient)
        except Exception as exc:  # noqa: BLE001 - any provider failure is retried
            note.tries += 1
            note.last_error = f"{type(exc).__name__}: {exc}"[:500]
            note.updated_at = now
            if note.tries >= MAX_TRIES:
                note.status = DeliveryStatus.failed
                session.add(note)
                crisis_engine.delivery_failed(session, note, now)
            else:
                note.status = DeliveryStatus.pending
                note.next_try_at = now + backoff(note.tries)
                session.add(note)
            session.commit()
            log.warning("alert %s not sent (try %s): %s", note.id, note.tries, note.last_error)
            return 0
        note.status, note.provider_sid, note.updated_at = DeliveryStatus.sent, sid, now
        note.tries += 1
        session.add(note)
        session.commit()
        return 1

