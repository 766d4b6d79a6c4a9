"""Callers' numbers, sealed for call-backs, and call-back tasks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, enum_type, foreign_key, owning_centre, primary_key, utcnow


class CallbackReason(StrEnum):
    voicemail = "voicemail"
    follow_up = "follow_up"


class CallbackStatus(StrEnum):
    open = "open"
    done = "done"  # the caller was reached
    closed = "closed"  # attempts used up


class CallbackTask(SQLModel, table=True):
    id: int | None = primary_key()
    centre_id: int | None = owning_centre()
    contact_id: int = foreign_key("contact.id", index=True)
    reason: CallbackReason = Field(sa_type=enum_type(CallbackReason))
    status: CallbackStatus = Field(default=CallbackStatus.open, index=True,
                                   sa_type=enum_type(CallbackStatus))
    attempts: int = 0
    max_attempts: int = 3
    due_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_result: str = Field(default="", max_length=40)
    recording_url: str = Field(default="", max_length=500)
    last_call_status: str = Field(default="", max_length=20)  # of the last call-back dialled
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LegRole(StrEnum):
    operator = "operator"
    responder = "responder"
    supervisor = "supervisor"


class CallLeg(SQLModel, table=True):
    """A staff phone dialled into a caller's conference: the operator who answered, the
    responder who joined, a supervisor listening, whispering or barging in."""

    id: int | None = primary_key()
    contact_id: int = foreign_key("contact.id", index=True, ondelete="CASCADE")
    centre_id: int | None = owning_centre()
    role: LegRole = Field(sa_type=enum_type(LegRole))
    mode: str = Field(default="", max_length=10)  # listen | whisper | barge for supervisors
    staff_id: int = foreign_key("staff.id")
    call_sid: str = Field(max_length=64, index=True)
    status: str = Field(default="initiated", max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CallRecording(SQLModel, table=True):
    """A recording of a caller's conference (by policy, announced in the greeting). Its
    address is sealed like numbers and goes when the contact goes (retention)."""

    id: int | None = primary_key()
    contact_id: int = foreign_key("contact.id", index=True, ondelete="CASCADE")
    recording_sid: str = Field(max_length=64, unique=True)
    url_sealed: str = Field(max_length=1000)
    duration_s: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RolloverReason(StrEnum):
    busy = "busy"      # no operator free within the centre's wait limit
    closed = "closed"  # outside the centre's hours, or nobody on an operator shift


class CallRollover(SQLModel, table=True):
    """One hop of a call between centres of the network, so both sides count it: a rollover
    out of ``from_centre_id`` and into ``to_centre_id``. (Where the chain ends, the call goes
    to telephony.toml's overflow as in a single hotline: an ``overflowed`` contact.)"""

    id: int | None = primary_key()
    contact_id: int = foreign_key("contact.id", index=True, ondelete="CASCADE")
    from_centre_id: int = foreign_key("centre.id", index=True)
    to_centre_id: int = foreign_key("centre.id", index=True)
    reason: RolloverReason = Field(sa_type=enum_type(RolloverReason))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
