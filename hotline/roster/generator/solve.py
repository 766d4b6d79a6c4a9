"""How the generator spends its time: every part gets a first gap-free roster before any
part is polished, so a usable roster exists as early as possible; then the parts share the
remaining time, each starting from its first roster. The first roster is a fair guess
(``guess``) checked against every rule, or else the solver's own. Polishing is
lexicographic: that roster, trimmed of every shift coverage does not need, sets how many
hours are staffed, and the fairest roster within that is sought from it. A part with no
gap-free roster (proven, or none found in time) is solved again with coverage relaxed, to
show where it falls short.

With ``RosterRequest.work_limit`` the phases are bounded by the solver's deterministic time
instead of the clock, so a request gives the same roster under any load (tests, the demo).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from time import monotonic
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from hotline.roster.generator.guess import guess
from hotline.roster.generator.model import Built, Demand, Part, Slot, build
from hotline.roster.generator.objective import add_objective
from hotline.roster.policy import Position

if TYPE_CHECKING:
    from hotline.roster.generator.propose import RosterRequest


class _Progress(cp_model.CpSolverSolutionCallback):
    """Notes when each better roster arrives, measured from the start of the call."""

    def __init__(self, started: float, found: list[tuple[float, float]]) -> None:
        super().__init__()
        self.started = started
        self.found = found

    def on_solution_callback(self) -> None:
        self.found.append((monotonic() - self.started, self.objective_value))


@dataclass
class Solved:
    """One part's outcome. ``relaxed`` when coverage had to give way (see ``built.shortfalls``)."""

    built: Built
    status: cp_model.CpSolverStatus  # OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN (strict model)
    solver: cp_model.CpSolver | None = None  # holds the roster, if any was found
    relaxed: bool = False
    first_at: float | None = None  # seconds until the first roster (no objective yet)
    found: list[tuple[float, float]] = field(default_factory=list)  # (seconds, objective)

    @property
    def chosen(self) -> list[tuple[int, int, Position]]:
        """(staff, slot, position) of every placed shift."""
        if self.solver is None:
            return []
        return [key for key, var in self.built.x.items() if self.solver.boolean_value(var)]

    @property
    def objective(self) -> float | None:
        return self.found[-1][1] if self.found and self.solver is not None else None

    @property
    def bound(self) -> float | None:
        """The solver's proven lower bound on the objective (the objective when optimal)."""
        if self.solver is None or not self.found:
            return None
        return float(self.solver.best_objective_bound)

    @property
    def best_at(self) -> float | None:
        """When the returned roster was reached: the first roster if polishing (which starts
        from it) never beat it."""
        if not self.found:
            return self.first_at
        best = self.found[-1][1]
        if best >= self.found[0][1] and self.first_at is not None and not self.relaxed:
            return self.first_at
        return min(t for t, value in self.found if value <= best)


class _Budget:
    """What the search may still spend: seconds of the clock, or deterministic work units.
    The clock's deadline always holds, as a safety net under ``work_limit``."""

    def __init__(self, request: RosterRequest, started: float) -> None:
        self.request = request
        self.deadline = started + request.time_limit_s
        self.used = 0.0

    def left(self) -> float:
        if self.request.work_limit is None:
            return self.deadline - monotonic()
        return self.request.work_limit - self.used

    @property
    def total(self) -> float:
        return self.request.work_limit or self.request.time_limit_s

    def run(
        self, built: Built, amount: float, started: float, found: list[tuple[float, float]],
        *, first_only: bool = False, lns: bool = False, fixed: bool = False,
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        request = self.request
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.num_workers = max(request.workers, 1)
        params.random_seed = request.seed
        params.stop_after_first_solution = first_only
        params.use_lns_only = lns
        params.fix_variables_to_their_hinted_value = fixed
        if request.work_limit is None:
            params.max_time_in_seconds = max(amount, 0.05)
        else:
            params.max_deterministic_time = max(amount, 0.01)
            params.max_time_in_seconds = max(self.deadline - monotonic(), 0.05)
            params.interleave_search = True  # deterministic with several subsolvers
        status = solver.solve(built.model, _Progress(started, found))
        self.used += solver.response_proto.deterministic_time
        return status, solver


def _trimmed(built: Built, solver: cp_model.CpSolver) -> set[tuple[int, int, Position]]:
    """The solver's roster without the shifts coverage does not need, the busiest person's
    first. Dropping a shift breaks no rule, so this is as feasible as the roster was."""
    chosen = {key for key, var in built.x.items() if solver.boolean_value(var)}
    held = Counter((i, position) for _, i, position in chosen)
    load = Counter[int]()
    for staff, i, _ in chosen:
        load[staff] += built.slots[i].minutes
    needs: dict[tuple[int, Position], list[Demand]] = defaultdict(list)
    for demand in built.demands:
        for i in demand.slots:
            needs[i, demand.position].append(demand)

    def spare(i: int, position: Position) -> bool:
        return all(sum(held[j, d.position] for j in d.slots) > d.need
                   for d in needs[i, position])

    for staff, i, position in sorted(chosen, key=lambda k: (-load[k[0]], k)):
        if spare(i, position):
            chosen.remove((staff, i, position))
            held[i, position] -= 1
            load[staff] -= built.slots[i].minutes
    return chosen


def _polish(result: Solved, request: RosterRequest, budget: _Budget, amount: float,
            started: float) -> None:
    """The fairest roster that staffs no more than the first one trimmed of what coverage
    does not need (holding staffing there first makes it the more important aim)."""
    assert result.solver is not None
    built = result.built
    kept = _trimmed(built, result.solver)
    staffed = sum(built.slots[i].minutes for _, i, _ in kept)
    built.model.add(
        cp_model.LinearExpr.weighted_sum(
            list(built.works.values()), [built.slots[i].minutes for _, i in built.works]
        ) <= staffed
    )
    add_objective(built, request, cap=staffed)
    built.model.clear_hints()
    for key, var in built.x.items():
        built.model.add_hint(var, key in kept)
    status, solver = budget.run(built, amount, started, result.found, lns=True)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.status, result.solver = status, solver


def solve(
    request: RosterRequest, parts: Sequence[Part], slots: list[Slot], demands: list[Demand],
    started: float,
) -> tuple[list[Solved], float | None]:
    """Every part's roster, and the time by which all parts had a first gap-free one."""
    budget = _Budget(request, started)
    results: list[Solved] = []
    for part in parts:
        # Without its objective the model finds a first roster many times faster.
        built = build(request, part, slots, demands, soft_coverage=False)
        guessed = guess(built, request)
        for key, var in built.x.items():
            built.model.add_hint(var, key in guessed)
        result = Solved(built, cp_model.UNKNOWN)
        # The guess, checked against every rule, is usually the first roster already.
        status, solver = budget.run(built, budget.left(), started, [], fixed=True)
        if status != cp_model.OPTIMAL:
            status, solver = budget.run(built, budget.left(), started, [], first_only=True)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.status, result.solver = cp_model.FEASIBLE, solver
            result.first_at = monotonic() - started
        else:
            result.status = status
        results.append(result)
    solved = [r for r in results if r.solver is not None]
    first_roster = monotonic() - started if len(solved) == len(results) else None
    # Polish: the remaining time in proportion to size; what a small part leaves unused
    # flows on to the bigger ones after it.
    solved.sort(key=lambda r: len(r.built.x))
    for i, result in enumerate(solved if request.polish else []):
        weight = len(result.built.x) / max(sum(len(r.built.x) for r in solved[i:]), 1)
        amount = budget.left() * weight
        if amount <= 0.05:
            break
        _polish(result, request, budget, amount, started)
    failed = [r for r in results if r.solver is None]
    for i, result in enumerate(failed):
        # Finding the gaps may overrun the limit by a quarter: better late than unexplained.
        amount = max(budget.left(), budget.total / 4) / (len(failed) - i)
        if request.work_limit is not None:
            budget.deadline = max(budget.deadline, monotonic() + request.time_limit_s / 4)
        relaxed = build(request, result.built.part, slots, demands, soft_coverage=True)
        add_objective(relaxed, request)
        status, solver = budget.run(relaxed, amount, started, result.found, lns=True)
        result.built, result.relaxed = relaxed, True
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.solver = solver
    return results, first_roster
