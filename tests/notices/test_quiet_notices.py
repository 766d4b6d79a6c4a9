"""Quiet notices: one per subject, updated in place, closed when the subject goes away,
dismissed all at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs, policies
from hotline.notices.models import Notice
from hotline.roster.models import Shift


def _gap_notices(engine, position="supervisor"):
    with Session(engine) as s:
        return [n for n in s.exec(select(Notice).where(Notice.kind == "coverage.gap")
                                  .order_by(Notice.id)) if n.data["position"] == position]


def test_a_gap_that_moves_is_one_notice_updated_in_place(engine, settings, make_person):
    pol = policies.load(settings.schedules_dir)
    make_person("supervisor")
    now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert jobs.check_coverage_gaps(engine, settings, pol, now=now) > 4  # an empty roster
    (first,) = _gap_notices(engine)
    # Ten minutes later (the job's interval), twice: the gap under way keeps its notice and
    # its start; nothing new is raised or pushed.
    for minutes in (10, 20):
        assert jobs.check_coverage_gaps(engine, settings, pol,
                                        now=now + timedelta(minutes=minutes)) == 0
    assert [n.id for n in _gap_notices(engine)] == [first.id]
    # Someone takes the first three days: the same notice now starts when the gap starts.
    with Session(engine) as s:
        sup = make_person("supervisor")
        s.add(Shift(staff_id=sup.id, position="supervisor", start=now - timedelta(hours=1),
                    end=now + timedelta(days=3)))
        s.commit()
    assert jobs.check_coverage_gaps(engine, settings, pol, now=now + timedelta(minutes=30)) == 1
    (moved,) = _gap_notices(engine)
    assert moved.id == first.id and moved.acknowledged_at is None
    assert datetime.fromisoformat(moved.data["start"]) == now + timedelta(days=3)


def test_a_filled_gap_closes_its_notice_and_a_dismissed_one_stays_quiet(
        engine, settings, make_person, client):
    pol = policies.load(settings.schedules_dir)
    sup = make_person("supervisor")
    now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    jobs.check_coverage_gaps(engine, settings, pol, now=now)
    (gap,) = _gap_notices(engine)
    client.post(f"/api/notices/{gap.id}/ack", headers=sup.headers)
    with Session(engine) as s:  # the gap shrinks: still dismissed, nothing new in the tray
        s.add(Shift(staff_id=sup.id, position="supervisor", start=now,
                    end=now + timedelta(days=1)))
        s.commit()
    assert jobs.check_coverage_gaps(engine, settings, pol, now=now) == 0
    assert _gap_notices(engine)[0].acknowledged_by == sup.id
    with Session(engine) as s:  # an operator gap filled for the whole window closes
        op = make_person("operator")
        for _seat in range(3):  # three seats at the evening peak
            s.add(Shift(staff_id=op.id, position="operator", start=now,
                        end=now + timedelta(days=31)))
        s.commit()
    jobs.check_coverage_gaps(engine, settings, pol, now=now)
    closed = _gap_notices(engine, "operator")
    assert len(closed) > 1
    assert all(n.acknowledged_at is not None and n.acknowledged_by is None for n in closed)


def test_dismiss_all_clears_only_what_is_addressed_to_me(client, engine, make_person):
    sup, op = make_person("supervisor"), make_person("operator")
    with Session(engine) as s:
        for i, audience in enumerate(["role:supervisor", f"staff:{sup.id}", f"staff:{op.id}"]):
            s.add(Notice(audience=audience, kind="shift.no_show", title="t", dedupe_key=f"k{i}"))
        s.commit()
    r = client.post("/api/notices/ack-all", headers=sup.headers)
    assert r.status_code == 200 and r.json() == {"dismissed": 2}
    assert client.get("/api/notices", headers=sup.headers).json() == []
    assert len(client.get("/api/notices", headers=op.headers).json()) == 1
    assert client.post("/api/notices/ack-all").status_code == 401
