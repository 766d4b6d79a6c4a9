"""Request and response bodies for shifts, leave, swaps and coverage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from hotline.db import Id
from hotline.errors import invalid_value
from hotline.roster.models import LeaveKind, LeaveStatus, SwapStatus
from hotline.roster.policy import Position


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Overridable(_Strict):
    # A supervisor may accept opening a coverage gap by giving a reason (audit-logged).
    override_reason: str | None = Field(default=None, max_length=500)


class ShiftCreate(_Strict):
    staff_id: Id
    position: Position
    start: AwareDatetime
    end: AwareDatetime
    note: str = Field(default="", max_length=500)
    # The centre's code where the shift is worked (default: the supervisor's own); a person
    # from another centre is lent in for it.
    centre: str | None = Field(default=None, max_length=20)


class ShiftUpdate(_Overridable):
    staff_id: Id | None = None
    position: Position | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    note: str | None = Field(default=None, max_length=500)


class ShiftPublic(BaseModel):
    id: int
    staff_id: int
    staff_name: str | None = None
    position: Position
    start: datetime
    end: datetime
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    note: str
    source: str
    centre_id: int | None = None  # where it is worked
    home_centre_id: int | None = None  # its person's own centre
    lent: str = "home"  # home | lent_in | lent_out, as seen from the centre asking


class GapPublic(BaseModel):
    start: datetime
    end: datetime
    position: Position
    required: int
    scheduled: int


class CoveragePublic(BaseModel):
    gaps: list[GapPublic]
    covered_ratio: float
    required_hours: float
    staffed_hours: float


class Window(_Strict):
    since: AwareDatetime
    until: AwareDatetime

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.until <= self.since:
            raise invalid_value("window.until_before_since", field="until")
        if (self.until - self.since).days > 400:
            raise invalid_value("window.too_long", days=400, field="until")
        return self


class CoverageQuery(Window):
    # ``checked_in``: the seats people actually checked in to, up to now.
    basis: Literal["rostered", "checked_in"] = "rostered"


class OnCallPublic(BaseModel):
    at: datetime
    positions: dict[Position, list[ShiftPublic]]


class LeaveCreate(_Strict):
    staff_id: Id | None = None  # default: the person asking
    kind: LeaveKind = LeaveKind.annual
    start: AwareDatetime
    end: AwareDatetime
    reason: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _ordered(self) -> LeaveCreate:
        if self.end <= self.start:
            raise invalid_value("leave.end_before_start", field="end")
        return self


class LeaveDecision(_Overridable):
    approve: bool
    note: str = Field(default="", max_length=500)


class LeavePublic(BaseModel):
    id: int
    staff_id: int
    kind: LeaveKind
    start: datetime
    end: datetime
    reason: str
    status: LeaveStatus
    decided_by: int | None
    decided_at: datetime | None
    decision_note: str


class SwapCreate(_Strict):
    shift_id: Id
    reason: str = Field(default="", max_length=500)


class SwapDecision(_Strict):
    approve: bool


class SwapPublic(BaseModel):
    id: int
    shift_id: int
    offered_by: int
    taken_by: int | None
    status: SwapStatus
    reason: str
    created_at: datetime
    decided_by: int | None
    decided_at: datetime | None


class GenerateRequest(_Strict):
    """Local days to roster: ``since`` up to (not including) ``until``; dates or instants."""

    since: date | AwareDatetime
    until: date | AwareDatetime
    time_limit_s: float = Field(default=30.0, ge=1, le=120)


class ProposedShiftPublic(BaseModel):
    staff_id: int
    staff_name: str | None = None
    position: Position
    start: datetime
    end: datetime
    template: str


class ProposalPublic(BaseModel):
    status: str
    gap_free: bool
    shifts: list[ProposedShiftPublic]  # new shifts only; existing ones stay as they are
    gaps: list[GapPublic]
    reasons: list[str]
    fairness: list[dict]
    first_solution_s: float | None
    best_solution_s: float | None
    wall_s: float


class PublishRequest(_Strict):
    shifts: list[ShiftCreate] = Field(min_length=1, max_length=5000)
