"""Alembic environment: the metadata of every table, on the connection it is handed (from
``hotline.migrate``) or on HOTLINE_DATABASE_URL when run by the ``alembic`` command."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import types

import hotline.models  # noqa: F401  (registers every table)
from hotline.config import get_settings
from hotline.db import UTCDateTime, include_name, make_engine, metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Our column types render as plain SQLAlchemy ones, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, types.Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    return False


def run(connection: Any) -> None:
    context.configure(
        connection=connection, target_metadata=metadata, render_as_batch=True,
        render_item=render_item, compare_type=True, include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = make_engine(get_settings().database_url)
    with engine.begin() as conn:
        run(conn)
