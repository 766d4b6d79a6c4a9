"""Why no gap-free roster exists, in words a supervisor can act on.

The gaps themselves come from the relaxed model's best roster; these are the obvious causes
behind them, found by counting (Hall's condition over groups of positions): more staffed
hours needed than the people who may hold them can legally work, or more people needed at
once than are qualified and free. Each claim is a proven bound, never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from math import ceil
from typing import TYPE_CHECKING

from hotline.roster.generator.model import Built, Demand, overlap_minutes
from hotline.roster.policy import Position

if TYPE_CHECKING:
    from hotline.roster.generator.propose import RosterRequest

DAY_SECONDS = 86400


def _label(positions: tuple[Position, ...]) -> str:
    return " and ".join(p.value for p in positions) + (" together" if len(positions) > 1 else "")


def _hours_reason(
    request: RosterRequest, built: Built, group: tuple[Position, ...], demands: list[Demand]
) -> str | None:
    """Staffed hours needed vs. the most the qualified people may work in the period."""
    needed = sum(d.person_hours for d in demands)
    # Standby and on-site work have their own limits; the larger is the safe bound.
    rules = max((request.shifts.limits(request.shifts.kind(p)) for p in group),
                key=lambda r: r.max_hours_per_7_days)
    weeks = ceil((built.until - built.since).total_seconds() / DAY_SECONDS / 7 - 1e-9)
    people = [c for c in built.part.candidates if c.positions & set(group)]
    supply = 0.0
    for c in people:
        pinned = sum(
            overlap_minutes(p.start, p.end, built.since, built.until)
            for p in request.pinned if p.staff_id == c.staff_id
        ) / 60
        usable = sum(built.slots[i].minutes for i in built.allowed.get(c.staff_id, [])) / 60
        supply += max(min(rules.max_hours_per_7_days * weeks - pinned, usable), 0)
    if needed <= supply + 1e-9:
        return None
    if not people:
        return f"{_label(group)}: nobody may hold it, but {needed:g} staffed hours are needed."
    return (
        f"{_label(group)}: {needed:g} staffed hours are needed, but the {len(people)} "
        f"{'person' if len(people) == 1 else 'people'} who may hold it can work at most "
        f"{supply:g} h ({rules.max_hours_per_7_days:g} h in any 7 days each, less leave and "
        "pinned shifts)."
    )


def _at_once_reason(
    request: RosterRequest, built: Built, group: tuple[Position, ...], demands: list[Demand]
) -> str | None:
    """People needed at the same time vs. people qualified and free then."""
    by_slots: dict[tuple[int, ...], int] = defaultdict(int)
    for d in demands:
        by_slots[d.slots] += d.need
    short = []
    for covering, need in by_slots.items():
        free = sum(
            1 for c in built.part.candidates
            if c.positions & set(group)
            and any(i in covering for i in built.allowed.get(c.staff_id, []))
        )
        if free < need:
            start = min(d.first_start for d in demands if d.slots == covering)
            short.append((start, need, free))
    if not short:
        return None
    start, need, free = min(short)
    local = start.astimezone(request.zone).strftime("%Y-%m-%d %H:%M")
    return (
        f"{_label(group)}: {len(short)} shift(s) need more people at once than are qualified "
        f"and free (from {local}: {need} needed, {free} free)."
    )


def reasons(request: RosterRequest, built: Built) -> list[str]:
    """The obvious causes of the gaps, smallest groups of positions first; empty when the
    cause is subtler (rest and daily limits interacting), which the caller then says."""
    found: list[str] = []
    failed: dict[str, list[frozenset[Position]]] = defaultdict(list)
    held = tuple(p for p in Position if p in built.part.positions)
    for size in range(1, len(held) + 1):
        for group in combinations(held, size):
            demands = [d for d in built.demands if d.position in group]
            if not demands:
                continue
            for kind, check in (("hours", _hours_reason), ("at_once", _at_once_reason)):
                if any(f < frozenset(group) for f in failed[kind]):
                    continue
                reason = check(request, built, group, demands)
                if reason:
                    failed[kind].append(frozenset(group))
                    found.append(reason)
    return found
