"""The floor under our figures, measured in the same run: what the hardware needs for a bare
SQLite commit (the app's pragmas: WAL, synchronous=FULL, foreign keys) and for a bare websocket
message there and back on loopback. Anything above these in a benchmark is our own overhead."""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import websockets


def figures(values: list[float]) -> str:
    """``p50 / p99 / max`` in milliseconds."""
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return f"p50={statistics.median(values):6.2f} p99={q[98]:6.2f} max={max(values):6.2f} ms"


def sqlite_commit_ms(count: int = 500) -> list[float]:
    """One small row inserted and committed per sample, in a fresh file."""
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "floor.db", isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at REAL, body TEXT)")
        samples = []
        for i in range(count):
            started = time.perf_counter()
            db.execute("BEGIN")
            db.execute("INSERT INTO t (at, body) VALUES (?, ?)", (started, f"row {i}"))
            db.execute("COMMIT")
            samples.append((time.perf_counter() - started) * 1000)
        db.close()
    return samples


def postgres_commit_ms(url: str, count: int = 500) -> list[float]:
    """One small row inserted and committed per sample on the PostgreSQL server at ``url``
    (the server's own fsync and synchronous_commit), in a scratch table made and dropped here."""
    import psycopg

    table = f"floor_commit_{int(time.time() * 1000)}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as db:
        db.execute(f"CREATE TABLE {table} (id bigserial PRIMARY KEY, at float8, body text)")
        try:
            samples = []
            for i in range(count):
                started = time.perf_counter()
                with db.transaction():
                    db.execute(f"INSERT INTO {table} (at, body) VALUES (%s, %s)",
                               (started, f"row {i}"))
                samples.append((time.perf_counter() - started) * 1000)
        finally:
            db.execute(f"DROP TABLE {table}")
    return samples


async def _echo(count: int) -> list[float]:
    async def echo(ws: websockets.ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)

    async with websockets.serve(echo, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        async with websockets.connect(f"ws://127.0.0.1:{port}") as client:
            samples = []
            payload = '{"type":"escalation.created","data":{"id":1}}'
            for _ in range(count):
                started = time.perf_counter()
                await client.send(payload)
                await client.recv()
                samples.append((time.perf_counter() - started) * 1000)
    return samples


def websocket_echo_ms(count: int = 500) -> list[float]:
    """A JSON message to a bare websocket server and back (round trip) on loopback."""
    return asyncio.run(_echo(count))


def report() -> None:
    print(f"floor: bare SQLite commit  {figures(sqlite_commit_ms())}")
    print(f"floor: bare websocket echo {figures(websocket_echo_ms())}")


if __name__ == "__main__":
    report()
