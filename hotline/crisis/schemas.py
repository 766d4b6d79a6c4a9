"""Bodies for acknowledging and resolving escalations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Rescue(BaseModel):
    """Active rescue for imminent risk: who was called and whether the person was reached."""

    model_config = ConfigDict(extra="forbid")

    contacted_110: bool = False
    contacted_120: bool = False
    person_reached: bool | None = None
    note: str = Field(default="", max_length=2000)


OUTCOME_MIN_CHARS = 3


class Resolution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: str = Field(min_length=OUTCOME_MIN_CHARS, max_length=2000)
    rescue: Rescue | None = None


class EscalationStepPublic(BaseModel):
    at: datetime
    kind: str
    tier_index: int
    round: int
    staff_id: int | None
    detail: dict[str, Any]
