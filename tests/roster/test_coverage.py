"""Gap detection, table-driven, including shifts across midnight and both DST changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotline.roster.coverage import analyse, local_hour_starts, new_gaps
from hotline.roster.policy import CoveragePolicy, Position
from hotline.wallclock import at, span

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
FLAT = CoveragePolicy.model_validate(
    {"default": {"operator": 1, "crisis_primary": 0, "crisis_backup": 0, "supervisor": 0}}
)
PEAK = CoveragePolicy.model_validate(
    {"default": {"operator": 2, "crisis_primary": 0, "crisis_backup": 0, "supervisor": 0},
     "rule": [{"name": "evening peak", "from": "19:00", "to": "01:00", "operator": 3}]}
)
THREE_EIGHTS = [(time(0), time(8)), (time(8), time(16)), (time(16), time(0))]


@dataclass
class S:
    position: str
    start: datetime
    end: datetime


def day_of_shifts(day: date, zone: ZoneInfo, pattern=THREE_EIGHTS, position="operator", skip=()):
    return [
        S(position, *span(day, a, b, zone)) for i, (a, b) in enumerate(pattern) if i not in skip
    ]


def whole_day(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return at(day, time(0), zone), at(day + timedelta(days=1), time(0), zone)


def test_full_day_has_no_gap():
    day = date(2026, 11, 24)
    report = analyse(day_of_shifts(day, SHANGHAI), FLAT, *whole_day(day, SHANGHAI), SHANGHAI,
                     positions=[Position.operator])
    assert report.gaps == [] and report.covered_ratio == 1.0 and report.required_hours == 24


def test_missing_night_shift_is_a_gap_in_utc():
    day = date(2026, 11, 24)
    report = analyse(day_of_shifts(day, SHANGHAI, skip={0}), FLAT, *whole_day(day, SHANGHAI),
                     SHANGHAI, positions=[Position.operator])
    (gap,) = report.gaps
    assert (gap.start, gap.end) == (
        datetime(2026, 11, 23, 16, tzinfo=UTC), datetime(2026, 11, 24, 0, tzinfo=UTC)
    )
    assert (gap.required, gap.scheduled, gap.position) == (1, 0, Position.operator)
    assert report.covered_ratio == pytest.approx(16 / 24)


def test_shift_across_midnight_covers_both_days():
    day = date(2026, 11, 24)
    shifts = [S("operator", *span(day, time(8), time(20), SHANGHAI)),
              S("operator", *span(day, time(20), time(8), SHANGHAI))]
    since, until = at(day, time(8), SHANGHAI), at(day + timedelta(days=1), time(8), SHANGHAI)
    assert analyse(shifts, FLAT, since, until, SHANGHAI, positions=[Position.operator]).gaps == []


def test_evening_peak_crossing_midnight_needs_a_third_operator():
    day = date(2026, 11, 24)
    shifts = day_of_shifts(day, SHANGHAI) * 2  # two of everything
    report = analyse(shifts, PEAK, *whole_day(day, SHANGHAI), SHANGHAI,
                     positions=[Position.operator])
    # 00:00-01:00 belongs to the previous evening's peak; 19:00-24:00 to this one.
    assert [(g.start.astimezone(SHANGHAI).hour, g.end.astimezone(SHANGHAI).hour, g.required,
             g.scheduled) for g in report.gaps] == [(0, 1, 3, 2), (19, 0, 3, 2)]


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 8), 23), (date(2026, 11, 1), 25), (date(2026, 7, 1), 24)],
    ids=["spring-forward", "fall-back", "ordinary"],
)
def test_wall_clock_shifts_cover_dst_days_exactly(day, hours):
    report = analyse(day_of_shifts(day, NEW_YORK), FLAT, *whole_day(day, NEW_YORK), NEW_YORK,
                     positions=[Position.operator])
    assert report.gaps == []
    assert report.required_hours == hours


@pytest.mark.parametrize(
    ("day", "night_hours"), [(date(2026, 3, 8), 7), (date(2026, 11, 1), 9)],
    ids=["spring-forward", "fall-back"],
)
def test_missing_night_shift_on_dst_night_is_the_whole_real_night(day, night_hours):
    report = analyse(day_of_shifts(day, NEW_YORK, skip={0}), FLAT, *whole_day(day, NEW_YORK),
                     NEW_YORK, positions=[Position.operator])
    (gap,) = report.gaps
    assert (gap.end - gap.start) == timedelta(hours=night_hours)


def test_fixed_length_night_shift_leaves_an_hour_on_fall_back():
    """The peers' bug: an 8-real-hour night shift on the 25-hour day ends at 07:00 local."""
    day = date(2026, 11, 1)
    start = at(day, time(0), NEW_YORK)
    shifts = [S("operator", start, start + timedelta(hours=8)),
              *day_of_shifts(day, NEW_YORK, skip={0})]
    (gap,) = analyse(shifts, FLAT, *whole_day(day, NEW_YORK), NEW_YORK,
                     positions=[Position.operator]).gaps
    assert gap.start.astimezone(NEW_YORK).hour == 7 and gap.end - gap.start == timedelta(hours=1)


def test_half_hour_zone_hours_start_on_the_half_hour():
    kolkata = ZoneInfo("Asia/Kolkata")
    since = datetime(2026, 11, 24, 0, tzinfo=UTC)
    starts = local_hour_starts(since, since + timedelta(hours=3), kolkata)
    assert [s.minute for s in starts] == [30, 30, 30]


def test_all_positions_and_a_partial_shift():
    policy = CoveragePolicy()  # the defaults: 2 operators, crisis primary + backup, supervisor
    day = date(2026, 11, 24)
    since, until = at(day, time(8), SHANGHAI), at(day, time(16), SHANGHAI)
    shifts = [S("operator", since, until), S("operator", since, until),
              S("crisis_primary", since, until), S("crisis_backup", since, until),
              S("supervisor", since, at(day, time(12), SHANGHAI))]
    report = analyse(shifts, policy, since, until, SHANGHAI)
    assert [(g.position, g.start.astimezone(SHANGHAI).hour, g.end.astimezone(SHANGHAI).hour)
            for g in report.gaps] == [(Position.supervisor, 12, 16)]
    assert report.covered_ratio == pytest.approx(1 - 4 / (8 * 5))


def test_new_gaps_ignores_old_ones():
    day = date(2026, 11, 24)
    window = whole_day(day, SHANGHAI)
    before = analyse(day_of_shifts(day, SHANGHAI, skip={0}), FLAT, *window, SHANGHAI,
                     positions=[Position.operator])
    after = analyse(day_of_shifts(day, SHANGHAI, skip={0, 2}), FLAT, *window, SHANGHAI,
                    positions=[Position.operator])
    (opened,) = new_gaps(before, after)
    assert opened.start.astimezone(SHANGHAI).hour == 16
    assert new_gaps(before, before) == []


def test_empty_or_inverted_window():
    now = datetime(2026, 11, 24, tzinfo=UTC)
    assert analyse([], FLAT, now, now, SHANGHAI).gaps == []


@pytest.mark.parametrize("zone_name", ["Australia/Lord_Howe", "America/New_York", "Asia/Kathmandu"])
def test_hour_starts_across_a_year_of_offset_changes_match_a_minute_walk(zone_name):
    """Stepping an hour at a time finds exactly the hours a walk over every quarter hour finds,
    through 30-minute (Lord Howe) and one-hour daylight-saving changes and a :45 offset."""
    zone = ZoneInfo(zone_name)
    since = datetime(2026, 1, 1, 0, 7, tzinfo=UTC)
    until = since + timedelta(days=366)
    walk, t = [], datetime(2026, 1, 1, 0, 15, tzinfo=UTC)
    while t < until:
        if t.astimezone(zone).minute == 0:
            walk.append(t)
        t += timedelta(minutes=15)
    assert local_hour_starts(since, until, zone) == walk


def test_a_random_fortnight_agrees_with_a_quarter_hour_count():
    """The counting (identical shifts weighted, numpy) against the plainest possible count."""
    import random

    from hotline.roster.coverage import hour_of_week

    rng, policy = random.Random(3), CoveragePolicy()
    since = datetime(2026, 3, 2, 16, tzinfo=UTC)
    until = since + timedelta(days=14)
    quarter = timedelta(minutes=15)
    shifts = []
    for _ in range(400):
        start = since - timedelta(hours=6) + quarter * rng.randrange(4 * 24 * 15)
        shifts.append(S(rng.choice(list(Position)).value, start,
                        start + quarter * rng.choice([4, 16, 32, 48])))
    shifts += shifts[:50]  # the same shift twice counts twice
    report = analyse(shifts, policy, since, until, SHANGHAI)
    required_q = staffed_q = 0
    short: set[tuple[str, datetime]] = set()
    t = since
    while t < until:
        for position in Position:
            need = policy.week(position)[hour_of_week(t, SHANGHAI)]
            have = sum(1 for s in shifts if s.position == position and s.start <= t < s.end)
            required_q, staffed_q = required_q + need, staffed_q + min(need, have)
            if have < need:
                short.add((position.value, t))
        t += quarter
    assert report.required_hours == pytest.approx(required_q / 4)
    assert report.staffed_hours == pytest.approx(staffed_q / 4)
    in_gaps = {(g.position.value, g.start + quarter * i) for g in report.gaps
               for i in range(int((g.end - g.start) / quarter))}
    assert in_gaps == short
