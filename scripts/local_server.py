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


@contextmanager
def serving(env: dict[str, str], port: int, *extra: str) -> Iterator[str]:
    """Run ``hotline.app`` with ``env`` on 127.0.0.1:``port``; yields its base URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "hotline.app:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning", *extra],
        env={**os.environ, "HOTLINE_RUN_SCHEDULER": "false", **KEYS, **env}, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
