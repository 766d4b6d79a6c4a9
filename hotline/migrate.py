"""Bring a database schema up to date with Alembic, from code: the CLI, the demo and the
tests share it (so the tests prove the migrations build the real schema)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from hotline.db import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option(
        "file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s"
    )
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision`` (default: the newest)."""
    cfg = config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a table by copying it and dropping the old one; with foreign keys
            # on, that drop would delete (or cascade from) every row pointing at it. Its own
            # recipe: keys off outside the transaction, checked before the commit.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
                if sqlite and (broken := connection.exec_driver_sql(
                        "PRAGMA foreign_key_check").all()):
                    raise RuntimeError(f"migration left rows pointing at nothing: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def make_revision(message: str, engine: Engine | None = None) -> None:
    """Autogenerate the next revision from the models (developers' helper). Without an engine
    it compares against a scratch SQLite database brought to head, so no real data is touched."""
    with tempfile.TemporaryDirectory() as scratch:
        target = engine or make_engine(f"sqlite:///{scratch}/head.db")
        upgrade(target)
        cfg = config()
        with target.begin() as connection:
            cfg.attributes["connection"] = connection
            command.revision(cfg, message=message, autogenerate=True)
        if engine is None:
            target.dispose()
