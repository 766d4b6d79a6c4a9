"""Alert latency: from sending ``POST /api/contacts`` (a high-risk contact) to the on-call
responder's websocket receiving ``escalation.created``, with many consoles connected and
background intake, against a real uvicorn server on SQLite.

    python scripts/bench_alert_latency.py                # 500 and 2000 consoles
    python scripts/bench_alert_latency.py --consoles 500 --alerts 1000
    python scripts/bench_alert_latency.py --upgrade      # PATCH high -> imminent after the
                                                         # responder acknowledged: time to
                                                         # ``escalation.upgraded``
    python scripts/bench_alert_latency.py --against /tmp/before   # before and after, each
                                                         # figure beside the other

Prints p50 / p99 / max in milliseconds, beside the floor measured in the same run (a bare
SQLite commit with the app's pragmas, a bare websocket echo) and the unloaded request path
(``/healthz``, ``GET /api/auth/me``, a plain and a high-risk contact, one at a time), with
the server's CPU time per request (all its threads, from the scheduler: it holds when the
machine is busy, where wall-clock time counts the wait for a core too), and the CPU one event
costs per console it goes to.
The server has the first CPU to itself and the clients the others (``--shared-cpus`` to let the
OS place them): the clients stand in for browsers and phones on other machines, and sharing
the server's core they took turns with it and moved it between cores (p99 12-13 ms against
8-9 ms, the same code in the same hour). The other consoles connect from a process of their
own, as browsers would: the responder's
arrival is stamped when its bytes reach this process, not after this process has decoded
the ten supervisors' boards' copies of the same alert.
Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import websockets
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import floor
from http1 import Http1
from local_server import KEYS, cpu_seconds, free_port, pin, server_pid, serving, split_cpus

from hotline import migrate
from hotline.auth import service as auth_service
from hotline.config import Settings
from hotline.db import make_engine, utcnow
from hotline.roster.models import Shift
from hotline.staff.models import Staff

PASSWORD = "bench-password-123"
HIGH = {"wish_dead": True, "suicidal_thoughts": True, "intent": True}
IMMINENT = {**HIGH, "means_at_hand": True}
SUPERVISOR_CONSOLES = 10


def _seed(url: str, consoles: int) -> dict[str, str]:
    """The operator, the on-call crisis primary, a supervisor and a colleague (many consoles)."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    settings = Settings(database_url=url, run_scheduler=False,
                        session_key=KEYS["HOTLINE_SESSION_KEY"],
                        caller_key_secret=KEYS["HOTLINE_CALLER_KEY_SECRET"],
                        sealing_keys=KEYS["HOTLINE_SEALING_KEYS"])
    tokens: dict[str, str] = {}
    with Session(engine) as s:
        people = {"operator": ["operator"], "responder": ["crisis_responder"],
                  "supervisor": ["supervisor"], "colleague": ["operator"]}
        for name, roles in people.items():
            staff = Staff(full_name=name, roles=roles, phone="+8613800000000")
            s.add(staff)
            s.flush()
            auth_service.create_account(s, staff_id=staff.id, username=name, password=PASSWORD)
            if name == "responder":
                now = utcnow()
                s.add(Shift(staff_id=staff.id, position="crisis_primary",
                            start=now - timedelta(hours=1), end=now + timedelta(hours=8)))
        s.commit()
        for name in people:
            tokens[name], _ = auth_service.login(s, settings, username=name, password=PASSWORD,
                                                 client_addr="127.0.0.1")
        s.commit()
    engine.dispose()
    return tokens


class StampedConnection(websockets.ClientConnection):
    """The responder's socket: notes when bytes reach this process, before they are decoded."""

    arrived = 0.0

    def data_received(self, data: bytes) -> None:
        self.arrived = time.perf_counter()
        super().data_received(data)


def _crowd(ws_base: str, tokens: dict[str, str], count: int, ready: Any, stop: Any) -> None:
    """The other consoles, in a process of their own: each console is a browser of its own, so
    the responder's must not wait behind this client decoding the others' copies of the
    same event (ten supervisors' boards get every alert too, about 0.1 ms each)."""

    async def run() -> None:
        # Like a real floor: a few supervisors' consoles get every contact.created, the rest
        # are other operators' consoles, which the hub must still look at for every event.
        # Like browsers, they send no pings of their own (the server still pings each).
        watchers = []
        for i in range(count):
            who = "supervisor" if i < SUPERVISOR_CONSOLES else "colleague"
            watchers.append(await websockets.connect(f"{ws_base}/ws",
                                                     additional_headers=bearer(tokens[who]),
                                                     max_queue=None, ping_interval=None))

        async def drain(ws: websockets.ClientConnection) -> None:
            async for _ in ws:
                pass

        tasks = [asyncio.create_task(drain(w)) for w in watchers]
        gc.collect()
        gc.freeze()  # 2,000 connections: a full collection here would stall their reads
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        for t in tasks:
            t.cancel()
        for ws in watchers:
            await ws.close()

    asyncio.run(run())


async def _run(base: str, tokens: dict[str, str], consoles: int, alerts: int,
               intake_per_s: float, upgrade: bool = False) -> tuple[list[float], list[float]]:
    ws_base = base.replace("http", "ws")
    context = multiprocessing.get_context("spawn")
    ready, stop_crowd = context.Event(), context.Event()
    crowd = context.Process(target=_crowd, args=(ws_base, tokens, consoles - 1, ready,
                                                 stop_crowd))
    crowd.start()
    while not ready.wait(0):  # connecting 2,000 takes a few seconds
        if not crowd.is_alive():
            raise RuntimeError("the other consoles' process failed")
        await asyncio.sleep(0.1)
    responder = cast(StampedConnection, await websockets.connect(
        f"{ws_base}/ws", ping_interval=None, create_connection=StampedConnection,
        additional_headers=bearer(tokens["responder"])))
    gc.collect()
    gc.freeze()
    received: dict[int, float] = {}
    escalations: dict[int, int] = {}  # contact id -> escalation id (for the responder's ack)
    watched = "escalation.upgraded" if upgrade else "escalation.created"

    async def listen() -> None:
        async for raw in responder:
            message = json.loads(raw)
            if message["type"] == "escalation.created":
                escalations[message["data"]["contact_id"]] = message["data"]["id"]
            if message["type"] == watched:
                received[message["data"]["contact_id"]] = responder.arrived

    listening = asyncio.create_task(listen())
    headers = {"Authorization": f"Bearer {tokens['operator']}"}
    latencies: list[float] = []  # ms after the POST returned (0 when the event came first)
    end_to_end: list[float] = []  # ms from sending the POST to the responder's event
    stop = asyncio.Event()

    # Two lean connections (scripts/http1.py): the alerts' and the background intake's.
    async with Http1(base, headers) as client, Http1(base, headers) as other:
        async def background() -> None:
            interval = 1 / intake_per_s
            while not stop.is_set():
                started = time.perf_counter()
                await other.post("/api/contacts", {"channel": "chat"})
                await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))

        intake = asyncio.create_task(background())
        taker = {"Authorization": f"Bearer {tokens['responder']}"}
        for _ in range(alerts):
            if upgrade:  # a high contact, taken; then the caller says they have the pills
                _, body = await client.post("/api/contacts",
                                            {"channel": "voice", "risk_screen": HIGH})
                contact_id = body["id"]
                while contact_id not in escalations:
                    await asyncio.sleep(0.0005)
                await client.post(f"/api/escalations/{escalations[contact_id]}/ack",
                                  headers=taker)
                await client.patch(f"/api/contacts/{contact_id}", {"risk_screen": IMMINENT})
            else:
                _, body = await client.post("/api/contacts",
                                            {"channel": "voice", "risk_screen": HIGH})
                contact_id = body["id"]
            sent = client.sent_at  # when the request's bytes went to the socket
            returned = time.perf_counter()
            deadline = returned + 5
            while contact_id not in received and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if contact_id in received:
                # The event can beat the HTTP answer (it goes out at commit): count that as 0.
                latencies.append(max(0.0, received[contact_id] - returned) * 1000)
                end_to_end.append((received[contact_id] - sent) * 1000)
            await asyncio.sleep(0.05)
        stop.set()
        await intake
    listening.cancel()
    await responder.close()
    stop_crowd.set()
    crowd.join(timeout=30)
    gc.unfreeze()
    return latencies, end_to_end


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _unloaded(base: str, tokens: dict[str, str], count: int, pid: int
                    ) -> dict[str, tuple[list[float], float]]:
    """One request at a time, nothing else going on: the request path's own cost (wall
    samples, and the server's CPU microseconds per request)."""
    requests = {
        "GET /healthz": ("GET", "/healthz", None),
        "GET /api/auth/me": ("GET", "/api/auth/me", None),
        "POST /api/contacts (plain)": ("POST", "/api/contacts", {"channel": "chat"}),
        "POST /api/contacts (high risk)": (
            "POST", "/api/contacts", {"channel": "voice", "risk_screen": HIGH}),
    }
    timings: dict[str, tuple[list[float], float]] = {}
    headers = {"Authorization": f"Bearer {tokens['operator']}"}
    async with Http1(base, headers) as client:
        for name, (method, path, body) in requests.items():
            samples = []
            for i in range(count + 20):  # the first 20 warm up
                if i == 20:
                    cpu = cpu_seconds(pid)
                started = time.perf_counter()
                status, answer = await client.request(method, path, body)
                if i >= 20:
                    samples.append((time.perf_counter() - started) * 1000)
                assert status < 300, answer
            timings[name] = (samples, (cpu_seconds(pid) - cpu) / count * 1e6)
    return timings


async def _fanout(base: str, tokens: dict[str, str], consoles: int, count: int, pid: int
                  ) -> float:
    """Server CPU microseconds per plain contact while ``consoles`` supervisors' consoles
    are connected (each gets its ``contact.created``), every console having received it."""
    ws_base = base.replace("http", "ws")
    sockets = [await websockets.connect(f"{ws_base}/ws",
                                        additional_headers=bearer(tokens["supervisor"]),
                                        max_queue=None) for _ in range(consoles)]
    headers = {"Authorization": f"Bearer {tokens['operator']}"}
    async with Http1(base, headers) as client:
        for i in range(count + 20):  # the first 20 warm up
            if i == 20:
                cpu = cpu_seconds(pid)
            status, answer = await client.post("/api/contacts", {"channel": "chat"})
            assert status == 201, answer
            for ws in sockets:  # every console has it before the next contact
                while json.loads(await ws.recv())["type"] != "contact.created":
                    pass
        used = cpu_seconds(pid) - cpu
    for ws in sockets:
        await ws.close()
    return used / count * 1e6


def unloaded(count: int = 200, root: Path = ROOT, label: str = "",
             server_cpus: set[int] | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        tokens = _seed(url, 1)
        port = free_port()
        with serving({"HOTLINE_DATABASE_URL": url, "HOTLINE_TWILIO_ACCOUNT_SID": ""},
                     port, root=root) as base:
            pid = server_pid(port)
            if server_cpus is not None:
                pin(pid, server_cpus)
            timings = asyncio.run(_unloaded(base, tokens, count, pid))
            fanout = {n: asyncio.run(_fanout(base, tokens, n, count // 2, pid))
                      for n in (0, 500)}
    for name, (samples, cpu_us) in timings.items():
        print(f"{label}unloaded {name:32s} {floor.figures(samples)}  server CPU "
              f"{cpu_us:6.0f} us")
    per_socket = (fanout[500] - fanout[0]) / 500
    print(f"{label}fan-out: server CPU per plain contact {fanout[0]:6.0f} us with no console, "
          f"{fanout[500]:6.0f} us with 500 consoles receiving it ({per_socket:.1f} us per "
          f"console)")


def bench(consoles: int, alerts: int, intake_per_s: float, upgrade: bool = False,
          root: Path = ROOT, label: str = "", server_cpus: set[int] | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        tokens = _seed(url, consoles)
        port = free_port()
        env = {"HOTLINE_DATABASE_URL": url, "HOTLINE_TWILIO_ACCOUNT_SID": ""}
        with serving(env, port, "--ws-max-queue", "10000", root=root) as base:
            pid = server_pid(port)
            if server_cpus is not None:
                pin(pid, server_cpus)
            cpu, started = cpu_seconds(pid), time.perf_counter()
            latencies, end_to_end = asyncio.run(
                _run(base, tokens, consoles, alerts, intake_per_s, upgrade))
            busy = (cpu_seconds(pid) - cpu) / (time.perf_counter() - started)
    lost = alerts - len(latencies)
    first = sum(1 for v in latencies if v == 0)
    kind = "upgrade high->imminent" if upgrade else "new escalation"
    print(f"{label}{kind}: consoles={consoles:5d} alerts={alerts} background={intake_per_s:g}/s "
          f"lost={lost} server CPU {busy:.0%} of a core")
    print(f"  after POST returned: {floor.figures(latencies)} "
          f"(event arrived before the HTTP answer in {first}/{len(latencies)})")
    print(f"  from POST sent:      {floor.figures(end_to_end)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--consoles", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--alerts", type=int, default=500,
                        help="alerts per run: a p99 of 500 is the 5th-worst, not the 2nd")
    parser.add_argument("--intake", type=float, default=50.0, help="background contacts/s")
    parser.add_argument("--upgrade", action="store_true",
                        help="time a raise to imminent after acknowledgement instead")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout (e.g. `git worktree add /tmp/before main`): "
                             "its server measured too, each figure beside this one's")
    parser.add_argument("--shared-cpus", action="store_true",
                        help="let the OS place the server and the clients on any CPU (by "
                             "default the server has the first to itself, the clients the rest)")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    # (root, label): with --against, the same step for both, one after the other.
    roots = [(ROOT, "")] if args.against is None else [
        (args.against.resolve(), "[before] "), (ROOT, "[after]  ")]
    split = None if args.shared_cpus else split_cpus()
    if split is None:
        print("CPUs: the server and the clients share them all")
        server_cpus = None
    else:
        server_cpus, clients = split
        os.sched_setaffinity(0, clients)  # this client, the consoles' process, the floor
        print(f"CPUs: the server on {sorted(server_cpus)}, the clients on {sorted(clients)}")
    floor.report()
    for root, label in roots:
        unloaded(root=root, label=label, server_cpus=server_cpus)
    for consoles in args.consoles:
        for root, label in roots:
            bench(consoles, args.alerts, args.intake, args.upgrade, root=root, label=label,
                  server_cpus=server_cpus)
    floor.report()  # again: the machine may have changed under the run


if __name__ == "__main__":
    main()
