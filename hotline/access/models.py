"""The append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, empty_dict, foreign_key, primary_key, utcnow


class AuditEntry(SQLModel, table=True):
    """Who did what to which subject, from where. Never updated, never deleted."""

    id: int | None = primary_key()
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = foreign_key("staff.id", default=None, index=True)
    action: str = Field(max_length=60)
    subject: str = Field(default="", max_length=80, index=True)  # e.g. "contact:42"
    client_addr: str = Field(default="", max_length=64)
    detail: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
