"""KPI formulas against hand-made call sets (DESIGN section 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.reports import kpis

ZONE = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)  # Monday 20:00 in Shanghai


def call(engine, *, wait=None, talk=None, status="completed", risk="none", channel="voice",
         drill=False, at=T0, operator_id=None):
    """A contact received at ``at``; answered after ``wait`` s; talked ``talk`` s."""
    answered = at + timedelta(seconds=wait) if wait is not None else None
    ended = answered + timedelta(seconds=talk) if answered and talk is not None else None
    with Session(engine) as s:
        s.add(Contact(channel=channel, status=status, received_at=at, answered_at=answered,
                      ended_at=ended, risk_level=risk, is_drill=drill, operator_id=operator_id))
        s.commit()


def report(engine, since=T0 - timedelta(hours=1), until=T0 + timedelta(hours=2)):
    with Session(engine) as s:
        return kpis.compute(s, since=since, until=until, zone=ZONE, target_s=20)


CASES = [
    # (calls, expected totals)
    ([], {"offered": 0, "answer_rate": None, "service_level": None,
          "avg_speed_to_answer_s": None}),
    ([dict(wait=10, talk=600), dict(wait=30, talk=300), dict(status="abandoned"),
      dict(status="missed")],
     {"offered": 4, "answered": 2, "abandoned": 1, "missed": 1, "answer_rate": 0.5,
      "abandonment_rate": 0.25, "service_level": 0.25, "avg_speed_to_answer_s": 20.0,
      "avg_handle_time_s": 450.0}),
    ([dict(wait=20, talk=100), dict(wait=5, talk=None, status="in_progress")],
     {"offered": 2, "answered": 2, "service_level": 1.0, "avg_speed_to_answer_s": 12.5,
      "avg_handle_time_s": 100.0}),
    ([dict(wait=5, talk=60, risk="high"), dict(wait=5, talk=60, risk="imminent"),
      dict(wait=5, talk=60, risk="moderate")],
     {"high_risk_contacts": 2}),
    ([dict(wait=5, talk=60), dict(wait=500, talk=60, drill=True)],  # drills never count
     {"offered": 1, "avg_speed_to_answer_s": 5.0}),
    ([dict(wait=5, talk=60, at=T0 - timedelta(days=1))], {"offered": 0}),  # outside the period
]


@pytest.mark.parametrize(("calls", "expected"), CASES)
def test_kpi_formulas(engine, calls, expected):
    for c in calls:
        call(engine, **c)
    totals = report(engine).totals
    for key, value in expected.items():
        assert totals[key] == value, key


def test_breakdowns_by_local_hour_weekday_channel(engine):
    call(engine, wait=5, talk=60)  # Monday 20:00 local
    call(engine, wait=5, talk=60, channel="sms", at=T0 + timedelta(minutes=70))  # 21:10
    call(engine, status="abandoned", at=T0 + timedelta(minutes=5))
    r = report(engine)
    by_hour = {h["hour"]: h for h in r.by_hour}
    assert by_hour[20]["offered"] == 2 and by_hour[20]["answer_rate"] == 0.5
    assert by_hour[21]["offered"] == 1 and by_hour[12]["offered"] == 0
    assert {d["weekday"]: d["offered"] for d in r.by_weekday}["mon"] == 3
    assert r.heatmap[0][20]["offered"] == 2
    assert {c["channel"]: c["offered"] for c in r.by_channel} == {"voice": 2, "sms": 1}


def test_escalation_ack_percentiles(engine):
    call(engine, wait=5, talk=60, risk="high")
    with Session(engine) as s:
        contact_id = s.exec(__import__("sqlmodel").select(Contact.id)).first()
        for seconds, drill in ((10, False), (20, False), (30, False), (40, False), (999, True)):
            s.add(Escalation(contact_id=contact_id, risk_level="high", opened_at=T0,
                             acknowledged_at=T0 + timedelta(seconds=seconds), is_drill=drill))
        s.commit()
    totals = report(engine).totals
    assert totals["escalation_ack_p50_s"] == 25.0
    assert totals["escalation_ack_p90_s"] == 37.0
    assert totals["escalations_acknowledged"] == 4


def test_kpi_api(client, make_person, engine):
    sup, op = make_person("supervisor"), make_person("operator")
    call(engine, wait=10, talk=60)
    params = {"since": (T0 - timedelta(hours=1)).isoformat(),
              "until": (T0 + timedelta(hours=1)).isoformat()}
    r = client.get("/api/reports/kpis", params=params, headers=sup.headers)
    assert r.status_code == 200
    body = r.json()
    for key in ("answer_rate", "abandonment_rate", "avg_speed_to_answer_s", "service_level",
                "avg_handle_time_s", "high_risk_contacts", "escalation_ack_p50_s",
                "escalation_ack_p90_s"):
        assert key in body
    assert body["answer_rate"] == 1.0 and len(body["by_hour"]) == 24
    assert body["covered_hours_ratio"] == 0.0  # nobody rostered in that hour
    assert body["follow_up_completion"] is None  # no follow-up finished
    assert body["training_compliance"] == 0.0  # one operator, no training yet this year
    assert client.get("/api/reports/kpis", params=params, headers=op.headers).status_code == 403
    bad = {"since": params["until"], "until": params["since"]}
    assert client.get("/api/reports/kpis", params=bad, headers=sup.headers).status_code == 422


def test_follow_up_completion(engine):
    from hotline.followups.models import FollowUp
    from hotline.reports.extras import follow_up_completion

    for _ in range(5):
        call(engine, wait=5, talk=60)
    with Session(engine) as s:
        ids = s.exec(__import__("sqlmodel").select(Contact.id)).all()
        for contact_id, status in zip(ids, ("reached", "reached", "unreached", "open",
                                            "cancelled"), strict=True):
            s.add(FollowUp(contact_id=contact_id, caller_key="k", status=status, created_at=T0,
                           due_on=T0.date(), due_at=T0, next_attempt_at=T0, ends_at=T0))
        s.commit()
        assert follow_up_completion(s, T0 - timedelta(hours=1), T0 + timedelta(hours=1)) == 0.6667
        assert follow_up_completion(s, T0 + timedelta(hours=1), T0 + timedelta(hours=2)) is None
