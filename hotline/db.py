"""Database engine, the per-request session, and column types shared by every domain.

One transaction per request: services ``flush()``, the session dependency commits when the
handler returns (before the response is sent, so an acknowledged write is durable) and rolls
back on any error, so a refused request never leaves a half-written record.
"""

from __future__ import annotations

import asyncio
import inspect as pyinspect
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar, cast

from annotated_types import Ge, Le
from fastapi import Depends, Request
from pydantic_core import PydanticUndefined
from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    MetaData,
    column,
    event,
    inspect,
    select,
    table,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.sql.expression import Executable
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, Session, SQLModel, create_engine

from hotline.errors import NotFound

# Stable constraint names, so Alembic migrations look the same on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

MAX_ID = 2**63 - 1
# A row id as it arrives in a path, a query or a body: 1..2**63-1, the range of the id columns
# (BIGINT on PostgreSQL, INTEGER on SQLite, both 64-bit). Anything outside names no row and is
# refused as malformed (422; a page says "not found") before any query runs: PostgreSQL
# refuses to compare a BIGINT with a larger number and SQLite cannot bind one past 64 bits.
Id = Annotated[int, Ge(1), Le(MAX_ID)]

# Every primary key and every column that holds another row's id. SQLite keeps INTEGER: only
# an ``INTEGER PRIMARY KEY`` is the (already 64-bit) rowid that numbers new rows by itself.
ID_COLUMN = BigInteger().with_variant(Integer(), "sqlite")


def primary_key() -> Any:
    """A table's ``id``: 64-bit, numbered by the database on insert (None until flushed)."""
    return Field(default=None, primary_key=True, sa_type=ID_COLUMN)


def foreign_key(target: str, **field: Any) -> Any:
    """A column holding the id of a row of ``target`` (``"staff.id"``), as wide as that id."""
    return Field(foreign_key=target, sa_type=ID_COLUMN, **field)


def id_column(**field: Any) -> Any:
    """A column holding a row's id without a foreign key (e.g. a row another domain owns)."""
    return Field(sa_type=ID_COLUMN, **field)


# The centre a row belongs to when whoever made it named none (a single hotline never does):
# the active provincial centre, which is ``main`` when there is no network.toml. The INSERT
# itself picks it, so no path can forget it and no extra round trip is spent.
_centre = table("centre", column("id"), column("provincial"), column("active"))
DEFAULT_CENTRE = (select(_centre.c.id).where(_centre.c.provincial, _centre.c.active)
                  .order_by(_centre.c.id).limit(1).scalar_subquery())


def owning_centre() -> Any:
    """A row's owning centre (``centre.id``), the default centre unless the creator sets it."""
    return Field(default=None, foreign_key="centre.id", sa_type=ID_COLUMN, index=True,
                 nullable=False, sa_column_kwargs={"default": DEFAULT_CENTRE})


class Persisted(Protocol):
    """A row: ``id`` is None until the database has numbered it."""

    @property
    def id(self) -> int | None: ...


def id_of(row: Persisted) -> int:
    """The id of a row that has been added and flushed (or loaded). A row without one is a bug
    in the caller (it forgot ``session.flush()``), so this fails loudly instead of passing
    None on to a query or a foreign key."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush the session first")
    return row.id


Row = TypeVar("Row", bound=SQLModel)


def get_or_404(session: Session, model: type[Row], row_id: int | None, code: str,
               **params: Any) -> Row:
    """The row of ``model`` with this id, else ``NotFound(code, **params)`` (a 404 said from
    the catalogue): the existence check every service and page makes before it acts."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise NotFound(code, **params)
    return row


# Search indexes only one engine has (FTS5 on SQLite, pg_trgm on PostgreSQL): the migration
# builds them, and the comparison of models with the schema leaves them out.
ENGINE_SPECIFIC_PREFIXES = ("resource_fts", "ix_resource_search_")


def include_name(name: str | None, _type: str, _parents: Any) -> bool:
    """Alembic's ``include_name``: everything except the engine-specific search objects."""
    return not (name or "").startswith(ENGINE_SPECIFIC_PREFIXES)


F = TypeVar("F", bound=Callable[..., Any])


def presigned(factory: F) -> F:
    """A default factory whose signature is worked out once. Pydantic inspects a factory's
    signature on every model init: ``inspect.signature(list)`` parses text (90 µs), a plain
    function's costs 6-9 µs, a kept one 2 µs; a contact's row has eleven factories."""
    factory.__signature__ = pyinspect.signature(factory)  # type: ignore[attr-defined]
    return factory


@presigned
def empty_list() -> list:
    """A list factory (``list`` itself is slow to inspect, see ``presigned``)."""
    return []


@presigned
def empty_dict() -> dict:
    """A dict factory (see ``presigned``)."""
    return {}


T = TypeVar("T")
_WRITTEN = "hotline_written_rows"
# A bulk load (the demo's history, an import) is not tracked: past this many rows in one
# transaction ``written_here`` says no, and callers ask the database as before.
WRITTEN_LIMIT = 1000


def _remember(session: Session, rows: Iterable[object]) -> None:
    """Keep these rows as this transaction's (held strongly: the identity map is weak)."""
    rows = list(rows)
    written = session.info.get(_WRITTEN, {})
    if written is None or not rows:
        return
    if len(written) + len(rows) > WRITTEN_LIMIT:
        session.info[_WRITTEN] = None  # untracked from here on, for the whole transaction
        return
    for obj in rows:
        written[id(obj)] = obj
    session.info[_WRITTEN] = written


@event.listens_for(Session, "after_flush")
def _note_written(session: Session, _context: Any) -> None:
    _remember(session, session.new)


@event.listens_for(Session, "after_transaction_end")
def _forget_written(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost one (each flush runs a nested one)
        session.info.pop(_WRITTEN, None)
        session.info.pop(_ADDED, None)


def _alive(row: object) -> bool:
    state = inspect(row)
    return state.persistent or state.pending


def written_here(session: Session, row: object) -> bool:
    """Whether this transaction inserted ``row`` (and no rolled-back savepoint undid it).
    Whatever refers to such a row can only have been written in this transaction too, so
    ``rows_written`` finds it without a query."""
    written = session.info.get(_WRITTEN, {})
    return written is not None and (id(row) in written or row in session.new) and _alive(row)


def _in_order(row: Any) -> tuple[int, int]:
    """Written rows by id (the order they were inserted), then pending ones as added."""
    return (0, row.id) if row.id is not None else (1, inspect(row).insert_order)


def rows_written(session: Session, model: type[T]) -> list[T]:
    """The ``model`` rows this transaction inserted or added, in the order they were added
    (the order of their ids). Only for a transaction ``written_here`` said yes to."""
    rows = {id(o): o for o in [*(session.info.get(_WRITTEN) or {}).values(), *session.new]
            if isinstance(o, model) and _alive(o)}
    return sorted(rows.values(), key=_in_order)


_INSERTS: dict[type[SQLModel], Any] = {}  # built once per table, like the login lookup
_DEFAULTS: dict[type[SQLModel], list[tuple[str, Any]]] = {}


def _insert(model: type[SQLModel]) -> Any:
    statement = _INSERTS.get(model)
    if statement is None:
        statement = _INSERTS[model] = model.__table__.insert()  # type: ignore[attr-defined]
    return statement


def _python_defaults(model: type[SQLModel]) -> list[tuple[str, Any]]:
    """``(field, default or factory)`` for every field an object of ``model`` would fill in
    itself; fields whose default is None are left to the column (NULL, or its own default
    such as the owning centre)."""
    found = _DEFAULTS.get(model)
    if found is None:
        found = _DEFAULTS[model] = [
            (name, field.default_factory if field.default_factory is not None else field.default)
            for name, field in model.model_fields.items()
            if field.default_factory is not None
            or field.default not in (None, PydanticUndefined)]
    return found


def _execute_insert(session: Session, model: type[SQLModel], values: dict[str, Any]) -> int:
    # On the transaction's connection: no autoflush of the objects pending beside it (the
    # row refers only to rows that already have their ids).
    key = session.connection().execute(_insert(model), values).inserted_primary_key
    if key is None:
        raise RuntimeError(f"the database gave the new {model.__name__} no id")
    return cast(int, key[0])


def insert_row(session: Session, model: type[SQLModel], **values: Any) -> int:
    """Write one row that nothing reads back as an object in this transaction (an audit entry,
    a revision, an escalation step, an event) with one INSERT, and return its id.

    The unit of work costs about 170 µs to add and flush such a row on this kind of machine;
    this costs about 25. The row is written at once, in the caller's transaction (a rolled-back
    transaction or savepoint takes it away), and the model's defaults apply as they would to an
    object."""
    return _execute_insert(session, model, _with_defaults(model, values))


def insert_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """``insert_row`` for many rows in one statement (e.g. one audit entry per contact a list
    showed)."""
    if rows:
        session.connection().execute(_insert(model), [_with_defaults(model, v) for v in rows])


def _with_defaults(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    for name, default in _python_defaults(model):
        if name not in values:
            values[name] = default() if callable(default) else default
    return values


_ADDED = "hotline_added_rows"  # (row, savepoint) add_row wrote inside a savepoint


def add_row(session: Session, row: SQLModel) -> None:
    """Insert a new ``row`` with one INSERT and put it in the session as a flush would have:
    persistent, with its id, found by ``written_here`` and ``rows_written``. Half the cost of
    ``session.add`` and ``flush`` for the rows the alert path writes and reads back (a contact,
    its escalation, the alerts).

    The model's insert-time mapper events do not run (call what they do first). A None in a
    column the database fills itself (the owning centre) is left to it, and read back on
    first use."""
    model = type(row)
    fields, database_filled = _columns(model)
    state = row.__dict__
    values = {name: state[name] for name in fields}
    filled_by_database = [name for name in database_filled if values[name] is None]
    for name in filled_by_database:
        del values[name]
    row.id = _execute_insert(session, model, values)
    make_transient_to_detached(row)
    session.add(row)
    if filled_by_database:
        session.expire(row, filled_by_database)
    _remember(session, [row])
    savepoint = session.get_nested_transaction()
    if savepoint is not None:  # outside one, only the whole transaction's rollback undoes it
        session.info.setdefault(_ADDED, []).append((row, savepoint))


_COLUMNS: dict[type[SQLModel], tuple[list[str], list[str]]] = {}


def _columns(model: type[SQLModel]) -> tuple[list[str], list[str]]:
    """A model's columns but its id, and those of them the database can fill itself."""
    found = _COLUMNS.get(model)
    if found is None:
        columns = [c for c in model.__table__.c if c.key != "id"]  # type: ignore[attr-defined]
        found = _COLUMNS[model] = (
            [c.key for c in columns],
            [c.key for c in columns if c.default is not None or c.server_default is not None])
    return found


def within(savepoint: Any, undone: Any) -> bool:
    """Whether ``savepoint`` (None: the transaction itself) is ``undone`` or inside it."""
    while savepoint is not None:
        if savepoint is undone:
            return True
        savepoint = savepoint.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _undo_added(session: Session, previous_transaction: Any) -> None:
    """A savepoint was rolled back: the rows ``add_row`` wrote inside it are gone from the
    database, so they leave the session too (as the unit of work's pending rows do)."""
    if not previous_transaction.nested or not session.info.get(_ADDED):
        return
    kept = []
    for row, savepoint in session.info[_ADDED]:
        if within(savepoint, previous_transaction):
            if row in session:
                session.expunge(row)
        else:
            kept.append((row, savepoint))
    session.info[_ADDED] = kept


def affected(session: Session, statement: Executable) -> int:
    """How many rows an UPDATE or DELETE touched: compare-and-set claims read this."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


@presigned
def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always hands back an aware UTC datetime (SQLite forgets the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: times are stored in UTC and must carry an offset")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_cls: type[StrEnum]) -> SAEnum:
    """Enums stored as plain strings: no PostgreSQL ENUM types to migrate when a value is added
    (and no clash with SQL keywords such as ``position``)."""
    return SAEnum(
        enum_cls, native_enum=False, length=40, validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL, full fsync and foreign keys (off by default there)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # 64 MiB of page cache per connection (the default is 2 MiB): searches and reports
            # read the same pages again and again.
            cur.execute("PRAGMA cache_size=-65536")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session, committed when the block ends, rolled back on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _request_session(request: Request) -> Iterator[Session]:
    with transaction(request.app.state.engine) as session:
        yield session


async def _loop_session(request: Request) -> AsyncIterator[Session]:
    with transaction(request.app.state.engine) as session:
        yield session
    # Committed: the consoles its events woke write them now, before this request's answer
    # is built and sent (the responder waiting for an alert comes before the operator
    # waiting for the form's reply, who is told in the same millisecond anyway).
    await asyncio.sleep(0)


# scope="function": commit runs when the handler returns, before the response goes out.
SessionDep = Annotated[Session, Depends(_request_session, scope="function")]
# The same, for short ``async def`` handlers that run on the event loop (Twilio's webhooks):
# a few milliseconds of database work there beats three thread hand-offs, which under load
# cost more than the work itself (the threads queue for the GIL behind the loop).
LoopSessionDep = Annotated[Session, Depends(_loop_session, scope="function")]
