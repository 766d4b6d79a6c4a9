"""The websocket fan-out: subscriptions by audience, fed by the realtime backend.

Each event is serialised once, here, and the same text goes to every console that should get
it: 2,000 consoles cost one ``json.dumps``, not 2,000. It is written to each socket at once,
in the order the consoles are chosen (the people it names first), not handed to a task per
console that the loop would run after whatever it had queued before.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline.realtime import backends, eager
from hotline.realtime.models import Event

log = logging.getLogger(__name__)
# Frames a console may fall behind by (its socket not taking them) before it is let go: it
# reconnects and replays what it missed from the event table.
QUEUE_LIMIT = 1000


class Push(NamedTuple):
    """One event as it goes over the wire: its id (for replay bookkeeping) and its JSON text."""

    id: int
    text: str


Send = Callable[[Push], Coroutine[Any, Any, None]]


@dataclass(eq=False)
class Subscription:
    """One console: what it hears, and how a frame reaches it (``send``, the console's own)."""

    audiences: frozenset[str]
    send: Send
    # The centres whose events its role audiences hear; None: every centre (the province).
    centres: frozenset[int] | None = None
    # Set when its socket failed or it fell QUEUE_LIMIT frames behind: its handler closes it.
    gone: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    # A frame the socket has not taken yet, and the ones behind it, in order.
    _sending: asyncio.Task[None] | None = field(default=None, init=False)
    _backlog: deque[Push] = field(default_factory=deque, init=False)
    _held: int = field(default=0, init=False)

    def put(self, push: Push) -> None:
        """Write ``push`` now when the socket takes it (the usual case); behind the frames
        still waiting for it, or held back by a catch-up, otherwise."""
        if self.gone.is_set():
            return
        if self._sending is not None or self._held:
            if len(self._backlog) >= QUEUE_LIMIT:
                log.warning("letting a slow console go; it will replay on reconnect")
                self.gone.set()
            else:
                self._backlog.append(push)
            return
        self._start(push)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """New events wait while the console catches up on older ones, so it sees them in
        order (and a reconnect's ``last_id`` never skips one it had not got yet)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            self._drain()

    def _start(self, push: Push) -> None:
        try:
            self._sending = eager.start(self.send(push))
        except Exception:  # noqa: BLE001 - a closed socket: its handler ends the subscription
            self.gone.set()
            return
        if self._sending is not None:
            self._sending.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task[None]) -> None:
        self._sending = None
        if task.cancelled() or task.exception() is not None:
            self.gone.set()
            return
        self._drain()

    def _drain(self) -> None:
        while self._backlog and self._sending is None and not self._held \
                and not self.gone.is_set():
            self._start(self._backlog.popleft())

    def close(self) -> None:
        self.gone.set()
        if self._sending is not None:
            self._sending.cancel()


# The province's roles hear what their counterparts hear, in every centre.
PROVINCIAL_AUDIENCES = {"provincial_supervisor": "role:supervisor",
                        "provincial_crisis_lead": "role:team_lead"}


def audiences_for(staff_id: int | None, roles: Iterable[str]) -> frozenset[str]:
    roles = list(roles)
    return frozenset({"all", f"staff:{staff_id}", *(f"role:{r}" for r in roles),
                      *(PROVINCIAL_AUDIENCES[r] for r in roles if r in PROVINCIAL_AUDIENCES)})


def hears(audience: str, centre_id: int | None, centres: frozenset[int] | None) -> bool:
    """A person hears what is addressed to them anywhere; a role or everyone, in its centres."""
    return (centres is None or centre_id is None or centre_id in centres
            or audience.startswith("staff:"))


def public(message: dict[str, Any]) -> dict[str, Any]:
    """What goes over the wire: the audience list and the centre stay on the server."""
    return {k: v for k, v in message.items() if k not in ("audience", "centre_id")}


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

    def recipients(self, message: dict[str, Any]) -> list[Subscription]:
        """The consoles a message is for, each once: first those of the people it names
        (the responder an alert pages), then the roles' (supervisors' boards). Consoles are
        woken in this order, so an alert does not wait behind hundreds of boards' copies."""
        centre_id = message.get("centre_id")
        people_first = sorted(message["audience"], key=lambda a: not a.startswith("staff:"))
        chosen: dict[Subscription, None] = {}  # ordered, each console once
        for audience in people_first:
            for sub in self._by_audience.get(audience, ()):
                if hears(audience, centre_id, sub.centres):
                    chosen.setdefault(sub)
        return list(chosen)

    def _deliver(self, messages: list[dict[str, Any]]) -> None:
        """On the event loop: each message's text, serialised once, to every console it is
        meant for."""
        for message in messages:
            subs = self.recipients(message)
            if not subs:
                continue
            push = as_push(message)
            for sub in subs:
                sub.put(push)

    def _remove(self, sub: Subscription) -> None:
        for audience in sub.audiences:
            members = self._by_audience.get(audience)
            if members is not None:
                members.discard(sub)
                if not members:
                    del self._by_audience[audience]

    @contextlib.asynccontextmanager
    async def subscribe(self, audiences: frozenset[str], send: Send,
                        centres: frozenset[int] | None = None) -> AsyncIterator[Subscription]:
        sub = Subscription(audiences, send, centres=centres)
        for audience in audiences:
            self._by_audience.setdefault(audience, set()).add(sub)
        try:
            yield sub
        finally:
            self._remove(sub)
            sub.close()

    def replay(self, audiences: frozenset[str], after_id: int, limit: int = 500,
               centres: frozenset[int] | None = None) -> list[dict[str, Any]]:
        """Events after ``after_id`` meant for these audiences, oldest first (blocking: call
        in a thread)."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Event).where(col(Event.id) > after_id).order_by(col(Event.id)).limit(limit * 4)
            ).all()
            messages = [backends.as_message(e) for e in rows]
        return [m for m in messages
                if any(a in audiences and hears(a, m.get("centre_id"), centres)
                       for a in m["audience"])][:limit]
