"""On-call standby apart from on-site work, as the shipped ``schedules/`` says: the crisis
team on call in 12-hour standby shifts with its own limits, call-outs as working time, and
the demo hotline's team rostered gap-free for four weeks across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from hotline.errors import Reason
from hotline.messages import say
from hotline.policies import load
from hotline.roster import rules
from hotline.roster.coverage import analyse
from hotline.roster.generator import Candidate, RosterRequest, RosterStatus, generate
from hotline.roster.policy import CoveragePolicy, Position, PositionKind
from hotline.roster.rules import WorkedSpan
from hotline.roster.wallclock import at, span

POLICIES = load(Path(__file__).resolve().parents[2] / "schedules")
SHIFTS = POLICIES.shifts
BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
OPERATOR = frozenset({Position.operator})
CRISIS = frozenset({Position.crisis_primary, Position.crisis_backup})
SUPERVISOR = frozenset({Position.supervisor})


def demo_team() -> list[Candidate]:
    """The demo hotline: 25 who take calls (24 operators and a team lead), 8 crisis
    responders, 5 supervisors."""
    return ([Candidate(i, OPERATOR) for i in range(1, 26)]
            + [Candidate(100 + i, CRISIS) for i in range(1, 9)]
            + [Candidate(200 + i, SUPERVISOR) for i in range(1, 6)])


def shift(position: Position, day: date, start: time, end: time, zone: ZoneInfo = SHANGHAI):
    a, b = span(day, start, end, zone)
    return SimpleNamespace(position=position, start=a, end=b)


def test_shipped_policy_puts_the_crisis_team_on_call_in_twelve_hour_standby():
    assert SHIFTS.kind(Position.crisis_primary) == PositionKind.on_call
    assert SHIFTS.kind(Position.crisis_backup) == PositionKind.on_call
    assert SHIFTS.kind(Position.operator) == PositionKind.on_site
    assert [t.hours for t in SHIFTS.pattern_of(Position.crisis_primary).shifts] == [12, 12]
    assert [t.hours for t in SHIFTS.pattern_of(Position.operator).shifts] == [8, 8, 8]


def test_on_call_standby_does_not_count_as_working_time_but_has_its_own_limit():
    monday = date(2026, 11, 2)
    # Six 12-hour standby shifts (72 h) and five 8-hour on-site shifts (40 h) in one week:
    # fine, since standby is not work.
    mine = [shift(Position.crisis_primary, monday + timedelta(days=d), time(20), time(8))
            for d in range(6)]
    mine += [shift(Position.operator, monday + timedelta(days=d), time(8), time(16))
             for d in range(1, 6)]
    for i, s in enumerate(mine):
        assert rules.violations(s, mine[:i] + mine[i + 1:], SHIFTS, SHANGHAI) == []
    # A seventh standby breaks the on-call limit, not the working-time one.
    seventh = shift(Position.crisis_primary, monday + timedelta(days=6), time(20), time(8))
    (problem,) = _said(rules.violations(seventh, mine, SHIFTS, SHANGHAI))
    assert problem.startswith("84 on-call hours in the 7 days") and "limit is 72 h" in problem


def _said(reasons: list[Reason]) -> list[str]:
    return [say(r["code"], "en", r["params"]) for r in reasons]


def test_call_outs_count_as_working_time_and_a_night_call_out_earns_rest():
    monday = date(2026, 11, 2)
    week = [shift(Position.operator, monday + timedelta(days=d), time(8), time(16))
            for d in range(5)]  # 40 h on site
    night = shift(Position.crisis_primary, monday + timedelta(days=4), time(20), time(8))
    # Called out 02:00-07:00 on Saturday: 45 h of work with the 40 on site.
    out = WorkedSpan(1, at(monday + timedelta(days=5), time(2), SHANGHAI),
                     at(monday + timedelta(days=5), time(7), SHANGHAI))
    saturday = shift(Position.operator, monday + timedelta(days=5), time(16), time(0))
    problems = _said(rules.violations(saturday, [*week, night], SHIFTS, SHANGHAI, [out]))
    assert any(p.startswith("53 working hours in the 7 days") for p in problems), problems
    assert any("rest after a night call-out that ended 2026-11-07 07:00" in p
               for p in problems), problems
    # Without the call-out the same Saturday evening is fine (standby is rest).
    assert rules.violations(saturday, [*week, night], SHIFTS, SHANGHAI) == []


def test_an_on_call_pattern_longer_than_a_day_is_refused(tmp_path):
    from hotline.policies import PolicyError

    text = (Path(__file__).resolve().parents[2] / "schedules" / "shifts.toml").read_text()
    for name in ("coverage", "records", "escalation", "trainings", "telephony"):
        (tmp_path / f"{name}.toml").write_text(
            (Path(__file__).resolve().parents[2] / "schedules" / f"{name}.toml").read_text())
    (tmp_path / "shifts.toml").write_text(text.replace(
        '{ name = "on-call 24 h", start = "08:00", end = "08:00" }',
        '{ name = "on-call 48 h", start = "08:00", end = "56:00" }'))
    with pytest.raises(PolicyError) as caught:
        load(tmp_path)
    (line,) = caught.value.problems
    assert "shifts.toml: patterns.on_call_day.shifts.0.end" in line
    assert "at most 24 h" in line


def _four_weeks(first: date, zone: ZoneInfo, candidates: list[Candidate]):
    req = RosterRequest(first_day=first, last_day=first + timedelta(days=27), zone=zone,
                        coverage=POLICIES.coverage, shifts=SHIFTS, candidates=candidates,
                        time_limit_s=60, polish=False)
    return req, generate(req)


@pytest.mark.parametrize(
    "first", [date(2027, 3, 15), date(2026, 10, 12)], ids=["spring-forward", "fall-back"]
)
def test_demo_team_rosters_four_gap_free_weeks_across_a_dst_change(first):
    _req, proposal = _four_weeks(first, BERLIN, demo_team())
    assert proposal.status in (RosterStatus.optimal, RosterStatus.feasible), proposal.reasons
    assert proposal.gaps == [] and proposal.gap_free
    since = at(first, time(0), BERLIN)
    report = analyse(proposal.shifts, POLICIES.coverage, since,
                     at(first + timedelta(days=28), time(0), BERLIN), BERLIN)
    assert report.gaps == [] and report.covered_ratio == 1.0
    # The on-call shifts are 12-hour standby (11 or 13 real hours the night the clock moves).
    change = [s for s in proposal.new_shifts if s.position == Position.crisis_primary
              and s.end - s.start != timedelta(hours=12)]
    assert len(change) == 1 and change[0].template == "on-call night"
    # Every person's roster keeps every rule of its kind.
    mine: dict[int, list] = {}
    for s in proposal.shifts:
        mine.setdefault(s.staff_id, []).append(s)
    for held in mine.values():
        for i, s in enumerate(held):
            assert rules.violations(s, held[:i] + held[i + 1:], SHIFTS, BERLIN) == []


def test_demo_team_has_room_to_spare_with_a_responder_on_leave():
    away = (at(date(2027, 3, 22), time(0), BERLIN), at(date(2027, 4, 5), time(0), BERLIN))
    team = [Candidate(c.staff_id, c.positions, unavailable=(away,)) if c.staff_id == 101
            else c for c in demo_team()]
    _, proposal = _four_weeks(date(2027, 3, 15), BERLIN, team)
    assert proposal.gap_free, proposal.reasons
    assert not [s for s in proposal.shifts if s.staff_id == 101
                and s.start < away[1] and s.end > away[0]]


def test_dated_rule_is_rostered_on_its_day():
    coverage = CoveragePolicy.model_validate({
        "default": {"operator": 2, "crisis_primary": 1, "crisis_backup": 1, "supervisor": 1},
        "rule": [{"name": "exam results", "dates": ["06-25"], "from": "08:00", "to": "16:00",
                  "operator": 5}],
    })
    req = RosterRequest(first_day=date(2027, 6, 24), last_day=date(2027, 6, 26), zone=SHANGHAI,
                        coverage=coverage, shifts=SHIFTS, candidates=demo_team(),
                        time_limit_s=60, polish=False)
    proposal = generate(req)
    assert proposal.gap_free, proposal.reasons

    def operators(day: int) -> int:
        noon = datetime(2027, 6, day, 4, tzinfo=UTC)  # 12:00 in Shanghai
        return sum(1 for s in proposal.shifts
                   if s.position == Position.operator and s.start <= noon < s.end)

    assert operators(25) >= 5
    assert [coverage.required_on(Position.operator, date(2027, 6, d), 12) for d in (24, 25, 26)
            ] == [2, 5, 2]
    assert coverage.required_on(Position.operator, date(2027, 6, 25), 16) == 2
