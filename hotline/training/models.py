"""Training sessions and drills, their participants, and live drill runs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, enum_type, foreign_key, owning_centre, primary_key, utcnow


class SessionKind(StrEnum):
    training = "training"
    drill = "drill"


class SessionStatus(StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class Attendance(StrEnum):
    invited = "invited"
    attended = "attended"
    absent = "absent"
    excused = "excused"


class TrainingSession(SQLModel, table=True):
    id: int | None = primary_key()
    centre_id: int | None = owning_centre()
    kind: SessionKind = Field(sa_type=enum_type(SessionKind), index=True)
    pre_service: bool = False  # counts towards pre-service hours before answering alone
    title: str = Field(max_length=200)
    topic: str = Field(default="", max_length=200)
    curriculum: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    audience: str = Field(max_length=20)  # operators | crisis_team | all
    scenario: str = Field(default="", max_length=40)  # drills: what is rehearsed
    facilitator_id: int | None = foreign_key("staff.id", default=None)
    start: datetime = Field(sa_type=UTCDateTime, index=True)
    end: datetime = Field(sa_type=UTCDateTime)
    place: str = Field(default="", max_length=200)
    online_link: str = Field(default="", max_length=500)
    capacity: int | None = None
    status: SessionStatus = Field(default=SessionStatus.scheduled, sa_type=enum_type(SessionStatus))
    created_by: int | None = foreign_key("staff.id", default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Participant(SQLModel, table=True):
    """An invitation, and later the attendance and assessment, of one person."""

    __table_args__ = (UniqueConstraint("session_id", "staff_id"),)

    id: int | None = primary_key()
    session_id: int = foreign_key("trainingsession.id", index=True)
    staff_id: int = foreign_key("staff.id", index=True)
    attendance: Attendance = Field(default=Attendance.invited, sa_type=enum_type(Attendance))
    passed: bool | None = None
    score: float | None = None
    hours: float = 0.0
    recorded_by: int | None = foreign_key("staff.id", default=None)
    recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DrillRun(SQLModel, table=True):
    """A simulated imminent-risk contact run through the real crisis routing."""

    id: int | None = primary_key()
    session_id: int = foreign_key("trainingsession.id", index=True)
    contact_id: int = foreign_key("contact.id")
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_by: int | None = foreign_key("staff.id", default=None)
