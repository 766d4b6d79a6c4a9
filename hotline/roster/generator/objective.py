"""The roster generator's objective: coverage shortfall first (relaxed model only), then a
fair share of hours, nights and weekends, then preferences, and no staffing beyond what
coverage needs.

Fairness is the distance of each person's load from their fair share, fixed before solving:
the work the part's positions need (a part is everyone who may stand in for one another),
split in proportion to the shifts each is free for, so leave lowers the share instead of
earning extra shifts later. A fixed target makes every single move count, which the local
search finds far faster than a max-minus-min that only its two extremes can change.

All terms are in minutes of work times ``SCALE``, so the weights compare: a night away from
the fair share weighs as much as 8 hours.
"""

from __future__ import annotations

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


def _distance(model: cp_model.CpModel, value: Expr, target: int, upper: int) -> cp_model.IntVar:
    dev = model.new_int_var(0, upper, "dev")
    model.add(dev >= value - target)
    model.add(dev >= target - value)
    return dev


def add_objective(built: Built, request: RosterRequest) -> None:
    """Set the objective on ``built.model``."""
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
    for c in built.part.candidates:
        staff = c.staff_id
        works: list[tuple[Slot, Expr]] = [
            (slots[i], built.works[staff, i])
            for i in built.allowed.get(staff, []) if (staff, i) in built.works
        ]
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
        load = (
            sum(s.minutes * w for s, w in works)
            + sum(overlap_minutes(p.start, p.end, since, until) for p in pinned),
            sum(w for s, w in works if s.night)
            + sum(is_night(p.start, p.end, zone) for p in pinned),
            sum(w for s, w in works if s.weekend)
            + sum(p.start.astimezone(zone).weekday() >= 5 for p in pinned),
        )
        # Each unit more than one shift (night, weekend shift) from the fair share costs
        # five times more: the spread a supervisor sees is set by the outliers.
        for value, total, share, weight, unit in zip(
            load, needed, shares, (1, NIGHT_WEIGHT, WEEKEND_WEIGHT), (longest, 1, 1)
        ):
            dev = _distance(model, SCALE * value, round(SCALE * total * share), upper)
            beyond = model.new_int_var(0, upper, "beyond")
            model.add(beyond >= dev - SCALE * unit)
            terms.append(weight * (dev + OUTLIER_WEIGHT * beyond))
    for demand, short in built.shortfalls:
        terms.append(round(SHORTFALL_WEIGHT * demand.hours) * short)
    model.minimize(sum(terms))
