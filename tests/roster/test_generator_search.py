"""How the generator searches: the whole-shift arithmetic behind its proven bound (checked
against brute force), a small roster proven fairest, and the same roster under any load when
deterministic work bounds the search."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from hotline.roster.generator import RosterStatus, generate
from hotline.roster.generator.objective import _cheapest, _Ladder, _nearest
from tests.roster.test_generator import MONDAY, SAFETY_S, assert_gap_free, request, team

ladders = st.builds(
    _Ladder,
    target=st.integers(0, 200), offset=st.integers(0, 30), step=st.integers(1, 40),
    most=st.integers(0, 5), weight=st.sampled_from([1, 240, 480]), unit=st.integers(0, 40),
)


@given(target=st.integers(-50, 500), offset=st.integers(0, 50), step=st.integers(1, 60),
       most=st.integers(0, 8))
def test_nearest_step_is_the_closest_a_load_can_come(target, offset, step, most):
    assert _nearest(target, offset, step, most) == min(
        abs(offset + step * k - target) for k in range(most + 1))


@given(st.lists(ladders, min_size=1, max_size=4), st.integers(0, 20))
def test_sharing_a_total_out_costs_what_brute_force_says(people, steps):
    options = [
        sum(r.cost(k) for r, k in zip(people, ks, strict=True))
        for ks in product(*(range(r.most + 1) for r in people)) if sum(ks) == steps
    ]
    assert _cheapest(people, steps) == (min(options) if options else None)


def test_a_week_is_proven_the_fairest_roster():
    """The arithmetic closes the bound: without it the solver's linear relaxation lets every
    load sit on its share (a bound of zero) and no roster could be proven fairest."""
    proposal = generate(request(MONDAY, 7, team(11, 8, 4), work_limit=20.0))
    assert_gap_free(proposal, request(MONDAY, 7, []).zone)
    assert proposal.status == RosterStatus.optimal
    assert proposal.objective == proposal.bound and proposal.bound is not None
    assert proposal.bound > 0


def test_work_limit_gives_the_same_roster_every_time():
    req = request(MONDAY, 5, team(11, 8, 4), work_limit=1.0, time_limit_s=SAFETY_S)
    first, second = generate(req), generate(req)
    assert first.objective == second.objective and first.bound == second.bound
    assert [(s.staff_id, s.position, s.start) for s in first.shifts] == [
        (s.staff_id, s.position, s.start) for s in second.shifts]
    assert first.new_shifts and first.until - first.since == timedelta(days=5)
