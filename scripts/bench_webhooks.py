"""Twilio voice webhooks under load: signed ``POST /twilio/voice`` at a steady rate against a
real uvicorn server on SQLite; prints achieved rate, p50 / p99 / max latency and errors.

    python scripts/bench_webhooks.py [--rate 200] [--seconds 30] [--warmup 1] [--workers 1]
        [--database-url postgresql://hotline:hotline@127.0.0.1:5432/hotline_bench]

Prints the floor beside it (a bare SQLite commit with the app's pragmas, a bare websocket
echo, measured in the same run) and what one webhook costs in SQL statements and commits.
SQLite in a temporary file by default. With --database-url (PostgreSQL, production), the
database's public schema is emptied first: point it at a scratch database. More than one
worker needs PostgreSQL (the realtime hub spans processes through LISTEN/NOTIFY).
Loopback only; the run is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlmodel import Session
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import floor
from local_server import KEYS, free_port, serving

from hotline import migrate
from hotline.db import make_engine, utcnow
from hotline.roster.models import Shift
from hotline.staff.models import Staff

TOKEN = "bench-auth-token"


def _seed(url: str) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    migrate.upgrade(engine)
    now = utcnow()
    with Session(engine) as s:
        for i in range(3):
            staff = Staff(full_name=f"operator {i}", roles=["operator"], phone=f"+861380000000{i}")
            s.add(staff)
            s.flush()
            s.add(Shift(staff_id=staff.id, position="operator", start=now - timedelta(hours=1),
                        end=now + timedelta(hours=8), checked_in_at=now))
        s.commit()
    engine.dispose()


async def _load(base: str, rate: float, seconds: float,
                warmup: float) -> tuple[list[float], int, float]:
    """Open loop: a new call every 1/rate seconds, whatever happens. The first ``warmup``
    seconds fill the server's caches and are not counted. The generator's own garbage
    collector is off during the run (as ``timeit`` does), so its pauses are not the server's."""
    validator = RequestValidator(TOKEN)
    url = f"{base}/twilio/voice"
    latencies: list[float] = []
    errors = 0
    skip, total = int(rate * warmup), int(rate * (warmup + seconds))
    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=64)) as client:
        async def one(i: int) -> None:
            nonlocal errors
            form = {"CallSid": f"CA{i:032d}", "From": f"+86139{i % 10**8:08d}",
                    "To": "+8610012356", "CallStatus": "ringing"}
            headers = {"X-Twilio-Signature": validator.compute_signature(url, form)}
            started = time.perf_counter()
            try:
                r = await client.post(url, data=form, headers=headers)
                failed = r.status_code != 200
            except httpx.HTTPError:
                failed = True
            if i >= skip:
                errors += failed
                latencies.append((time.perf_counter() - started) * 1000)

        gc.disable()
        try:
            began = time.perf_counter()
            tasks = []
            for i in range(total):
                tasks.append(asyncio.create_task(one(i)))
                await asyncio.sleep(max(0.0, began + (i + 1) / rate - time.perf_counter()))
            await asyncio.gather(*tasks)
            elapsed = time.perf_counter() - began - warmup
        finally:
            gc.enable()
    return latencies, errors, (total - skip) / elapsed


def _cost(url: str, env: dict[str, str], calls: int = 20) -> tuple[float, float, float]:
    """SQL statements, of them reads, and commits per inbound call, counted in-process on the
    same database."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from hotline.app import create_app
    from hotline.config import Settings

    engine = make_engine(url)
    settings = Settings(**{k.removeprefix("HOTLINE_").lower(): v
                           for k, v in {**KEYS, **env}.items()},
                        run_scheduler=False)
    counts = {"statements": 0, "reads": 0, "commits": 0}

    def statement(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        counts["statements"] += 1
        counts["reads"] += sql.lstrip().upper().startswith("SELECT")

    def commit(*_args: object) -> None:
        counts["commits"] += 1

    validator = RequestValidator(TOKEN)
    with TestClient(create_app(settings, engine=engine),
                    base_url=env["HOTLINE_PUBLIC_BASE_URL"]) as client:
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", commit)
        for i in range(calls):
            form = {"CallSid": f"CB{i:032d}", "From": f"+86137{i:08d}", "To": "+8610012356",
                    "CallStatus": "ringing"}
            url_ = f"{env['HOTLINE_PUBLIC_BASE_URL']}/twilio/voice"
            client.post("/twilio/voice", data=form,
                        headers={"X-Twilio-Signature": validator.compute_signature(url_, form)})
    engine.dispose()
    return (counts["statements"] / calls, counts["reads"] / calls, counts["commits"] / calls)


def bench(args: argparse.Namespace, root: Path = ROOT, label: str = "") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        _seed(url)
        port = free_port()
        env = {"HOTLINE_DATABASE_URL": url, "HOTLINE_TWILIO_AUTH_TOKEN": TOKEN,
               "HOTLINE_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
               "HOTLINE_TWILIO_FROM_NUMBER": "+8610012356",
               "HOTLINE_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
        with serving(env, port, "--workers", str(args.workers), root=root) as base:
            latencies, errors, achieved = asyncio.run(_load(base, args.rate, args.seconds,
                                                                args.warmup))
        statements, reads, commits = _cost(url, env)
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    print(f"{label}webhooks ({url.split(':')[0]}, {args.workers} worker(s)): "
          f"target {args.rate:g}/s for {args.seconds:g}s, achieved {achieved:.0f}/s, "
          f"errors {errors}; p50={statistics.median(latencies):.1f} ms p99={q[98]:.1f} ms "
          f"max={max(latencies):.1f} ms")
    if root == ROOT:  # counted in this process, with this checkout's code
        print(f"  each inbound call: {statements:.1f} SQL statements ({reads:.1f} reads), "
              f"{commits:.1f} commit(s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=1, help="seconds not counted")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout (e.g. `git worktree add /tmp/before main`): "
                             "its server measured too, right before this one's")
    args = parser.parse_args()
    if args.workers > 1 and not args.database_url.startswith("postgresql"):
        parser.error("more than one worker needs --database-url postgresql://...")
    floor.report()
    if args.against is not None:
        bench(args, root=args.against.resolve(), label="[before] ")
    bench(args, label="[after]  " if args.against is not None else "")
    floor.report()  # again: the machine may have changed under the run


if __name__ == "__main__":
    main()
