"""Request and response bodies for contact records.

Validation that needs no database lives here (codes, lengths, time order), so a bad request is
refused before anything is written.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from hotline.contacts import taxonomy
from hotline.contacts.models import CallerRelationship, CallType, Channel, ContactStatus
from hotline.contacts.risk import RiskLevel, RiskScreen, missing_answers
from hotline.db import Id, utcnow
from hotline.errors import invalid_value

# A clock a few minutes fast on an operator's PC is normal; a contact next week is a typo.
FUTURE_TOLERANCE = timedelta(minutes=5)
NOTES_HARD_LIMIT = 200_000
BREAK_GLASS_MIN_CHARS = 8  # the policy's notes_max_chars is checked in the service

AgeBand = Literal["under_12", "12_17", "18_24", "25_34", "35_44", "45_59", "60_plus", "unknown"]
Gender = Literal["female", "male", "other", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CallerProfile(_Strict):
    age_band: AgeBand = "unknown"
    gender: Gender = "unknown"
    region: str = Field(default="", max_length=80)


class SafetyPlan(_Strict):
    """The six steps of the Stanley-Brown safety plan, as the caller put them, and the
    caller's reasons for living (the plan's opening question). ``not_made_reason`` says why
    no plan was made, which a high or imminent contact needs to close without one."""

    reasons_for_living: str = Field(default="", max_length=2000)
    warning_signs: str = Field(default="", max_length=2000)
    coping_strategies: str = Field(default="", max_length=2000)
    distractions: str = Field(default="", max_length=2000)  # people and places
    who_can_help: str = Field(default="", max_length=2000)
    crisis_agencies: str = Field(default="", max_length=2000)
    safe_environment: str = Field(default="", max_length=2000)
    not_made_reason: str = Field(default="", max_length=2000)

    def has_plan(self) -> bool:
        return any(getattr(self, step).strip() for step in PLAN_STEPS)


PLAN_STEPS = ("reasons_for_living", "warning_signs", "coping_strategies", "distractions",
              "who_can_help", "crisis_agencies", "safe_environment")


class PersonAtRisk(_Strict):
    """The person a third party calls about; the risk screen is answered about them."""

    age_band: AgeBand = "unknown"
    where: str = Field(default="", max_length=300)  # where they are now
    how_to_reach: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=1000)


class FollowUp(_Strict):
    """The caller's agreement to be called back: on ``due_on`` (default: the next day) at day
    start or at ``due_time``, never at night unless ``night_ok``."""

    consent: bool = False
    plan: str = Field(default="", max_length=2000)
    due_on: date | None = None
    due_time: time | None = None
    night_ok: bool = False


def _issues(codes: list[str]) -> list[str]:
    return taxonomy.check_codes(codes, taxonomy.load().issue_codes)


def _interventions(codes: list[str]) -> list[str]:
    return taxonomy.check_codes(
        codes, {t.code for t in taxonomy.load().interventions})


def _referrals(codes: list[str]) -> list[str]:
    return taxonomy.check_codes(codes, {t.code for t in taxonomy.load().referrals})


class _ContactFields(_Strict):
    """Fields a create and an update share; an update sends only what changes."""

    channel: Channel | None = None
    call_type: CallType | None = None
    status: ContactStatus | None = None
    received_at: AwareDatetime | None = None
    answered_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    operator_id: Id | None = None
    caller_profile: CallerProfile | None = None
    issues: list[str] | None = Field(default=None, max_length=20)
    risk_screen: RiskScreen | None = None
    interventions: list[str] | None = Field(default=None, max_length=20)
    referrals: list[str] | None = Field(default=None, max_length=10)
    safety_plan: SafetyPlan | None = None
    follow_up: FollowUp | None = None
    notes: str | None = Field(default=None, max_length=NOTES_HARD_LIMIT)
    caller_relationship: CallerRelationship | None = None
    person_at_risk: PersonAtRisk | None = None

    _check_issues = field_validator("issues")(lambda v: None if v is None else _issues(v))
    _check_interventions = field_validator("interventions")(
        lambda v: None if v is None else _interventions(v)
    )
    _check_referrals = field_validator("referrals")(
        lambda v: None if v is None else _referrals(v)
    )

    @field_validator("received_at", "answered_at", "ended_at")
    @classmethod
    def _not_in_future(cls, value: datetime | None) -> datetime | None:
        if value is not None and value > utcnow() + FUTURE_TOLERANCE:
            raise invalid_value("contact.time_in_future")
        return value

    @model_validator(mode="after")
    def _screen_asked(self) -> _ContactFields:
        if self.risk_screen is not None and missing_answers(self.risk_screen):
            raise invalid_value("contact.screen_not_asked", field="risk_screen")
        return self


class ContactCreate(_ContactFields):
    """Only ``channel`` is required; ``received_at`` defaults to now, ``call_type`` to data."""

    channel: Channel
    # Used once to compute the pseudonymous caller key, then dropped: never stored.
    caller_number: str | None = Field(default=None, max_length=40)


class ContactUpdate(_ContactFields):
    """A partial update: only the fields sent are changed, each change is a revision."""


class CoSign(_Strict):
    """A supervisor's decision on an operator's lowering of a computed high/imminent level."""

    decision: Literal["cosign", "refuse"]
    note: str = Field(default="", max_length=1000)


class BreakGlass(_Strict):
    reason: str = Field(max_length=1000)

    @field_validator("reason")
    @classmethod
    def _says_why(cls, reason: str) -> str:
        reason = " ".join(reason.split())
        if len(reason.replace(" ", "")) < BREAK_GLASS_MIN_CHARS:
            raise invalid_value("breakglass.reason_too_short", min_chars=BREAK_GLASS_MIN_CHARS)
        return reason


class BreakGlassPublic(BaseModel):
    caller_number: str | None  # E.164, or null when the call carried none
    location: dict[str, str]  # what the call carried (city, province, country, postcode)
    visible_until: datetime  # the console hides the number after this


class ContactFilters(BaseModel):
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    risk_level: RiskLevel | None = None
    channel: Channel | None = None
    call_type: CallType | None = None
    status: ContactStatus | None = None
    operator_id: Id | None = None
    mine: bool = False
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> ContactFilters:
        if self.since and self.until and self.until < self.since:
            raise invalid_value("contact.until_before_since", field="until")
        return self


class RiskAssessmentPublic(BaseModel):
    risk_level: RiskLevel
    computed_level: RiskLevel
    reasons: list[str]
    lowered: bool


class ContactPublic(BaseModel):
    id: int
    channel: Channel
    call_type: CallType
    status: ContactStatus
    received_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    operator_id: int | None
    operator_name: str | None
    caller_key: str | None
    previous_contact_id: int | None
    caller_contact_count: int  # contacts from this caller so far, this one included
    caller_profile: dict[str, Any]
    issues: list[str]
    risk_screen: dict[str, Any]
    risk_level: RiskLevel
    computed_risk_level: RiskLevel
    risk_reasons: list[str]
    risk_unanswered: list[str] = []
    screen_status: str = "not_screened"
    cosign: dict[str, Any] = {}
    caller_relationship: CallerRelationship = CallerRelationship.self
    person_at_risk: dict[str, Any] = {}
    interventions: list[str]
    referrals: list[str]
    safety_plan: dict[str, Any]
    follow_up: dict[str, Any]
    notes: str
    is_drill: bool = False
    version: int
    created_at: datetime
    created_by: int | None
    updated_at: datetime
    escalation: dict[str, Any] | None = None  # crisis routing fills this in


class ContactSummary(BaseModel):
    """A list row: enough to find a contact, without its notes or screen answers."""

    id: int
    channel: Channel
    call_type: CallType
    status: ContactStatus
    received_at: datetime
    operator_id: int | None
    operator_name: str | None
    risk_level: RiskLevel
    screen_status: str = "not_screened"
    caller_relationship: CallerRelationship = CallerRelationship.self
    issues: list[str]
    previous_contact_id: int | None


class ContactPage(BaseModel):
    items: list[ContactSummary]
    total: int


class RevisionPublic(BaseModel):
    version: int
    author_id: int | None
    author_name: str | None
    at: datetime
    changes: dict[str, Any]
