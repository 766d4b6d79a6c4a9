"""SQLite's WAL checkpoints, kept off the request path.

SQLite copies the write-ahead log back into the database file ("checkpoints") inside whichever
commit pushes the log past 1,000 pages: that commit then writes about 4 MB and fsyncs the file.
Under the alert benchmark's load (``scripts/bench_alert_latency.py``: 50 contacts/s and an alert
every 50 ms) that was one commit a second taking 5-25 ms instead of 0.5, on the event loop, an
alert's included.

So while the app serves, its own connections never checkpoint (``wal_autocheckpoint=0``), and a
thread of its own, on a connection of its own, runs a PASSIVE checkpoint every
``EVERY_SECONDS``: it never waits for a writer or a reader, and SQLite does the copying without
holding Python's GIL. If the thread stopped, the log would only grow (nothing is lost), and
the next start, or the last connection closing, checkpoints it; ``/metrics`` shows how long
ago it last ran (``hotline_sqlite_checkpoint_age_seconds``), to alert on long before that.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
EVERY_SECONDS = 1.0


@dataclass
class Progress:
    """How the thread is doing: when it last checkpointed (``time.monotonic()``; it starts
    counting when the app does), and how often."""

    last_at: float = field(default_factory=time.monotonic)
    checkpoints: int = 0

    def age(self) -> float:
        """Seconds since the last checkpoint (or since the app started)."""
        return time.monotonic() - self.last_at


def database_file(engine: Engine) -> str | None:
    """The SQLite file behind ``engine``; None for PostgreSQL or an in-memory database."""
    name = engine.url.database
    if engine.dialect.name != "sqlite" or not name or name == ":memory:":
        return None
    return name


def checkpoint(db: sqlite3.Connection) -> tuple[int, int]:
    """One PASSIVE checkpoint: (pages in the log, pages copied into the database file)."""
    _busy, in_log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return in_log, copied


@contextlib.contextmanager
def checkpointing(engine: Engine, every: float = EVERY_SECONDS) -> Iterator[Progress | None]:
    """While the block runs, ``engine``'s commits leave checkpoints to a background thread;
    yields its progress (None: not a SQLite file, nothing to do)."""
    path = database_file(engine)
    if path is None:
        yield None
        return

    def no_autocheckpoint(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

    # Its own listener: two apps on one engine (the tests make some) each remove only theirs.
    event.listen(engine, "connect", no_autocheckpoint)
    engine.dispose()  # connections made before this would still checkpoint in a commit
    stop, progress = threading.Event(), Progress()
    thread = threading.Thread(target=_run, args=(path, every, stop, progress),
                              name="wal-checkpoints", daemon=True)
    thread.start()
    try:
        yield progress
    finally:
        stop.set()
        thread.join()
        event.remove(engine, "connect", no_autocheckpoint)
        engine.dispose()  # back to SQLite's own checkpoints for whoever uses it next


def _run(path: str, every: float, stop: threading.Event, progress: Progress) -> None:
    db = sqlite3.connect(path, timeout=5, check_same_thread=False)
    try:
        while not stop.wait(every):
            try:
                checkpoint(db)
                progress.last_at, progress.checkpoints = time.monotonic(), progress.checkpoints + 1
            except sqlite3.Error:  # e.g. a lock held too long; the next turn catches up
                log.warning("WAL checkpoint failed", exc_info=True)
    finally:
        db.close()
