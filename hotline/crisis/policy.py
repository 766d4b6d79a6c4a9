"""Typed form of ``schedules/escalation.toml``; snapshotted onto each escalation."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hotline.centres.policy import NetworkPolicy


class Target(StrEnum):
    crisis_primary = "crisis_primary"
    crisis_backup = "crisis_backup"
    crisis_team_leader = "crisis_team_leader"
    supervisor = "supervisor"
    # In a network: the crisis primary and backup on call at the backup centre (the next
    # centre of the escalation's centre's rollover order in network.toml), as a final tier.
    backup_centre = "backup_centre"


Channel = Literal["console", "sms", "voice"]


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tier(_Policy):
    """One step of the chain: everyone holding any of ``targets`` is alerted at once."""

    targets: list[Target] = Field(min_length=1, max_length=4)
    timeout_seconds: int = Field(ge=1, le=3600)
    channels: list[Channel] = Field(min_length=1)

    @field_validator("channels")
    @classmethod
    def _console_always(cls, channels: list[str]) -> list[str]:
        if "console" not in channels:
            raise ValueError("every tier alerts the console; add \"console\" to channels")
        return list(dict.fromkeys(channels))

    @model_validator(mode="before")
    @classmethod
    def _one_target(cls, data: object) -> object:
        """``target = "x"`` (one) is ``targets = ["x"]``; snapshots made before lists use it."""
        if isinstance(data, dict) and "target" in data:
            rest = {k: v for k, v in data.items() if k != "target"}
            if "targets" in rest:
                raise ValueError("give either target or targets, not both")
            return {**rest, "targets": [data["target"]]}
        return data

    @field_validator("targets")
    @classmethod
    def _distinct(cls, targets: list[Target]) -> list[Target]:
        return list(dict.fromkeys(targets))

    @property
    def label(self) -> str:
        return "+".join(self.targets)


class LevelPolicy(_Policy):
    tiers: list[Tier] = Field(min_length=1, max_length=10)
    # Also the interval at which an exhausted escalation keeps calling supervisors by voice.
    repeat_interval_seconds: int = Field(default=60, ge=1, le=3600)
    repeats: int = Field(default=3, ge=0, le=20)
    # Active rescue with the person not reached: the duty supervisor is paged this often.
    rescue_repage_seconds: int = Field(default=600, ge=60, le=3600)


def _default(timeout: int, channels: list[str]) -> LevelPolicy:
    return LevelPolicy(
        tiers=[Tier(targets=[t], timeout_seconds=timeout, channels=channels) for t in Target],  # type: ignore[arg-type]
        repeat_interval_seconds=timeout,
    )


Level = Literal["high", "imminent"]


def _imminent() -> LevelPolicy:
    """Imminent risk is alerted in parallel: the crisis primary, the backup and the duty
    supervisor at once, then also the team leader; repeats call all of them again."""
    channels = ["console", "sms", "voice"]
    first = [Target.crisis_primary, Target.crisis_backup, Target.supervisor]
    return LevelPolicy(tiers=[Tier(targets=first, timeout_seconds=60, channels=channels),  # type: ignore[arg-type]
                              Tier(targets=[*first, Target.crisis_team_leader],
                                   timeout_seconds=60, channels=channels)],  # type: ignore[arg-type]
                       repeat_interval_seconds=60)


def _default_levels() -> dict[Level, LevelPolicy]:
    return {"imminent": _imminent(), "high": _default(180, ["console", "sms"])}


class EscalationPolicy(_Policy):
    levels: dict[Level, LevelPolicy] = Field(default_factory=_default_levels)

    @field_validator("levels")
    @classmethod
    def _both(cls, levels: dict[Level, LevelPolicy]) -> dict[Level, LevelPolicy]:
        missing = {"high", "imminent"} - set(levels)
        if missing:
            raise ValueError(f"define [levels.{min(missing)}]: both high and imminent route")
        return levels


class CrisisPolicies(Protocol):
    """What crisis routing reads of the operating policy (``hotline.policies.Policies`` is
    one)."""

    @property
    def escalation(self) -> EscalationPolicy: ...
    @property
    def network(self) -> NetworkPolicy: ...
