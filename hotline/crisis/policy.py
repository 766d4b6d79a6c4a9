"""Typed form of ``schedules/escalation.toml``; snapshotted onto each escalation."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Target(StrEnum):
    crisis_primary = "crisis_primary"
    crisis_backup = "crisis_backup"
    crisis_team_leader = "crisis_team_leader"
    supervisor = "supervisor"


Channel = Literal["console", "sms", "voice"]


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tier(_Policy):
    target: Target
    timeout_seconds: int = Field(ge=1, le=3600)
    channels: list[Channel] = Field(min_length=1)

    @field_validator("channels")
    @classmethod
    def _console_always(cls, channels: list[str]) -> list[str]:
        if "console" not in channels:
            raise ValueError("every tier alerts the console; add \"console\" to channels")
        return list(dict.fromkeys(channels))


class LevelPolicy(_Policy):
    tiers: list[Tier] = Field(min_length=1, max_length=10)
    repeat_interval_seconds: int = Field(default=60, ge=1, le=3600)
    repeats: int = Field(default=3, ge=0, le=20)


def _default(timeout: int, channels: list[str]) -> LevelPolicy:
    return LevelPolicy(
        tiers=[Tier(target=t, timeout_seconds=timeout, channels=channels) for t in Target],  # type: ignore[arg-type]
        repeat_interval_seconds=timeout,
    )


Level = Literal["high", "imminent"]


def _default_levels() -> dict[Level, LevelPolicy]:
    return {"imminent": _default(60, ["console", "sms", "voice"]),
            "high": _default(180, ["console", "sms"])}


class EscalationPolicy(_Policy):
    levels: dict[Level, LevelPolicy] = Field(default_factory=_default_levels)

    @field_validator("levels")
    @classmethod
    def _both(cls, levels: dict[Level, LevelPolicy]) -> dict[Level, LevelPolicy]:
        missing = {"high", "imminent"} - set(levels)
        if missing:
            raise ValueError(f"define [levels.{min(missing)}]: both high and imminent route")
        return levels
