"""One exception hierarchy for business outcomes, rendered by one handler.

Services raise ``HotlineError(code, **params)`` (a status-code subclass); the code names a
message in ``hotline.messages`` with English and Chinese text. The API answers
``{"detail": <text in the request's language>, "code": ..., "params": {...}}`` (plus keys such
as a 409's ``gaps``); pages say the same code in the reader's language. A ``field`` param names
the form field the refusal is about. Messages are written for a stressed operator: say what is
wrong and what to do.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from hotline import language, messages


class ErrorBody(BaseModel):
    """Every refusal: ``{"detail", "code", "params"}``, with more keys for some (``gaps``)."""

    model_config = ConfigDict(extra="allow")
    detail: Any
    code: str | None = None
    params: dict[str, Any] | None = None


# Declared once for every operation, so the OpenAPI document says what clients (and the API
# fuzzer's status check) will meet: any route may refuse with a 4xx and a readable ``detail``.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Refused; `detail` says why and what to do"},
}


class HotlineError(Exception):
    status_code = 400

    def __init__(
        self, code: str, /, *, headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None, **params: Any,
    ) -> None:
        self.code = code
        self.params = params
        self.headers = headers
        self.extra = extra or {}  # more top-level keys, e.g. the ``gaps`` a change would open
        super().__init__(self.detail)

    @property
    def detail(self) -> str:
        """The English text, for logs and the command line."""
        return self.message("en")

    @property
    def field(self) -> str | None:
        """The form field this refusal is about, when it is about one."""
        field = self.params.get("field")
        return str(field) if field else None

    def message(self, language: str) -> str:
        return messages.say(self.code, language, self.params)


class Reason(dict[str, Any]):
    """One of several reasons inside a refusal (``{reasons:reasons}`` in its text), coded
    like a refusal so it is said in the reader's language: ``{"code": ..., "params": {...}}``."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code=code, params=params)


class InvalidInput(HotlineError):
    """The request is well-formed but breaks a rule (422)."""

    status_code = 422


class NotAuthenticated(HotlineError):
    status_code = 401

    def __init__(self, code: str = "auth.login_required", /, **params: Any) -> None:
        super().__init__(code, headers={"WWW-Authenticate": "Bearer"}, **params)


class Forbidden(HotlineError):
    status_code = 403


class NotFound(HotlineError):
    status_code = 404


class Conflict(HotlineError):
    status_code = 409


class TooManyAttempts(HotlineError):
    status_code = 429


def invalid_value(code: str, /, **params: Any) -> PydanticCustomError:
    """A schema validator's refusal with a code: raise it where a validator would raise
    ``ValueError``. The 422's list keeps pydantic's shape; its ``msg`` is then said in the
    request's language and its ``type`` is the code."""
    return PydanticCustomError(code, messages.say(code, "en", params), params)


def error_code(error: Any) -> str | None:
    """The catalogue code of one pydantic error: ours (``invalid_value``), or
    ``value.<type>`` for pydantic's own types the catalogue says; None for the rest."""
    kind = str(error.get("type", ""))
    for code in (kind, f"value.{kind}"):
        if code in messages.CATALOGUE:
            return code
    return None


def said_errors(errors: Any, lang: str) -> list[dict[str, Any]]:
    """Pydantic's error list with the messages the catalogue knows said in ``lang``."""
    said = []
    for error in errors:
        item = dict(error)
        code = error_code(item)
        if code is not None:
            item["msg"] = messages.say(code, lang, item.get("ctx") or {})
        said.append(item)
    return said


def install_error_handler(app: FastAPI) -> None:
    @app.exception_handler(HotlineError)
    async def _render(request: Request, exc: HotlineError) -> JSONResponse:
        body = {"detail": exc.message(language.pick(request)), "code": exc.code,
                "params": jsonable_encoder(exc.params), **jsonable_encoder(exc.extra)}
        if exc.field:  # clients read the field at the top, as before codes
            body.setdefault("field", exc.field)
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _render_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = said_errors(exc.errors(), language.pick(request))
        return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)
