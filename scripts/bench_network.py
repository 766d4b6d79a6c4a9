"""A province under load: two app instances (real uvicorn processes, each with its own
workers and the scheduler campaign) on one PostgreSQL, the province built by the demo code
(``hotline seed-demo --centres N``), open consoles on both instances, and Twilio voice
webhooks arriving as a Poisson process.

    python scripts/bench_network.py [--seconds 300] [--rate 20] [--centres 20] [--staff 1000]
        [--consoles 500] [--high 0.05] [--workers 2] [--closed 2]
        [--database-url postgresql://hotline:hotline@127.0.0.1:5432/hotline_bench_network]

Each call is Twilio's side of a call, signed as Twilio signs it: ``POST /twilio/voice`` (to
the network's shared number with a caller whose number ``phonenumbers`` places in a centre's
city once routing by region has landed, else to the centre's own number), then whatever the
TwiML says (the queue's wait URL every 10 s, its action when the caller leaves or hangs up,
redirects, the region menu), then ``POST /twilio/status`` when the caller hangs up (after 20 s
on average: nobody answers in this load). The generator alternates the instances as a proxy
would. ``--closed`` city centres have nobody checked in (their calls must roll over). A share
``--high`` of calls also gets a high or imminent screen saved by an operator of the caller's
centre (``POST /api/contacts``); the alert time runs from sending it until a crisis
responder's console (on either instance) receives ``escalation.created``. The consoles run in
a process of their own, so their reading does not hold up the calls' clock.

Prints webhook p50/p99, alert p99, rollovers, errors (must be 0), CPU per component (each
instance with its workers, PostgreSQL's backends for this database, the load generator) and
the floor measured in the same run (a bare PostgreSQL commit, a bare websocket echo).
The database is emptied first: point --database-url at a scratch database (it is created
when missing). Loopback only; the run is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import aiohttp
import websockets
from sqlalchemy import inspect, text
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import floor
from local_server import KEYS, free_port, server_process
from process_cpu import CpuMeter, children, with_children

from hotline.db import make_engine, utcnow

TOKEN = "bench-network-auth-token"
PUBLIC = "https://hotline.example.org"  # what Twilio signs: the proxy's address
HIGH = {"wish_dead": True, "suicidal_thoughts": True, "intent": True}
IMMINENT = {**HIGH, "means_at_hand": True}
# Nobody answers in this load: callers hold, then hang up after HOLD_MEAN_S on average.
HOLD_MEAN_S = 20
WAIT_PAUSE_S = 10  # the queue's hold message pauses 10 s before Twilio asks again
DEFAULT_URL = "postgresql://hotline:hotline@127.0.0.1:5432/hotline_bench_network"


@dataclass
class Console:
    token: str
    responder: bool


@dataclass
class Province:
    """What the load needs of the seeded province."""

    consoles: list[Console]
    operators: dict[str, list[str]]  # centre code -> operators' tokens
    calls: dict[str, list[tuple[str, str]]]  # centre code -> (To, From) that reach it
    routed_by_region: bool


@dataclass
class Figures:
    webhook_ms: dict[str, list[float]] = field(default_factory=dict)
    loop_lag_ms: list[float] = field(default_factory=list)
    alert_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    calls: int = 0
    alerts: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _database(url: str) -> None:
    """Create the scratch database if missing, then empty its schema."""
    import psycopg

    engine = make_engine(url)
    name = engine.url.database
    admin = engine.url.set(database="postgres", drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            db.execute(f'CREATE DATABASE "{name}"')
    engine.dispose()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def _seed(url: str, schedules: Path, args: argparse.Namespace) -> Province:
    """The province as ``hotline seed-demo --centres N`` makes it (a plain rota around today
    and no history), and login sessions for the consoles."""
    from sqlmodel import Session

    from hotline import demo, migrate, policies
    from hotline.centres import service as centres_service
    from hotline.config import Settings
    from hotline.demo import network

    settings = Settings(database_url=url, run_scheduler=False, schedules_dir=schedules,
                        session_key=KEYS["HOTLINE_SESSION_KEY"],
                        caller_key_secret=KEYS["HOTLINE_CALLER_KEY_SECRET"],
                        sealing_keys=KEYS["HOTLINE_SEALING_KEYS"])
    network.write_network(schedules, args.centres)
    engine = make_engine(url)
    migrate.upgrade(engine)
    loaded = policies.load(schedules)
    with Session(engine) as session:
        centres_service.sync(session, loaded.network, settings.timezone)
        demo.seed(session, settings=settings, policies=loaded, password="bench-network-pw",
                  centres=args.centres, staff=args.staff, contacts=0, light_roster=True)
        cities = [c.code for c in network.centres(args.centres)[1:]]
        _close(session, cities[len(cities) - min(args.closed, len(cities)):])
        session.commit()
        consoles, operators = _sessions(session, settings, args.consoles)
        session.commit()
    engine.dispose()
    shared = bool(loaded.network.shared_numbers) and _routing_landed()
    return Province(consoles, operators,
                    _callers(network.centres(args.centres), shared, rng=random.Random(2026)),
                    routed_by_region=shared)


def _sessions(session: Any, settings: Any,
              count: int) -> tuple[list[Console], dict[str, list[str]]]:
    """Logins for ``count`` consoles: every crisis responder and supervisor first (they get
    the alerts), then operators from each centre in turn; and two operators of each centre
    who save the high-risk screens."""
    from sqlmodel import select

    from hotline.auth import service as auth_service
    from hotline.auth.models import Account
    from hotline.centres.models import Centre
    from hotline.staff.models import Staff

    def login(staff: Staff, account: Account) -> str:
        token, _ = auth_service.start_session(session, settings, account=account, staff=staff,
                                              client_addr="127.0.0.1")
        return token

    rows = session.exec(select(Staff, Account, Centre).join(Account, Account.staff_id == Staff.id)
                        .join(Centre, Centre.id == Staff.centre_id).order_by(Staff.id)).all()
    alerted = [r for r in rows if {"crisis_responder", "supervisor"} & set(r[0].roles)]
    by_centre: dict[str, list[Any]] = {}
    for row in rows:
        if row not in alerted and "operator" in row[0].roles:
            by_centre.setdefault(row[2].code, []).append(row)
    screeners = {code: [login(staff, account) for staff, account, _ in queue[:2]]
                 for code, queue in by_centre.items()}
    taking = list(alerted)
    while len(taking) < count and any(by_centre.values()):
        for queue in by_centre.values():
            if queue and len(taking) < count:
                taking.append(queue.pop(0))
    consoles = [Console(login(staff, account), "crisis_responder" in staff.roles)
                for staff, account, _ in taking[:count]]
    return consoles, screeners


def _close(session: Any, codes: list[str]) -> None:
    """Nobody checked in at these centres now (a small city's line at night): their calls
    must roll over."""
    from sqlmodel import col, select, update

    from hotline.centres.models import Centre
    from hotline.roster.models import Shift

    if not codes:
        return
    ids = session.exec(select(Centre.id).where(col(Centre.code).in_(codes))).all()
    now = utcnow()
    session.exec(update(Shift).where(col(Shift.centre_id).in_(ids))
                 .where(col(Shift.position) == "operator").where(col(Shift.start) <= now)
                 .where(col(Shift.end) > now).values(checked_in_at=None))


def _routing_landed() -> bool:
    try:
        from hotline.centres import routing  # noqa: F401
    except ImportError:
        return False
    return True


def _callers(centres: list[Any], shared: bool, rng: random.Random,
             per_centre: int = 50) -> dict[str, list[tuple[str, str]]]:
    """(To, From) pairs that should reach each centre: the shared number with a mobile number
    of the centre's city (``phonenumbers`` places it, as routing does), or, before routing
    by region, the centre's own number with any mobile caller."""
    import phonenumbers
    from phonenumbers import geocoder

    from hotline.demo.network import SHARED_NUMBER

    if not shared:
        return {c.code: [(c.number, f"+86139{rng.randrange(10**8):08d}")
                         for _ in range(per_centre)] for c in centres}
    wanted = {"广东省" + ("广州市" if c.provincial else c.city_zh): c.code for c in centres}
    found: dict[str, list[tuple[str, str]]] = {c.code: [] for c in centres}
    while any(len(v) < per_centre for v in found.values()):
        number = f"+86{rng.randrange(1300000, 2000000)}{rng.randrange(10**4):04d}"
        place = geocoder.description_for_number(phonenumbers.parse(number), "zh")
        code = wanted.get(place)
        if code is not None and len(found[code]) < per_centre:
            found[code].append((SHARED_NUMBER, number))
    return found


def _hold_consoles(bases: list[str], consoles: list[Console], pipe: Connection) -> None:
    """The consoles, in a process of their own (so their reading does not delay the calls'
    clock): open them all, say "ready", note when each alert reaches a responder's console
    (``time.monotonic``, the same clock in every process), answer "snapshot" with what
    arrived, and on "stop" close them and say how many the servers had closed."""
    async def hold() -> None:
        alerted: dict[int, float] = {}
        closed = 0
        stopping = asyncio.Event()
        sockets = []
        for i, console in enumerate(consoles):
            ws_url = bases[i % len(bases)].replace("http://", "ws://") + "/ws"
            sockets.append(await websockets.connect(
                ws_url, additional_headers={"Authorization": f"Bearer {console.token}"},
                max_queue=None, open_timeout=60))

        async def watch(ws: websockets.ClientConnection, responder: bool) -> None:
            nonlocal closed
            try:
                async for raw in ws:
                    if responder and '"escalation.created"' in raw:
                        message = json.loads(raw)
                        alerted.setdefault(message["data"]["contact_id"], time.monotonic())
            except websockets.ConnectionClosed:
                pass
            closed += not stopping.is_set()

        watchers = [asyncio.create_task(watch(ws, c.responder))
                    for ws, c in zip(sockets, consoles, strict=True)]
        pipe.send("ready")
        loop = asyncio.get_running_loop()
        while await loop.run_in_executor(None, pipe.recv) == "snapshot":
            pipe.send(dict(alerted))
        stopping.set()
        for ws in sockets:
            await ws.close()
        for task in watchers:
            task.cancel()
        pipe.send((dict(alerted), closed))

    asyncio.run(hold())


async def _load(bases: list[str], province: Province, args: argparse.Namespace,
                figures: Figures, consoles: Connection) -> None:
    validator = RequestValidator(TOKEN)
    rng = random.Random(7)
    sent_at: dict[int, float] = {}
    stopping = asyncio.Event()
    lag = asyncio.create_task(_loop_lag(figures.loop_lag_ms, stopping))
    centres = sorted(province.calls)
    # aiohttp, not httpx: the generator shares the machine's cores with the servers, and
    # aiohttp spends a fraction of httpx's CPU on each request.
    async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=30),
            connector=aiohttp.TCPConnector(limit=200, limit_per_host=100)) as client:
        async def webhook(base: str, url: str, form: dict[str, str]) -> str | None:
            """One signed webhook, as Twilio sends it; the TwiML answered, None on failure."""
            path = url.removeprefix(PUBLIC)
            signature = validator.compute_signature(PUBLIC + path, form)
            started = time.perf_counter()
            text = None
            try:
                async with client.post(base + path, data=form,
                                       headers={"X-Twilio-Signature": signature}) as r:
                    text = await r.text() if r.ok else None
            except (aiohttp.ClientError, TimeoutError):
                pass
            kind = path.split("?")[0]
            figures.webhook_ms.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            if text is None:
                figures.error(f"webhook {kind}")
            return text

        async def call(n: int, hold_s: float, high: bool) -> None:
            centre = centres[n % len(centres)] if n < len(centres) else rng.choice(centres)
            to, caller = rng.choice(province.calls[centre])
            base = bases[n % len(bases)]
            form = {"CallSid": f"CA{n:032d}", "AccountSid": "AC" + "0" * 32, "From": caller,
                    "To": to, "CallStatus": "ringing", "Direction": "inbound"}
            ends_at = time.perf_counter() + hold_s
            twiml = await webhook(base, "/twilio/voice", form)
            if twiml is None:
                return
            if high:
                await screen(n, centre)
            await follow(base, twiml, form, ends_at)
            await asyncio.sleep(max(0.0, ends_at - time.perf_counter()))
            await webhook(bases[(n + 1) % len(bases)], "/twilio/status",
                          {**form, "CallStatus": "completed", "CallDuration": str(int(hold_s))})

        async def follow(base: str, twiml: str, form: dict[str, str], ends_at: float) -> None:
            """Twilio's side of a call: obey the TwiML (queue, redirect, menu) until the
            caller hangs up at ``ends_at`` or the call leaves for a line outside."""
            for _ in range(10):
                verb = _next_verb(twiml)
                if verb is None:  # Say, Dial out, Record, Hangup: nothing more for us
                    return
                name, url = verb
                if name == "Redirect":
                    answer = await webhook(base, url, form)
                elif name == "Gather":  # the region menu: the caller presses 1
                    answer = await webhook(base, url, {**form, "Digits": "1"})
                else:  # Enqueue: Twilio asks the wait URL now and after each 10 s pause
                    wait_url, action = url.split(" ", 1)
                    queued, result = time.perf_counter(), "hangup"
                    while True:
                        waited = {**form, "QueueTime": str(int(time.perf_counter() - queued)),
                                  "QueueSid": "QU" + "0" * 32, "CurrentQueueSize": "1"}
                        held = await webhook(base, wait_url, waited)
                        if held is None:
                            return
                        if "<Leave" in held:
                            result = "leave"
                            break
                        if ends_at - time.perf_counter() <= WAIT_PAUSE_S:
                            await asyncio.sleep(max(0.0, ends_at - time.perf_counter()))
                            break
                        await asyncio.sleep(WAIT_PAUSE_S)
                    answer = await webhook(base, action, {
                        **form, "QueueResult": result,
                        "QueueTime": str(int(time.perf_counter() - queued))})
                    if result == "hangup":
                        return
                if answer is None:
                    return
                twiml = answer

        async def screen(n: int, centre: str) -> None:
            token = rng.choice(province.operators[centre])
            body = {"channel": "voice",
                    "risk_screen": IMMINENT if rng.random() < 0.2 else HIGH}
            started = time.monotonic()
            try:
                async with client.post(bases[(n + 1) % len(bases)] + "/api/contacts",
                                       json=body,
                                       headers={"Authorization": f"Bearer {token}"}) as r:
                    saved = await r.json() if r.status == 201 else None
                    status = r.status
            except (aiohttp.ClientError, TimeoutError):
                figures.error("high-risk contact not saved")
                return
            if saved is None or not saved.get("escalation"):
                figures.error(f"high-risk contact answered {status}")
                return
            sent_at[saved["id"]] = started
            figures.alerts += 1

        tasks: list[asyncio.Task[None]] = []
        began = time.perf_counter()
        at = 0.0
        while at < args.seconds:
            await asyncio.sleep(max(0.0, began + at - time.perf_counter()))
            hold = min(rng.expovariate(1 / HOLD_MEAN_S), max(0.5, args.seconds - at))
            tasks.append(asyncio.create_task(call(figures.calls, hold,
                                                  rng.random() < args.high)))
            figures.calls += 1
            at += rng.expovariate(args.rate)  # Poisson arrivals
        await asyncio.gather(*tasks)
    alerted: dict[int, float] = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        consoles.send("snapshot")
        alerted = await asyncio.to_thread(consoles.recv)
        if not set(sent_at) - set(alerted):
            break
        await asyncio.sleep(0.2)
    stopping.set()
    await lag
    consoles.send("stop")
    alerted, closed = await asyncio.to_thread(consoles.recv)
    for contact_id, started in sent_at.items():
        if contact_id in alerted:
            figures.alert_ms.append((alerted[contact_id] - started) * 1000)
        else:
            figures.error("alert not on a responder's console within 10 s")
    if closed:
        figures.errors["consoles closed by the server"] = closed


FAKE_TWILIO = """import time
from tests.fakes.twilio import FakeTwilio
with FakeTwilio() as fake:
    print(fake.url, flush=True)
    time.sleep(86400)
"""


@contextmanager
def _fake_twilio() -> Iterator[tuple[str, int]]:
    """The project's fake Twilio REST API (``tests/fakes/twilio.py``) in a process of its own,
    so alerts by SMS and voice go somewhere real without sharing the generator's CPU."""
    process = subprocess.Popen(
        [sys.executable, "-c", FAKE_TWILIO],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip(), process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _loop_lag(lags: list[float], stop: asyncio.Event) -> None:
    """How late the generator's own loop wakes (10 ms naps): when this is large, the figures
    above it include the generator's waiting, not only the servers'."""
    while not stop.is_set():
        asked = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append((time.perf_counter() - asked - 0.01) * 1000)


def _next_verb(twiml: str) -> tuple[str, str] | None:
    """The first verb of the TwiML that calls us back: ("Enqueue", "<wait URL> <action>"),
    ("Redirect", url) or ("Gather", action); None when the call is done with us."""
    for element in ElementTree.fromstring(twiml).iter():
        if element.tag == "Enqueue":
            return "Enqueue", f"{element.get('waitUrl', '')} {element.get('action', '')}"
        if element.tag == "Redirect" and element.text:
            return "Redirect", element.text.strip()
        if element.tag == "Gather" and element.get("action"):
            return "Gather", element.get("action", "")
    return None


def _outcomes(url: str, since: datetime) -> tuple[str, str]:
    """Calls that moved to another centre during the run (as routing records them), and
    every call of the run by status."""
    engine = make_engine(url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("contact")}
        calls = "FROM contact WHERE call_sid IS NOT NULL AND received_at >= :since"
        with engine.connect() as conn:
            statuses = conn.execute(text(f"SELECT status, count(*) {calls} GROUP BY status "
                                         "ORDER BY status"), {"since": since}).all()
            total = sum(n for _, n in statuses)
            moved = conn.execute(text(
                f"SELECT count(*) {calls} AND rolled_over_from_centre_id IS NOT NULL"),
                {"since": since}).scalar_one() if "rolled_over_from_centre_id" in columns else None
    finally:
        engine.dispose()
    rollovers = ("n/a (rollovers between centres have not landed here; calls nobody could "
                 "take went to telephony.toml's overflow)" if moved is None else
                 f"{moved} of {total} calls ({100 * moved / max(total, 1):.1f}%)")
    return rollovers, ", ".join(f"{status} {n}" for status, n in statuses)


def _sampler(meter: CpuMeter, processes: dict[str, int], url: str,
             stop: threading.Event) -> None:
    """Once a second: each instance's process tree, and PostgreSQL's backends serving this
    database (other databases on the server are other people's work)."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as db:
        while True:
            tree = children()
            for name, pid in processes.items():
                meter.sample(name, with_children(pid, tree))
            backends = [r[0] for r in db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")]
            meter.sample("PostgreSQL (this database's backends)", backends)
            shared = [r[0] for r in db.execute(
                "SELECT pid FROM pg_stat_activity WHERE backend_type IN "
                "('walwriter', 'checkpointer', 'background writer')")]
            meter.sample("PostgreSQL (WAL writer, checkpointer, bgwriter; shared)", shared)
            meter.sample("load generator (calls, screens)", [os.getpid()])
            if stop.wait(1.0):
                return


def _ms(values: list[float]) -> str:
    if not values:
        return "no samples"
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return (f"p50 {statistics.median(values):.1f} ms, p99 {q[98]:.1f} ms, "
            f"max {max(values):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--rate", type=float, default=20, help="inbound calls per second")
    parser.add_argument("--centres", type=int, default=20)
    parser.add_argument("--staff", type=int, default=1000)
    parser.add_argument("--consoles", type=int, default=500)
    parser.add_argument("--high", type=float, default=0.05,
                        help="share of calls with a high or imminent screen")
    parser.add_argument("--workers", type=int, default=2, help="worker processes per instance")
    parser.add_argument("--closed", type=int, default=2,
                        help="city centres with nobody checked in now (their calls roll over)")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("two instances share one PostgreSQL: --database-url postgresql://...")
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    started_at = datetime.now().astimezone()
    print(f"bench_network {started_at:%Y-%m-%d %H:%M %Z}, {os.cpu_count()} cores, "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    _database(args.database_url)
    _floor(args.database_url, "before")

    with tempfile.TemporaryDirectory() as tmp, _fake_twilio() as (twilio, twilio_pid):
        schedules = Path(tmp) / "schedules"
        shutil.copytree(ROOT / "schedules", schedules)
        seeding = time.perf_counter()
        province = _seed(args.database_url, schedules, args)
        to = ("the shared number, routed by the caller's region" if province.routed_by_region
              else "each centre's own number")
        print(f"province: {args.centres} centres, {args.staff} staff, "
              f"{len(province.consoles)} consoles; calls to {to} "
              f"(seeded in {time.perf_counter() - seeding:.0f} s)")
        env = {"HOTLINE_DATABASE_URL": args.database_url, "HOTLINE_SCHEDULES_DIR": str(schedules),
               "HOTLINE_RUN_SCHEDULER": "true", "HOTLINE_TWILIO_AUTH_TOKEN": TOKEN,
               "HOTLINE_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
               "HOTLINE_TWILIO_FROM_NUMBER": "+8610012356",
               "HOTLINE_TWILIO_API_BASE": twilio, "HOTLINE_PUBLIC_BASE_URL": PUBLIC}
        workers = ("--workers", str(args.workers))
        logs = [Path(tmp) / "instance-a.log", Path(tmp) / "instance-b.log"]
        with logs[0].open("wb") as log_a, logs[1].open("wb") as log_b, \
                server_process(env, free_port(), *workers, log=log_a) as (base_a, proc_a), \
                server_process(env, free_port(), *workers, log=log_b) as (base_b, proc_b):
            figures = Figures()
            pipe, child_end = multiprocessing.Pipe()
            holder = multiprocessing.get_context("fork").Process(
                target=_hold_consoles, args=([base_a, base_b], province.consoles, child_end))
            holder.start()
            meter, stop = CpuMeter(), threading.Event()
            processes = {"instance A (uvicorn and its workers)": proc_a.pid,
                         "instance B (uvicorn and its workers)": proc_b.pid,
                         "fake Twilio (SMS and voice alerts)": twilio_pid,
                         f"{len(province.consoles)} consoles (websockets, one process)":
                         holder.pid}
            sampler = threading.Thread(target=_sampler,
                                       args=(meter, processes, args.database_url, stop))
            sampler.start()
            if not pipe.poll(300) or pipe.recv() != "ready":
                raise SystemExit("the consoles did not open within 5 minutes")
            meter.begin()  # consoles open: the measured window starts
            since, began = utcnow(), time.perf_counter()
            asyncio.run(_load([base_a, base_b], province, args, figures, pipe))
            wall = time.perf_counter() - began
            holder.join(timeout=30)
            stop.set()
            sampler.join()
        server_errors = sum(_logged_errors(log) for log in logs)
        rollovers, outcomes = _outcomes(args.database_url, since)

    print(f"load: {figures.calls} calls in {args.seconds:g} s (Poisson, {args.rate:g}/s asked, "
          f"{figures.calls / args.seconds:.1f}/s made), {figures.alerts} high/imminent, "
          f"2 instances x {args.workers} workers")
    for path, values in sorted(figures.webhook_ms.items()):
        print(f"  webhook {path} ({len(values)}): {_ms(values)}")
    print(f"  alert (POST sent -> escalation.created on a responder's console): "
          f"{_ms(figures.alert_ms)}")
    print(f"  rollovers: {rollovers}")
    print(f"  calls by status at the end: {outcomes}")
    if server_errors:
        figures.errors["errors and tracebacks in the instances' logs"] = server_errors
    print(f"  errors: {sum(figures.errors.values())}"
          + "".join(f"\n    {k}: {v}" for k, v in sorted(figures.errors.items())))
    print(f"  the generator's own loop woke late by {_ms(figures.loop_lag_ms)}")
    print(f"  CPU over {wall:.0f} s (1.00 = one core busy):")
    used = meter.used()
    for name, seconds in used.items():
        print(f"    {name:58s} {seconds:7.1f} s  {seconds / wall:5.2f}")

    def per_call(*starts: str) -> float:
        return sum(seconds for name, seconds in used.items()
                   if name.startswith(starts)) * 1000 / max(figures.calls, 1)

    print(f"  CPU per call: the two instances {per_call('instance'):.1f} ms, PostgreSQL "
          f"{per_call('PostgreSQL'):.1f} ms, the consoles {per_call(str(len(province.consoles))):.1f}"
          f" ms, the generator {per_call('load generator'):.1f} ms")
    _floor(args.database_url, "after")
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if figures.errors:
        raise SystemExit(1)


def _logged_errors(log: Path) -> int:
    """Lines an instance logged at ERROR (uvicorn and our loggers) or a traceback began."""
    lines = log.read_text(errors="replace").splitlines()
    return sum(1 for line in lines if line.startswith(("ERROR", "Traceback")))


def _floor(url: str, when: str) -> None:
    print(f"floor ({when}): bare PostgreSQL commit {floor.figures(floor.postgres_commit_ms(url))}; "
          f"bare websocket echo {floor.figures(floor.websocket_echo_ms())}")


if __name__ == "__main__":
    main()
