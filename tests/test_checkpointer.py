"""SQLite's WAL checkpoints run in the app's own thread, never inside a request's commit
(``hotline/checkpointer.py``); once the app stops, SQLite checkpoints as it always did.

These use a SQLite file of their own whichever database the suite runs on: the checkpointer
is a SQLite matter (on PostgreSQL it does nothing, tested last)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
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


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "hotline.db"


@pytest.fixture
def sqlite_engine(path: Path) -> Iterator[Engine]:
    """A SQLite file of its own, whichever database the rest of the suite runs on."""
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def _within_10_s(done: Callable[[], bool]) -> bool:
    for _ in range(200):
        if done():
            return True
        time.sleep(0.05)
    return done()


def test_commits_leave_the_log_to_the_thread(sqlite_engine: Engine, path: Path) -> None:
    with checkpointer.checkpointing(sqlite_engine, every=3600):  # the thread gets no turn
        _write(sqlite_engine)
        database, log = _sizes(path)
        assert log > 1_000 * PAGE  # past the threshold, and no commit copied it back
        assert database < ROWS * PAGE / 10


def test_the_thread_copies_the_log_into_the_database(sqlite_engine: Engine, path: Path) -> None:
    with checkpointer.checkpointing(sqlite_engine, every=0.05):
        _write(sqlite_engine)
        assert _within_10_s(lambda: _sizes(path)[0] >= ROWS * PAGE * 0.9)


def test_after_the_app_stops_commits_checkpoint_again(sqlite_engine: Engine, path: Path) -> None:
    with checkpointer.checkpointing(sqlite_engine, every=3600):
        _write(sqlite_engine, rows=100)
    _write(sqlite_engine)
    assert _sizes(path)[0] >= 1_000 * PAGE  # a commit past the threshold copied it


def test_progress_says_when_the_thread_last_ran(sqlite_engine: Engine) -> None:
    """What ``/metrics`` shows: a running thread keeps the age small; one that never gets
    a turn lets it grow (an alert fires on that long before the log's size matters)."""
    with checkpointer.checkpointing(sqlite_engine, every=0.05) as running:
        assert running is not None
        assert _within_10_s(lambda: running.checkpoints >= 2)
        assert running.age() < 5
    with checkpointer.checkpointing(sqlite_engine, every=3600) as stuck:
        assert stuck is not None
        time.sleep(0.2)
        assert stuck.checkpoints == 0 and stuck.age() >= 0.2


def test_nothing_to_do_without_a_sqlite_file() -> None:
    memory = make_engine("sqlite://")
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects
    for engine in (memory, postgres):
        assert checkpointer.database_file(engine) is None
        with checkpointer.checkpointing(engine) as progress:
            assert progress is None
