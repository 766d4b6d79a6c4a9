"""The migrations build exactly the schema the models describe: a model changed without a
migration fails here, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hotline.db import include_name, metadata


def test_models_and_migrations_agree(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "include_name": include_name})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_migrations_are_at_head(engine):
    from alembic.script import ScriptDirectory

    from hotline.migrate import config

    head = ScriptDirectory.from_config(config()).get_current_head()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_directory_search_index_exists(engine):
    """The trigram index the directory search relies on is built by the migration."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            names = {i["name"] for i in inspect(conn).get_indexes("resource")}
            assert {"ix_resource_search_trgm", "ix_resource_search_bigrams"} <= names
        else:
            sql = dict(conn.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE name LIKE 'resource_fts%'")).all())
            assert "trigram" in sql["resource_fts"]
            assert "unicode61" in sql["resource_fts_bigram"]
