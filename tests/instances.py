"""Real app instances for the deployment tests: uvicorn processes on loopback, started the way
an operator starts them, and stopped (or killed, as a crash) by their own process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate: object, seconds: float = 15) -> bool:
    """Poll ``predicate()`` until it is true or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@dataclass
class Instance:
    """One app instance: a uvicorn process (group) serving on ``base``."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def metric(self, name: str) -> float:
        """A sample from this instance's ``/metrics`` (loopback may read it)."""
        for line in httpx.get(f"{self.base}/metrics", timeout=5).text.splitlines():
            if line.startswith((name + " ", name + "{")):
                return float(line.rsplit(" ", 1)[1])
        raise LookupError(name)

    def kill(self) -> None:
        """A crash: SIGKILL to the whole group, no shutdown hooks."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def instances(count: int, env: dict[str, str]) -> Iterator[list[Instance]]:
    """``count`` instances with ``env`` (HOTLINE_* settings), each ready to answer, stopped
    on exit."""
    started: list[Instance] = []
    try:
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "hotline.app:create_app", "--factory",
                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                env={**os.environ, **env}, start_new_session=True)
            started.append(Instance(process, port))
        for instance in started:
            if not wait_until(lambda i=instance: _healthy(i), seconds=60):
                raise RuntimeError(f"instance on port {instance.port} did not start")
        yield started
    finally:
        for instance in started:
            instance.stop()


def _healthy(instance: Instance) -> bool:
    if instance.process.poll() is not None:
        raise RuntimeError(f"instance on port {instance.port} exited "
                           f"with {instance.process.returncode}")
    try:
        return httpx.get(f"{instance.base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
