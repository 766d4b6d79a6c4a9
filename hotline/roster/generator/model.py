"""The roster generator's CP-SAT model: one boolean per (person, pattern shift, position)
and the hard rules (coverage, one position per shift, shifts per day, rest, hours per 7 days,
leave). Times are real UTC instants placed by ``wallclock.span``, so a daylight-saving night
is simply a 7- or 9-hour slot and coverage stays exact.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from hotline.roster.coverage import local_hour_starts, required_at
from hotline.roster.policy import Position, PositionKind, ShiftsPolicy
from hotline.roster.rules import night_call_outs
from hotline.roster.wallclock import at, span

if TYPE_CHECKING:
    from hotline.roster.generator.propose import Candidate, PinnedShift, RosterRequest

WEEK = timedelta(days=7)
NIGHT = (time(0), time(6))  # a shift touching these local hours is a night shift


@dataclass(frozen=True)
class Slot:
    """One pattern shift placed on one local day."""

    index: int
    day: date
    template: str
    start: datetime
    end: datetime
    night: bool
    weekend: bool
    pattern: str = ""
    kind: PositionKind = PositionKind.on_site

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds()) // 60


@dataclass(frozen=True)
class Demand:
    """People still needed in ``position`` (beyond pinned shifts) during hours that exactly
    the ``slots`` cover. ``hours`` is how long they last; ``person_hours`` the staffed hours
    they need (need per piece times its length)."""

    position: Position
    slots: tuple[int, ...]
    need: int
    hours: float
    person_hours: float
    first_start: datetime


@dataclass(frozen=True)
class Part:
    """People who may stand in for one another and the positions they share. No rule links
    two parts, so each is solved on its own: far faster than one model for everyone."""

    positions: frozenset[Position]
    candidates: tuple[Candidate, ...]


def split(candidates: Sequence[Candidate], needed: Iterable[Position]) -> list[Part]:
    """Group positions linked by someone who may hold both, with their people; a needed
    position nobody may hold is a part of its own, with nobody."""
    team = {p: frozenset({p}) for p in Position}
    for c in candidates:
        if c.positions:
            merged = frozenset().union(*(team[p] for p in c.positions))
            for p in merged:
                team[p] = merged
    people: dict[frozenset[Position], list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.positions:
            people[team[next(iter(c.positions))]].append(c)
    for p in needed:
        people.setdefault(team[p], [])
    return [Part(positions, tuple(members)) for positions, members in people.items()]


@dataclass
class Built:
    model: cp_model.CpModel
    part: Part
    slots: list[Slot]
    since: datetime
    until: datetime
    demands: list[Demand]
    x: dict[tuple[int, int, Position], cp_model.IntVar] = field(default_factory=dict)
    # (staff, slot) -> 1 when the person works that slot in any position
    works: dict[tuple[int, int], cp_model.LinearExpr] = field(default_factory=dict)
    allowed: dict[int, list[int]] = field(default_factory=dict)  # staff -> usable slots
    free: dict[int, int] = field(default_factory=dict)  # staff -> slots not on leave
    holders: dict[tuple[int, Position], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (slot, position) -> the variables of everyone who may hold it
    shortfalls: list[tuple[Demand, cp_model.IntVar]] = field(default_factory=list)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def overlap_minutes(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> int:
    seconds = (min(a_end, b_end) - max(a_start, b_start)).total_seconds()
    return max(int(seconds) // 60, 0)


def is_night(start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    """Whether the shift touches local 00:00-06:00 on the day it starts or the next."""
    first = start.astimezone(zone).date()
    return any(
        overlaps(start, end, at(day, NIGHT[0], zone), at(day, NIGHT[1], zone))
        for day in (first, first + timedelta(days=1))
    )


def place_slots(
    first_day: date, last_day: date, shifts: ShiftsPolicy, zone: ZoneInfo,
    positions: Iterable[Position] = tuple(Position),
) -> list[Slot]:
    """Every shift of the positions' patterns starting on a local day of the period,
    earliest first, and those of the day before that reach into its first day (a 20:00-08:00
    standby covers the first morning). Each pattern tiles [its first start, its last end)
    because it covers each day exactly once; an on-call pattern has on-call slots."""
    kinds: dict[str, PositionKind] = {}
    for position in positions:
        kinds.setdefault(shifts.pattern_name(position), shifts.kind(position))
    midnight = at(first_day, time(0), zone)
    placed = []
    for name, kind in kinds.items():
        day = first_day - timedelta(days=1)
        while day <= last_day:
            for template in shifts.patterns[name].shifts:
                start, end = span(day, template.start, template.end, zone)
                if end > midnight:
                    placed.append((start, end, name, day, template.name, kind))
            day += timedelta(days=1)
    placed.sort()
    return [
        Slot(i, day, template, start, end, is_night(start, end, zone), day.weekday() >= 5,
             pattern, kind)
        for i, (start, end, pattern, day, template, kind) in enumerate(placed)
    ]


def position_spans(slots: Sequence[Slot], shifts: ShiftsPolicy, first_day: date,
                   zone: ZoneInfo) -> dict[Position, tuple[datetime, datetime]]:
    """The time this period rosters for each position: from its first local midnight to
    the end of its pattern's last shift (an on-call night runs into the morning after)."""
    midnight = at(first_day, time(0), zone)
    ends: dict[str, datetime] = {}
    for s in slots:
        ends[s.pattern] = max(ends.get(s.pattern, s.end), s.end)
    return {p: (midnight, ends[shifts.pattern_name(p)]) for p in Position
            if shifts.pattern_name(p) in ends}


def coverage_demands(slots: Sequence[Slot], request: RosterRequest) -> list[Demand]:
    """Coverage per local hour, folded into one demand per (position, covering slots).

    Each position's span is cut at every local hour start and every shift boundary; within
    each piece the set of covering slots (of the position's pattern) and the pinned count
    are constant, so requiring ``sum(covering) >= required - pinned`` on every piece is
    exactly gap-freedom.
    """
    since, until = slots[0].start, max(s.end for s in slots)
    pinned = [p for p in request.pinned if overlaps(p.start, p.end, since, until)]
    cuts = set(local_hour_starts(since, until, request.zone)) | {since, until}
    items: list[Slot | PinnedShift] = [*slots, *pinned]
    for item in items:
        cuts.update(t for t in (item.start, item.end) if since < t < until)
    ordered = sorted(cuts)
    spans = position_spans(slots, request.shifts, request.first_day, request.zone)
    folded: dict[tuple[Position, tuple[int, ...]], Demand] = {}
    for lo, hi in pairwise(ordered):
        here = [s for s in slots if s.start <= lo and s.end >= hi]
        for position, (first, last) in spans.items():
            if lo < first or hi > last:
                continue
            held = sum(
                1 for p in pinned if p.position == position and p.start <= lo and p.end >= hi
            )
            need = required_at(request.coverage, position, lo, request.zone) - held
            if need <= 0:
                continue
            pattern = request.shifts.pattern_name(position)
            covering = tuple(s.index for s in here if s.pattern == pattern)
            key = (position, covering)
            hours = (hi - lo).total_seconds() / 3600
            old = folded.get(key)
            folded[key] = Demand(
                position, covering, max(need, old.need if old else 0),
                hours + (old.hours if old else 0),
                need * hours + (old.person_hours if old else 0), old.first_start if old else lo,
            )
    return list(folded.values())


def rest_between(a: PositionKind, b: PositionKind, shifts: ShiftsPolicy) -> timedelta:
    """Rest one person needs between two shifts: the on-site rule between on-site work, the
    on-call rule when either is standby."""
    if a == b == PositionKind.on_site:
        return timedelta(hours=shifts.rules.min_rest_hours)
    return timedelta(hours=shifts.on_call.min_rest_hours)


def _conflicting_pairs(slots: Sequence[Slot], shifts: ShiftsPolicy) -> list[tuple[int, int]]:
    """Slot pairs one person cannot both work: they overlap or leave too little rest."""
    pairs = []
    longest = max(rest_between(a, b, shifts) for a in PositionKind for b in PositionKind)
    firsts = [s.start for s in slots]
    for a in slots:
        # Slots are sorted by start and last at most a day: only a short run can conflict.
        hi = bisect_left(firsts, a.end + longest + timedelta(seconds=1))
        for b in slots[a.index + 1:hi]:
            rest = rest_between(a.kind, b.kind, shifts)
            if (
                overlaps(a.start, a.end, b.start, b.end)
                or timedelta(0) <= b.start - a.end < rest
                or timedelta(0) <= a.start - b.end < rest
            ):
                pairs.append((a.index, b.index))
    return pairs


def _blocked(slot: Slot, busy: Iterable[tuple[datetime, datetime, PositionKind]],
             shifts: ShiftsPolicy) -> bool:
    for start, end, kind in busy:
        rest = rest_between(slot.kind, kind, shifts)
        if (overlaps(slot.start, slot.end, start, end)
                or timedelta(0) <= slot.start - end < rest
                or timedelta(0) <= start - slot.end < rest):
            return True
    return False


def _week_windows(
    slots: Sequence[Slot], starts: Iterable[datetime]
) -> dict[datetime, tuple[tuple[int, int], ...]]:
    """For each 7-day window start: the (slot, minutes inside the window) it holds. Slots
    are sorted by start and last under two days, so only a short run needs checking."""
    firsts = [s.start for s in slots]
    windows = {}
    for start in starts:
        end = start + WEEK
        lo, hi = bisect_left(firsts, start - timedelta(days=2)), bisect_left(firsts, end)
        windows[start] = tuple(
            (s.index, m) for s in slots[lo:hi] if (m := overlap_minutes(s.start, s.end, start, end))
        )
    return windows


def _window_starts(items: Iterable[Slot | PinnedShift]) -> set[datetime]:
    """The busiest 7-day window starts at a shift start or ends at a shift end."""
    return {t for i in items for t in (i.start, i.end - WEEK)}


def _add_person(
    built: Built, request: RosterRequest, staff: int, positions: frozenset[Position],
    usable: list[int], pinned: Sequence[PinnedShift], conflicts: Sequence[tuple[int, int]],
    weeks: dict[datetime, tuple[tuple[int, int], ...]],
) -> None:
    model, slots, policy = built.model, built.slots, request.shifts
    for index in usable:
        choices = []
        for position in sorted(positions):
            if policy.pattern_name(position) != slots[index].pattern:
                continue
            var = model.new_bool_var(f"x_{staff}_{index}_{position.value}")
            built.x[staff, index, position] = var
            built.holders[index, position].append(var)
            choices.append(var)
        if len(choices) > 1:
            model.add_at_most_one(choices)
        if choices:
            built.works[staff, index] = cp_model.LinearExpr.sum(choices)
    mine = {i for i in usable if (staff, i) in built.works}
    for a, b in conflicts:
        if a in mine and b in mine:
            model.add(built.works[staff, a] + built.works[staff, b] <= 1)
    per_day: dict[tuple[date, PositionKind], list[int]] = defaultdict(list)
    for index in sorted(mine):
        per_day[slots[index].day, slots[index].kind].append(index)
    for (day, kind), indexes in per_day.items():
        held = sum(1 for p in pinned if p.start.astimezone(request.zone).date() == day
                   and policy.kind(p.position) == kind)
        limit_per_day = policy.limits(kind).max_shifts_per_day
        if len(indexes) + held > limit_per_day:
            model.add(sum(built.works[staff, i] for i in indexes) <= limit_per_day - held)
    windows = dict(weeks)
    if pinned:  # the windows starting or ending at a pinned shift matter to this person only
        windows.update(_week_windows(slots, _window_starts(pinned) - weeks.keys()))
    worked = [(w.start, w.end) for w in request.worked if w.staff_id == staff]
    for kind in PositionKind:
        # On-site slots and call-outs are working time; on-call standby has its own limit.
        limit = round(policy.limits(kind).max_hours_per_7_days * 60)
        fixed_spans = [(p.start, p.end) for p in pinned if policy.kind(p.position) == kind]
        if kind == PositionKind.on_site:
            fixed_spans += worked
        seen: set[tuple[tuple[int, int], ...]] = set()
        for start, inside in sorted(windows.items()):
            terms = tuple((i, m) for i, m in inside if i in mine and slots[i].kind == kind)
            fixed = sum(overlap_minutes(a, b, start, start + WEEK) for a, b in fixed_spans)
            key = (*terms, (-1, fixed))
            if not terms or sum(m for _, m in terms) + fixed <= limit or key in seen:
                continue
            seen.add(key)
            model.add(sum(m * built.works[staff, i] for i, m in terms) <= limit - fixed)


_Frame = tuple[list[tuple[int, int]], dict[datetime, tuple[tuple[int, int], ...]]]
_FRAMES: dict[tuple, _Frame] = {}


def _frame(slots: list[Slot], policy: ShiftsPolicy) -> _Frame:
    """What depends on the slots and rests alone, built once for all parts of a request."""
    key = (tuple(slots), policy.rules.min_rest_hours, policy.on_call.min_rest_hours)
    frame = _FRAMES.get(key)
    if frame is None:
        frame = (_conflicting_pairs(slots, policy), _week_windows(slots, _window_starts(slots)))
        _FRAMES.clear()  # the last request's is enough (a race only costs a rebuild)
        _FRAMES[key] = frame
    return frame


def conflicting(slots: list[Slot], policy: ShiftsPolicy) -> list[tuple[int, int]]:
    """Slot pairs one person cannot both work (overlap or too little rest)."""
    return _frame(slots, policy)[0]


def build(
    request: RosterRequest, part: Part, slots: list[Slot], demands: Sequence[Demand], *,
    soft_coverage: bool,
) -> Built:
    """The model of one part with every hard rule. With ``soft_coverage`` a coverage
    shortfall is allowed but counted (``built.shortfalls``), so an impossible roster still
    gets a best effort."""
    mine = [d for d in demands if d.position in part.positions]
    built = Built(
        cp_model.CpModel(), part, slots, slots[0].start, max(s.end for s in slots), mine
    )
    policy = request.shifts
    conflicts, weeks = _frame(slots, policy)
    pinned_by: dict[int, list[PinnedShift]] = defaultdict(list)
    for p in request.pinned:
        pinned_by[p.staff_id].append(p)
    after_night = timedelta(hours=policy.on_call.rest_after_night_call_out_hours)
    night_ends: dict[int, list[datetime]] = defaultdict(list)
    for w in request.worked:
        for end in night_call_outs([w], request.zone):
            night_ends[w.staff_id].append(end)
    for candidate in part.candidates:
        pinned = pinned_by.get(candidate.staff_id, [])
        free = [
            s for s in slots
            if not any(overlaps(s.start, s.end, a, b) for a, b in candidate.unavailable)
        ]
        busy = [(p.start, p.end, policy.kind(p.position)) for p in pinned]
        ends = night_ends.get(candidate.staff_id, [])
        usable = [s.index for s in free if not _blocked(s, busy, policy)
                  and not any(timedelta(0) <= s.start - e < after_night for e in ends)]
        built.free[candidate.staff_id] = len(free)
        built.allowed[candidate.staff_id] = usable
        if candidate.positions:
            _add_person(
                built, request, candidate.staff_id, candidate.positions, usable, pinned,
                conflicts, weeks,
            )
    for demand in mine:
        staffed = [v for i in demand.slots for v in built.holders[i, demand.position]]
        if soft_coverage:
            short = built.model.new_int_var(0, demand.need, f"short_{len(built.shortfalls)}")
            built.shortfalls.append((demand, short))
            built.model.add(sum(staffed) + short >= demand.need)
        elif staffed:
            built.model.add(sum(staffed) >= demand.need)
        else:  # nobody at all may fill it: the strict model is infeasible, as it should be
            built.model.add_bool_or([])
    return built
