"""Typed forms of ``schedules/coverage.toml`` and ``schedules/shifts.toml``."""

from __future__ import annotations

from datetime import date, time, timedelta
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from hotline.training.policy import TrainingPolicy


class Position(StrEnum):
    operator = "operator"
    crisis_primary = "crisis_primary"
    crisis_backup = "crisis_backup"
    supervisor = "supervisor"


class PositionKind(StrEnum):
    """``on_site``: at a seat, every hour counts as work. ``on_call``: reachable standby; only
    the time actually worked on a call-out counts toward the working-time limit."""

    on_site = "on_site"
    on_call = "on_call"


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


class DateSpan(_Policy):
    """One entry of a dated rule's ``dates``: a day or a range, one-off (``2027-02-06``,
    ``2027-02-06..2027-02-12``) or every year (``06-25``, ``12-31..01-02``)."""

    first: date
    last: date
    yearly: bool

    @classmethod
    def parse(cls, value: object) -> DateSpan:
        if isinstance(value, date):
            return cls(first=value, last=value, yearly=False)
        text = str(value).strip()
        lo, _, hi = text.partition("..")
        hi = hi or lo
        try:
            if len(lo) == len(hi) == 5:  # MM-DD: yearly, read in a leap year so 02-29 exists
                first, last = (date.fromisoformat(f"2000-{x}") for x in (lo, hi))
                return cls(first=first, last=last, yearly=True)
            first, last = date.fromisoformat(lo), date.fromisoformat(hi)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a date: use 2027-02-06, 2027-02-06..2027-02-12, 06-25 "
                "(every year) or 06-23..06-26"
            ) from None
        if last < first:
            raise ValueError(f"{text!r}: the range ends before it starts")
        return cls(first=first, last=last, yearly=False)

    def holds(self, day: date) -> bool:
        if not self.yearly:
            return self.first <= day <= self.last
        key = (day.month, day.day)
        lo, hi = (self.first.month, self.first.day), (self.last.month, self.last.day)
        return lo <= key <= hi if lo <= hi else key >= lo or key <= hi  # may wrap the new year


class CoverageRule(StaffCounts):
    """Staff for some local hours: on weekdays (``days``) or, overriding the weekly table,
    on dates (``dates``). ``from``/``to`` default to the whole day."""

    name: str = ""
    days: list[str] | None = None
    dates: list[DateSpan] | None = None
    start: str = Field(default="00:00", alias="from")
    end: str = Field(default="24:00", alias="to")

    @field_validator("days")
    @classmethod
    def _weekdays(cls, days: list[str] | None) -> list[str] | None:
        if days is not None:
            bad = [d for d in days if d not in WEEKDAYS]
            if bad or not days:
                raise ValueError(f"days must be some of {list(WEEKDAYS)}, got {days}")
        return days

    @field_validator("dates", mode="before")
    @classmethod
    def _dates(cls, dates: object) -> object:
        if dates is None:
            return None
        if not isinstance(dates, list) or not dates:
            raise ValueError("dates must be a non-empty list such as ['2027-02-06', '06-25']")
        return [DateSpan.parse(d) for d in dates]

    @model_validator(mode="after")
    def _hours(self) -> CoverageRule:
        if self.days is not None and self.dates is not None:
            raise ValueError(f"rule {self.name!r}: give days or dates, not both")
        if self.length == 0:
            raise ValueError(f"rule {self.name!r}: from and to are the same hour")
        return self

    @property
    def first_hour(self) -> int:
        return _hour(self.start, allow_24=False)

    @property
    def length(self) -> int:
        """Hours the rule covers from ``from``; 00:00-24:00 is the whole day."""
        last = _hour(self.end, allow_24=True)
        return 24 if (self.first_hour, last) == (0, 24) else (last - self.first_hour) % 24

    def hours_of_week(self) -> list[int]:
        """The hour-of-week indexes (0 = Monday 00:00 local) a weekly rule covers."""
        return [
            (WEEKDAYS.index(day) * 24 + self.first_hour + i) % HOURS_PER_WEEK
            for day in self.days or WEEKDAYS
            for i in range(self.length)
        ]

    def hours_on(self, day: date) -> list[int]:
        """The local hours of ``day`` a dated rule covers: its own, and those that spill
        past midnight from the day before."""
        assert self.dates is not None
        hours: list[int] = []
        spill = self.first_hour + self.length - 24
        if spill > 0 and any(span.holds(day - timedelta(days=1)) for span in self.dates):
            hours += range(spill)
        if any(span.holds(day) for span in self.dates):
            hours += range(self.first_hour, min(self.first_hour + self.length, 24))
        return hours

    def counts(self) -> dict[Position, int]:
        return {p: c for p in Position if (c := getattr(self, p.value)) is not None}


# Years over which two dated rules are compared: every one-off year, plus a leap and a
# common year for the yearly ones.
_CHECK_YEARS = (2027, 2028)


class CoveragePolicy(_Policy):
    """Required staff per position for each local hour: the weekly table of 168 hours, with
    dated rules (holidays, exam-result days, a disaster) overriding it on their days."""

    default: StaffCounts = StaffCounts(operator=2, crisis_primary=1, crisis_backup=1, supervisor=1)
    rule: list[CoverageRule] = Field(default_factory=list)
    _table: dict[Position, tuple[int, ...]] = PrivateAttr(default_factory=dict)
    _days: dict[tuple[Position, date], tuple[int, ...]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _dated_consistent(self) -> CoveragePolicy:
        dated = [(i, r) for i, r in enumerate(self.rule) if r.dates is not None]
        if len(dated) < 2:
            return self
        years = set(_CHECK_YEARS) | {
            y for _, r in dated for s in r.dates or () if not s.yearly
            for y in range(s.first.year, s.last.year + 1)
        }
        for year in sorted(years):
            day = date(year, 1, 1)
            while day.year == year:
                seen: dict[tuple[Position, int], tuple[int, int]] = {}
                for i, rule in dated:
                    for hour in rule.hours_on(day):
                        for position, count in rule.counts().items():
                            other = seen.setdefault((position, hour), (i, count))
                            if other[1] != count:
                                raise ValueError(
                                    f"rule.{other[0]} ({self.rule[other[0]].name!r}) and "
                                    f"rule.{i} ({rule.name!r}) both set {position.value} on "
                                    f"{day.isoformat()} {hour:02d}:00, to {other[1]} and "
                                    f"{count}: make their dates or hours disjoint, or their "
                                    "numbers equal"
                                )
                day += timedelta(days=1)
        return self

    def model_post_init(self, _context: object) -> None:
        table = {p: [getattr(self.default, p.value) or 0] * HOURS_PER_WEEK for p in Position}
        for rule in self.rule:  # later rules win
            if rule.dates is not None:
                continue
            for position, count in rule.counts().items():
                for how in rule.hours_of_week():
                    table[position][how] = count
        self._table = {p: tuple(v) for p, v in table.items()}

    def required(self, position: Position, hour_of_week: int) -> int:
        """The weekly table only; ``required_on`` adds the dated rules."""
        return self._table[position][hour_of_week]

    def week(self, position: Position) -> tuple[int, ...]:
        return self._table[position]

    @property
    def dated(self) -> list[CoverageRule]:
        return [r for r in self.rule if r.dates is not None]

    def day(self, position: Position, day: date) -> tuple[int, ...]:
        """Required staff for each local hour 0-23 of ``day``, dated rules applied."""
        key = (position, day)
        row = self._days.get(key)
        if row is None:
            hours = list(self._table[position][day.weekday() * 24:(day.weekday() + 1) * 24])
            for rule in self.dated:
                count = getattr(rule, position.value)
                if count is not None:
                    for hour in rule.hours_on(day):
                        hours[hour] = count
            row = self._days[key] = tuple(hours)
        return row

    def required_on(self, position: Position, day: date, hour: int) -> int:
        return self.day(position, day)[hour]


class ShiftTemplate(_Policy):
    name: str
    start: time
    end: time  # "24:00" is read as midnight at the end of the day

    @field_validator("end", mode="before")
    @classmethod
    def _midnight(cls, value: object) -> object:
        if isinstance(value, str) and value.partition(":")[0].isdigit() and (
            int(value.partition(":")[0]) > 24 or (value.startswith("24:") and value != "24:00")
        ):
            raise ValueError(
                f"{value!r}: a shift lasts at most 24 h (on-call standby included); give the "
                "local end time of day, e.g. '08:00' for 08:00 the next day"
            )
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
                f"(they cover {total:g} h; a pattern, on-call ones included, is at most 24 h)"
            )
        return self

    @property
    def longest_hours(self) -> float:
        return max(s.hours for s in self.shifts)


class WorkingTimeRules(_Policy):
    """On-site work: every rostered hour is working time."""

    min_rest_hours: float = Field(default=11, ge=0, le=48)
    max_hours_per_7_days: float = Field(default=48, ge=8, le=168)
    max_shifts_per_day: int = Field(default=1, ge=1, le=3)
    no_show_after_minutes: int = Field(default=15, ge=1, le=240)


class OnCallRules(_Policy):
    """On-call standby: reachable, not at a seat. Standby hours have their own limit; only
    call-outs (time worked on an escalation) count toward ``rules.max_hours_per_7_days``."""

    max_hours_per_7_days: float = Field(default=72, ge=8, le=168)
    # Between the end of one on-call shift and the next (standby is not work).
    min_rest_hours: float = Field(default=0, ge=0, le=48)
    max_shifts_per_day: int = Field(default=1, ge=1, le=3)
    # After a call-out in the local night (00:00-06:00), no shift starts within this many
    # hours of the call-out's end.
    rest_after_night_call_out_hours: float = Field(default=11, ge=0, le=48)


class PositionShifts(_Policy):
    kind: PositionKind = PositionKind.on_site
    # The pattern this position is rostered in; empty means the top-level ``pattern``.
    pattern: str = ""


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
    on_call: OnCallRules = Field(default_factory=OnCallRules)
    positions: dict[Position, PositionShifts] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _pattern_exists(self) -> ShiftsPolicy:
        named = [("pattern", self.pattern)] + [
            (f"positions.{p.value}.pattern", ps.pattern)
            for p, ps in self.positions.items() if ps.pattern
        ]
        for key, name in named:
            if name not in self.patterns:
                raise ValueError(
                    f"{key}: pattern {name!r} is not defined; use one of {sorted(self.patterns)}"
                )
        return self

    @property
    def active_pattern(self) -> ShiftPattern:
        return self.patterns[self.pattern]

    def kind(self, position: Position | str) -> PositionKind:
        held = self.positions.get(Position(position))
        return held.kind if held else PositionKind.on_site

    def pattern_name(self, position: Position) -> str:
        held = self.positions.get(position)
        return held.pattern if held and held.pattern else self.pattern

    def pattern_of(self, position: Position) -> ShiftPattern:
        return self.patterns[self.pattern_name(position)]

    def limits(self, kind: PositionKind) -> WorkingTimeRules | OnCallRules:
        return self.on_call if kind == PositionKind.on_call else self.rules


class RosterPolicies(Protocol):
    """What the roster reads of the operating policy: coverage and shift rules, and the
    training mandates that decide who may work alone (``hotline.policies.Policies`` is one)."""

    @property
    def coverage(self) -> CoveragePolicy: ...
    @property
    def shifts(self) -> ShiftsPolicy: ...
    @property
    def trainings(self) -> TrainingPolicy: ...

    def for_centre(self, code: str) -> RosterPolicies:
        """The policies centre ``code`` works under (its ``policy_dir`` overlaid)."""
        ...
