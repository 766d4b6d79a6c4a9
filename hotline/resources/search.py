"""Directory search on the engine's own trigram index: SQLite FTS5 (``trigram`` tokenizer),
PostgreSQL ``pg_trgm`` (a GIN index). Both match any substring of three or more characters;
terms of one or two characters (抑郁, 焦虑: many Chinese words are two characters) take a
second path, a plain substring match over the same derived text, which at directory sizes
(tens of thousands of services) is still a few milliseconds (``scripts/bench_resources.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, case, column, func, table, text
from sqlmodel import Session, col, select

from hotline.resources.models import Resource
from hotline.resources.schemas import ResourceSearch

TRIGRAM = 3

# The index itself (FTS5 table ``resource_fts`` with triggers; GIN index
# ``ix_resource_search_trgm``) is built by migration 20261127_cbf326d0b67c.
_fts = table("resource_fts", column("rowid"), column("rank"))


def terms(q: str) -> list[str]:
    """Whitespace-separated terms, each matched as a substring; every term must match."""
    return list(dict.fromkeys(t for t in q.split() if t))


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(params: ResourceSearch) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if not params.include_retired:
        where.append(col(Resource.retired_at).is_(None))
    if params.region:
        where.append(col(Resource.region) == params.region)
    if params.category:
        where.append(col(Resource.category_tags).like(f"%|{params.category}|%"))
    return where


def query(dialect: str, params: ResourceSearch, extra: Sequence[ColumnElement[bool]] = ()
          ) -> tuple[Any, Any]:
    """(rows query ranked best first, count query) for the search."""
    found = select(Resource).where(*_filters(params), *extra)
    words = terms(params.q)
    order: list[ColumnElement] = []  # type: ignore[type-arg]
    if params.q.strip():
        whole = _like(params.q.strip())
        order.append(case((col(Resource.name).ilike(whole, escape="\\"), 0), else_=1))
    if dialect == "postgresql":
        for word in words:
            found = found.where(col(Resource.search_text).ilike(_like(word), escape="\\"))
        if words:
            order.append(func.word_similarity(params.q.strip(), Resource.search_text).desc())
    else:
        long_words = [w for w in words if len(w) >= TRIGRAM]
        for word in words:
            if len(word) < TRIGRAM:
                found = found.where(col(Resource.search_text).like(_like(word), escape="\\"))
        if long_words:
            phrase = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            found = found.join(_fts, _fts.c.rowid == Resource.id).where(
                text("resource_fts MATCH :phrase").bindparams(phrase=phrase))
            order.append(_fts.c.rank)
    counted = select(func.count()).select_from(found.subquery())
    ranked = found.order_by(*order, col(Resource.name), col(Resource.id))
    return ranked.offset(params.offset).limit(params.limit), counted


def search(session: Session, params: ResourceSearch,
           extra: Sequence[ColumnElement[bool]] = ()) -> tuple[list[Resource], int]:
    """Services matching every term of ``q`` (and the filters), best first, with the total."""
    rows, counted = query(session.get_bind().dialect.name, params, extra)
    return list(session.exec(rows).all()), session.exec(counted).one()
