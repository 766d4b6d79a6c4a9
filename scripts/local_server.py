"""A real uvicorn server on loopback for the benchmarks: started, waited for, stopped."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parent.parent


def throwaway_keys() -> dict[str, str]:
    """Fresh keys for one benchmark run, as HOTLINE_* variables (the server refuses to start
    without keys, and a seeding step must hash tokens with the same session key)."""
    from cryptography.fernet import Fernet

    return {"HOTLINE_SESSION_KEY": secrets.token_urlsafe(32),
            "HOTLINE_CALLER_KEY_SECRET": secrets.token_urlsafe(32),
            "HOTLINE_SEALING_KEYS": Fernet.generate_key().decode()}


KEYS = throwaway_keys()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_pid(port: int) -> int:
    """The process of the server listening on ``port`` (started by ``serving``)."""
    out = subprocess.run(["pgrep", "-f", "--", f"--port {port}"], check=True,
                         capture_output=True, text=True)
    return int(out.stdout.split()[0])


def cpu_seconds(pid: int) -> float:
    """CPU time the process has had so far, all its threads, in seconds (nanosecond
    resolution from the scheduler, not 10 ms ticks): what a request costs however busy the
    machine is, where wall-clock time also counts waiting for a core."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a pool thread that just ended
    return total / 1e9


def pin(pid: int, cpus: set[int]) -> None:
    """Keep every thread of process ``pid`` on ``cpus``; the threads it starts later inherit
    it from the thread that starts them."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            os.sched_setaffinity(int(task.name), cpus)
        except (FileNotFoundError, ProcessLookupError):
            continue  # a pool thread that just ended


def split_cpus() -> tuple[set[int], set[int]] | None:
    """(the server's CPU, everything else's) when this machine has two or more: a benchmark's
    clients stand in for browsers and phones elsewhere, so they must not take turns on the
    server's core (nor move it from core to core, its caches going cold each time)."""
    cpus = sorted(os.sched_getaffinity(0))
    return ({cpus[0]}, set(cpus[1:])) if len(cpus) > 1 else None


@contextmanager
def serving(env: dict[str, str], port: int, *extra: str, root: Path = ROOT) -> Iterator[str]:
    """Run ``hotline.app`` with ``env`` on 127.0.0.1:``port``; yields its base URL. ``root``:
    serve another checkout's code (a benchmark's before and after in one run)."""
    with server_process(env, port, *extra, root=root) as (base, _process):
        yield base


@contextmanager
def server_process(env: dict[str, str], port: int, *extra: str,
                   log: IO[bytes] | None = None, root: Path = ROOT,
                   ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``serving``, also yielding the uvicorn process (its workers are its children), e.g. to
    read what CPU it used; its warnings and errors go to ``log`` when given."""
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "hotline.app:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--ws-per-message-deflate", "false", *extra],  # as `hotline serve` runs it
        env={**os.environ, "HOTLINE_RUN_SCHEDULER": "false", **KEYS, **env}, cwd=root,
        stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)
