"""Request and response bodies of the staff registry (the talent database).

Inputs are checked here (phone to E.164, language codes, roles, names), so every caller of
the service, the API and the pages alike, gets the same rules and the same messages.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from hotline.db import Id
from hotline.errors import invalid_value
from hotline.staff.models import Duty, Role, TeamKind, name_in

DEFAULT_PHONE_REGION = "CN"  # a number written without "+" is a mainland number
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def normalise_phone(raw: str | None) -> str | None:
    """A phone number in E.164 (``+8613800138000``); numbers without ``+`` are read as
    mainland China numbers. Empty means none."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    try:
        parsed = phonenumbers.parse(text, None if text.startswith("+") else DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise invalid_value("staff.phone_invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_languages(codes: list[str]) -> list[str]:
    """Language codes such as ``zh``, ``en``, ``yue``: lower case, no repeats, order kept."""
    seen: list[str] = []
    for code in codes:
        clean = code.strip().lower().replace("_", "-")
        if not _LANGUAGE.match(clean):
            raise invalid_value("staff.language_code_invalid", code=code)
        if clean not in seen:
            seen.append(clean)
    return seen


def unique_roles(roles: list[Role]) -> list[Role]:
    out: list[Role] = []
    for role in roles:
        if role not in out:
            out.append(role)
    return out


def _strip(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise invalid_value("staff.blank")
    return stripped


def _team_code(value: str) -> str:
    clean = value.strip().lower()
    if not _CODE.match(clean):
        raise invalid_value("team.code_invalid")
    return clean


TeamName = Annotated[str, Field(max_length=120), AfterValidator(str.strip)]
Phone = Annotated[str | None, AfterValidator(normalise_phone)]
Languages = Annotated[list[str], Field(max_length=12), AfterValidator(normalise_languages)]
Roles = Annotated[list[Role], Field(min_length=1, max_length=5), AfterValidator(unique_roles)]
Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_strip)]
Email = Annotated[str | None, Field(default=None, max_length=200,
                                    pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
_STRICT = ConfigDict(extra="forbid")


class StaffCreate(BaseModel):
    """A new person; with ``username`` and ``password`` they also get a login."""

    model_config = _STRICT

    full_name: Name
    roles: Roles
    phone: Phone = None
    email: Email = None
    languages: Languages = Field(default_factory=lambda: ["zh"])
    prior_training_hours: float = Field(default=0, ge=0, le=10_000)
    notes: str = Field(default="", max_length=2000)
    username: str | None = Field(default=None, min_length=1, max_length=60)
    password: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _account_needs_both(self) -> StaffCreate:
        if (self.username is None) != (self.password is None):
            raise invalid_value("account.both_or_neither", field="username")
        return self


class StaffUpdate(BaseModel):
    """Fields to change; anything left out stays as it is. ``active`` changes through
    deactivate/reactivate, which guard the roster."""

    model_config = _STRICT

    full_name: Name | None = None
    roles: Roles | None = None
    phone: Phone = None
    email: Email = None
    languages: Languages | None = None
    prior_training_hours: float | None = Field(default=None, ge=0, le=10_000)
    notes: str | None = Field(default=None, max_length=2000)
    # Taking away a role that future shifts need takes the person off those shifts, through
    # the coverage guard: a supervisor's reason to accept the gaps that would open.
    override_reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _no_null_required(self) -> StaffUpdate:
        for name in ("full_name", "roles", "languages", "prior_training_hours", "notes"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise invalid_value("staff.field_not_null", field=name)
        return self


class MembershipPublic(BaseModel):
    team_id: int
    team_code: str
    team_name_zh: str
    team_name_en: str
    kind: TeamKind
    duty: Duty

    def team_name(self, language: str) -> str:
        return name_in(self.team_name_zh, self.team_name_en, language)


class QualificationCreate(BaseModel):
    model_config = _STRICT

    kind: Name
    number: str = Field(default="", max_length=80)
    issuer: str = Field(default="", max_length=200)
    issued_on: date | None = None
    expires_on: date | None = None


class QualificationUpdate(BaseModel):
    model_config = _STRICT

    kind: Name | None = None
    number: str | None = Field(default=None, max_length=80)
    issuer: str | None = Field(default=None, max_length=200)
    issued_on: date | None = None
    expires_on: date | None = None


class QualificationPublic(BaseModel):
    id: int
    staff_id: int
    kind: str
    number: str
    issuer: str
    issued_on: date | None
    expires_on: date | None
    expired: bool
    expiring_soon: bool  # still valid, but runs out within the warning window


class StaffPublic(BaseModel):
    id: int
    full_name: str
    phone: str | None
    email: str | None
    languages: list[str]
    roles: list[str]
    active: bool
    prior_training_hours: float
    notes: str
    created_at: datetime
    username: str | None = None
    locked: bool = False
    teams: list[MembershipPublic] = Field(default_factory=list)
    qualifications: list[QualificationPublic] = Field(default_factory=list)


class TeamCreate(BaseModel):
    model_config = _STRICT

    code: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_team_code)]
    name_zh: TeamName = ""
    name_en: TeamName = ""
    kind: TeamKind

    @model_validator(mode="after")
    def _named(self) -> TeamCreate:
        if not (self.name_zh or self.name_en):
            raise invalid_value("team.name_missing")
        return self


class MemberCreate(BaseModel):
    model_config = _STRICT

    staff_id: Id
    duty: Duty = Duty.member


class MemberPublic(BaseModel):
    staff_id: int
    full_name: str
    duty: Duty
    active: bool


class TeamPublic(BaseModel):
    id: int
    code: str
    name_zh: str
    name_en: str
    kind: TeamKind
    members: list[MemberPublic] = Field(default_factory=list)

    def name(self, language: str) -> str:
        return name_in(self.name_zh, self.name_en, language)


class DeactivateRequest(BaseModel):
    model_config = _STRICT

    override_reason: str | None = Field(default=None, max_length=500)
