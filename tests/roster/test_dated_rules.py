"""Dated coverage rules (holidays, exam-result days, a disaster): they override the weekly
table on their days, in coverage analysis, and are validated with the file and key named."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from hotline import cli
from hotline.policies import load
from hotline.roster.coverage import analyse
from hotline.roster.policy import CoveragePolicy, Position
from hotline.wallclock import at

SCHEDULES = Path(__file__).resolve().parents[2] / "schedules"
SHANGHAI = ZoneInfo("Asia/Shanghai")
BASE = {"default": {"operator": 2, "crisis_primary": 1, "crisis_backup": 1, "supervisor": 1}}


def policy(*rules: dict) -> CoveragePolicy:
    return CoveragePolicy.model_validate({**BASE, "rule": list(rules)})


def test_yearly_and_one_off_dates_override_the_weekly_table():
    p = policy(
        {"name": "evening", "from": "19:00", "to": "01:00", "operator": 3},
        {"name": "exam results", "dates": ["06-23..06-25"], "operator": 4},
        {"name": "new year", "dates": ["12-31..01-01"], "from": "20:00", "to": "02:00",
         "operator": 5},
        {"name": "typhoon", "dates": [date(2027, 9, 14)], "from": "06:00", "to": "12:00",
         "supervisor": 2},
    )
    op = Position.operator
    assert p.required_on(op, date(2027, 6, 22), 20) == 3  # the weekly evening
    assert p.required_on(op, date(2027, 6, 23), 20) == 4  # dated wins, wherever it stands
    assert p.required_on(op, date(2028, 6, 25), 3) == 4  # every year
    assert p.required_on(op, date(2027, 6, 26), 3) == 2
    # A range across the new year, and hours past midnight belong to the next day.
    assert p.required_on(op, date(2027, 12, 31), 21) == 5
    assert p.required_on(op, date(2028, 1, 1), 1) == 5
    assert p.required_on(op, date(2028, 1, 2), 1) == 5  # 1 January's evening spills over
    assert p.required_on(op, date(2028, 1, 3), 0) == 3  # back to the weekly evening
    assert p.required_on(Position.supervisor, date(2027, 9, 14), 7) == 2
    assert p.required_on(Position.supervisor, date(2028, 9, 14), 7) == 1  # one-off


def test_coverage_analysis_counts_the_dated_requirement():
    p = policy({"name": "disaster", "dates": ["2027-04-07"], "from": "08:00", "to": "12:00",
                "operator": 4})
    day = date(2027, 4, 7)
    since, until = at(day, time(0), SHANGHAI), at(day + timedelta(days=1), time(0), SHANGHAI)
    two = [SimpleNamespace(position="operator", start=since, end=until)] * 2
    report = analyse(two, p, since, until, SHANGHAI, positions=(Position.operator,))
    (gap,) = report.gaps
    assert (gap.start, gap.end, gap.required, gap.scheduled) == (
        at(day, time(8), SHANGHAI), at(day, time(12), SHANGHAI), 4, 2)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{"name": "a", "dates": ["06-23..06-25"], "operator": 4},
          {"name": "b", "dates": ["2027-06-25"], "from": "08:00", "to": "10:00", "operator": 5}],
         "rule.0 ('a') and rule.1 ('b') both set operator on 2027-06-25 08:00, to 4 and 5"),
        ([{"name": "a", "dates": ["2027-13-01"], "operator": 4}], "is not a date"),
        ([{"name": "a", "dates": ["2027-06-25..2027-06-20"], "operator": 4}],
         "the range ends before it starts"),
        ([{"name": "a", "dates": ["06-25"], "days": ["mon"], "operator": 4}],
         "give days or dates, not both"),
        ([{"name": "a", "dates": [], "operator": 4}], "non-empty list"),
    ],
    ids=["inconsistent-overlap", "not-a-date", "backwards", "days-and-dates", "empty"],
)
def test_bad_dated_rules_are_refused_naming_the_key(rules, message):
    with pytest.raises(ValueError, match="rule") as caught:
        policy(*rules)
    assert message in str(caught.value)


def test_consistent_overlap_is_fine():
    p = policy({"name": "a", "dates": ["06-23..06-25"], "operator": 4},
               {"name": "b", "dates": ["2027-06-25"], "operator": 4, "supervisor": 2})
    assert p.required_on(Position.supervisor, date(2027, 6, 25), 9) == 2


def _schedules(tmp_path: Path, **replace: str) -> Path:
    for src in SCHEDULES.glob("*.toml"):
        text = src.read_text(encoding="utf-8")
        (tmp_path / src.name).write_text(replace.get(src.stem, text), encoding="utf-8")
    return tmp_path


def test_policies_check_names_file_and_key_of_bad_dated_rule_and_target(tmp_path, capsys):
    coverage = (SCHEDULES / "coverage.toml").read_text(encoding="utf-8") + (
        '\n[[rule]]\nname = "clash"\ndates = ["06-24"]\nfrom = "09:00"\nto = "10:00"\n'
        "operator = 6\n")
    records = (SCHEDULES / "records.toml").read_text(encoding="utf-8").replace(
        "service_level_target = 0.8", "service_level_target = 1.5")
    bad = _schedules(tmp_path, coverage=coverage, records=records)
    assert cli.main(["policies", "check", str(bad)]) == 1
    out = capsys.readouterr().err
    assert f"{bad / 'coverage.toml'}: " in out and "('exam results')" in out
    assert "('clash') both set operator on 2027-06-24 09:00, to 4 and 6" in out
    assert f"{bad / 'records.toml'}: service_level_target: " in out and "1.5" in out


def test_shipped_policies_have_dated_rules():
    dated = load(SCHEDULES).coverage.dated
    assert {r.name for r in dated} >= {"exam results"}
