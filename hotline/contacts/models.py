"""Contact records and their revisions.

The caller's number is never stored: only ``caller_key``, a keyed HMAC of it, which links
repeat callers without revealing who they are.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from hotline.db import (
    UTCDateTime,
    empty_dict,
    empty_list,
    enum_type,
    foreign_key,
    owning_centre,
    primary_key,
    utcnow,
)


class Channel(StrEnum):
    voice = "voice"
    sms = "sms"
    chat = "chat"
    walk_in = "walk_in"
    other = "other"


class CallType(StrEnum):
    """``data`` contacts get the full record; the others are one click and still counted."""

    data = "data"
    silent = "silent"
    hang_up = "hang_up"
    wrong_number = "wrong_number"
    prank = "prank"
    abusive = "abusive"


class ContactStatus(StrEnum):
    ringing = "ringing"
    in_progress = "in_progress"
    completed = "completed"
    abandoned = "abandoned"
    missed = "missed"
    overflowed = "overflowed"  # forwarded to the backup line: a rollover, not an abandonment


class CallerRelationship(StrEnum):
    """Who is calling, relative to the person at risk (``self`` unless a third party)."""

    self = "self"
    family = "family"
    friend = "friend"
    partner = "partner"
    professional = "professional"
    bystander = "bystander"
    other = "other"


class Contact(SQLModel, table=True):
    # Reports read only this index (a covering index): a year of a busy line in well under 1 s.
    __table_args__ = (
        Index("ix_contact_report", "received_hour", "channel", "operator_id", "is_drill",
              "status", "risk_level", "wait_s", "handle_s", "received_at"),
    )

    id: int | None = primary_key()
    centre_id: int | None = owning_centre()  # the answering centre
    # An inbound call's routing: how its first centre was chosen (own_number, region,
    # provincial, menu; "ask" while the caller is still choosing), and the centre it was
    # routed to before it rolled over to the one that owns it now (``CallRollover`` has
    # every hop).
    routed_by: str = Field(default="", max_length=12)
    rolled_over_from_centre_id: int | None = foreign_key("centre.id", default=None, index=True)
    channel: Channel = Field(sa_type=enum_type(Channel))
    call_type: CallType = Field(default=CallType.data, sa_type=enum_type(CallType))
    status: ContactStatus = Field(
        default=ContactStatus.in_progress, index=True, sa_type=enum_type(ContactStatus)
    )
    received_at: datetime = Field(sa_type=UTCDateTime, index=True)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    operator_id: int | None = foreign_key("staff.id", default=None, index=True)
    caller_key: str | None = Field(default=None, max_length=64, index=True)
    # Twilio's id of the call that created this contact: webhooks are idempotent on it.
    call_sid: str | None = Field(default=None, max_length=64, unique=True)
    previous_contact_id: int | None = foreign_key("contact.id", default=None)
    caller_profile: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    issues: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    risk_screen: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    risk_level: str = Field(default="none", max_length=10, index=True)
    # The highest level the screen ever computed for this contact (it never goes down).
    computed_risk_level: str = Field(default="none", max_length=10)
    # screened | not_assessed | not_screened: lists and reports tell "not screened" from "none".
    screen_status: str = Field(default="not_screened", max_length=20)
    # A lowering of a computed high/imminent level and its supervisor's co-sign:
    # {state: pending|cosigned|refused, level, requested_by, requested_at, decided_by, ...}.
    cosign: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    caller_relationship: CallerRelationship = Field(
        default=CallerRelationship.self, sa_type=enum_type(CallerRelationship))
    # A third party's call: the person at risk (age band, where, how to reach them); the
    # screen is about them.
    person_at_risk: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    # Where the call came from (Twilio's FromCity...), sealed: opened only by break-glass.
    location_sealed: str = Field(default="", max_length=1000)
    interventions: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    referrals: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    safety_plan: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    follow_up: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # A simulated contact from a crisis drill: routed for real, never counted in KPIs.
    is_drill: bool = Field(default=False)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = foreign_key("staff.id", default=None)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Derived on every save (see _derive) so reports aggregate plain integers in SQL.
    received_hour: int = Field(default=0)  # hours since 1970-01-01 UTC
    wait_s: int | None = None  # received -> answered
    handle_s: int | None = None  # answered -> ended


def report_metrics(
    received: datetime, answered: datetime | None, ended: datetime | None
) -> tuple[int, int | None, int | None]:
    """(received_hour, wait_s, handle_s) for a contact's times; bulk loaders use it too."""
    wait = round((answered - received).total_seconds()) if answered else None
    handle = round((ended - answered).total_seconds()) if answered and ended else None
    return int(received.timestamp() // 3600), wait, handle


def derive_metrics(contact: Contact) -> None:
    contact.received_hour, contact.wait_s, contact.handle_s = report_metrics(
        contact.received_at, contact.answered_at, contact.ended_at
    )


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _derive(_mapper: object, _connection: object, contact: Contact) -> None:
    derive_metrics(contact)


class ContactRevision(SQLModel, table=True):
    """One saved change: which fields moved from what to what, by whom, when.

    Version 1 holds every field the contact was created with, so replaying the revisions in
    order rebuilds any earlier state of the record.
    """

    __table_args__ = (UniqueConstraint("contact_id", "version"),)

    id: int | None = primary_key()
    contact_id: int = foreign_key("contact.id", index=True)
    version: int
    author_id: int | None = foreign_key("staff.id", default=None)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    changes: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))


class SealedNumber(SQLModel, table=True):
    """A caller's number, encrypted, kept apart from every record and note.

    Only the call-back dialler opens it; no page or API ever shows it. Keyed by the same
    pseudonymous caller key the contacts carry.
    """

    caller_key: str = Field(primary_key=True, max_length=64)
    sealed: str = Field(max_length=500)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
