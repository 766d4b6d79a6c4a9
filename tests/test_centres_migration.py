"""Upgrading a one-centre database puts every existing row in the default centre ``main``,
and loses nothing on the way (SQLite rebuilds each table to add the column), on SQLite and on
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hotline import migrate
from hotline.db import make_engine

BEFORE = "713d8d257d41"  # the newest revision before centres
OWNED = ("staff", "team", "shift", "contact", "escalation", "trainingsession", "callleg",
         "callbacktask")


@pytest.fixture
def old_engine(engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of its own: a SQLite file, or a PostgreSQL database beside the
    test database."""
    if engine.dialect.name != "postgresql":
        own = make_engine(f"sqlite:///{tmp_path / 'one-centre.db'}")
        yield own
        own.dispose()
        return
    url = engine.url.set(database=f"{engine.url.database}_one_centre")
    admin = engine.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    own = sa.create_engine(url)
    yield own
    own.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{url.database}"'))


def _value(column: sa.Column) -> Any:
    """Something a NOT NULL column without a default accepts."""
    kind = column.type
    if isinstance(kind, sa.JSON):
        return []
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, (sa.Integer, sa.Float, sa.Numeric)):
        return 1
    return "x"


def _insert(conn: sa.Connection, name: str, **given: Any) -> int:
    table = sa.Table(name, sa.MetaData(), autoload_with=conn)
    row = {c.name: _value(c) for c in table.columns
           if not c.nullable and c.server_default is None and not c.primary_key}
    row.update(given)
    result = conn.execute(table.insert().values(**row).returning(table.c.id))
    return int(result.scalar_one())


def test_every_existing_row_goes_to_main_and_none_is_lost(old_engine: Engine) -> None:
    migrate.upgrade(old_engine, BEFORE)
    with old_engine.begin() as conn:
        staff = _insert(conn, "staff", full_name="陈静", roles=["operator"])
        team = _insert(conn, "team", code="operators", kind="operators")
        _insert(conn, "teammembership", team_id=team, staff_id=staff, duty="member")
        _insert(conn, "account", staff_id=staff, username="chen")
        _insert(conn, "shift", staff_id=staff, position="operator")
        contact = _insert(conn, "contact", channel="voice", operator_id=staff)
        _insert(conn, "escalation", contact_id=contact, risk_level="high")
        _insert(conn, "trainingsession", kind="training", audience="operators")
        _insert(conn, "callleg", contact_id=contact, staff_id=staff, role="operator")
        _insert(conn, "callrecording", contact_id=contact, recording_sid="RE1")  # cascades
        _insert(conn, "callbacktask", contact_id=contact, reason="voicemail")
        _insert(conn, "event", type="contact.created", data={})
    migrate.upgrade(old_engine)
    with old_engine.connect() as conn:
        main = conn.execute(sa.text("SELECT id, code, provincial, active FROM centre")).all()
        assert [tuple(r)[1:] for r in main] == [("main", True, True)]
        for table in OWNED:
            assert conn.execute(sa.text(f"SELECT centre_id FROM {table}")).scalars().all() \
                == [main[0].id], table
        assert conn.execute(sa.text("SELECT centre_id FROM event")).scalars().all() == [None]
        for table in ("teammembership", "account", "callrecording"):  # children survive
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 1
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1  # back on
