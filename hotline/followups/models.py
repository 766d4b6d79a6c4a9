"""Follow-up tasks and their attempts."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, enum_type, foreign_key, primary_key, utcnow


class FollowUpStatus(StrEnum):
    open = "open"
    reached = "reached"  # the caller was reached: a linked follow-up contact exists
    unreached = "unreached"  # attempts used up (or the number was wrong)
    cancelled = "cancelled"  # the caller withdrew consent before any attempt


class AttemptResult(StrEnum):
    reached = "reached"
    no_answer = "no_answer"
    busy = "busy"
    voicemail_left = "voicemail_left"
    wrong_number = "wrong_number"


class FollowUp(SQLModel, table=True):
    """The follow-up a caller agreed to in one contact (at most one per contact)."""

    id: int | None = primary_key()
    contact_id: int = foreign_key("contact.id", unique=True)
    caller_key: str = Field(max_length=64, index=True)
    owner_id: int | None = foreign_key("staff.id", default=None, index=True)
    status: FollowUpStatus = Field(default=FollowUpStatus.open, index=True,
                                   sa_type=enum_type(FollowUpStatus))
    risk_level: str = Field(default="none", max_length=10)
    due_on: date  # the local day the caller agreed to
    due_at: datetime = Field(sa_type=UTCDateTime)  # the first attempt: that day's morning
    next_attempt_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime)  # attempts beyond the minimum stop here
    night_ok: bool = False  # the caller agreed to be called at night
    attempts: int = 0
    min_attempts: int = 3
    max_attempts: int = 5
    reached_contact_id: int | None = foreign_key("contact.id", default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class FollowUpAttempt(SQLModel, table=True):
    id: int | None = primary_key()
    follow_up_id: int = foreign_key("followup.id", index=True)
    number: int  # 1, 2, 3 ...: a retried request with the same number records one attempt
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    by_id: int | None = foreign_key("staff.id", default=None)
    result: AttemptResult = Field(sa_type=enum_type(AttemptResult))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    contact_id: int | None = foreign_key("contact.id", default=None)
