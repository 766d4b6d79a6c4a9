"""The ``hotline`` command, run in-process against a temporary SQLite database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from hotline import cli
from hotline.config import PROJECT_ROOT, get_settings
from hotline.db import make_engine
from hotline.staff.models import Staff


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A database and a key file of its own (made by `hotline keys init`)."""
    monkeypatch.setenv("HOTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("HOTLINE_KEYS_FILE", str(tmp_path / "keys.toml"))
    for name in ("HOTLINE_SESSION_KEY", "HOTLINE_CALLER_KEY_SECRET", "HOTLINE_SEALING_KEYS"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    assert cli.main(["keys", "init"]) == 0
    yield tmp_path
    get_settings.cache_clear()


def test_policies_check_ok(env, capsys):
    assert cli.main(["policies", "check"]) == 0
    assert "policies OK" in capsys.readouterr().out


def test_policies_check_names_file_key_and_fix(env, capsys):
    bad = env / "schedules"
    bad.mkdir()
    (bad / "coverage.toml").write_text("[default]\noperator = -2\n")
    (bad / "records.toml").write_text("retention_years = 1\n")
    assert cli.main(["policies", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "coverage.toml: default.operator" in err and "greater than or equal to 0" in err
    assert "records.toml: retention_years" in err


def test_migrate_and_create_user(env, capsys):
    assert cli.main(["migrate"]) == 0
    assert cli.main(["create-user", "--username", "chen", "--full-name", "陈静",
                     "--roles", "operator,supervisor", "--password", "a-long-password"]) == 0
    assert "created chen" in capsys.readouterr().out
    assert cli.main(["create-user", "--username", "chen", "--full-name", "x",
                     "--roles", "operator", "--password", "a-long-password"]) == 2
    assert "taken" in capsys.readouterr().err
    assert cli.main(["create-user", "--username", "x", "--full-name", "x",
                     "--roles", "wizard"]) == 2


def test_seed_demo_leaves_a_hotline_with_staff_alone(env, capsys):
    assert cli.main(["create-user", "--username", "wang", "--full-name", "王芳",
                     "--roles", "admin", "--password", "a-long-password"]) == 0
    capsys.readouterr()
    assert cli.main(["seed-demo", "--password", "demo-password-1"]) == 0
    out = capsys.readouterr().out
    assert "already has staff" in out and "demo-password-1" not in out
    engine = make_engine(f"sqlite:///{env / 'cli.db'}")
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Staff)).one() == 1
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_command_seeds_prints_logins_and_serves(tmp_path):
    """`hotline demo` as scripts/demo.sh runs it: a fresh database, then a server to log in to."""
    port = _free_port()
    env = {**os.environ, "HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
           "HOTLINE_KEYS_FILE": str(tmp_path / "keys.toml"),
           "HOTLINE_DEMO_PASSWORD": "demo-password-1", "HOTLINE_RUN_SCHEDULER": "false",
           "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline.cli", "demo", "--port", str(port), "--contacts", "20",
         "--roster-seconds", "3"],
        cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the demo server did not come up"
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        r = httpx.post(f"{base}/api/auth/login",
                       json={"username": "operator1", "password": "demo-password-1"})
        assert r.status_code == 200 and r.json()["user"]
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"open {base}/login" in out
    assert "keys written to" in out and (tmp_path / "keys.toml").stat().st_mode & 0o777 == 0o600
    assert "operator1..operator24" in out and "password: demo-password-1" in out


def test_resources_export_and_import_hsds(env, capsys):
    import json

    from hotline.resources import demo
    from hotline.resources.models import Resource

    assert cli.main(["migrate"]) == 0
    engine = make_engine(get_settings().database_url)
    with Session(engine) as s:
        demo.seed(s, __import__("datetime").date.today())
        s.commit()
    out = env / "directory.json"
    assert cli.main(["resources", "export", str(out)]) == 0
    services = json.loads(out.read_text(encoding="utf-8"))
    assert len(services) == len(demo.SERVICES)
    first = next(x for x in services if x["name"].startswith("北京市青少年"))
    assert first["phones"] == [{"number": "+861065120000"}]
    assert first["service_areas"][0]["extent"] == "CN-BJ"
    assert {a["taxonomy_term"]["code"] for a in first["attributes"]} == {
        "youth", "counselling", "students"}
    # Into an empty directory: the same services come back; a second import only updates.
    with Session(engine) as s:
        for r in s.exec(select(Resource)):
            s.delete(r)
        s.commit()
    capsys.readouterr()
    assert cli.main(["resources", "import", str(out)]) == 0
    assert f"{len(services)} added" in capsys.readouterr().out
    assert cli.main(["resources", "import", str(out)]) == 0
    assert f"0 added, {len(services)} updated" in capsys.readouterr().out
    assert cli.main(["resources", "export", "-"]) == 0
    again = json.loads(capsys.readouterr().out)
    strip = [{k: v for k, v in x.items() if k != "last_modified"} for x in services]
    assert [{k: v for k, v in x.items() if k != "last_modified"} for x in again] == strip
    # A bad file imports nothing and says what is wrong where.
    services[3]["phones"] = [{"number": "010 1234"}]
    services[5]["attributes"] = [{"taxonomy_term": {"code": "astrology"}}]
    services[6]["name"] = ""
    out.write_text(json.dumps(services), encoding="utf-8")
    with Session(engine) as s:
        before = s.exec(select(func.count()).select_from(Resource)).one()
    assert cli.main(["resources", "import", str(out)]) == 1
    err = capsys.readouterr().err
    assert "service 3" in err and "E.164" in err and "astrology" in err and "service 6" in err
    (env / "broken.json").write_text("{not json", encoding="utf-8")
    assert cli.main(["resources", "import", str(env / "broken.json")]) == 1
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Resource)).one() == before
    engine.dispose()
