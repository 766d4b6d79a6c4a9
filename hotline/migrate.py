"""Bring a database schema up to date (Alembic), from code: CLI, demo and tests share it."""

from __future__ import annotations

from sqlalchemy.engine import Engine

import hotline.models  # noqa: F401  (registers every table on the metadata)
from hotline.db import metadata


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision."""
    # TODO(infra): replace with Alembic `upgrade head` once migrations exist.
    metadata.create_all(engine)
