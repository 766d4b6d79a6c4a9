"""Follow-up requests and responses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hotline.contacts.risk import RiskScreen
from hotline.db import Id
from hotline.followups.models import AttemptResult, FollowUpStatus


class AttemptCreate(BaseModel):
    """One call to the caller. ``number`` (the attempt's position, 1-based) makes a retried
    request safe: the same number records one attempt."""

    model_config = ConfigDict(extra="forbid")
    result: AttemptResult
    note: str = Field(default="", max_length=4000)
    number: int | None = Field(default=None, ge=1, le=20)
    # When reached: the new screen of the linked follow-up contact.
    risk_screen: RiskScreen | None = None


class Assign(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owner_id: Id


class AttemptPublic(BaseModel):
    number: int
    at: datetime
    by_id: int | None
    by_name: str | None
    result: AttemptResult
    note: str
    contact_id: int | None


class FollowUpPublic(BaseModel):
    id: int
    contact_id: int
    owner_id: int | None
    owner_name: str | None
    status: FollowUpStatus
    risk_level: str
    due_on: date
    due_at: datetime
    next_attempt_at: datetime
    ends_at: datetime
    night_ok: bool
    attempts: int
    min_attempts: int
    max_attempts: int
    overdue: bool
    reached_contact_id: int | None
    plan: str  # what was agreed, from the contact
    attempt_log: list[AttemptPublic] = []


View = Literal["mine", "team", "overdue", "closed"]
