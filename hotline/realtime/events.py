"""Emit events inside the writer's transaction; they go out only if it commits.

The row is kept (a console that reconnects catches up from it); the engine's realtime backend
carries it to the consoles of every instance once the transaction commits.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from hotline.db import insert_row, utcnow
from hotline.realtime.backends import as_message, attached, message
from hotline.realtime.models import Event

__all__ = ["as_message", "emit"]


def emit(session: Session, type_: str, data: dict[str, Any], audience: list[str],
         centre_id: int | None = None) -> int:
    """Record an event in the caller's transaction (written at once, with ``insert_row``) and
    return its id; it goes out when the transaction commits.

    ``centre_id``: the centre it is about. Its role audiences (``role:supervisor``) then hear
    it only in that centre (and the province); ``staff:<id>`` hears it wherever they are."""
    at = utcnow()
    event_id = insert_row(session, Event, type=type_, data=data, audience=audience,
                          centre_id=centre_id, created_at=at)
    attached(session.get_bind().engine).publish(
        session, message(event_id, type_, data, at, audience, centre_id))
    return event_id
