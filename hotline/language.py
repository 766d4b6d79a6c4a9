"""Which language a request is answered in: one rule for pages and for API refusals.

DESIGN section 4: ``?lang=zh|en``, then the user's choice (the cookie, or the account's saved
language), then the browser's ``Accept-Language``, then the hotline's default.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection

from hotline.config import settings_of

LANGUAGES = ("zh", "en")
LANG_COOKIE = "hotline_lang"


def from_accept_language(header: str) -> str | None:
    """The first of our languages the browser asks for, by its q-weights."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and weight > 0:
            choices.append((-weight, index, primary))
    return min(choices)[2] if choices else None


def query_language(request: HTTPConnection) -> str | None:
    """``?lang=zh|en``, when valid: a page then remembers it in a cookie."""
    value = request.query_params.get("lang")
    return value if value in LANGUAGES else None


def saved_language(request: HTTPConnection) -> str | None:
    """The signed-in account's saved choice, kept on the request when the caller was known."""
    saved: str | None = getattr(request.state, "saved_language", None)
    return saved


def pick(request: HTTPConnection, saved: str | None = None) -> str:
    """The request's language; ``saved`` defaults to the signed-in account's choice."""
    cookie = request.cookies.get(LANG_COOKIE)
    for candidate in (
        query_language(request),
        cookie,
        saved if saved is not None else saved_language(request),
        from_accept_language(request.headers.get("accept-language", "")),
    ):
        if candidate in LANGUAGES:
            return str(candidate)
    return str(settings_of(request).default_language)
