"""Operating policy as versioned data: ``schedules/*.toml`` parsed into typed, validated models.

Every file has a model here. ``load`` reads them all and raises ``PolicyError`` whose lines name
the file, the key and the fix, so ``hotline policies check`` and start-up say the same thing.
A domain keeps its policy models beside its code (``hotline/roster/policy.py``) and registers
its file in ``FILES``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.requests import HTTPConnection

from hotline.crisis.policy import EscalationPolicy
from hotline.reports.targets import KpiTargets
from hotline.roster.policy import CoveragePolicy, ShiftsPolicy
from hotline.telephony.policy import TelephonyPolicy
from hotline.training.policy import TrainingPolicy


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


FILES: dict[str, type[BaseModel]] = {
    "records.toml": RecordsPolicy,
    "coverage.toml": CoveragePolicy,
    "shifts.toml": ShiftsPolicy,
    "escalation.toml": EscalationPolicy,
    "trainings.toml": TrainingPolicy,
    "telephony.toml": TelephonyPolicy,
}


@dataclass(frozen=True)
class Policies:
    records: RecordsPolicy
    coverage: CoveragePolicy
    shifts: ShiftsPolicy
    escalation: EscalationPolicy
    trainings: TrainingPolicy
    telephony: TelephonyPolicy


class PolicyError(Exception):
    """One or more policy files are wrong; ``problems`` holds one readable line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _problems(path: Path, exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(file)"
        fix = err["msg"]
        if err["type"] == "extra_forbidden":
            fix = "unknown key: remove it or check its spelling"
        elif err["type"].startswith(("greater", "less")):
            fix = f"{err['msg']} (got {err.get('input')!r})"
        lines.append(f"{path}: {key}: {fix}")
    return lines


def load(directory: Path | str) -> Policies:
    """Read and validate every policy file in ``directory``; a missing file means defaults."""
    directory = Path(directory)
    problems: list[str] = []
    loaded: dict[str, BaseModel] = {}
    if not directory.is_dir():
        raise PolicyError([f"{directory}: no such directory (set HOTLINE_SCHEDULES_DIR)"])
    for name, model in FILES.items():
        path = directory / name
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                problems.append(f"{path}: not valid TOML: {exc}")
                continue
        try:
            loaded[name.removesuffix(".toml")] = model.model_validate(data)
        except ValidationError as exc:
            problems.extend(_problems(path, exc))
    if problems:
        raise PolicyError(problems)
    return Policies(**loaded)  # type: ignore[arg-type]


def policies_of(connection: HTTPConnection) -> Policies:
    """The policies loaded at start-up (typed; ``app.state`` is not)."""
    policies: Policies = connection.app.state.policies
    return policies


async def _app_policies(connection: HTTPConnection) -> Policies:
    return policies_of(connection)


# The policies loaded at start-up, for a route: ``policies: PoliciesDep``.
PoliciesDep = Annotated[Policies, Depends(_app_policies)]
