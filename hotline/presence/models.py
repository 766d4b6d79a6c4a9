"""One row per operator who has ever set a status; no row means Available."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, enum_type, foreign_key, utcnow


class Presence(StrEnum):
    available = "available"
    away = "away"  # on shift but not taking calls now (a break, a debrief, paperwork)


class OperatorPresence(SQLModel, table=True):
    staff_id: int = foreign_key("staff.id", primary_key=True)
    status: Presence = Field(default=Presence.available, sa_type=enum_type(Presence))
    since: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
