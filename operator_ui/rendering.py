"""Rendering pages: one Jinja2 environment, the per-request language, and HTML errors.

Page routes raise the same domain errors as the API; ``PageRoute`` turns them into a readable
page (or a redirect to the login page) instead of the API's JSON.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from hotline import messages
from hotline.access import permissions
from hotline.auth.deps import CSRF_COOKIE, PageUserDep, at_address, csrf_protected
from hotline.auth.service import CurrentUser
from hotline.config import settings_of
from hotline.contacts import taxonomy
from hotline.errors import HotlineError
from operator_ui import i18n, labels
from operator_ui.i18n import N_

TEMPLATES_DIR = Path(__file__).with_name("templates")
env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


class LoginRequired(Exception):
    """Raised by page routes for a visitor without a valid session."""


def signed_in(request: Request, user: PageUserDep) -> CurrentUser:
    """The person behind the page; kept on the request so the page speaks their language."""
    if user is None:
        raise LoginRequired()
    actor = request.state.user = at_address(user, request)
    return actor


SignedInDep = Annotated[CurrentUser, Depends(signed_in)]


async def form_data(request: Request) -> FormData:
    """The posted form, read before a synchronous page route runs in the thread pool."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form_data)]


def language_of(request: Request) -> str:
    user: CurrentUser | None = getattr(request.state, "user", None)
    return i18n.pick_language(request, user.account.language if user else None)


def translator(language: str) -> Callable[..., str]:
    """``_("Saved %(n)s", n=3)``: translated, then filled in (values are escaped by Jinja).

    A refusal's code (``"contact.not_found"``, from ``hotline.messages``) is said from the
    refusal catalogue with its values, so pages show a service's refusal in the reader's
    language without keeping its English as a message id.
    """
    catalogue = i18n.translations(language)

    def _(message: str, **values: Any) -> str:
        if message in messages.CATALOGUE:
            return messages.say(message, language, values)
        text = catalogue.gettext(message)
        return text % values if values else text

    return _


def _page_context(request: Request, language: str) -> dict[str, Any]:
    settings = settings_of(request)
    zone = settings.zone
    _ = translator(language)

    def label(kind: str, code: str | None) -> str:
        if code is None:
            return ""
        if kind == "taxonomy":
            return taxonomy.load().label(code, language)
        message = labels.KINDS[kind].get(code)
        return _(message) if message else code

    def label_list(kind: str, codes: list[str]) -> str:
        return ("、" if language == "zh" else ", ").join(label(kind, code) for code in codes)

    def local_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.astimezone(zone).strftime(fmt)

    def local_date(value: date | None) -> str:
        return value.isoformat() if value else ""

    user: CurrentUser | None = getattr(request.state, "user", None)
    return {
        "request": request,
        "user": user,
        "may": lambda action: user is not None and permissions.can(user, action),
        "lang": language,
        "html_lang": i18n.HTML_LANG[language],
        "languages": i18n.LANGUAGES,
        "_": _,
        "gettext": _,
        "label": label,
        "label_list": label_list,
        "labels": labels,
        "local_time": local_time,
        "local_date": local_date,
        "time_zone": settings.timezone,  # the IANA name, for scripts
        "time_zone_name": i18n.zone_name(settings.timezone, language),
        "taxonomy": taxonomy.load(),
        "path_with_lang": lambda code: _with_query(request, lang=code),
        "path_with_offset": lambda offset: _with_query(request, offset=str(max(0, offset))),
    }


def _with_query(request: Request, **params: str) -> str:
    query = dict(request.query_params)
    query.update(params)
    return request.url.path + "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in query.items())


def render(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page in the request's language, with a CSRF token for its forms."""
    language = language_of(request)
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    page = _page_context(request, language)
    page.update(csrf_token=token, **context)
    response = HTMLResponse(env.get_template(template).render(page), status_code=status_code)
    remember_choices(request, response, token)
    return response


def remember_choices(request: Request, response: Response, csrf_token: str | None = None) -> None:
    """Keep the language picked with ``?lang`` and make sure forms have a CSRF cookie."""
    settings = settings_of(request)
    chosen = i18n.query_language(request)
    if chosen:
        response.set_cookie(i18n.LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax",
                            secure=settings.cookie_secure, path="/")
    if csrf_token and CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, csrf_token, max_age=settings.session_hours * 3600,
                            samesite="lax", secure=settings.cookie_secure, path="/")


def redirect(url: str) -> RedirectResponse:
    """After a form post: 303, so a reload does not post twice."""
    return RedirectResponse(url, status_code=303)


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(f"/login?next={quote(target)}")


ERROR_TITLES = {
    400: N_("This request cannot be done"),
    401: N_("Please log in"),
    403: N_("You cannot do this"),
    404: N_("Not found"),
    409: N_("This clashes with something else"),
    422: N_("Please check what you entered"),
    413: N_("Too much for one form"),
    429: N_("Too many attempts"),
}
TOO_LARGE = N_("What you sent is more than one form can take. Go back, shorten the longest "
               "text (for example the notes), and save again: nothing was saved.")


def error_page(request: Request, status_code: int, detail: str = "",
               values: dict[str, Any] | None = None) -> HTMLResponse:
    """``detail`` is a page message or a refusal's code, said with ``values``."""
    return render(
        request, "error.html", status_code=status_code,
        title=ERROR_TITLES.get(status_code, ERROR_TITLES[400]), detail=detail,
        detail_values=values or {},
    )


def page_router(prefix: str = "") -> APIRouter:
    """A router of pages: errors as readable pages (``PageRoute``), left out of the API's
    document, and every form post checked for its CSRF token before anything else runs."""
    return APIRouter(prefix=prefix, route_class=PageRoute, include_in_schema=False,
                     dependencies=[Depends(csrf_protected)])


class PageRoute(APIRoute):
    """Page routes answer errors with a page a person can read, never JSON or a 500 trace."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                return login_redirect(request)
            except HotlineError as exc:
                return error_page(request, exc.status_code, exc.code, exc.params)
            except RequestValidationError:
                return error_page(request, 404, N_("This page does not exist."))
            except StarletteHTTPException as exc:  # e.g. the form parser refusing a huge field
                if exc.status_code == 400 and "maximum size" in str(exc.detail):
                    return error_page(request, 413, TOO_LARGE)
                return error_page(request, exc.status_code, "")

        return page_handler
