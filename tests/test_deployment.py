"""The README's deployment of a network, run for real: two uvicorn processes on one
PostgreSQL, each started as an operator starts it, with nginx (the shipped
``docs/deploy/nginx.conf``) in front of them.

Exactly one instance runs the scheduler, and another takes over when it crashes; an event
raised on one instance reaches consoles on the other; nginx carries the consoles' websockets
and spreads requests over both instances.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from websockets.sync.client import ClientConnection, connect

from hotline.config import PROJECT_ROOT
from hotline.jobs import JobRunner
from tests.instances import Instance, free_port, instances, wait_until

NGINX_SITE = PROJECT_ROOT / "docs" / "deploy" / "nginx.conf"
LEADER = "hotline_scheduler_leader"


@pytest.fixture
def network(engine: Engine, database_url: str, key_env: dict[str, str],
            tmp_path: Path) -> Iterator[list[Instance]]:
    """Two instances of the app on the test database, each campaigning for the scheduler."""
    if engine.dialect.name != "postgresql":
        pytest.skip("two instances share one PostgreSQL (advisory lock, LISTEN/NOTIFY); "
                    "set HOTLINE_TEST_DATABASE_URL to run these (CI runs them on PostgreSQL)")
    env = {"HOTLINE_DATABASE_URL": database_url, "HOTLINE_RUN_SCHEDULER": "true",
           "HOTLINE_TWILIO_ACCOUNT_SID": "", "HOTLINE_SCHEDULES_DIR": str(
               PROJECT_ROOT / "schedules"), **key_env}
    with instances(2, env) as started:
        yield started


def _leaders(running: list[Instance]) -> float:
    return sum(i.metric(LEADER) for i in running)


def _locks_held(engine: Engine) -> int:
    """Holders of the scheduler's advisory lock (a bigint key: high half classid, low objid)."""
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid = :hi AND objid = :lo AND objsubid = 1"),
            {"hi": JobRunner.LOCK_KEY >> 32, "lo": JobRunner.LOCK_KEY & 0xFFFFFFFF}).scalar_one()


def test_exactly_one_scheduler_leader_and_a_takeover_after_a_crash(network, engine):
    assert wait_until(lambda: _leaders(network) == 1), "no instance took the scheduler"
    assert _locks_held(engine) == 1
    # Two more campaign rounds later the follower still follows.
    wait_until(lambda: False, seconds=2 * JobRunner.RETRY_S + 0.5)
    assert _leaders(network) == 1 and _locks_held(engine) == 1

    leader = next(i for i in network if i.metric(LEADER) == 1)
    follower = next(i for i in network if i is not leader)
    leader.kill()  # a crash: its connection drops and PostgreSQL frees the lock
    assert wait_until(lambda: follower.metric(LEADER) == 1, seconds=15), \
        "the surviving instance did not take over the scheduler"
    assert _locks_held(engine) == 1


def _console(url: str, **headers: str) -> ClientConnection:
    return connect(url, additional_headers=headers, open_timeout=10)


def _next_of_type(ws: ClientConnection, kind: str) -> dict:
    """The next event of ``kind`` on this console (others, e.g. a coverage gap, pass by)."""
    while True:
        message = json.loads(ws.recv(timeout=10))
        if message["type"] == kind:
            return message


def _ws(base: str) -> str:
    return base.replace("http://", "ws://") + "/ws"


def test_an_event_raised_on_one_instance_reaches_consoles_on_the_other(network, make_person):
    a, b = network
    supervisor, operator = make_person("supervisor"), make_person("operator")
    with _console(_ws(b.base), **supervisor.headers) as on_b, \
            _console(_ws(a.base), **supervisor.headers) as on_a:
        r = httpx.post(f"{a.base}/api/contacts", json={"channel": "voice"},
                       headers=operator.headers, timeout=10)
        assert r.status_code == 201
        for console in (on_b, on_a):
            assert _next_of_type(console, "contact.created")["data"]["id"] == r.json()["id"]


def _requests_served(instance: Instance) -> float:
    try:
        return instance.metric(
            'hotline_http_requests_total{method="GET",route="/healthz",status="200"}')
    except LookupError:
        return 0.0


@pytest.fixture
def nginx(network: list[Instance], tmp_path: Path) -> Iterator[str]:
    """nginx with the shipped site file, its upstream pointed at the two instances."""
    binary = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None)
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light; .ci/run does)")
    port = free_port()
    site = NGINX_SITE.read_text()
    site = re.sub(r"server 127\.0\.0\.1:8001", f"server 127.0.0.1:{network[0].port}", site)
    site = re.sub(r"server 127\.0\.0\.1:8002", f"server 127.0.0.1:{network[1].port}", site)
    site = re.sub(r"listen 8080;", f"listen 127.0.0.1:{port};", site)
    assert str(network[1].port) in site and str(port) in site, "the site file changed shape"
    prefix = tmp_path / "nginx"
    prefix.mkdir(mode=0o755)
    tmp_path.chmod(0o755)  # nginx's workers drop root
    (prefix / "site.conf").write_text(site)
    temp = "".join(f"{kind}_temp_path {prefix / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
        "worker_processes 1;\nevents {}\n"
        f"http {{\naccess_log off;\n{temp}include {prefix / 'site.conf'};\n}}\n")
    process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                "-g", "daemon off;"], start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        def up() -> bool:
            assert process.poll() is None, (prefix / "error.log").read_text()
            try:
                return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False
        assert wait_until(up), "nginx did not start"
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_nginx_spreads_requests_over_both_instances(nginx, network):
    before = [_requests_served(i) for i in network]
    for _ in range(20):
        assert httpx.get(f"{nginx}/healthz", timeout=5).status_code == 200
    served = [_requests_served(i) - b for i, b in zip(network, before, strict=True)]
    assert sum(served) >= 20 and min(served) >= 5, served


def test_nginx_carries_consoles_to_both_instances(nginx, network, make_person):
    supervisor, operator = make_person("supervisor"), make_person("operator")
    # A client with its bearer token, and a page with its cookie: the app takes a cookie only
    # from its own origin, so nginx must pass the Host the browser used.
    with _console(_ws(nginx), **supervisor.headers) as first, \
            _console(_ws(nginx), Cookie=f"hotline_session={supervisor.token}",
                     Origin=nginx) as second:
        r = httpx.post(f"{nginx}/api/contacts", json={"channel": "voice"},
                       headers=operator.headers, timeout=10)
        assert r.status_code == 201
        for console in (first, second):
            assert _next_of_type(console, "contact.created")["data"]["id"] == r.json()["id"]


def test_serve_refuses_several_workers_on_sqlite(tmp_path, monkeypatch, capsys):
    from hotline import cli
    from hotline.config import get_settings

    monkeypatch.setenv("HOTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'one.db'}")
    monkeypatch.setenv("HOTLINE_KEYS_FILE", str(tmp_path / "keys.toml"))
    for name in ("HOTLINE_SESSION_KEY", "HOTLINE_CALLER_KEY_SECRET", "HOTLINE_SEALING_KEYS"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    try:
        assert cli.main(["keys", "init"]) == 0
        assert cli.main(["serve", "--workers", "2"]) == 2
        assert "needs PostgreSQL" in capsys.readouterr().err
        assert cli.main(["serve", "--workers", "0"]) == 2
    finally:
        get_settings.cache_clear()
