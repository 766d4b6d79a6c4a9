"""Credentials and login sessions."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, foreign_key, primary_key, utcnow


class Account(SQLModel, table=True):
    """How a staff member logs in. Roles live on the staff record, not here."""

    id: int | None = primary_key()
    staff_id: int = foreign_key("staff.id", unique=True)
    username: str = Field(max_length=60, unique=True)
    password_hash: str = Field(max_length=200)
    language: str | None = Field(default=None, max_length=5)
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginSession(SQLModel, table=True):
    """A bearer token or browser session. Only the token's SHA-256 is stored."""

    id: int | None = primary_key()
    token_hash: str = Field(max_length=64, unique=True)
    account_id: int = foreign_key("account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    client_addr: str = Field(default="", max_length=64)
