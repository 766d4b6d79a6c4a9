"""Typed form of ``schedules/trainings.toml``."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

Audience = Literal["operators", "crisis_team"]
Kind = Literal["training", "drill"]
AUDIENCE_ROLE = {"operators": "operator", "crisis_team": "crisis_responder"}


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mandate(_Policy):
    audience: Audience
    kind: Kind
    min_per_year: int = Field(ge=1, le=52)
    per_half_year: int = Field(default=0, ge=0, le=26)
    assessment_required: bool = True

    @model_validator(mode="after")
    def _possible(self) -> Mandate:
        if self.per_half_year * 2 > self.min_per_year:
            raise ValueError(
                f"per_half_year {self.per_half_year} in both halves is more than "
                f"min_per_year {self.min_per_year}: raise min_per_year or lower per_half_year"
            )
        return self

    @property
    def name(self) -> str:
        return f"{self.audience}:{self.kind}"


class TrainingPolicy(_Policy):
    pre_service_hours: float = Field(default=40, ge=0, le=2000)
    certificate_warning_days: int = Field(default=60, ge=1, le=365)
    # Clinical supervision (督导) hours each operator and responder should get in a year.
    clinical_supervision_hours_per_year: float = Field(default=12, ge=0, le=500)
    required_certificates: dict[Audience, list[str]] = Field(default_factory=dict)
    mandate: list[Mandate] = Field(default_factory=lambda: [
        Mandate(audience="operators", kind="training", min_per_year=4),
        Mandate(audience="crisis_team", kind="training", min_per_year=2),
        Mandate(audience="crisis_team", kind="drill", min_per_year=2, per_half_year=1,
                assessment_required=False),
    ])

    @model_validator(mode="after")
    def _unique(self) -> TrainingPolicy:
        names = [m.name for m in self.mandate]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"more than one mandate for {dupes[0]}: merge them")
        return self


class TrainingPolicies(Protocol):
    """What trainings read of the operating policy (``hotline.policies.Policies`` is one)."""

    @property
    def trainings(self) -> TrainingPolicy: ...
