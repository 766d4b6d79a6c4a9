"""``written_here`` and ``rows_written``: what the intake answers from instead of a query must
be exactly the rows this transaction holds, in order, and nothing a savepoint undid."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from hotline.db import WRITTEN_LIMIT, add_row, rows_written, written_here
from hotline.notices.models import Notice


def _notice(n: int) -> Notice:
    return Notice(audience="role:supervisor", kind="test", title=f"notice {n}",
                  dedupe_key=f"written-here:{n}")


def test_rows_written_are_this_transactions_in_order(engine: Engine) -> None:
    with Session(engine) as session:
        loaded_before = _notice(0)
        session.add(loaded_before)
        session.commit()
        old = session.get(Notice, loaded_before.id)
        first, second = _notice(1), _notice(2)
        session.add(first)
        session.flush()
        session.add(second)  # pending, not flushed yet
        assert rows_written(session, Notice) == [first, second]
        assert written_here(session, first) and written_here(session, second)
        assert old is not None and not written_here(session, old)
        session.commit()
        assert rows_written(session, Notice) == []  # a new transaction wrote nothing yet
        assert not written_here(session, first)


def test_a_rolled_back_savepoint_takes_its_rows_along(engine: Engine) -> None:
    with Session(engine) as session:
        kept = _notice(3)
        session.add(kept)
        session.flush()
        savepoint = session.begin_nested()
        undone = _notice(4)
        session.add(undone)
        session.flush()
        savepoint.rollback()
        assert rows_written(session, Notice) == [kept]
        assert not written_here(session, undone)
        session.rollback()


def test_a_bulk_load_is_not_tracked(engine: Engine) -> None:
    """Past ``WRITTEN_LIMIT`` rows nothing is kept (memory stays flat) and nothing is claimed:
    callers ask the database instead."""
    with Session(engine) as session:
        first = _notice(10)
        session.add(first)
        session.flush()
        assert written_here(session, first)
        session.add_all(_notice(11 + i) for i in range(WRITTEN_LIMIT))
        session.flush()
        later = _notice(99_999)
        session.add(later)
        assert not written_here(session, first) and not written_here(session, later)
        session.rollback()


def test_rows_added_with_add_row_are_persistent_and_found_until_undone(engine: Engine) -> None:
    """``add_row`` writes at once (a query sees the row, with the model's defaults) and leaves
    the object persistent, as a flush would; a rolled-back savepoint takes it out of the
    database, the session and ``rows_written``."""
    with Session(engine) as session:
        kept = _notice(20)
        add_row(session, kept)
        assert kept.id is not None and kept in session and not session.new
        stored = session.exec(select(Notice.data, Notice.created_at)
                              .where(Notice.id == kept.id)).one()
        assert stored == ({}, kept.created_at)
        savepoint = session.begin_nested()
        undone = _notice(21)
        add_row(session, undone)
        assert rows_written(session, Notice) == [kept, undone]
        assert written_here(session, undone)
        savepoint.rollback()
        assert rows_written(session, Notice) == [kept]
        assert not written_here(session, undone) and undone not in session
        assert session.exec(select(Notice).where(Notice.id == undone.id)).first() is None
        session.commit()
        assert rows_written(session, Notice) == []  # the next transaction starts empty
