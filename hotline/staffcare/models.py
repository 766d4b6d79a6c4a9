"""Debriefs and clinical supervision sessions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, enum_type, foreign_key, primary_key, utcnow


class DebriefStatus(StrEnum):
    offered = "offered"
    done = "done"
    declined = "declined"


class Debrief(SQLModel, table=True):
    """A short structured check-in offered to one person after a high or imminent call."""

    __table_args__ = (UniqueConstraint("escalation_id", "staff_id"),)

    id: int | None = primary_key()
    escalation_id: int = foreign_key("escalation.id")
    contact_id: int = foreign_key("contact.id")
    staff_id: int = foreign_key("staff.id", index=True)
    role: str = Field(max_length=20)  # operator | responder
    status: DebriefStatus = Field(default=DebriefStatus.offered, index=True,
                                  sa_type=enum_type(DebriefStatus))
    offered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    wellbeing: int | None = None  # 1 (struggling) .. 5 (fine)
    what_helped: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    still_with_me: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    wants_support: bool = False  # asks a supervisor for a conversation
    supervisor_id: int | None = foreign_key("staff.id", default=None)


class SupervisionFormat(StrEnum):
    individual = "individual"
    group = "group"


class SupervisionSession(SQLModel, table=True):
    """Clinical supervision (督导) one person received: counted against the yearly policy."""

    id: int | None = primary_key()
    staff_id: int = foreign_key("staff.id", index=True)
    supervisor_id: int = foreign_key("staff.id")
    held_on: date = Field(index=True)
    hours: float
    format: SupervisionFormat = Field(sa_type=enum_type(SupervisionFormat))
    recorded_by: int | None = foreign_key("staff.id", default=None)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
