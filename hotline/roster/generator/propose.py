"""Roster generator: propose a gap-free, rule-abiding, fair roster with OR-Tools CP-SAT.

Pure and synchronous: a :class:`RosterRequest` in, a :class:`RosterProposal` out, no database
and no clock beyond the solver's time limit (callers run it in a thread pool). Coverage and the
working-time rules are hard; fairness, preferences and not over-staffing are the objective.
When no gap-free roster exists the proposal says where and why instead of failing silently:
the best roster a relaxed model finds, the coverage gaps it leaves, and the obvious reasons.

The model lives in ``model`` (slots, variables, hard rules), the objective in ``objective``,
the use of time in ``solve``, the explanation in ``explain`` and the workload figures in
``workload``; the package's ``__init__`` names what callers use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from time import monotonic
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from hotline.roster import capacity, coverage
from hotline.roster.generator.explain import reasons
from hotline.roster.generator.model import (
    Slot,
    coverage_demands,
    place_slots,
    position_spans,
    split,
)
from hotline.roster.generator.solve import Solved, solve
from hotline.roster.generator.workload import FairnessSpread, Workload, fairness, workloads
from hotline.roster.policy import CoveragePolicy, Position, ShiftsPolicy
from hotline.roster.rules import WorkedSpan
from hotline.roster.wallclock import at


@dataclass(frozen=True)
class Preferences:
    """Soft wishes of one person; honoured when coverage and fairness allow."""

    avoid_nights: bool = False
    days_off: frozenset[int] = frozenset()  # local weekdays, 0 = Monday


@dataclass(frozen=True)
class Candidate:
    """A person the generator may place. The caller decides ``positions`` from the roles
    (``rules.eligible_positions``) and passes approved leave as UTC ``unavailable`` intervals."""

    staff_id: int
    positions: frozenset[Position]
    unavailable: tuple[tuple[datetime, datetime], ...] = ()
    preferences: Preferences = Preferences()


@dataclass(frozen=True)
class PinnedShift:
    """An existing shift that stays. Counts towards coverage and towards its holder's
    working-time rules; pass the shifts of the week before the period too, for rest and
    the 7-day limit."""

    staff_id: int
    position: Position
    start: datetime
    end: datetime


@dataclass(frozen=True)
class RosterRequest:
    """Roster the pattern shifts starting on local days ``first_day``..``last_day``."""

    first_day: date
    last_day: date
    zone: ZoneInfo
    coverage: CoveragePolicy
    shifts: ShiftsPolicy
    candidates: Sequence[Candidate]
    pinned: Sequence[PinnedShift] = ()
    # Call-outs already worked (the week before and during the period): working time, and
    # the rest owed after a night call-out.
    worked: Sequence[WorkedSpan] = ()
    # Bounds the search for a gap-free roster. When none is found in time, up to a quarter
    # more is spent finding where the gaps are.
    time_limit_s: float = 30.0
    # False: stop at the first gap-free roster (no fairness polishing).
    polish: bool = True
    workers: int = 2
    seed: int = 0
    # Deterministic work units (the solver's own measure, about a second each on an idle
    # core) instead of seconds: the same roster under any load. ``time_limit_s`` still caps
    # the wall time as a safety net. For tests and the demo.
    work_limit: float | None = None


class RosterStatus(StrEnum):
    optimal = "optimal"  # gap-free, and no fairer roster exists
    feasible = "feasible"  # gap-free, possibly not the fairest
    infeasible = "infeasible"  # proven: no gap-free roster; ``gaps`` and ``reasons`` say why
    unknown = "unknown"  # none found in time; ``shifts`` is the best effort, with ``gaps``


@dataclass(frozen=True)
class ProposedShift:
    staff_id: int
    position: Position
    start: datetime  # UTC
    end: datetime  # UTC
    template: str  # the pattern shift's name; "" for a pinned shift
    pinned: bool = False


@dataclass(frozen=True)
class RosterProposal:
    status: RosterStatus
    # The whole roster for [since, until): new shifts and the pinned ones (``pinned=True``).
    shifts: list[ProposedShift]
    since: datetime
    until: datetime
    gaps: list[coverage.CoverageGap] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # The capacity check's proven shortages (``status`` infeasible before any search).
    shortfalls: list[capacity.Shortfall] = field(default_factory=list)
    fairness: list[FairnessSpread] = field(default_factory=list)
    workload: dict[int, Workload] = field(default_factory=dict)
    # Fairness and wishes, summed over the parts (staffing is held at its minimum first; a
    # part solved with coverage relaxed also counts its shortfall and staffing).
    objective: float | None = None
    bound: float | None = None  # the solver's proven lower bound on the objective
    first_solution_s: float | None = None  # wall time until a first gap-free roster existed
    best_solution_s: float | None = None  # until the returned roster was found
    wall_s: float = 0.0  # the whole call

    @property
    def gap_free(self) -> bool:
        return self.status in (RosterStatus.optimal, RosterStatus.feasible) and not self.gaps

    @property
    def new_shifts(self) -> list[ProposedShift]:
        return [s for s in self.shifts if not s.pinned]


_SUBTLE = {
    RosterStatus.infeasible: (
        "No roster meets every coverage requirement within the working-time rules (rest, hours "
        "in any 7 days, shifts per day) with these people, leave and pinned shifts; the gaps "
        "shown are the fewest the rules allow."
    ),
    RosterStatus.unknown: (
        "No gap-free roster was found within {limit:g} s (none was proven impossible either); "
        "the gaps are those of the best roster found. Try a longer time limit."
    ),
}
_SUBTLE[RosterStatus.optimal] = _SUBTLE[RosterStatus.feasible] = "Internal error: gaps remain."


def _proposed(results: list[Solved], request: RosterRequest, since: datetime,
              until: datetime) -> list[ProposedShift]:
    chosen = [
        ProposedShift(staff, position, slot.start, slot.end, slot.template)
        for result in results
        for staff, index, position in result.chosen
        for slot in (result.built.slots[index],)
    ]
    kept = [
        ProposedShift(p.staff_id, p.position, p.start, p.end, "", pinned=True)
        for p in request.pinned
        if p.end > since and p.start < until
    ]
    return sorted(chosen + kept, key=lambda s: (s.start, s.position, s.staff_id))


def _status(results: list[Solved]) -> RosterStatus:
    if any(r.relaxed for r in results):
        proven = any(r.status == cp_model.INFEASIBLE for r in results)
        return RosterStatus.infeasible if proven else RosterStatus.unknown
    if all(r.status == cp_model.OPTIMAL for r in results):
        return RosterStatus.optimal
    return RosterStatus.feasible


def _total(values: list[float | None]) -> float | None:
    """The sum over parts, or None when any part has no value."""
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _gaps(shifts: list[ProposedShift], request: RosterRequest,
          slots: list[Slot]) -> list[coverage.CoverageGap]:
    """Coverage gaps of each position over the time its pattern rosters."""
    gaps = []
    spans = position_spans(slots, request.shifts, request.first_day, request.zone)
    for position, (since, until) in spans.items():
        gaps += coverage.analyse(shifts, request.coverage, since, until, request.zone,
                                 positions=(position,)).gaps
    return sorted(gaps, key=lambda g: (g.start, list(Position).index(g.position)))


def generate(request: RosterRequest) -> RosterProposal:
    """Propose a roster for the request's days. Never raises for an impossible roster: the
    status says whether it is gap-free, and ``gaps``/``reasons`` explain when it is not.
    A roster the capacity check proves impossible is answered at once, before any search."""
    started = monotonic()
    if request.last_day < request.first_day:
        raise ValueError("last_day is before first_day")
    slots = place_slots(request.first_day, request.last_day, request.shifts, request.zone)
    since, until = at(request.first_day, time(0), request.zone), max(s.end for s in slots)
    demands = coverage_demands(slots, request)
    parts = split(request.candidates, {d.position for d in demands})
    short = capacity.shortfalls(request, slots, parts)
    if short:
        shifts = _proposed([], request, since, until)
        return RosterProposal(
            status=RosterStatus.infeasible, shifts=shifts, since=since, until=until,
            gaps=_gaps(shifts, request, slots),
            reasons=[s.describe(request.zone) for s in short], shortfalls=short,
            workload=workloads(shifts, request, since, until), wall_s=monotonic() - started,
        )
    results, first_roster = solve(request, parts, slots, demands, started)
    status = _status(results)
    shifts = _proposed(results, request, since, until)
    gaps = _gaps(shifts, request, slots)
    explained = [line for r in results if r.relaxed for line in reasons(request, r.built)]
    if gaps and not explained:
        explained = [_SUBTLE[status].format(limit=request.time_limit_s)]
    loads = workloads(shifts, request, since, until)
    objectives = [r.objective for r in results]
    finals = [r.best_at for r in results]
    return RosterProposal(
        status=status,
        shifts=shifts,
        since=since,
        until=until,
        gaps=gaps,
        reasons=explained,
        fairness=fairness(loads, request, since, until),
        workload=loads,
        objective=_total(objectives),
        bound=_total([r.bound for r in results]),
        first_solution_s=first_roster,
        best_solution_s=max(f for f in finals if f is not None) if None not in finals else None,
        wall_s=monotonic() - started,
    )
