"""Caller history, flags and care plans as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hotline.callers.models import FlagKind, FlagReview
from hotline.db import Id
from hotline.errors import invalid_value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise invalid_value("caller.reason_required")
    return value.strip()


class FlagCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: FlagKind
    reason: str = Field(max_length=500)

    _reason = field_validator("reason")(_not_blank)


class FlagReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["keep", "lift"]
    note: str = Field(default="", max_length=500)


class FlagPublic(BaseModel):
    id: int
    kind: FlagKind
    reason: str
    contact_id: int
    set_by: int | None
    set_by_name: str | None = None
    set_at: datetime
    expires_at: datetime
    review: FlagReview
    reviewed_at: datetime | None
    review_note: str


class CarePlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    call_frequency: str = Field(default="", max_length=200)
    approach: str = Field(default="", max_length=2000)
    key_worker_id: Id | None = None


class CarePlanPublic(BaseModel):
    call_frequency: str
    approach: str
    key_worker_id: int | None
    key_worker_name: str | None
    updated_at: datetime


class EarlierFollowUp(BaseModel):
    status: str
    due_on: str
    attempts: int


class EarlierContact(BaseModel):
    id: int
    received_at: datetime
    channel: str
    call_type: str
    status: str
    risk_level: str
    risk_reasons: list[str]
    issues: list[str]
    interventions: list[str]
    referrals: list[str]
    resources_given: list[str]
    operator_name: str | None
    escalation_outcome: str
    follow_up: EarlierFollowUp | None


class LatestSafetyPlan(BaseModel):
    contact_id: int
    received_at: datetime
    plan: dict[str, Any]


class CallerHistory(BaseModel):
    contact_id: int
    caller_known: bool
    earlier_count: int
    contacts: list[EarlierContact]
    safety_plan: LatestSafetyPlan | None
    flags: list[FlagPublic]
    care_plan: CarePlanPublic | None
