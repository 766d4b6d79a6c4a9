"""``WS /ws``: JSON events ``{"id", "type", "data", "at"}`` for the logged-in person.

Pages connect with their session cookie (same origin only); other clients send
``Authorization: Bearer <token>`` on the handshake. A token in the URL is refused: URLs end
up in access logs. Send ``?last_id=N`` (or a message ``{"last_id": N}`` right after
connecting) to receive what was missed since event N first.

The session is checked again every ``HOTLINE_WS_RECHECK_SECONDS`` (each console at its own
phase): after a logout, a deactivation, a password reset or a change of roles or centres the
socket is closed with 1008, so a console never keeps hearing what its person may no longer
hear (it reconnects with its new roles).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from urllib.parse import urlparse

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlmodel import Session

from hotline.access import scope
from hotline.auth.deps import SESSION_COOKIE
from hotline.auth.service import CurrentUser, authenticate
from hotline.config import Settings, settings_of
from hotline.errors import NotAuthenticated
from hotline.realtime.hub import Hub, Push, as_push, audiences_for
from hotline.realtime.recent import RecentIds

router = APIRouter()
POLICY_VIOLATION = 1008
TRY_AGAIN_LATER = 1013


def _authenticate(hub: Hub, settings: Settings, token: str) -> CurrentUser | None:
    with Session(hub.engine) as session:
        try:
            user = authenticate(session, settings, token)
        except NotAuthenticated:
            return None
        session.expunge_all()
        return user


def _same_origin(websocket: WebSocket) -> bool:
    """A cookie rides along on a cross-site websocket too; only our own pages may use it."""
    origin = websocket.headers.get("origin")
    return origin is None or urlparse(origin).netloc == websocket.headers.get("host")


def _credential(websocket: WebSocket) -> str | None:
    """The bearer header, else the session cookie from one of our own pages; never the URL."""
    if "token" in websocket.query_params:
        return None
    scheme, _, token = websocket.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    cookie = websocket.cookies.get(SESSION_COOKIE)
    return cookie if cookie and _same_origin(websocket) else None


@router.websocket("/ws")
async def events_socket(websocket: WebSocket, last_id: int | None = None) -> None:
    hub: Hub = websocket.app.state.hub
    settings: Settings = settings_of(websocket)
    credential = _credential(websocket)
    user = None if credential is None else await asyncio.to_thread(
        _authenticate, hub, settings, credential)
    if credential is None or user is None:
        await websocket.close(code=POLICY_VIOLATION)
        return
    await websocket.accept()
    roles = sorted(user.roles)
    audiences = audiences_for(user.id, roles)
    centres = None if scope.is_provincial(user) else user.centres
    sent = RecentIds()

    async def deliver(push: Push) -> None:
        if sent.add(push.id):
            await websocket.send_text(push.text)  # serialised once by the hub

    async with hub.subscribe(audiences, deliver, centres) as sub:  # first: nothing slips by

        async def catch_up(after_id: int) -> None:
            with sub.held():
                for message in await asyncio.to_thread(hub.replay, audiences, after_id,
                                                       centres=centres):
                    await deliver(as_push(message))

        if last_id is not None:  # a fresh console starts from now; a reconnecting one catches up
            await catch_up(last_id)

        async def receive() -> None:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, ValueError):
                while True:
                    incoming = await websocket.receive_json()
                    if isinstance(incoming, dict) and isinstance(incoming.get("last_id"), int):
                        await catch_up(incoming["last_id"])

        async def recheck() -> None:
            """Return when the session no longer holds, or holds other roles or centres.
            The first check comes at a random point of the period: consoles that connected
            together (a restart, a shift change) spread their checks over it instead of
            queueing hundreds of thread hand-offs at once in front of an alert's push."""
            wait = random.uniform(0, settings.ws_recheck_seconds)
            while True:
                await asyncio.sleep(wait)
                now = await asyncio.to_thread(_authenticate, hub, settings, credential)
                if now is None or sorted(now.roles) != roles or now.centres != user.centres:
                    return
                wait = settings.ws_recheck_seconds

        tasks = [asyncio.create_task(t) for t in (sub.gone.wait(), receive(), recheck())]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            if tasks[2] in done:
                with contextlib.suppress(RuntimeError):
                    await websocket.close(code=POLICY_VIOLATION)
            elif tasks[0] in done:  # fell too far behind: it reconnects and replays
                with contextlib.suppress(RuntimeError):
                    await websocket.close(code=TRY_AGAIN_LATER)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
