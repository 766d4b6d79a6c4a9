"""Caller flags and care plans, keyed by the pseudonymous caller key."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, enum_type, foreign_key, primary_key, utcnow


class FlagKind(StrEnum):
    frequent_caller = "frequent_caller"
    abusive = "abusive"
    at_risk_watch = "at_risk_watch"
    do_not_call_back = "do_not_call_back"


class FlagReview(StrEnum):
    pending = "pending"
    kept = "kept"
    lifted = "lifted"


class CallerFlag(SQLModel, table=True):
    """A flag on a caller, set with a reason by whoever handled them; it expires (policy
    ``caller_flag_days``) so a person in crisis is not treated as a prank caller forever,
    and a supervisor reviews it."""

    id: int | None = primary_key()
    caller_key: str = Field(max_length=64, index=True)
    kind: FlagKind = Field(sa_type=enum_type(FlagKind))
    reason: str = Field(max_length=500)
    contact_id: int = foreign_key("contact.id")
    set_by: int | None = foreign_key("staff.id", default=None)
    set_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    review: FlagReview = Field(default=FlagReview.pending, index=True,
                               sa_type=enum_type(FlagReview))
    reviewed_by: int | None = foreign_key("staff.id", default=None)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    review_note: str = Field(default="", max_length=500)


class CarePlan(SQLModel, table=True):
    """How the hotline works with a frequent caller: agreed call frequency, approach, and a
    named key worker. Shown to whoever takes their call."""

    id: int | None = primary_key()
    caller_key: str = Field(max_length=64, unique=True)
    call_frequency: str = Field(default="", max_length=200)
    approach: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    key_worker_id: int | None = foreign_key("staff.id", default=None)
    updated_by: int | None = foreign_key("staff.id", default=None)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
