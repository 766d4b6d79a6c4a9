"""In-app notices: alerts for a person or for everyone holding a role (e.g. supervisors)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, empty_dict, foreign_key, primary_key, utcnow


class Notice(SQLModel, table=True):
    id: int | None = primary_key()
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # "role:supervisor" or "staff:12": who should see it.
    audience: str = Field(max_length=40, index=True)
    kind: str = Field(max_length=40)  # e.g. coverage.gap, shift.no_show
    title: str = Field(max_length=200)
    data: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    # A job that runs twice, or on two instances, raises the same notice once.
    dedupe_key: str = Field(max_length=200, unique=True)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    acknowledged_by: int | None = foreign_key("staff.id", default=None)
    # The centre it is about: a role audience hears it in that centre only (None: in every
    # centre). A ``staff:`` audience hears it wherever the person is.
    centre_id: int | None = foreign_key("centre.id", default=None, index=True)
