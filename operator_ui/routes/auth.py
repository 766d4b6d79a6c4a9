"""Logging in and out, and the front door that sends each person to their home page."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from hotline.access.permissions import can
from hotline.auth import service
from hotline.auth.api import set_session_cookies
from hotline.auth.deps import SESSION_COOKIE, PageUserDep, client_addr
from hotline.auth.service import CurrentUser
from hotline.config import SettingsDep
from hotline.db import SessionDep
from hotline.errors import NotAuthenticated, TooManyAttempts
from hotline.urls import safe_redirect
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router()


def home_of(user: CurrentUser) -> str:
    """Where a person starts: supervisors and team leads at the wallboard, operators at their
    home (status, shift, call-backs; the new-contact form one click away), administrators at
    the staff registry."""
    if can(user, "view_wallboard"):
        return "/wallboard"
    if can(user, "set_presence"):
        return "/home"
    if can(user, "create_contact"):
        return "/contacts/new"
    if can(user, "view_staff"):
        return "/staff"
    return "/contacts/mine"


def _safe_next(target: str | None) -> str | None:
    """Only paths on this site, so a crafted link cannot send someone elsewhere after login."""
    return safe_redirect(target, "") or None


@router.get("/")
def front_door(user: PageUserDep) -> Response:
    return redirect(home_of(user) if user else "/login")


@router.get("/login")
def login_page(request: Request, user: PageUserDep, next: str | None = None) -> Response:
    if user is not None:
        return redirect(_safe_next(next) or home_of(user))
    return render(request, "login.html", next=_safe_next(next) or "", username="", error=None)


@router.post("/login")
def login(request: Request, form: FormDep, session: SessionDep, settings: SettingsDep) -> Response:
    username = str(form.get("username", ""))
    target = _safe_next(str(form.get("next", "")))
    try:
        token, user = service.login(
            session, settings, username=username,
            password=str(form.get("password", "")), client_addr=client_addr(request),
            throttle=request.app.state.login_throttle,
        )
    except TooManyAttempts as exc:
        refused = render(request, "login.html", status_code=429, next=target or "",
                         username=username,
                         error=N_("Too many failed logins from here. Wait a minute and try "
                                  "again."))
        refused.headers.update(exc.headers or {})
        return refused
    except NotAuthenticated:
        # Returning (not raising) commits the audit entry of the failed attempt.
        return render(request, "login.html", status_code=401, next=target or "",
                      username=username, error=N_("Wrong username or password."))
    response = redirect(target or home_of(user))
    set_session_cookies(request, response, token)
    return response


@router.post("/logout")
def logout(user: SignedInDep, session: SessionDep) -> Response:
    service.logout(session, user, user.client_addr)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
