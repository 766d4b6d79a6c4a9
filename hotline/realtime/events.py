"""Emit events inside the writer's transaction; they go out only if it commits.

On PostgreSQL the event id rides on ``pg_notify`` in the same transaction, so every app
instance hears it exactly when it commits. On SQLite (one process) an ``after_commit`` hook
hands the events to the local hub.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hotline.realtime.models import Event

CHANNEL = "hotline_events"
_PENDING = "hotline_events"
# engine -> function that takes committed events (the local hub's deliver).
_local_sinks: dict[int, Callable[[list[dict[str, Any]]], None]] = {}


def as_message(event: Event) -> dict[str, Any]:
    """The JSON a console receives: ``{"id", "type", "data", "at"}`` (+ audience, server-side)."""
    return {
        "id": event.id, "type": event.type, "data": event.data,
        "at": event.created_at.isoformat(), "audience": list(event.audience),
    }


def register_local_sink(engine: Engine, sink: Callable[[list[dict[str, Any]]], None]) -> None:
    _local_sinks[id(engine)] = sink


def unregister_local_sink(engine: Engine) -> None:
    _local_sinks.pop(id(engine), None)


def emit(session: Session, type_: str, data: dict[str, Any], audience: list[str]) -> Event:
    """Record an event in the caller's transaction."""
    event = Event(type=type_, data=data, audience=audience)
    session.add(event)
    session.flush()
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": str(event.id)})
    else:
        # Snapshot now: after commit the row is expired and no SQL may run in the hook.
        session.info.setdefault(_PENDING, []).append(as_message(event))
    return event


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    sink = _local_sinks.get(id(session.get_bind()))
    if sink is not None:
        sink(pending)


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
