"""Directory search on the engines' own full-text indexes.

SQLite: FTS5 with the ``trigram`` tokenizer over ``search_text`` finds any substring of three
or more characters. Two-character terms (抑郁, 焦虑, 家暴: many Chinese words are two
characters) have no trigram, so they take a second path: a second FTS5 table (``unicode61``)
over ``search_bigrams``, the overlapping character pairs of every run of Chinese text, where
such a term is one token. Anything shorter, or a two-letter Latin term, is matched by
substring over the same text (rare, and still correct).
PostgreSQL: ``pg_trgm`` (a GIN index on ``search_text``) answers ``ILIKE '%term%'`` for three
or more characters; two-character Chinese terms use a GIN index on the ``simple`` tsvector of
``search_bigrams``; anything else is rechecked over the table.
Every term must match; results rank services whose name holds the query first, then by BM25
(SQLite; by name for queries matching more than ``BM25_LIMIT`` services) or by name
(PostgreSQL: trigram similarity over thousands of matches cost 0.4 s in the benchmark). The index objects are built by migration
20261127_cbf326d0b67c. ``scripts/bench_resources.py`` measures it over 20,000 services.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, case, column, func, table, text
from sqlmodel import Session, col, select

from hotline.resources.models import Resource
from hotline.resources.schemas import ResourceSearch

TRIGRAM = 3
# Past this many matches BM25 costs more than it tells (half the directory says "心理咨询"):
# such broad queries rank by name match, then name.
BM25_LIMIT = 2000
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def bigrams(text_: str) -> str:
    """``北京市青少年`` -> ``北京 京市 市青 青少 少年``: each two-character word becomes a token."""
    pairs = (run[i:i + 2] for run in CJK_RUN.findall(text_) for i in range(len(run) - 1))
    return " ".join(dict.fromkeys(pairs))


def terms(q: str) -> list[str]:
    """Whitespace-separated terms, each matched as a substring; every term must match."""
    return list(dict.fromkeys(t for t in q.split() if t))


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phrase(words: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def _filters(params: ResourceSearch) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if not params.include_retired:
        where.append(col(Resource.retired_at).is_(None))
    if params.region:
        where.append(col(Resource.region) == params.region)
    if params.category:
        where.append(col(Resource.category_tags).like(f"%|{params.category}|%"))
    return where


def _indexes(words: list[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(terms for the trigram index, two-character Chinese terms, [(index, MATCH text)])."""
    long_words = [w for w in words if len(w) >= TRIGRAM]
    pairs = [w for w in words if len(w) == 2 and CJK_RUN.fullmatch(w)]
    return long_words, pairs, [(name, _phrase(ws)) for name, ws in (
        ("resource_fts", long_words), ("resource_fts_bigram", pairs)) if ws]


def _match(name: str, phrase: str, position: int) -> Any:
    return text(f"{name} MATCH :match_{position}").bindparams(**{f"match_{position}": phrase})


def broad(session: Session, q: str) -> bool:
    """More matches than BM25 is worth ranking (SQLite): the first index's count."""
    _, _, indexes = _indexes(terms(q))
    if not indexes or session.get_bind().dialect.name != "sqlite":
        return False
    name, phrase = indexes[0]
    matches = session.exec(select(func.count()).select_from(table(name))
                           .where(_match(name, phrase, 0))).one()
    return matches > BM25_LIMIT


def _sqlite(found: Any, words: list[str], *, rank: bool) -> tuple[Any, list[Any]]:
    """Restrict to the FTS5 matches the terms need; returns the query and its rank.

    The first index's matches (with their BM25 rank) are computed once as a materialised
    CTE and joined by rowid; a second index is an ``IN`` over its matches. Either way each
    full-text query runs once: joined directly, SQLite may probe a virtual table once per
    candidate row (a region filter then costs a MATCH per service in the region).
    """
    long_words, pairs, indexes = _indexes(words)
    order: list[Any] = []
    for position, (name, phrase) in enumerate(indexes):
        match = _match(name, phrase, position)
        if position == 0:
            wanted: list[Any] = [column("rowid"), column("rank")] if rank else [column("rowid")]
            hits = (select(*wanted).select_from(table(name))
                    .where(match).cte(f"{name}_hits").prefix_with("MATERIALIZED"))
            found = found.join(hits, hits.c.rowid == Resource.id)
            if rank:
                order.append(hits.c.rank)
        else:
            found = found.where(col(Resource.id).in_(
                select(column("rowid")).select_from(table(name)).where(match)))
    for word in words:
        if word not in long_words and word not in pairs:
            found = found.where(col(Resource.search_text).like(_like(word), escape="\\"))
    return found, order


def query(dialect: str, params: ResourceSearch, extra: Sequence[ColumnElement[bool]] = (),
          *, rank: bool = True) -> Any:
    """The search as one query of (id, total) rows ranked best first: ids only (sorting
    thousands of matches carries one integer each, not whole rows), and the total counted
    by a window over the same pass instead of a second query."""
    found = select(Resource.id, func.count().over().label("total")).where(
        *_filters(params), *extra)
    words = terms(params.q)
    whole = params.q.strip()
    order: list[Any] = []
    if whole:  # the name holds the query: first
        position = func.strpos if dialect == "postgresql" else func.instr
        order.append(case((position(func.lower(Resource.name), whole.lower()) > 0, 0), else_=1))
    if dialect == "postgresql":
        for word in words:
            if len(word) == 2 and CJK_RUN.fullmatch(word):  # one token of the bigram tsvector
                found = found.where(func.to_tsvector("simple", Resource.search_bigrams).op("@@")(
                    func.to_tsquery("simple", word)))
            else:
                found = found.where(col(Resource.search_text).ilike(_like(word), escape="\\"))
    else:
        found, ranks = _sqlite(found, words, rank=rank)
        order.extend(ranks)
    ranked = found.order_by(*order, col(Resource.name), col(Resource.id))
    return ranked.offset(params.offset).limit(params.limit)


def search(session: Session, params: ResourceSearch,
           extra: Sequence[ColumnElement[bool]] = ()) -> tuple[list[Resource], int]:
    """Services matching every term of ``q`` (and the filters), best first, with the total."""
    ranked = query(session.get_bind().dialect.name, params, extra,
                   rank=not broad(session, params.q))
    page = session.exec(ranked).all()
    ids = [i for i, _ in page]
    rows = {r.id: r for r in session.exec(select(Resource).where(col(Resource.id).in_(ids)))}
    if not page and params.offset:  # past the end: the total still says how many there are
        total = session.exec(select(func.count()).select_from(
            query(session.get_bind().dialect.name, params.model_copy(update={"offset": 0}),
                  extra, rank=False).subquery())).one()
        return [], total
    return [rows[i] for i in ids], page[0][1] if page else 0
