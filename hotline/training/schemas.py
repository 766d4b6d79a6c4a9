"""Request and response bodies for trainings and drills."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from hotline.db import Id
from hotline.errors import invalid_value
from hotline.training.models import Attendance, SessionKind, SessionStatus
from hotline.urls import WebLink

SCENARIOS = ("imminent_rescue", "mass_casualty_surge", "telephony_outage", "other")
MAX_LENGTH = timedelta(hours=12)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Invite(_Strict):
    """Invite by team, by role, or by name; the union of all three."""

    team_ids: list[Id] = Field(default_factory=list, max_length=20)
    roles: list[Literal["operator", "crisis_responder", "supervisor", "team_lead"]] = Field(
        default_factory=list)
    staff_ids: list[Id] = Field(default_factory=list, max_length=500)


class SessionCreate(_Strict):
    kind: SessionKind
    pre_service: bool = False
    title: str = Field(min_length=2, max_length=200)
    topic: str = Field(default="", max_length=200)
    curriculum: str = Field(default="", max_length=20000)
    audience: Literal["operators", "crisis_team", "all"]
    scenario: str = Field(default="", max_length=40)
    facilitator_id: Id | None = None
    start: AwareDatetime
    end: AwareDatetime
    place: str = Field(default="", max_length=200)
    online_link: WebLink = Field(default="", max_length=500)
    capacity: int | None = Field(default=None, ge=1, le=1000)
    invite: Invite = Field(default_factory=Invite)
    # People on shift during the session: "refuse" answers 409 with the gaps their absence
    # would open; "exclude" leaves them out of the invitation.
    on_shift: Literal["refuse", "exclude"] = "refuse"
    override_reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _sane(self) -> SessionCreate:
        if self.end <= self.start:
            raise invalid_value("training.end_before_start", field="end")
        if self.end - self.start > MAX_LENGTH:
            raise invalid_value("training.too_long", field="end")
        if self.kind == SessionKind.drill and self.scenario not in SCENARIOS:
            raise invalid_value("training.drill_needs_scenario", field="scenario",
                                scenarios=list(SCENARIOS))
        if not (self.place.strip() or self.online_link.strip()):
            raise invalid_value("training.needs_place", field="place")
        return self


class SessionUpdate(_Strict):
    title: str | None = Field(default=None, min_length=2, max_length=200)
    topic: str | None = Field(default=None, max_length=200)
    curriculum: str | None = Field(default=None, max_length=20000)
    place: str | None = Field(default=None, max_length=200)
    online_link: WebLink | None = Field(default=None, max_length=500)
    facilitator_id: Id | None = None
    capacity: int | None = Field(default=None, ge=1, le=1000)


class InvitationsAdd(_Strict):
    """More people for a planned session; people on shift are handled as at creation."""

    invite: Invite
    on_shift: Literal["refuse", "exclude"] = "refuse"
    override_reason: str | None = Field(default=None, max_length=500)


class InvitationsRemove(_Strict):
    staff_ids: list[Id] = Field(min_length=1, max_length=500)


class AttendanceRecord(_Strict):
    staff_id: Id
    attendance: Literal["attended", "absent", "excused"]
    passed: bool | None = None
    score: float | None = Field(default=None, ge=0, le=100)


class AttendanceBody(_Strict):
    records: list[AttendanceRecord] = Field(min_length=1, max_length=1000)


class ParticipantPublic(BaseModel):
    staff_id: int
    name: str | None = None
    attendance: Attendance
    passed: bool | None
    score: float | None
    hours: float


class SessionPublic(BaseModel):
    id: int
    kind: SessionKind
    pre_service: bool
    title: str
    topic: str
    curriculum: str
    audience: str
    scenario: str
    facilitator_id: int | None
    start: datetime
    end: datetime
    place: str
    online_link: str
    capacity: int | None
    status: SessionStatus
    participants: list[ParticipantPublic] = Field(default_factory=list)
    excluded_on_shift: list[int] = Field(default_factory=list)
