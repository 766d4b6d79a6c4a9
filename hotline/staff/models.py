"""The talent database: people, their roles, teams with duties, and qualifications."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from hotline.db import (
    UTCDateTime,
    empty_list,
    enum_type,
    foreign_key,
    owning_centre,
    primary_key,
    utcnow,
)


class Role(StrEnum):
    operator = "operator"
    crisis_responder = "crisis_responder"
    supervisor = "supervisor"
    team_lead = "team_lead"
    admin = "admin"
    # A province's network: they read every centre (each read of another centre audited).
    provincial_supervisor = "provincial_supervisor"
    provincial_crisis_lead = "provincial_crisis_lead"


class TeamKind(StrEnum):
    operators = "operators"  # the hotline operator team (接线员团队)
    crisis = "crisis"  # the crisis-intervention team (心理危机干预队伍)


class Duty(StrEnum):
    """A member's duty on a team; the crisis-intervention team must name these."""

    member = "member"
    leader = "leader"
    psychiatrist = "psychiatrist"
    counsellor = "counsellor"
    social_worker = "social_worker"
    liaison = "liaison"


class Staff(SQLModel, table=True):
    id: int | None = primary_key()
    # The home centre; a person lent to another centre works there in a shift of its own.
    centre_id: int | None = owning_centre()
    full_name: str = Field(max_length=120)
    phone: str | None = Field(default=None, max_length=20)  # E.164
    email: str | None = Field(default=None, max_length=200)
    languages: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    roles: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    active: bool = Field(default=True)
    # Training hours done before (or outside) this system, e.g. pre-service training at a
    # previous hotline; added to attended pre-service sessions.
    prior_training_hours: float = Field(default=0, ge=0)
    notes: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    def has_role(self, role: Role) -> bool:
        return role.value in self.roles

    @property
    def centres(self) -> frozenset[int]:
        """The centres the person acts in, as an actor of their own (an SMS reply): home."""
        return frozenset() if self.centre_id is None else frozenset({self.centre_id})


class Team(SQLModel, table=True):
    """A team, named in both page languages (one language per page: a Chinese page never
    shows the English name, unless the team has no Chinese one). Codes are unique within a
    centre: every centre may have its ``operators`` and its ``crisis`` team."""

    __table_args__ = (UniqueConstraint("centre_id", "code"),)

    id: int | None = primary_key()
    centre_id: int | None = owning_centre()
    code: str = Field(max_length=40)
    name_zh: str = Field(default="", max_length=120)
    name_en: str = Field(default="", max_length=120)
    kind: TeamKind = Field(sa_type=enum_type(TeamKind))

    def name_in(self, language: str) -> str:
        return name_in(self.name_zh, self.name_en, language)


def name_in(zh: str, en: str, language: str) -> str:
    """The name in the page's language, else the one there is."""
    return (zh or en) if language == "zh" else (en or zh)


class TeamMembership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "staff_id"),)

    id: int | None = primary_key()
    team_id: int = foreign_key("team.id", index=True)
    staff_id: int = foreign_key("staff.id", index=True)
    duty: Duty = Field(default=Duty.member, sa_type=enum_type(Duty))


class Qualification(SQLModel, table=True):
    """A certificate or licence, e.g. 心理咨询师 or a crisis-intervention training certificate."""

    id: int | None = primary_key()
    staff_id: int = foreign_key("staff.id", index=True)
    kind: str = Field(max_length=120)
    number: str = Field(default="", max_length=80)
    issuer: str = Field(default="", max_length=200)
    issued_on: date | None = None
    expires_on: date | None = None
