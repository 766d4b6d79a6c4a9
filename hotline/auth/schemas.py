"""Request and response bodies of the auth API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hotline.errors import invalid_value


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)


class UserPublic(BaseModel):
    id: int
    username: str
    full_name: str
    roles: list[str]
    language: str | None


class LoginResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user: UserPublic


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    action: str
    subject: str
    client_addr: str
    detail: dict[str, Any]


class AccountSet(BaseModel):
    """Set or reset a login (admin): a new password, optionally a username; also unlocks."""

    model_config = ConfigDict(extra="forbid")

    username: str | None = Field(default=None, min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)


class AccountChange(AccountSet):
    """The API's body for a login: as :class:`AccountSet`, or ``{}`` to only lift a lockout
    (the person keeps their password and sessions)."""

    password: str | None = Field(default=None, min_length=1, max_length=200)  # type: ignore[assignment]

    @model_validator(mode="after")
    def _username_needs_password(self) -> AccountChange:
        if self.username is not None and self.password is None:
            raise invalid_value("account.rename_needs_password", field="password")
        return self


class AccountPublic(BaseModel):
    staff_id: int
    username: str
    locked: bool
