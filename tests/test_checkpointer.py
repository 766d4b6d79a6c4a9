"""SQLite's WAL checkpoints run in the app's own thread, never inside a request's commit
(``hotline/checkpointer.py``); once the app stops, SQLite checkpoints as it always did.

These use a SQLite file of their own whichever database the suite runs on: the checkpointer
is a SQLite matter (on PostgreSQL it does nothing, tested last)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from hotline import checkpointer
from hotline.db import make_engine

PAGE = 4096
# More than SQLite's automatic checkpoint threshold (1,000 pages) of rows, a page each.
ROWS = 1_200


def _write(engine: Engine, rows: int = ROWS) -> None:
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS blob (id INTEGER PRIMARY KEY, b BLOB)"))
    for _ in range(rows // 100):
        with engine.begin() as conn:  # many commits, as requests make them
            conn.execute(text("INSERT INTO blob (b) VALUES (randomblob(:n))"),
                         [{"n": PAGE - 100}] * 100)


def _sizes(path: Path) -> tuple[int, int]:
    """(database file, WAL file) in bytes."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size, wal.stat().st_size if wal.exists() else 0


def test_commits_leave_the_log_to_the_thread(tmp_path: Path) -> None:
    path = tmp_path / "hotline.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with checkpointer.checkpointing(engine, every=3600):  # the thread does not get a turn
            _write(engine)
            database, log = _sizes(path)
            assert log > 1_000 * PAGE  # past the threshold, and no commit copied it back
            assert database < ROWS * PAGE / 10
    finally:
        engine.dispose()


def test_the_thread_copies_the_log_into_the_database(tmp_path: Path) -> None:
    path = tmp_path / "hotline.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with checkpointer.checkpointing(engine, every=0.05):
            _write(engine)
            for _ in range(200):  # bounded: 10 s
                if _sizes(path)[0] >= ROWS * PAGE * 0.9:
                    break
                time.sleep(0.05)
            assert _sizes(path)[0] >= ROWS * PAGE * 0.9
    finally:
        engine.dispose()


def test_after_the_app_stops_commits_checkpoint_again(tmp_path: Path) -> None:
    path = tmp_path / "hotline.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with checkpointer.checkpointing(engine, every=3600):
            _write(engine, rows=100)
        _write(engine)
        assert _sizes(path)[0] >= 1_000 * PAGE  # a commit past the threshold copied it
    finally:
        engine.dispose()


def test_progress_says_when_the_thread_last_ran(tmp_path: Path) -> None:
    """What ``/metrics`` shows: a running thread keeps the age small; one that never gets
    a turn lets it grow (an alert fires on that long before the log's size matters)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'hotline.db'}")
    try:
        with checkpointer.checkpointing(engine, every=0.05) as running:
            assert running is not None
            for _ in range(200):  # bounded: 10 s
                if running.checkpoints >= 2:
                    break
                time.sleep(0.05)
            assert running.checkpoints >= 2 and running.age() < 5
        with checkpointer.checkpointing(engine, every=3600) as stuck:
            assert stuck is not None
            time.sleep(0.2)
            assert stuck.checkpoints == 0 and stuck.age() >= 0.2
    finally:
        engine.dispose()


def test_nothing_to_do_without_a_sqlite_file() -> None:
    memory = make_engine("sqlite://")
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects
    for engine in (memory, postgres):
        assert checkpointer.database_file(engine) is None
        with checkpointer.checkpointing(engine) as progress:
            assert progress is None
