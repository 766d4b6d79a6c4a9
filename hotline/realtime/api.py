"""``WS /ws``: JSON events ``{"id", "type", "data", "at"}`` for the logged-in person.

Connect with ``?token=`` (bearer) or the session cookie; send ``?last_id=N`` (or a message
``{"last_id": N}`` right after connecting) to receive what was missed since event N first.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlparse

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlmodel import Session

from hotline.auth.deps import SESSION_COOKIE
from hotline.auth.service import CurrentUser, authenticate
from hotline.errors import NotAuthenticated
from hotline.realtime.hub import Hub, Push, audiences_for

router = APIRouter()
POLICY_VIOLATION = 1008


def _authenticate(engine, token: str) -> CurrentUser | None:
    with Session(engine) as session:
        try:
            user = authenticate(session, token)
        except NotAuthenticated:
            return None
        session.expunge_all()
        return user


def _same_origin(websocket: WebSocket) -> bool:
    """A cookie rides along on a cross-site websocket too; only our own pages may use it."""
    origin = websocket.headers.get("origin")
    return origin is None or urlparse(origin).netloc == websocket.headers.get("host")


@router.websocket("/ws")
async def events_socket(websocket: WebSocket, token: str | None = None,
                        last_id: int | None = None) -> None:
    hub: Hub = websocket.app.state.hub
    cookie = websocket.cookies.get(SESSION_COOKIE)
    credential = token if token is not None else (cookie if _same_origin(websocket) else None)
    if credential is None:
        await websocket.close(code=POLICY_VIOLATION)
        return
    user = await asyncio.to_thread(_authenticate, hub.engine, credential)
    if user is None:
        await websocket.close(code=POLICY_VIOLATION)
        return
    await websocket.accept()
    audiences = audiences_for(user.id, user.roles)
    async with hub.subscribe(audiences) as sub:  # subscribe first: nothing slips between
        sent: set[int] = set()  # ids may commit out of order on PostgreSQL: track, not compare

        async def deliver(push: Push) -> None:
            if push.id not in sent:
                sent.add(push.id)
                await websocket.send_text(push.text)  # serialised once by the hub

        async def catch_up(after_id: int) -> None:
            for push in await asyncio.to_thread(hub.replay, audiences, after_id):
                await deliver(push)

        if last_id is not None:  # a fresh console starts from now; a reconnecting one catches up
            await catch_up(last_id)

        async def send() -> None:
            while True:
                await deliver(await sub.queue.get())

        async def receive() -> None:
            while True:
                incoming = await websocket.receive_json()
                if isinstance(incoming, dict) and isinstance(incoming.get("last_id"), int):
                    await catch_up(incoming["last_id"])

        sender = asyncio.create_task(send())
        try:
            await receive()
        except (WebSocketDisconnect, RuntimeError, ValueError):
            pass
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender
