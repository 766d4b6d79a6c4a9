"""Mandate evaluation across the year, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from hotline.training.compliance import evaluate
from hotline.training.policy import Mandate

OPS = Mandate(audience="operators", kind="training", min_per_year=4)
DRILLS = Mandate(audience="crisis_team", kind="drill", min_per_year=2, per_half_year=1,
                 assessment_required=False)
Y = 2026


def d(month: int, day: int = 15) -> date:
    return date(Y, month, day)


@pytest.mark.parametrize(
    ("mandate", "counted", "upcoming", "today", "status"),
    [
        (OPS, [d(2), d(4), d(7), d(10)], [], d(11), "met"),
        (OPS, [d(2)], [d(6), d(9), d(11)], d(3), "on_track"),
        (OPS, [], [d(5), d(8), d(10), d(12)], d(2, 1), "on_track"),  # early in the year
        (OPS, [d(2)], [d(9), d(11), d(12)], d(8), "behind"),  # 7/12 gone: 2 expected, 1 done
        (OPS, [d(2)], [d(11)], d(8), "at_risk"),  # 1 + 1 < 4 even if all attended
        (OPS, [d(2), d(3)], [], d(12, 31), "at_risk"),  # the year is over
        (OPS, [d(1), d(2), d(3)], [d(3, 20)], d(3, 10), "on_track"),
        (OPS, [date(Y - 1, 12, 1), d(2)], [d(5), d(8), d(11)], d(3), "on_track"),  # last year
        (DRILLS, [d(3), d(9)], [], d(10), "met"),
        (DRILLS, [d(3), d(4)], [], d(10), "at_risk"),  # two, but none in the second half
        (DRILLS, [d(3), d(4)], [d(11)], d(10), "on_track"),
        (DRILLS, [], [d(9)], d(7, 2), "at_risk"),  # the first half ended without a drill
        (DRILLS, [], [d(5), d(10)], d(4), "on_track"),
        (DRILLS, [], [d(10)], d(4), "at_risk"),  # nothing planned in the first half
        (DRILLS, [d(2)], [], d(8), "at_risk"),  # nothing planned in the second half
    ],
)
def test_status(mandate, counted, upcoming, today, status):
    assert evaluate(mandate, counted, upcoming, Y, today).status == status


def test_counts_by_half():
    result = evaluate(DRILLS, [d(1), d(6, 30), d(7, 1)], [d(12)], Y, d(8))
    assert (result.counted, result.first_half, result.second_half, result.upcoming) == (3, 2, 1, 1)
    assert result.required == 2 and result.mandate == "crisis_team:drill"


def test_impossible_mandates_are_refused():
    with pytest.raises(ValueError, match="per_half_year"):
        Mandate(audience="crisis_team", kind="drill", min_per_year=1, per_half_year=1)
