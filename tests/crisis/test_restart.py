"""An escalation survives a crash: the server is killed mid-escalation, restarted, and the
next tier is still notified on time (once)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from hotline.crisis.models import Escalation, Notification
from tests.crisis.conftest import HIGH

ESCALATION = """
[levels.high]
repeat_interval_seconds = 60
tiers = [
  { target = "crisis_primary", timeout_seconds = 3, channels = ["console"] },
  { target = "crisis_backup", timeout_seconds = 120, channels = ["console"] },
]
[levels.imminent]
tiers = [{ target = "crisis_primary", timeout_seconds = 3, channels = ["console"] }]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(database_url: str, schedules: Path, port: int,
           key_env: dict[str, str]) -> subprocess.Popen:
    env = {**os.environ, "HOTLINE_DATABASE_URL": database_url,
           "HOTLINE_SCHEDULES_DIR": str(schedules), "HOTLINE_RUN_SCHEDULER": "true",
           "HOTLINE_TWILIO_ACCOUNT_SID": "", **key_env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "hotline.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("server did not start")


def test_killed_mid_escalation_resumes_the_timer(on_call, engine, database_url, tmp_path,
                                                 key_env):
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    for name in ("coverage.toml", "shifts.toml", "records.toml"):
        (schedules / name).write_text((Path("schedules") / name).read_text())
    (schedules / "escalation.toml").write_text(ESCALATION)
    team = on_call()
    port = _free_port()
    server = _serve(database_url, schedules, port, key_env)
    try:
        r = httpx.post(f"http://127.0.0.1:{port}/api/contacts",
                       json={"channel": "voice", "risk_screen": HIGH},
                       headers=team.operator.headers, timeout=10)
        assert r.status_code == 201
        esc_id = r.json()["escalation"]["id"]
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # a crash, not a shutdown
        server.wait()
    time.sleep(4)  # the tier times out while nothing runs
    with Session(engine) as s:
        assert s.get(Escalation, esc_id).tier_index == 0
    server = _serve(database_url, schedules, port, key_env)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with Session(engine) as s:
                esc = s.get(Escalation, esc_id)
                if esc.tier_index == 1:
                    break
            time.sleep(0.2)
        with Session(engine) as s:
            esc = s.get(Escalation, esc_id)
            backup_alerts = s.exec(select(Notification).where(
                Notification.escalation_id == esc_id,
                Notification.recipient_id == team.backup.id)).all()
        assert esc.tier_index == 1 and esc.state == "notified"
        assert len(backup_alerts) == 1  # notified once, not once per missed tick
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
