"""Request and response bodies of the auth API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


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
