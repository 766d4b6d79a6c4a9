"""``records.toml``: how long contact records are kept, how follow-up works, and the service
targets the reports hold the figures against."""

from __future__ import annotations

from datetime import time
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator


class KpiTargets(BaseModel):
    """Service targets. Defaults follow common crisis-line practice (988: answer 90% in
    state; the 80/20 service level of call centres)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answer_rate: float = Field(default=0.90, ge=0, le=1)  # at least
    abandonment_rate: float = Field(default=0.05, ge=0, le=1)  # at most
    escalation_ack_p90_s: int = Field(default=120, ge=1, le=3600)  # at most
    # Heatmap cells with fewer contacts than this are shown grey with their count: one call
    # in an hour is 0% or 100% and means nothing.
    min_contacts_per_cell: int = Field(default=5, ge=1, le=1000)


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordsPolicy(_Policy):
    """``records.toml``: how long contact records are kept and how follow-up works."""

    # The 2021 hotline technical guideline: records kept at least 3 years.
    retention_years: int = Field(default=3, ge=3, le=100)
    # A caller flag (e.g. abusive) expires after this many days.
    caller_flag_days: int = Field(default=90, ge=1, le=3650)
    follow_up_min_attempts: int = Field(default=3, ge=1, le=10)
    follow_up_max_attempts: int = Field(default=5, ge=1, le=10)
    # Follow-up calls happen in the caller's day (unless they agreed to night calls): the
    # first attempt on the agreed day at day start (or the time they chose), each next one at
    # least ``follow_up_gap_hours`` after the last; attempts beyond the minimum stop
    # ``follow_up_window_hours`` after the first.
    follow_up_day_starts: time = time(9, 0)
    follow_up_day_ends: time = time(21, 0)
    follow_up_gap_hours: int = Field(default=12, ge=1, le=72)
    follow_up_window_hours: int = Field(default=72, ge=24, le=168)
    # A high-risk caller's follow-up this late past its attempt time alerts the supervisor.
    follow_up_overdue_minutes: int = Field(default=60, ge=5, le=1440)
    notes_max_chars: int = Field(default=20000, ge=1000, le=200000)
    # Service level: the share of offered contacts answered within this many seconds.
    service_level_seconds: int = Field(default=20, ge=1, le=600)
    # A sealed number with no purpose left (call-back, live escalation) is deleted after this.
    sealed_number_days: int = Field(default=30, ge=1, le=30)
    # Staffing from demand: the target share answered within ``service_level_seconds``,
    # the highest average occupancy, and the share of rostered time not on calls.
    service_level_target: float = Field(default=0.8, gt=0, lt=1)
    max_occupancy: float = Field(default=0.85, gt=0, le=1)
    shrinkage: float = Field(default=0.3, ge=0, lt=1)
    # What the reports and the wallboard hold the other figures against (the service level's
    # target is service_level_target above).
    targets: KpiTargets = KpiTargets()

    @model_validator(mode="after")
    def _attempts_ordered(self) -> RecordsPolicy:
        if self.follow_up_max_attempts < self.follow_up_min_attempts:
            raise ValueError("follow_up_max_attempts must be >= follow_up_min_attempts")
        if self.follow_up_day_ends <= self.follow_up_day_starts:
            raise ValueError("follow_up_day_ends must be after follow_up_day_starts")
        return self


class RecordsPolicies(Protocol):
    """What reads only ``records.toml`` takes (``hotline.policies.Policies`` is one)."""

    @property
    def records(self) -> RecordsPolicy: ...
