"""Typed forms of ``schedules/coverage.toml`` and ``schedules/shifts.toml``."""

from __future__ import annotations

from datetime import time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator


class Position(StrEnum):
    operator = "operator"
    crisis_primary = "crisis_primary"
    crisis_backup = "crisis_backup"
    supervisor = "supervisor"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_PER_WEEK = 168


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _hour(value: str, *, allow_24: bool) -> int:
    """'19:00' -> 19. Coverage is set per whole local hour."""
    hh, sep, mm = value.partition(":")
    if not (sep and hh.isdigit() and mm == "00" and 0 <= int(hh) <= (24 if allow_24 else 23)):
        raise ValueError(f"{value!r} is not a whole hour like '19:00'")
    return int(hh)


class StaffCounts(_Policy):
    operator: int | None = Field(default=None, ge=0, le=100)
    crisis_primary: int | None = Field(default=None, ge=0, le=20)
    crisis_backup: int | None = Field(default=None, ge=0, le=20)
    supervisor: int | None = Field(default=None, ge=0, le=20)


class CoverageRule(StaffCounts):
    name: str = ""
    days: list[str] = Field(default_factory=lambda: list(WEEKDAYS))
    start: str = Field(alias="from")
    end: str = Field(alias="to")

    @field_validator("days")
    @classmethod
    def _weekdays(cls, days: list[str]) -> list[str]:
        bad = [d for d in days if d not in WEEKDAYS]
        if bad or not days:
            raise ValueError(f"days must be some of {list(WEEKDAYS)}, got {days}")
        return days

    @model_validator(mode="after")
    def _hours(self) -> CoverageRule:
        if _hour(self.start, allow_24=False) == _hour(self.end, allow_24=True) % 24:
            raise ValueError(f"rule {self.name!r}: from and to are the same hour")
        return self

    def hours_of_week(self) -> list[int]:
        """The hour-of-week indexes (0 = Monday 00:00 local) this rule covers."""
        first, last = _hour(self.start, allow_24=False), _hour(self.end, allow_24=True)
        length = (last - first) % 24
        return [
            (WEEKDAYS.index(day) * 24 + first + i) % HOURS_PER_WEEK
            for day in self.days
            for i in range(length)
        ]


class CoveragePolicy(_Policy):
    """Required staff per position for each of the 168 local hours of the week."""

    default: StaffCounts = StaffCounts(operator=2, crisis_primary=1, crisis_backup=1, supervisor=1)
    rule: list[CoverageRule] = Field(default_factory=list)
    _table: dict[Position, tuple[int, ...]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _context: object) -> None:
        table = {p: [getattr(self.default, p.value) or 0] * HOURS_PER_WEEK for p in Position}
        for rule in self.rule:  # later rules win
            for position in Position:
                count = getattr(rule, position.value)
                if count is not None:
                    for how in rule.hours_of_week():
                        table[position][how] = count
        self._table = {p: tuple(v) for p, v in table.items()}

    def required(self, position: Position, hour_of_week: int) -> int:
        return self._table[position][hour_of_week]

    def week(self, position: Position) -> tuple[int, ...]:
        return self._table[position]


class ShiftTemplate(_Policy):
    name: str
    start: time
    end: time  # "24:00" is read as midnight at the end of the day

    @field_validator("end", mode="before")
    @classmethod
    def _midnight(cls, value: object) -> object:
        return "00:00" if value == "24:00" else value

    @property
    def hours(self) -> float:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return ((end - start) % (24 * 60) or 24 * 60) / 60


class ShiftPattern(_Policy):
    shifts: list[ShiftTemplate] = Field(min_length=1)

    @model_validator(mode="after")
    def _tiles_the_day(self) -> ShiftPattern:
        total = sum(s.hours for s in self.shifts)
        starts = sorted(s.start for s in self.shifts)
        if total != 24 or len(set(starts)) != len(starts):
            raise ValueError(
                "the shifts of a pattern must cover the 24 hours of a day exactly once "
                f"(they cover {total:g} h)"
            )
        return self


class WorkingTimeRules(_Policy):
    min_rest_hours: float = Field(default=11, ge=0, le=48)
    max_hours_per_7_days: float = Field(default=48, ge=8, le=168)
    max_shifts_per_day: int = Field(default=1, ge=1, le=3)
    no_show_after_minutes: int = Field(default=15, ge=1, le=240)


class ShiftsPolicy(_Policy):
    pattern: str = "three_eights"
    patterns: dict[str, ShiftPattern] = Field(
        default_factory=lambda: {
            "three_eights": ShiftPattern(shifts=[
                ShiftTemplate(name="day", start=time(8), end=time(16)),
                ShiftTemplate(name="evening", start=time(16), end=time(0)),
                ShiftTemplate(name="night", start=time(0), end=time(8)),
            ])
        },
        min_length=1,
    )
    rules: WorkingTimeRules = Field(default_factory=WorkingTimeRules)

    @model_validator(mode="after")
    def _pattern_exists(self) -> ShiftsPolicy:
        if self.pattern not in self.patterns:
            raise ValueError(
                f"pattern {self.pattern!r} is not defined; use one of {sorted(self.patterns)}"
            )
        return self

    @property
    def active_pattern(self) -> ShiftPattern:
        return self.patterns[self.pattern]
