"""Request and response bodies of the directory; codes, phones and regions are checked here,
so a bad request is refused before anything is written."""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hotline.db import Id
from hotline.errors import invalid_value
from hotline.resources import vocabulary

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
MAX_QUERY = 100


def check_categories(codes: list[str]) -> list[str]:
    unknown = sorted(set(codes) - set(vocabulary.load().categories))
    if unknown:
        raise invalid_value("resource.unknown_categories", codes=", ".join(unknown))
    return list(dict.fromkeys(codes))


def check_region(code: str) -> str:
    if code and code not in vocabulary.load().regions:
        raise invalid_value("resource.unknown_region", code=code)
    return code


def check_phone(number: str) -> str:
    number = number.strip()
    if number and not E164.match(number):
        raise invalid_value("resource.phone_invalid")
    return number


class _ResourceFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    categories: list[str] | None = Field(default=None, max_length=10)
    phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=300)
    region: str | None = Field(default=None, max_length=20)
    opening_hours: str | None = Field(default=None, max_length=300)
    eligibility: str | None = Field(default=None, max_length=1000)
    languages: list[str] | None = Field(default=None, max_length=10)
    url: str | None = Field(default=None, max_length=300)
    last_verified_on: date | None = None

    _c = field_validator("categories")(lambda v: None if v is None else check_categories(v))
    _r = field_validator("region")(lambda v: None if v is None else check_region(v))
    _p = field_validator("phone")(lambda v: None if v is None else check_phone(v))

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise invalid_value("resource.name_blank")
        return value.strip() if value else value

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", v)
                                     for v in value):
            raise invalid_value("resource.languages_invalid")
        return value

    @field_validator("last_verified_on")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise invalid_value("resource.verified_in_future")
        return value


class ResourceCreate(_ResourceFields):
    """Only ``name`` is required."""

    name: str = Field(min_length=1, max_length=200)


class ResourceUpdate(_ResourceFields):
    """A partial update: only the fields sent change."""


class ResourcePublic(BaseModel):
    id: int
    hsds_id: str
    name: str
    description: str
    categories: list[str]
    phone: str
    address: str
    region: str
    opening_hours: str
    eligibility: str
    languages: list[str]
    url: str
    last_verified_on: date | None
    retired_at: datetime | None
    stale: bool  # unverified for a year (or never): review it
    version: int
    updated_at: datetime


class ResourcePage(BaseModel):
    items: list[ResourcePublic]
    total: int


class ResourceSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(default="", max_length=MAX_QUERY)
    region: str = ""
    category: str = ""
    stale: bool | None = None
    include_retired: bool = False
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=100_000)

    _r = field_validator("region")(check_region)

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        return check_categories([value])[0] if value else value


class ReferralCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resource_id: Id


class ReferralPublic(BaseModel):
    id: int
    contact_id: int
    resource_id: int
    resource_name: str
    phone: str
    given_by: int | None
    given_at: datetime


