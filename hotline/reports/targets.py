"""How a figure stands against its KPI target (``records.toml``: ``[targets]`` and
``service_level_target``, read by ``hotline.contacts.policy``).

A tile says the value, the target and one of three states: ``met``, ``missed`` or ``no_data``
(no contacts in the period: an empty night is not a failure, and not a success either).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from hotline.contacts.policy import KpiTargets

State = Literal["met", "missed", "no_data"]
# figure -> whether higher is better
DIRECTIONS: dict[str, bool] = {
    "answer_rate": True, "service_level": True, "abandonment_rate": False,
    "escalation_ack_p90_s": False,
}


@dataclass(frozen=True)
class Judged:
    key: str
    value: float | None
    target: float
    higher_is_better: bool
    state: State


class HasTargets(Protocol):
    """``RecordsPolicy``: its ``[targets]`` and the staffing's service-level target."""

    @property
    def targets(self) -> KpiTargets: ...

    @property
    def service_level_target(self) -> float: ...


def judge(totals: dict[str, Any], records: HasTargets) -> dict[str, Judged]:
    """Every targeted figure of a KPI report, with its state."""
    out = {}
    for key, higher in DIRECTIONS.items():
        value = totals.get(key)
        target = float(records.service_level_target if key == "service_level"
                       else getattr(records.targets, key))
        state: State
        if value is None:
            state = "no_data"
        elif higher:
            state = "met" if value >= target else "missed"
        else:
            state = "met" if value <= target else "missed"
        out[key] = Judged(key, value, target, higher, state)
    return out
