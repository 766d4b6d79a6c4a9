"""What counts as answered, and figures against the targets in records.toml."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotline import policies
from hotline.config import PROJECT_ROOT
from hotline.reports.targets import judge
from tests.reports.test_kpis import T0, call, report


def test_contacts_logged_by_hand_count_as_answered_not_as_lost(engine):
    call(engine, wait=10, talk=60)                           # through the queue
    call(engine, channel="chat", status="completed")         # logged by hand, no answer time
    call(engine, channel="voice", status="completed", at=T0 + timedelta(minutes=5))  # one click
    call(engine, status="abandoned")
    call(engine, status="ringing")                           # still waiting: not answered
    totals = report(engine).totals
    assert totals["offered"] == 5 and totals["answered"] == 3
    assert totals["answer_rate"] == 0.6 and totals["service_level"] == 0.6
    assert totals["avg_speed_to_answer_s"] == 10.0  # only contacts with a measured wait


@pytest.mark.parametrize(("totals", "states"), [
    ({"answer_rate": 0.95, "service_level": 0.657, "abandonment_rate": 0.02,
      "escalation_ack_p90_s": 200.0},
     {"answer_rate": "met", "service_level": "missed", "abandonment_rate": "met",
      "escalation_ack_p90_s": "missed"}),
    ({"answer_rate": None, "service_level": None, "abandonment_rate": None,
      "escalation_ack_p90_s": None},
     dict.fromkeys(("answer_rate", "service_level", "abandonment_rate",
                    "escalation_ack_p90_s"), "no_data")),
    ({"answer_rate": 0.9, "service_level": 0.8, "abandonment_rate": 0.05,
      "escalation_ack_p90_s": 120.0},  # exactly on target is met
     dict.fromkeys(("answer_rate", "service_level", "abandonment_rate",
                    "escalation_ack_p90_s"), "met")),
])
def test_each_figure_is_judged_against_its_target(totals, states):
    records = policies.RecordsPolicy()  # service_level_target 0.8, [targets] defaults
    assert {k: j.state for k, j in judge(totals, records).items()} == states


def test_targets_come_from_records_toml_and_bad_ones_are_named(tmp_path):
    loaded = policies.load(PROJECT_ROOT / "schedules").records.targets
    assert loaded.answer_rate == 0.90 and loaded.min_contacts_per_cell == 5
    for f in (PROJECT_ROOT / "schedules").glob("*.toml"):
        (tmp_path / f.name).write_text(f.read_text())
    records = tmp_path / "records.toml"
    records.write_text(records.read_text().replace("answer_rate = 0.90", "answer_rate = 90"))
    with pytest.raises(policies.PolicyError) as err:
        policies.load(tmp_path)
    assert "records.toml" in str(err.value) and "answer_rate" in str(err.value)
