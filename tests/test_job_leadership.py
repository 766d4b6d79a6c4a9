"""With several instances on PostgreSQL exactly one runs the scheduler, and another takes
over within seconds when it stops."""

from __future__ import annotations

import time

import pytest

from hotline import jobs, policies
from hotline.db import make_engine


def _wait(predicate, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_one_leader_and_takeover(engine, settings, database_url):
    if engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; CI runs this suite on PostgreSQL too")
    pol = policies.load(settings.schedules_dir)
    engines = [make_engine(database_url) for _ in range(2)]
    runners = [jobs.JobRunner(e, settings, pol) for e in engines]
    try:
        for r in runners:
            r.start()
        assert _wait(lambda: sum(r.leading for r in runners) == 1)
        time.sleep(2.5)  # a full campaign round later, still exactly one
        assert sum(r.leading for r in runners) == 1
        leader = next(r for r in runners if r.leading)
        follower = next(r for r in runners if not r.leading)
        leader.stop()
        assert _wait(lambda: follower.leading, seconds=10)
    finally:
        for r in runners:
            r.stop()
        for e in engines:
            e.dispose()


def test_sqlite_runs_the_scheduler_in_process(engine, settings):
    if engine.dialect.name != "sqlite":
        pytest.skip("the SQLite path")
    runner = jobs.JobRunner(engine, settings, policies.load(settings.schedules_dir))
    runner.start()
    try:
        assert runner.leading
        assert {j.id for j in runner.scheduler.get_jobs()} == {
            "crisis_tick", "deliver_alerts", "no_shows", "coverage_gaps", "training", "prune_events",
            "follow_ups_overdue", "debriefs", "retention"}
    finally:
        runner.stop()
    assert not runner.leading
