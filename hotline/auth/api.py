"""Login, logout, who-am-I and the audit log over HTTP."""

from __future__ import annotations

import secrets
from typing import Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlmodel import col, select

from hotline.access import audit, scope
from hotline.access.permissions import require
from hotline.auth import accounts, service
from hotline.auth.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentUserDep,
    CurrentUserOnLoopDep,
    client_addr,
)
from hotline.auth.schemas import (
    AccountChange,
    AccountPublic,
    AuditEntryPublic,
    LoginRequest,
    LoginResponse,
    UserPublic,
)
from hotline.config import SettingsDep, settings_of
from hotline.db import Id, SessionDep, id_of
from hotline.errors import NotAuthenticated
from hotline.staff.models import Staff

router = APIRouter(prefix="/api", tags=["auth"])


def user_public(user: service.CurrentUser) -> UserPublic:
    return UserPublic(
        id=id_of(user.staff),
        username=user.account.username,
        full_name=user.staff.full_name,
        roles=user.staff.roles,
        language=user.account.language,
    )


def set_session_cookies(request: Request, response: Response, token: str) -> None:
    """HttpOnly, SameSite session cookie, plus the readable CSRF cookie the pages echo back."""
    settings = settings_of(request)
    max_age = settings.session_hours * 3600
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax",
        secure=settings.cookie_secure, path="/",
    )
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(
            CSRF_COOKIE, secrets.token_urlsafe(24), max_age=max_age, samesite="lax",
            secure=settings.cookie_secure, path="/",
        )


@router.post("/auth/login", response_model=LoginResponse)
def login(body: LoginRequest, request: Request, response: Response, session: SessionDep,
          settings: SettingsDep):
    try:
        token, user = service.login(
            session, settings, username=body.username,
            password=body.password, client_addr=client_addr(request),
            throttle=request.app.state.login_throttle,
        )
    except NotAuthenticated:
        session.commit()  # the failed attempt is audited even though we answer 401
        raise
    set_session_cookies(request, response, token)
    return LoginResponse(access_token=token, user=user_public(user))


@router.post("/auth/logout", status_code=204)
def logout(user: CurrentUserDep, session: SessionDep) -> Response:
    service.logout(session, user, user.client_addr)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/auth/me", response_model=UserPublic)
async def me(user: CurrentUserOnLoopDep):
    return user_public(user)


class MeUpdate(BaseModel):
    """What people change about their own account: the page language."""

    model_config = ConfigDict(extra="forbid")

    language: Literal["zh", "en"]


@router.patch("/auth/me", response_model=UserPublic)
def update_me(body: MeUpdate, user: CurrentUserDep, session: SessionDep):
    accounts.set_language(session, user=user, language=body.language,
                          client_addr=user.client_addr)
    return user_public(user)


@router.post("/staff/{staff_id}/account", response_model=AccountPublic)
def set_account(staff_id: Id, body: AccountChange, user: CurrentUserDep, session: SessionDep):
    """Admin: give a login, reset a password (also unlocks, ends old sessions), or with ``{}``
    only lift a lockout."""
    if body.password is None:
        account = accounts.unlock_account(session, actor=user, staff_id=staff_id,
                                          client_addr=user.client_addr)
    else:
        account = accounts.set_account(session, actor=user, staff_id=staff_id,
                                       password=body.password, username=body.username,
                                       client_addr=user.client_addr)
    return AccountPublic(staff_id=staff_id, username=account.username,
                         locked=accounts.is_locked(account))


@router.get("/audit", response_model=list[AuditEntryPublic])
def audit_log(
    user: CurrentUserDep,
    session: SessionDep,
    subject: str | None = Query(default=None, max_length=80, examples=["contact:42"]),
    limit: int = Query(default=200, ge=1, le=1000),
    offset: int = Query(default=0, ge=0),
):
    require(user, "view_audit")
    # A centre's readers see what its people did; the province's, everyone's.
    actors = None if scope.is_provincial(user) else \
        select(Staff.id).where(col(Staff.centre_id).in_(user.centres))
    return audit.entries(session, subject=subject, limit=limit, offset=offset, actors=actors)
