"""How the generator spends its time: every part gets a first gap-free roster before any
part is polished, so a usable roster exists as early as possible; then the parts share the
remaining time, each starting from its first roster. A part with no gap-free roster (proven,
or none found in time) is solved again with coverage relaxed, to show where it falls short.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from time import monotonic
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

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


def _run(
    built: Built, request: RosterRequest, seconds: float, started: float,
    found: list[tuple[float, float]], *, first_only: bool = False,
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = max(request.workers, 1)
    solver.parameters.random_seed = request.seed
    solver.parameters.stop_after_first_solution = first_only
    solver.parameters.use_lns_only = not first_only
    status = solver.solve(built.model, _Progress(started, found))
    return status, solver


def _hint(built: Built, solver: cp_model.CpSolver) -> None:
    built.model.clear_hints()
    for var in built.x.values():
        built.model.add_hint(var, solver.boolean_value(var))


def solve(
    request: RosterRequest, parts: Sequence[Part], slots: list[Slot], demands: list[Demand],
    started: float,
) -> tuple[list[Solved], float | None]:
    """Every part's roster, and the time by which all parts had a first gap-free one."""
    deadline = started + request.time_limit_s
    results: list[Solved] = []
    for part in parts:
        # Without its objective the model finds a first roster many times faster.
        built = build(request, part, slots, demands, soft_coverage=False)
        result = Solved(built, cp_model.UNKNOWN)
        status, solver = _run(built, request, deadline - monotonic(), started, [], first_only=True)
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
        seconds = (deadline - monotonic()) * weight
        if seconds <= 0.05:
            break
        assert result.solver is not None
        add_objective(result.built, request)
        _hint(result.built, result.solver)
        status, solver = _run(result.built, request, seconds, started, result.found)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.status, result.solver = status, solver
    failed = [r for r in results if r.solver is None]
    for i, result in enumerate(failed):
        # Finding the gaps may overrun the limit by a quarter: better late than unexplained.
        budget = max(deadline - monotonic(), request.time_limit_s / 4) / (len(failed) - i)
        relaxed = build(request, result.built.part, slots, demands, soft_coverage=True)
        add_objective(relaxed, request)
        status, solver = _run(relaxed, request, budget, started, result.found)
        result.built, result.relaxed = relaxed, True
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.solver = solver
    return results, first_roster
