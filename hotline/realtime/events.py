"""Emit events inside the writer's transaction; they go out only if it commits.

The row is kept (a console that reconnects catches up from it); the engine's realtime backend
carries it to the consoles of every instance once the transaction commits.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from hotline.realtime.backends import as_message, attached
from hotline.realtime.models import Event

__all__ = ["as_message", "emit"]


def emit(session: Session, type_: str, data: dict[str, Any], audience: list[str],
         centre_id: int | None = None) -> Event:
    """Record an event in the caller's transaction. No flush of its own: it is written with
    the transaction's next one (at the latest, its commit), which gives it its id.

    ``centre_id``: the centre it is about. Its role audiences (``role:supervisor``) then hear
    it only in that centre (and the province); ``staff:<id>`` hears it wherever they are."""
    event = Event(type=type_, data=data, audience=audience, centre_id=centre_id)
    session.add(event)
    attached(session.get_bind().engine).publish(session, event)
    return event
