"""A fair first guess, handed to CP-SAT as a hint: fill each shift in time order with whoever
may take it (leave, rest, shifts per day, hours per 7 days) and is furthest below their fair
share of hours, nights and weekend shifts (weighed as the objective weighs them), sparing
wishes. The solver checks every rule and repairs what the
guess gets wrong; a guess that is already fair lets the polish start close to the optimum.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from hotline.roster.generator.model import WEEK, Built, conflicting, overlap_minutes
from hotline.roster.policy import Position

if TYPE_CHECKING:
    from hotline.roster.generator.propose import RosterRequest

NIGHT_HOURS = 8  # a night away from the fair share weighs as much as 8 hours (objective)
WEEKEND_HOURS = 4  # and a weekend shift as much as 4 hours


def guess(built: Built, request: RosterRequest) -> set[tuple[int, int, Position]]:
    """(staff, slot, position) of a roster that staffs each slot as coverage needs."""
    slots, candidates = built.slots, built.part.candidates
    clash: dict[int, set[int]] = defaultdict(set)
    for a, b in conflicting(slots, request.shifts):
        clash[a].add(b)
        clash[b].add(a)
    need: dict[tuple[int, Position], int] = defaultdict(int)
    for d in built.demands:  # a demand over several slots (a DST night) falls to the first
        need[d.slots[0], d.position] = max(need[d.slots[0], d.position], d.need)
    hours = sum(n * slots[i].minutes for (i, _), n in need.items()) / 60
    nights = sum(n for (i, _), n in need.items() if slots[i].night)
    weekends = sum(n for (i, _), n in need.items() if slots[i].weekend)
    free = {c.staff_id: built.free.get(c.staff_id, 0) for c in candidates}
    sleepers = {c.staff_id for c in candidates if not c.preferences.avoid_nights}
    share = {s: hours * f / max(sum(free.values()), 1) for s, f in free.items()}
    weekend_share = {s: weekends * f / max(sum(free.values()), 1) for s, f in free.items()}
    night_share = {
        s: nights * f / max(sum(free[t] for t in sleepers), 1) if s in sleepers else 0
        for s, f in free.items()
    }
    load: dict[int, float] = defaultdict(float)  # hours
    night_load: Counter[int] = Counter()
    weekend_load: Counter[int] = Counter()
    taken: dict[int, list[int]] = defaultdict(list)
    chosen: set[tuple[int, int, Position]] = set()
    for i, position in sorted(need, key=lambda k: (slots[k[0]].start, k[1])):
        slot = slots[i]
        limits = request.shifts.limits(slot.kind)
        week = round(limits.max_hours_per_7_days * 60)
        for _ in range(need[i, position]):
            best: tuple[tuple[bool, float], int] | None = None
            for c in candidates:
                s, mine = c.staff_id, taken[c.staff_id]
                if (s, i, position) not in built.x or i in mine or clash[i].intersection(mine):
                    continue
                same_day = [j for j in mine if slots[j].day == slot.day
                            and slots[j].kind == slot.kind]
                if len(same_day) >= limits.max_shifts_per_day:
                    continue
                recent = sum(overlap_minutes(slots[j].start, slots[j].end, slot.end - WEEK,
                                             slot.end) for j in mine if slots[j].kind == slot.kind)
                if recent + slot.minutes > week:
                    continue
                wish = (c.preferences.avoid_nights and slot.night) or (
                    slot.day.weekday() in c.preferences.days_off)
                behind = (load[s] + slot.minutes / 60 - share[s]) + (
                    NIGHT_HOURS * (night_load[s] + 1 - night_share[s]) if slot.night else 0) + (
                    WEEKEND_HOURS * (weekend_load[s] + 1 - weekend_share[s]) if slot.weekend else 0)
                if best is None or (wish, behind) < best[0]:
                    best = ((wish, behind), s)
            if best is None:
                break
            s = best[1]
            chosen.add((s, i, position))
            taken[s].append(i)
            load[s] += slot.minutes / 60
            night_load[s] += slot.night
            weekend_load[s] += slot.weekend
    return chosen
