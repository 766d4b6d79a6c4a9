"""How committed events reach the consoles of every app instance: one small interface, two
backends, chosen once at start-up (the encode/broadcaster idea).

``memory``: one process; the writer's commit hands its events to this process's hub.
``postgres``: the event ids ride on one ``pg_notify`` inside the writer's transaction, and a
LISTEN connection on each instance hears it exactly when it commits, on any instance.

A backend publishes inside the writer's transaction (nothing goes out if it rolls back) and
listens by handing committed messages to a ``deliver`` callback (the hub's fan-out).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline.db import id_of, within
from hotline.realtime.models import Event

log = logging.getLogger(__name__)

Message = dict[str, Any]
Deliver = Callable[[list[Message]], None]
CHANNEL = "hotline_events"


def message(event_id: int, type_: str, data: dict[str, Any], at: datetime,
            audience: list[str], centre_id: int | None) -> Message:
    """The JSON a console receives: ``{"id", "type", "data", "at"}`` (+ audience and centre,
    server-side)."""
    return {"id": event_id, "type": type_, "data": data, "at": at.isoformat(),
            "audience": list(audience), "centre_id": centre_id}


def as_message(event: Event) -> Message:
    """``message`` of a stored event (a replay, another instance's commit)."""
    return message(id_of(event), event.type, event.data, event.created_at, event.audience,
                   event.centre_id)


class RealtimeBackend:
    """Publish in the writer's transaction; listen by handing committed messages on.

    ``publish`` only takes note: the transaction's messages are handed to ``committing``
    once, just before it commits, and nothing more runs per event. A rolled-back transaction,
    or savepoint, publishes nothing of what it held.
    """

    def publish(self, session: Session, message: Message) -> None:
        # With the savepoint it was written in (None: none), to forget it if that is undone.
        session.info.setdefault(_PENDING, []).append(
            (self, message, session.get_nested_transaction()))

    def committing(self, session: Session, messages: list[Message]) -> None:
        """The transaction's messages, in order, just before its commit."""
        raise NotImplementedError

    async def listen(self, deliver: Deliver) -> None:
        """Start handing committed messages to ``deliver`` (on the running loop); returns once
        nothing committed from now on can go unheard."""
        raise NotImplementedError

    async def close(self) -> None:
        """Stop listening."""


_PENDING = "hotline_realtime_pending"  # (backend, message, savepoint) as published
_OUTGOING = "hotline_realtime_outgoing"  # (memory backend, messages) for after_commit


@sa_event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.in_nested_transaction() or not session.info.get(_PENDING):
        return
    by_backend: dict[RealtimeBackend, list[Message]] = {}
    for backend, pending, _savepoint in session.info.pop(_PENDING):
        by_backend.setdefault(backend, []).append(pending)
    for backend, messages in by_backend.items():
        backend.committing(session, messages)


@sa_event.listens_for(Session, "after_soft_rollback")
def _undo_savepoint(session: Session, previous_transaction: Any) -> None:
    """A savepoint was rolled back: the events written inside it (or inside savepoints
    within it) are gone from the database, so they do not go out either."""
    if previous_transaction.nested and session.info.get(_PENDING):
        session.info[_PENDING] = [p for p in session.info[_PENDING]
                                  if not within(p[2], previous_transaction)]


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    outgoing: list[tuple[MemoryBackend, list[Message]]] = session.info.pop(_OUTGOING, [])
    for backend, messages in outgoing:
        backend.committed(messages)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    """The outermost transaction ended: what it did not commit never goes out."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_OUTGOING, None)


class MemoryBackend(RealtimeBackend):
    """One process: messages leave in the commit's ``after_commit`` hook."""

    def __init__(self) -> None:
        self._deliver: Deliver | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def committing(self, session: Session, messages: list[Message]) -> None:
        session.info.setdefault(_OUTGOING, []).append((self, messages))

    async def listen(self, deliver: Deliver) -> None:
        self._loop, self._deliver = asyncio.get_running_loop(), deliver

    async def close(self) -> None:
        self._deliver = None

    def committed(self, messages: list[Message]) -> None:
        """Called from whichever thread committed (request handlers run in a pool)."""
        loop, deliver = self._loop, self._deliver
        if deliver is None or loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:  # committed on the loop itself (async handlers): no hop needed
            deliver(messages)
        else:
            loop.call_soon_threadsafe(deliver, messages)


class PostgresBackend(RealtimeBackend):
    """Across instances: one NOTIFY per transaction carries its event ids, and LISTEN loads
    them in one query."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._listener: asyncio.Task[None] | None = None

    def committing(self, session: Session, messages: list[Message]) -> None:
        session.execute(text("SELECT pg_notify(:c, :p)"),
                        {"c": CHANNEL, "p": ",".join(str(m["id"]) for m in messages)})

    async def listen(self, deliver: Deliver) -> None:
        listening = asyncio.Event()
        self._listener = asyncio.create_task(self._listen(deliver, listening))
        # Serve only once LISTEN is in place, so no commit after start-up goes unheard.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(listening.wait(), timeout=10)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener

    def _load(self, payload: str) -> list[Message]:
        ids = [int(i) for i in payload.split(",") if i.isdigit()]
        with Session(self.engine) as session:
            rows = session.exec(select(Event).where(col(Event.id).in_(ids))
                                .order_by(col(Event.id))).all()
            return [as_message(e) for e in rows]

    async def _listen(self, deliver: Deliver, listening: asyncio.Event) -> None:
        """LISTEN; reconnect with a short pause if the connection drops."""
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    listening.set()
                    async for notify in conn.notifies():
                        deliver(await asyncio.to_thread(self._load, notify.payload))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("realtime listener lost its connection; reconnecting")
                await asyncio.sleep(1)


class BackendMismatch(RuntimeError):
    """A realtime backend that cannot work with this database: start-up stops, naming the fix."""


def choose(setting: str, engine: Engine) -> RealtimeBackend:
    """The backend for ``HOTLINE_REALTIME_BACKEND`` on this database (``auto``: postgres on
    PostgreSQL, memory otherwise). The one place that looks at the dialect for realtime."""
    dialect = engine.dialect.name
    if setting == "auto":
        setting = "postgres" if dialect == "postgresql" else "memory"
    if setting == "postgres" and dialect != "postgresql":
        raise BackendMismatch(
            f"HOTLINE_REALTIME_BACKEND=postgres needs a PostgreSQL database, and this one is "
            f"{dialect}: set HOTLINE_REALTIME_BACKEND=auto (or memory), or point "
            f"HOTLINE_DATABASE_URL at PostgreSQL.")
    return PostgresBackend(engine) if setting == "postgres" else MemoryBackend()


# engine -> its backend. Services only hold a session; this is how ``emit`` finds the backend
# without asking which one it is.
_attached: weakref.WeakKeyDictionary[Engine, RealtimeBackend] = weakref.WeakKeyDictionary()


def attach(engine: Engine, backend: RealtimeBackend) -> None:
    _attached[engine] = backend


def detach(engine: Engine, backend: RealtimeBackend) -> None:
    if _attached.get(engine) is backend:
        del _attached[engine]


def attached(engine: Engine) -> RealtimeBackend:
    """The engine's backend; a process that serves no consoles (the CLI) gets the ``auto``
    choice, so its events still reach the instances that do (on PostgreSQL)."""
    backend = _attached.get(engine)
    if backend is None:
        backend = _attached[engine] = choose("auto", engine)
    return backend
