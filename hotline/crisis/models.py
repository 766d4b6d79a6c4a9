"""Escalations, their step log, and the notification outbox."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from hotline.db import (
    UTCDateTime,
    empty_dict,
    enum_type,
    foreign_key,
    owning_centre,
    primary_key,
    utcnow,
)


class EscalationState(StrEnum):
    open = "open"
    notified = "notified"
    acknowledged = "acknowledged"
    resolved = "resolved"
    exhausted = "exhausted"  # every tier and repeat passed unanswered: all supervisors alerted
    # Active rescue, person not reached: stays open, the duty supervisor is paged until closed.
    rescue_pending = "rescue_pending"


class Escalation(SQLModel, table=True):
    """The crisis routing of one contact. The timer lives here (``deadline``), so it survives
    any restart; ``step_token`` changes at every step, and a step only runs if the token it
    was scheduled with is still current, so no step fires twice."""

    id: int | None = primary_key()
    contact_id: int = foreign_key("contact.id", index=True)
    risk_level: str = Field(max_length=10)
    centre_id: int | None = owning_centre()  # the contact's centre
    state: EscalationState = Field(
        default=EscalationState.open, index=True, sa_type=enum_type(EscalationState)
    )
    tier_index: int = 0
    round: int = 0  # repeats done at the last tier
    # Bumped when the level is raised: who counts as "already alerted" starts afresh.
    generation: int = 0
    deadline: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    step_token: str = Field(default="", max_length=32)
    policy: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    opened_by: int | None = foreign_key("staff.id", default=None)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    acknowledged_by: int | None = foreign_key("staff.id", default=None)
    acknowledged_via: str = Field(default="", max_length=20)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by: int | None = foreign_key("staff.id", default=None)
    outcome: str = Field(default="", max_length=2000)
    rescue: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    is_drill: bool = False


class EscalationStep(SQLModel, table=True):
    """What happened, in order: who was notified by which channel, skips, timeouts, acks."""

    id: int | None = primary_key()
    escalation_id: int = foreign_key("escalation.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    kind: str = Field(max_length=30)  # notified | skipped | timeout | acknowledged | ...
    tier_index: int = 0
    round: int = 0
    staff_id: int | None = foreign_key("staff.id", default=None)
    detail: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))


class DeliveryStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"  # handed to the provider
    delivered = "delivered"  # the provider confirmed (SMS delivered, call answered)
    failed = "failed"
    no_answer = "no_answer"
    busy = "busy"
    cancelled = "cancelled"  # acknowledged before it went out


class Notification(SQLModel, table=True):
    """One message to one person on one channel: the outbox row. Written in the same
    transaction as the step that calls for it; ``idempotency_key`` makes a retried worker
    or a second instance unable to send it twice."""

    id: int | None = primary_key()
    idempotency_key: str = Field(max_length=120, unique=True)
    escalation_id: int | None = foreign_key("escalation.id", default=None, index=True)
    recipient_id: int = foreign_key("staff.id", index=True)
    channel: str = Field(max_length=10)
    tier_index: int = 0
    round: int = 0
    generation: int = 0
    body: str = Field(default="", max_length=1000)
    reply_code: str = Field(default="", max_length=8, index=True)
    status: DeliveryStatus = Field(
        default=DeliveryStatus.pending, index=True, sa_type=enum_type(DeliveryStatus)
    )
    tries: int = 0
    next_try_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    claim_token: str = Field(default="", max_length=32)
    provider_sid: str = Field(default="", max_length=64, index=True)
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
