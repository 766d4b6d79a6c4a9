"""FastAPI dependencies: who is calling (bearer token or session cookie, CSRF for cookies)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from hotline.auth.service import CurrentUser, authenticate
from hotline.db import LoopSessionDep, SessionDep
from hotline.errors import Forbidden, NotAuthenticated

SESSION_COOKIE = "hotline_session"
CSRF_COOKIE = "hotline_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def client_addr(request: Request) -> str:
    return request.client.host if request.client else ""


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def check_csrf(request: Request, submitted: str | None) -> None:
    """Double-submit check: the form field or header must equal the CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not secrets.compare_digest(cookie, submitted):
        raise Forbidden("The form expired or came from another site. Reload the page and retry.")


def _current_user(request: Request, session: SessionDep) -> CurrentUser:
    return _caller(request, session)


async def _current_user_on_loop(request: Request, session: LoopSessionDep) -> CurrentUser:
    return _caller(request, session)


def _caller(request: Request, session: Session) -> CurrentUser:
    token = bearer_token(request)
    if token is None:
        token = request.cookies.get(SESSION_COOKIE)
        if token is None:
            raise NotAuthenticated()
        # A cookie rides along on cross-site requests; a bearer header cannot.
        if request.method not in SAFE_METHODS:
            check_csrf(request, request.headers.get(CSRF_HEADER))
    return authenticate(session, request.app.state.settings, token)


CurrentUserDep = Annotated[CurrentUser, Depends(_current_user)]
# The same check on the event loop, for ``async def`` handlers whose only database work is this
# one indexed read (``GET /api/auth/me``, polled by every console): no thread hand-offs.
CurrentUserOnLoopDep = Annotated[CurrentUser, Depends(_current_user_on_loop)]


def page_user(request: Request, session: SessionDep) -> CurrentUser | None:
    """The person behind a page request's session cookie, or None (pages redirect to login).

    Page forms check CSRF themselves, from the form field, with ``check_csrf``.
    """
    token = request.cookies.get(SESSION_COOKIE)
    if token is None:
        return None
    try:
        return authenticate(session, request.app.state.settings, token)
    except NotAuthenticated:
        return None


PageUserDep = Annotated[CurrentUser | None, Depends(page_user)]
