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
    # The centres whose events its role audiences hear; None: every centre (the province).
    centres: frozenset[int] | None = None


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
        """On the event loop: queue each message's text, serialised once, for every console
        it is meant for."""
        for message in messages:
            subs = self.recipients(message)
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
    async def subscribe(self, audiences: frozenset[str],
                        centres: frozenset[int] | None = None) -> AsyncIterator[Subscription]:
        sub = Subscription(audiences, centres=centres)
        for audience in audiences:
            self._by_audience.setdefault(audience, set()).add(sub)
        try:
            yield sub
        finally:
            self._remove(sub)

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
