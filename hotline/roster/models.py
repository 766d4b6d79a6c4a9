"""Shifts, leave, swaps and calendar feeds."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Field, SQLModel

from hotline.db import (
    UTCDateTime,
    enum_type,
    foreign_key,
    id_column,
    owning_centre,
    primary_key,
    utcnow,
)
from hotline.roster.policy import Position

# A person may check in this long before their shift starts; a lent person acts in the host
# centre from then on (``hotline.auth.service``).
CHECK_IN_EARLY = timedelta(minutes=30)


class Shift(SQLModel, table=True):
    """One person in one position from ``start`` to ``end`` (UTC instants)."""

    id: int | None = primary_key()
    staff_id: int = foreign_key("staff.id", index=True)
    # Where the shift is worked: a person lent to another centre works its shift there.
    centre_id: int | None = owning_centre()
    position: Position = Field(index=True, sa_type=enum_type(Position))
    start: datetime = Field(sa_type=UTCDateTime, index=True)
    end: datetime = Field(sa_type=UTCDateTime, index=True)
    checked_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checked_out_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set once when the no-show job alerts, so a second run never alerts twice.
    no_show_alerted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Removed shifts are kept (cancelled), so past coverage can still be proven and a swap
    # or audit entry never points at nothing.
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = Field(default="", max_length=500)
    source: str = Field(default="manual", max_length=20)  # manual | generated
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = foreign_key("staff.id", default=None)


class LeaveStatus(StrEnum):
    requested = "requested"
    approved = "approved"
    rejected = "rejected"
    cancelled = "cancelled"


class LeaveKind(StrEnum):
    annual = "annual"
    sick = "sick"
    personal = "personal"
    training = "training"
    unavailable = "unavailable"


class Leave(SQLModel, table=True):
    """Leave or unavailability: requested by the person, decided by a supervisor."""

    id: int | None = primary_key()
    staff_id: int = foreign_key("staff.id", index=True)
    kind: LeaveKind = Field(default=LeaveKind.annual, sa_type=enum_type(LeaveKind))
    start: datetime = Field(sa_type=UTCDateTime)
    end: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(default="", max_length=500)
    status: LeaveStatus = Field(
        default=LeaveStatus.requested, index=True, sa_type=enum_type(LeaveStatus)
    )
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by: int | None = foreign_key("staff.id", default=None)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str = Field(default="", max_length=500)


class SwapStatus(StrEnum):
    open = "open"  # offered, nobody has taken it
    taken = "taken"  # someone took it, waiting for a supervisor
    approved = "approved"  # the shift now belongs to the taker
    rejected = "rejected"
    cancelled = "cancelled"


class SwapRequest(SQLModel, table=True):
    """A shift offered by its holder; another qualified person takes it; a supervisor approves."""

    id: int | None = primary_key()
    shift_id: int = foreign_key("shift.id", index=True)
    offered_by: int = foreign_key("staff.id")
    taken_by: int | None = foreign_key("staff.id", default=None)
    status: SwapStatus = Field(
        default=SwapStatus.open, index=True, sa_type=enum_type(SwapStatus)
    )
    reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by: int | None = foreign_key("staff.id", default=None)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CalendarFeed(SQLModel, table=True):
    """A secret iCalendar feed URL for one person's or one team's shifts.

    Only the token's SHA-256 is stored; the URL is shown once, and revoking makes a new one.
    """

    id: int | None = primary_key()
    token_hash: str = Field(max_length=64, unique=True)
    staff_id: int | None = foreign_key("staff.id", default=None, index=True)
    team_id: int | None = foreign_key("team.id", default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CallOut(SQLModel, table=True):
    """Time an on-call person actually worked (an escalation they took): the only part of
    on-call standby that counts toward the working-time limit."""

    id: int | None = primary_key()
    staff_id: int = foreign_key("staff.id", index=True)
    start: datetime = Field(sa_type=UTCDateTime, index=True)
    # Open while the work goes on; the escalation's resolution closes it.
    end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    escalation_id: int | None = id_column(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
