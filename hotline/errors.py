"""One exception hierarchy for business outcomes, rendered by one handler as ``{"detail": ...}``.

Services raise these; routers never build error responses by hand. Messages are written for a
stressed operator: say what is wrong and what to do.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict


class ErrorBody(BaseModel):
    """Every refusal: ``{"detail": ...}``, with more keys for some (a 409's ``gaps``)."""

    model_config = ConfigDict(extra="allow")
    detail: Any


# Declared once for every operation, so the OpenAPI document says what clients (and the API
# fuzzer's status check) will meet: any route may refuse with a 4xx and a readable ``detail``.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Refused; `detail` says why and what to do"},
}


class HotlineError(Exception):
    status_code = 400

    def __init__(
        self, detail: Any, *, headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
        self.extra = extra or {}  # more top-level keys, e.g. the ``gaps`` a change would open


class InvalidInput(HotlineError):
    """The request is well-formed but breaks a rule (422)."""

    status_code = 422


class NotAuthenticated(HotlineError):
    status_code = 401

    def __init__(self, detail: Any = "Log in first.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(HotlineError):
    status_code = 403


class NotFound(HotlineError):
    status_code = 404


class Conflict(HotlineError):
    status_code = 409


class TooManyAttempts(HotlineError):
    status_code = 429


def install_error_handler(app: FastAPI) -> None:
    @app.exception_handler(HotlineError)
    async def _render(_request: Request, exc: HotlineError) -> JSONResponse:
        body = {"detail": exc.detail, **jsonable_encoder(exc.extra)}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
