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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from hotline.centres.models import Centre
from hotline.centres.policy import NetworkPolicy
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
    "network.toml": NetworkPolicy,
}
# The network is one for all centres: a centre's policy directory cannot override it.
SHARED_ONLY = frozenset({"network.toml"})


@dataclass(frozen=True)
class Policies:
    records: RecordsPolicy
    coverage: CoveragePolicy
    shifts: ShiftsPolicy
    escalation: EscalationPolicy
    trainings: TrainingPolicy
    telephony: TelephonyPolicy
    network: NetworkPolicy
    # A centre's own policies where its ``policy_dir`` overrides shared files.
    centres: dict[str, Policies] = field(default_factory=dict, compare=False, repr=False)

    def for_centre(self, code: str) -> Policies:
        """The policies a centre works under: the shared files, each replaced by the file of
        the same name in the centre's ``policy_dir`` when it has one there."""
        return self.centres.get(code, self)


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


def _read(path: Path, model: type[BaseModel], problems: list[str]) -> BaseModel | None:
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            problems.append(f"{path}: not valid TOML: {exc}")
            return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_problems(path, exc))
        return None


def _read_all(directory: Path, problems: list[str],
              shared: dict[str, BaseModel] | None = None) -> dict[str, BaseModel]:
    """Every file in ``directory``; with ``shared``, a missing file is the shared one (a
    centre's overlay), else its defaults."""
    loaded: dict[str, BaseModel] = {}
    for name, model in FILES.items():
        key = name.removesuffix(".toml")
        path = directory / name
        if shared is not None and (name in SHARED_ONLY or not path.exists()):
            if name in SHARED_ONLY and path.exists():
                problems.append(f"{path}: the network is shared by every centre: remove this "
                                "file from the centre's policy_dir")
            loaded[key] = shared[key]
            continue
        policy = _read(path, model, problems)
        if policy is not None:
            loaded[key] = policy
    return loaded


def load(directory: Path | str) -> Policies:
    """Read and validate every policy file in ``directory``; a missing file means defaults.
    Each centre's ``policy_dir`` (network.toml) is read and validated here too."""
    directory = Path(directory)
    problems: list[str] = []
    if not directory.is_dir():
        raise PolicyError([f"{directory}: no such directory (set HOTLINE_SCHEDULES_DIR)"])
    shared = _read_all(directory, problems)
    centres: dict[str, Policies] = {}
    network = shared.get("network")
    if isinstance(network, NetworkPolicy) and not problems:
        for centre in network.centres:
            if not centre.policy_dir:
                continue
            overlay = directory / centre.policy_dir
            if not overlay.is_dir():
                problems.append(f"{directory / 'network.toml'}: centres.policy_dir: centre "
                                f"{centre.code!r} names {centre.policy_dir!r}, but {overlay} is "
                                "not a directory: create it or set policy_dir = \"\"")
                continue
            own = _read_all(overlay, problems, shared)
            if len(own) == len(FILES):
                centres[centre.code] = Policies(**own)  # type: ignore[arg-type]
    if problems:
        raise PolicyError(problems)
    return Policies(**shared, centres=centres)  # type: ignore[arg-type]


_POLICIES = AppState[Policies]("policies")
policies_of = _POLICIES.of  # the policies loaded at start-up
# The policies loaded at start-up, for a route: ``policies: PoliciesDep``.
PoliciesDep = Annotated[Policies, Depends(_POLICIES)]


def centre_policies(session: Session, policies: Policies, centre_id: int | None) -> Policies:
    """The policies centre ``centre_id`` works under (``for_centre`` by its code); the shared
    ones for None."""
    centre = session.get(Centre, centre_id) if centre_id is not None else None
    return policies.for_centre(centre.code) if centre else policies
