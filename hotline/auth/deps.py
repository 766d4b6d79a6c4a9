"""FastAPI dependencies: who is calling (bearer token or session cookie, CSRF for cookies),
and from where."""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.requests import HTTPConnection

from hotline.auth.service import CurrentUser, authenticate
from hotline.config import settings_of
from hotline.db import LoopSessionDep, SessionDep
from hotline.errors import Forbidden, NotAuthenticated

SESSION_COOKIE = "hotline_session"
CSRF_COOKIE = "hotline_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def client_addr(connection: HTTPConnection) -> str:
    return connection.client.host if connection.client else ""


def at_address(user: CurrentUser, connection: HTTPConnection) -> CurrentUser:
    """The signed-in person with the address this request came from, so no route assembles
    it by hand."""
    return replace(user, client_addr=client_addr(connection))


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def check_csrf(request: Request, submitted: str | None) -> None:
    """Double-submit check: the form field or header must equal the CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not secrets.compare_digest(cookie, submitted):
        raise Forbidden("auth.csrf")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def csrf_protected(request: Request) -> None:
    """For a router of pages: every unsafe request carries the CSRF cookie's value back, in
    the form's ``csrf_token`` field or the ``X-CSRF-Token`` header. Runs before the route's
    other dependencies, so nothing is read or written for a forged request. (The JSON API
    checks the header in ``CurrentUserDep``, and only for cookie sessions: a bearer token
    does not ride along on a cross-site request.)"""
    if request.method in SAFE_METHODS:
        return
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        submitted = str((await request.form()).get("csrf_token", ""))  # parsed once, kept
    check_csrf(request, submitted)


def _current_user(request: Request, session: SessionDep) -> CurrentUser:
    return at_address(_caller(request, session), request)


async def _current_user_on_loop(request: Request, session: LoopSessionDep) -> CurrentUser:
    return at_address(_caller(request, session), request)


def _caller(request: Request, session: Session) -> CurrentUser:
    token = bearer_token(request)
    if token is None:
        token = request.cookies.get(SESSION_COOKIE)
        if token is None:
            raise NotAuthenticated()
        # A cookie rides along on cross-site requests; a bearer header cannot.
        if request.method not in SAFE_METHODS:
            check_csrf(request, request.headers.get(CSRF_HEADER))
    user = authenticate(session, settings_of(request), token)
    # Read now, while the session is open: a refusal is said in the user's saved language.
    request.state.saved_language = user.account.language
    return user


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
        return authenticate(session, settings_of(request), token)
    except NotAuthenticated:
        return None


PageUserDep = Annotated[CurrentUser | None, Depends(page_user)]
