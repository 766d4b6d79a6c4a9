"""Operating policy as versioned data: ``schedules/*.toml`` parsed into typed, validated models.

Every file has a model here. ``load`` reads them all and raises ``PolicyError`` whose lines name
the file, the key and the fix, so ``hotline policies check`` and start-up say the same thing.
A domain keeps its policy models beside its code (``hotline/roster/policy.py``) with a protocol
naming the slices it reads (``RosterPolicies``), and registers its file in ``FILES``. The
``Policies`` aggregate is for the edges only (start-up, flows, routers, jobs); domains do not
import this module.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel, ValidationError

from hotline.config import AppState
from hotline.contacts.policy import RecordsPolicy
from hotline.crisis.policy import EscalationPolicy
from hotline.roster.policy import CoveragePolicy, ShiftsPolicy
from hotline.telephony.policy import TelephonyPolicy
from hotline.training.policy import TrainingPolicy

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


_POLICIES = AppState[Policies]("policies")
policies_of = _POLICIES.of  # the policies loaded at start-up
# The policies loaded at start-up, for a route: ``policies: PoliciesDep``.
PoliciesDep = Annotated[Policies, Depends(_POLICIES)]
