"""The roster generator's objective: coverage shortfall first (relaxed model only), then a
fair share of hours, nights and weekends, then preferences. Staffing beyond what coverage
needs is settled before fairness (``solve`` holds it at its minimum); the relaxed model
weighs it here instead.

Fairness is the distance of each person's load from their fair share, fixed before solving:
the work the part's positions need (a part is everyone who may stand in for one another),
split in proportion to the shifts each is free for, so leave lowers the share instead of
earning extra shifts later. A fixed target makes every single move count, which the local
search finds far faster than a max-minus-min that only its two extremes can change.

All terms are in minutes of work times ``SCALE``, so the weights compare: a night away from
the fair share weighs as much as 8 hours.

The linear relaxation alone would let every load sit exactly on its share, a bound of zero.
But loads move in whole shifts (8 h, one night), so each person's distance from a share
that falls between two steps is at least the distance to the nearer step: that arithmetic
is the lower end of each distance's domain. When staffing is held at exactly what coverage
needs, the steps must also add up to the part's total (84 nights cannot all round down), and
the cheapest way to share that total out (a greedy on convex costs, exact) bounds each
measure's sum. Both are constraints of the model, so the solver's proven bound has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from hotline.roster.generator.model import Built, Slot, is_night, overlap_minutes

if TYPE_CHECKING:
    from hotline.roster.generator.propose import RosterRequest

SCALE = 12
NIGHT_WEIGHT = 480  # one night away from the fair share ~ 8 h away
WEEKEND_WEIGHT = 240
PREFERENCE_WEIGHT = 960  # a wish (no nights, a day off) outweighs a night of fairness
# Per minute worked: more than an extra 8-hour shift could ever win back in fairness
# (5 x 480 for hours, 5 x 480 for a night, 5 x 240 for a weekend), so nobody is added
# beyond the requirement just to even out loads.
STAFFING_WEIGHT = 16
OUTLIER_WEIGHT = 4  # extra, per unit beyond one shift from the fair share
SHORTFALL_WEIGHT = 1_000_000  # per missing person-hour; dwarfs every other term

Expr = cp_model.LinearExprT


def _work(built: Built, request: RosterRequest) -> tuple[float, float, float]:
    """Minutes, nights and weekend shifts the part's people share in the period: what its
    positions still need plus what they already hold (pinned)."""
    people = {c.staff_id for c in built.part.candidates}
    minutes = nights = weekends = 0.0
    for d in built.demands:
        if len(d.slots) == 1:
            slot = built.slots[d.slots[0]]
            minutes += d.need * slot.minutes
            nights += d.need * slot.night
            weekends += d.need * slot.weekend
        else:
            minutes += d.person_hours * 60
    for p in request.pinned:
        if p.staff_id in people and p.end > built.since and p.start < built.until:
            minutes += overlap_minutes(p.start, p.end, built.since, built.until)
            nights += is_night(p.start, p.end, request.zone)
            weekends += p.start.astimezone(request.zone).weekday() >= 5
    return minutes, nights, weekends


def _nearest(target: int, offset: int, step: int, most: int) -> int:
    """How close ``offset + step * k`` (whole steps, ``0 <= k <= most``) can come to
    ``target``: no roster brings that load closer to its share."""
    k = min(max(int((target - offset) // step), 0), most) if step else 0
    return min(abs(offset + step * n - target) for n in {k, min(k + 1, most)})


@dataclass(frozen=True)
class _Ladder:
    """One person's load in one measure as arithmetic sees it: ``offset + step * k`` for
    whole ``k`` up to ``most``, and what each rung costs in the objective."""

    target: int
    offset: int
    step: int
    most: int
    weight: int
    unit: int

    def cost(self, k: int) -> int:
        dev = abs(self.offset + self.step * k - self.target)
        return self.weight * (dev + OUTLIER_WEIGHT * max(dev - self.unit, 0))

    def best(self) -> int:
        k = int((self.target - self.offset) // self.step)
        return min({min(max(n, 0), self.most) for n in (k, k + 1)}, key=self.cost)


def _cheapest(ladders: list[_Ladder], steps: int) -> int | None:
    """The least total cost of rungs that add up to ``steps``: each from its own best, then
    the cheapest single moves (costs are convex, so this greedy is exact). None when
    the steps cannot be placed at all."""
    if not 0 <= steps <= sum(r.most for r in ladders):
        return None
    ks = [r.best() for r in ladders]
    while (diff := steps - sum(ks)) != 0:
        move = 1 if diff > 0 else -1
        i = min((i for i, r in enumerate(ladders) if 0 <= ks[i] + move <= r.most),
                key=lambda i: ladders[i].cost(ks[i] + move) - ladders[i].cost(ks[i]))
        ks[i] += move
    return sum(r.cost(k) for r, k in zip(ladders, ks, strict=True))


def _distance(model: cp_model.CpModel, value: Expr, target: int, upper: int,
              least: int = 0) -> cp_model.IntVar:
    dev = model.new_int_var(least, max(upper, least), "dev")
    model.add(dev >= value - target)
    model.add(dev >= target - value)
    return dev


def _exact_steps(built: Built, cap: int | None) -> tuple[int, int, int] | None:
    """Minutes, nights and weekend shifts the new shifts staff, when they are fixed: every
    demand lies in one slot and staffing is capped at exactly what those demands need."""
    if cap is None or any(len(d.slots) != 1 for d in built.demands):
        return None
    placed = [(built.slots[d.slots[0]], d.need) for d in built.demands]
    if cap != sum(slot.minutes * need for slot, need in placed):
        return None
    return (cap, sum(need for slot, need in placed if slot.night),
            sum(need for slot, need in placed if slot.weekend))


def add_objective(built: Built, request: RosterRequest, *, cap: int | None = None) -> None:
    """Set the objective on ``built.model``. ``cap``: the staffed minutes the caller holds
    the model to (staffing settled first); without it every staffed minute counts."""
    model, slots, zone = built.model, built.slots, request.zone
    since, until = built.since, built.until
    needed = _work(built, request)
    free_in_part = sum(built.free.values())
    # Nights are shared among those who do not avoid them: a wish is not unfair to others.
    free_for_nights = sum(
        built.free.get(c.staff_id, 0)
        for c in built.part.candidates if not c.preferences.avoid_nights
    )
    upper = SCALE * sum(s.minutes for s in slots) * 2
    longest = max(s.minutes for s in slots)
    terms: list[Expr] = []
    ladders: tuple[list[_Ladder], ...] = ([], [], [])
    costs: tuple[list[Expr], ...] = ([], [], [])
    for c in built.part.candidates:
        staff = c.staff_id
        works: list[tuple[Slot, Expr]] = [
            (slots[i], built.works[staff, i])
            for i in built.allowed.get(staff, []) if (staff, i) in built.works
        ]
        if cap is None:
            terms.append(STAFFING_WEIGHT * SCALE * sum(s.minutes * w for s, w in works))
        prefs = c.preferences
        misses = [
            w for s, w in works
            if (prefs.avoid_nights and s.night) or s.day.weekday() in prefs.days_off
        ]
        terms.append(PREFERENCE_WEIGHT * SCALE * sum(misses))
        if not works:
            continue
        free = built.free.get(staff, 0)
        shares = (
            free / max(free_in_part, 1),
            0 if prefs.avoid_nights else free / max(free_for_nights, 1),
            free / max(free_in_part, 1),
        )
        pinned = [
            p for p in request.pinned if p.staff_id == staff and p.end > since and p.start < until
        ]
        fixed = (
            sum(overlap_minutes(p.start, p.end, since, until) for p in pinned),
            sum(is_night(p.start, p.end, zone) for p in pinned),
            sum(p.start.astimezone(zone).weekday() >= 5 for p in pinned),
        )
        load = (
            sum(s.minutes * w for s, w in works) + fixed[0],
            sum(w for s, w in works if s.night) + fixed[1],
            sum(w for s, w in works if s.weekend) + fixed[2],
        )
        minutes = [s.minutes for s, _ in works]
        step = gcd(*minutes)  # every load of hours is a whole number of these
        steps = (  # (step, how many at most) by which each load can grow
            (step, sum(minutes) // step),
            (1, sum(1 for s, _ in works if s.night)),
            (1, sum(1 for s, _ in works if s.weekend)),
        )
        # Each unit more than one shift (night, weekend shift) from the fair share costs
        # five times more: the spread a supervisor sees is set by the outliers.
        for value, total, share, weight, unit, offset, (size, most), ladder, cost in zip(
            load, needed, shares, (1, NIGHT_WEIGHT, WEEKEND_WEIGHT), (longest, 1, 1),
            fixed, steps, ladders, costs, strict=True,
        ):
            target = round(SCALE * total * share)
            least = _nearest(target, SCALE * offset, SCALE * size, most)
            dev = _distance(model, SCALE * value, target, upper, least)
            beyond = model.new_int_var(max(least - SCALE * unit, 0), upper, "beyond")
            model.add(beyond >= dev - SCALE * unit)
            cost.append(weight * (dev + OUTLIER_WEIGHT * beyond))
            ladder.append(_Ladder(target, SCALE * offset, SCALE * size, most, weight,
                                  SCALE * unit))
    exact = _exact_steps(built, cap) or (None, None, None)
    for ladder, cost, total in zip(ladders, costs, exact, strict=True):
        size = ladder[0].step if ladder else 0
        least_total = None
        if total is not None and ladder and all(r.step == size for r in ladder) and (
                total * SCALE % size == 0):
            least_total = _cheapest(ladder, total * SCALE // size)
        if least_total is None:
            terms += cost
            continue
        # A variable of its own, so its lower end is part of the objective's proven bound.
        summed = model.new_int_var(least_total, max(least_total, upper * len(cost)), "measure")
        model.add(summed == sum(cost))
        terms.append(summed)
    for demand, short in built.shortfalls:
        terms.append(round(SHORTFALL_WEIGHT * demand.hours) * short)
    model.minimize(sum(terms))
