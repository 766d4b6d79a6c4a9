"""Every id a client sends in a path or a query is one bounded type (1..2**63-1, the range of
the id columns: BIGINT on PostgreSQL, INTEGER on SQLite), so an id no row can have is a 422
before any query runs, never a database error; and ids past 2**31 are stored, found and
numbered on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlmodel import Session

import hotline.models  # noqa: F401  (every table)
from hotline.db import MAX_ID, id_of, metadata
from hotline.realtime.models import Event
from tests.conftest import Person
from tests.openapi import document


def _id_parameters() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, parameter)
        for path, operations in document()["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "id" or parameter["name"].endswith("_id")
    ]


ID_PARAMETERS = _id_parameters()


def _schema(parameter: dict[str, Any]) -> dict[str, Any]:
    schema = parameter["schema"]
    return next((s for s in schema.get("anyOf", []) if s.get("type") == "integer"), schema)


@pytest.mark.parametrize(("method", "path", "parameter"), ID_PARAMETERS,
                         ids=[f"{m} {p} {q['name']}" for m, p, q in ID_PARAMETERS])
def test_every_id_parameter_is_bounded(method: str, path: str, parameter: dict[str, Any]) -> None:
    schema = _schema(parameter)
    assert (schema.get("type"), schema.get("minimum"), schema.get("maximum")) == (
        "integer", 1, MAX_ID), f"{method} {path}: {parameter['name']} is not hotline.db.Id"


def test_there_are_id_parameters_to_check() -> None:
    assert len({p for _, p, q in ID_PARAMETERS if q["in"] == "path"}) >= 30


@pytest.mark.parametrize("value", [MAX_ID + 1, 2**64, 0, -1])
def test_an_id_no_row_can_have_is_422_on_every_path(
    client: TestClient, make_person: Any, value: int
) -> None:
    admin: Person = make_person("admin", "supervisor")
    for method, path, parameter in ID_PARAMETERS:
        if parameter["in"] != "path" or not path.startswith("/api/"):
            continue
        url = path.replace("{" + parameter["name"] + "}", str(value))
        url = url.replace("{staff_id}", "1")  # a second id in the same path
        r = client.request(method, url, json={}, headers=admin.headers)
        assert r.status_code == 422, (method, url, r.status_code, r.text)
        assert r.json()["detail"]


def test_an_id_past_32_bits_is_an_id_like_any_other_on_every_path(
    client: TestClient, make_person: Any
) -> None:
    """2**31 was past the columns once: now it names no row yet, and no path answers 5xx."""
    admin: Person = make_person("admin", "supervisor")
    for method, path, parameter in ID_PARAMETERS:
        if parameter["in"] != "path" or not path.startswith("/api/"):
            continue
        url = path.replace("{" + parameter["name"] + "}", str(2**31))
        url = url.replace("{staff_id}", "1")
        r = client.request(method, url, json={}, headers=admin.headers)
        assert r.status_code < 500, (method, url, r.status_code, r.text)


BIG = 2**31 + 7


def test_a_row_id_past_32_bits_round_trips_through_keys_and_references(
    client: TestClient, make_person: Any
) -> None:
    supervisor: Person = make_person("supervisor", "team_lead")
    person: Person = make_person("operator", id=BIG)
    assert person.id == BIG
    r = client.get(f"/api/staff/{BIG}", headers=supervisor.headers)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == BIG
    start = datetime(2030, 1, 7, 1, tzinfo=UTC)
    r = client.post("/api/shifts", headers=supervisor.headers, json={
        "staff_id": BIG, "position": "operator", "start": start.isoformat(),
        "end": (start + timedelta(hours=8)).isoformat()})
    assert r.status_code == 201, r.text
    shift_id = r.json()["id"]
    r = client.get("/api/shifts", headers=supervisor.headers, params={
        "since": start.isoformat(), "until": (start + timedelta(days=1)).isoformat()})
    assert {s["id"]: s["staff_id"] for s in r.json()}[shift_id] == BIG


def test_the_database_numbers_rows_past_32_bits(engine: Engine) -> None:
    """The event table grows with every state change: its numbering must not stop at 2**31."""
    with Session(engine) as s:
        if engine.dialect.name == "postgresql":
            s.execute(text("SELECT setval(pg_get_serial_sequence('event', 'id'), :n)"),
                      {"n": BIG})
        else:  # SQLite numbers after the largest id there is
            s.add(Event(id=BIG, type="test", audience=[], data={}))
            s.flush()
        event = Event(type="test", audience=[], data={})
        s.add(event)
        s.commit()
        assert id_of(event) == BIG + 1
        assert s.get(Event, BIG + 1) is not None


def test_every_id_column_is_64_bit(engine: Engine) -> None:
    """Keys and references declared with ``hotline.db.primary_key``/``foreign_key``: a new
    table that forgets fails here before PostgreSQL runs out of ids."""
    narrow = [
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables for column in table.columns
        if (column.primary_key or column.foreign_keys)
        and column.type.compile(dialect=postgresql.dialect()) == "INTEGER"
    ]
    assert narrow == []
    if engine.dialect.name == "postgresql":
        columns = inspect(engine).get_columns("event")
        assert str(next(c for c in columns if c["name"] == "id")["type"]) == "BIGINT"


def test_id_of_refuses_a_row_the_database_has_not_numbered() -> None:
    with pytest.raises(RuntimeError, match="flush"):
        id_of(Event(type="test", audience=[], data={}))
