"""The websocket fan-out: subscriptions by audience, fed by the realtime backend.

Each event is serialised once, here, and the same text goes to every console that should get
it: 2,000 consoles cost one ``json.dumps``, not 2,000.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline.realtime import backends
from hotline.realtime.models import Event

log = logging.getLogger(__name__)
QUEUE_LIMIT = 1000


class Push(NamedTuple):
    """One event as it goes over the wire: its id (for replay bookkeeping) and its JSON text."""

    id: int
    text: str


@dataclass(eq=False)
class Subscription:
    audiences: frozenset[str]
    queue: asyncio.Queue[Push] = field(default_factory=lambda: asyncio.Queue(maxsize=QUEUE_LIMIT))


def audiences_for(staff_id: int | None, roles: Iterable[str]) -> frozenset[str]:
    return frozenset({"all", f"staff:{staff_id}", *(f"role:{r}" for r in roles)})


def public(message: dict[str, Any]) -> dict[str, Any]:
    """What goes over the wire: the audience list stays on the server."""
    return {k: v for k, v in message.items() if k != "audience"}


def as_push(message: dict[str, Any]) -> Push:
    return Push(message["id"], json.dumps(public(message), ensure_ascii=False,
                                          separators=(",", ":")))


class Hub:
    def __init__(self, engine: Engine, backend: backends.RealtimeBackend) -> None:
        self.engine = engine
        self.backend = backend
        # audience -> subscriptions, so an event meets only the consoles it is for.
        self._by_audience: dict[str, set[Subscription]] = {}

    async def start(self) -> None:
        backends.attach(self.engine, self.backend)
        await self.backend.listen(self._deliver)

    async def stop(self) -> None:
        backends.detach(self.engine, self.backend)
        await self.backend.close()

    def _deliver(self, messages: list[dict[str, Any]]) -> None:
        """On the event loop: queue each message's text for every console it is meant for."""
        for message in messages:
            subs: set[Subscription] = set()
            for audience in message["audience"]:
                subs.update(self._by_audience.get(audience, ()))
            if not subs:
                continue
            push = as_push(message)
            for sub in subs:
                try:
                    sub.queue.put_nowait(push)
                except asyncio.QueueFull:
                    log.warning("dropping a slow console; it will replay on reconnect")
                    self._remove(sub)

    def _remove(self, sub: Subscription) -> None:
        for audience in sub.audiences:
            members = self._by_audience.get(audience)
            if members is not None:
                members.discard(sub)
                if not members:
                    del self._by_audience[audience]

    @contextlib.asynccontextmanager
    async def subscribe(self, audiences: frozenset[str]) -> AsyncIterator[Subscription]:
        sub = Subscription(audiences)
        for audience in audiences:
            self._by_audience.setdefault(audience, set()).add(sub)
        try:
            yield sub
        finally:
            self._remove(sub)

    def replay(self, audiences: frozenset[str], after_id: int,
               limit: int = 500) -> list[dict[str, Any]]:
        """Events after ``after_id`` meant for these audiences, oldest first (blocking: call
        in a thread)."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Event).where(col(Event.id) > after_id).order_by(col(Event.id)).limit(limit * 4)
            ).all()
            messages = [backends.as_message(e) for e in rows]
        return [m for m in messages if not audiences.isdisjoint(m["audience"])][:limit]
