"""Debrief and supervision bodies."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from hotline.db import Id
from hotline.staffcare.models import DebriefStatus, SupervisionFormat


class DebriefAnswer(BaseModel):
    """The check-in: how the person is, what helped, what stays with them; or declined."""

    model_config = ConfigDict(extra="forbid")
    declined: bool = False
    wellbeing: int | None = Field(default=None, ge=1, le=5)
    what_helped: str = Field(default="", max_length=2000)
    still_with_me: str = Field(default="", max_length=2000)
    wants_support: bool = False
    supervisor_id: Id | None = None


class DebriefPublic(BaseModel):
    id: int
    escalation_id: int
    contact_id: int
    staff_id: int
    staff_name: str | None
    role: str
    status: DebriefStatus
    offered_at: datetime
    done_at: datetime | None
    wants_support: bool
    # The answers are the person's own: shown to them, and to supervisors only when they
    # asked for support.
    wellbeing: int | None = None
    what_helped: str = ""
    still_with_me: str = ""


class SupervisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    staff_ids: list[Id] = Field(min_length=1, max_length=50)  # several for a group session
    supervisor_id: Id
    held_on: date
    hours: float = Field(gt=0, le=12)
    format: SupervisionFormat


class SupervisionPublic(BaseModel):
    id: int
    staff_id: int
    supervisor_id: int
    held_on: date
    hours: float
    format: SupervisionFormat


class SupervisionHours(BaseModel):
    staff_id: int
    full_name: str
    hours: float
    sessions: int
    required: float
    met: bool
