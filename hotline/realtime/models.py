"""Realtime events, kept in the database so a console that reconnects can catch up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, empty_dict, empty_list, foreign_key, primary_key, utcnow


class Event(SQLModel, table=True):
    """One event. ``id`` only grows, so "everything after id N" is a well-defined replay."""

    id: int | None = primary_key()
    # The centre whose consoles receive it; None: every centre (network-wide).
    centre_id: int | None = foreign_key("centre.id", default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    type: str = Field(max_length=40)
    # Who receives it: "all", "role:<role>" or "staff:<id>".
    audience: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    data: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
