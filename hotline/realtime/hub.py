"""The websocket fan-out: subscriptions by audience, fed by a backend.

``memory``: events committed in this process are handed over by the after-commit hook.
``postgres``: a LISTEN connection hears every instance's commits (ids via NOTIFY) and loads
the events, so consoles on any instance get every event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline.realtime import events
from hotline.realtime.models import Event

log = logging.getLogger(__name__)
QUEUE_LIMIT = 1000


@dataclass(eq=False)
class Subscription:
    audiences: frozenset[str]
    queue: asyncio.Queue[dict[str, Any]] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_LIMIT)
    )

    def wants(self, message: dict[str, Any]) -> bool:
        return not self.audiences.isdisjoint(message["audience"])


def audiences_for(staff_id: int | None, roles: Iterable[str]) -> frozenset[str]:
    return frozenset({"all", f"staff:{staff_id}", *(f"role:{r}" for r in roles)})


def public(message: dict[str, Any]) -> dict[str, Any]:
    """What goes over the wire: the audience list stays on the server."""
    return {k: v for k, v in message.items() if k != "audience"}


class Hub:
    def __init__(self, engine: Engine, backend: str = "memory") -> None:
        self.engine = engine
        self.backend = backend
        self._subs: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self.backend == "postgres":
            self._listener = asyncio.create_task(self._listen())
            # Serve only once LISTEN is in place, so no commit after start-up goes unheard.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._listening.wait(), timeout=10)
        else:
            events.register_local_sink(self.engine, self.deliver_threadsafe)

    async def stop(self) -> None:
        events.unregister_local_sink(self.engine)
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener

    def deliver_threadsafe(self, messages: list[dict[str, Any]]) -> None:
        """Called from any thread (request handlers run in a thread pool)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._deliver, messages)

    def _deliver(self, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            for sub in list(self._subs):
                if sub.wants(message):
                    try:
                        sub.queue.put_nowait(message)
                    except asyncio.QueueFull:
                        log.warning("dropping a slow console; it will replay on reconnect")
                        self._subs.discard(sub)

    @contextlib.asynccontextmanager
    async def subscribe(self, audiences: frozenset[str]) -> AsyncIterator[Subscription]:
        sub = Subscription(audiences)
        self._subs.add(sub)
        try:
            yield sub
        finally:
            self._subs.discard(sub)

    def replay(self, audiences: frozenset[str], after_id: int, limit: int = 500) -> list[dict[str, Any]]:
        """Events after ``after_id`` meant for these audiences, oldest first (blocking: call
        in a thread)."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Event).where(col(Event.id) > after_id).order_by(col(Event.id)).limit(limit * 4)
            ).all()
            messages = [events.as_message(e) for e in rows]
        return [m for m in messages if not audiences.isdisjoint(m["audience"])][:limit]

    def _load(self, event_id: int) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            event = session.get(Event, event_id)
            return [events.as_message(event)] if event else []

    async def _listen(self) -> None:
        """LISTEN on PostgreSQL; reconnect with a short pause if the connection drops."""
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {events.CHANNEL}")
                    self._listening.set()
                    async for notify in conn.notifies():
                        messages = await asyncio.to_thread(self._load, int(notify.payload))
                        self._deliver(messages)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("realtime listener lost its connection; reconnecting")
                await asyncio.sleep(1)
