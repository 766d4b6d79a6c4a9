"""Every id a client sends in a path or a query is one bounded type (1..2**31-1, the range of
the id columns), so an id no row can have is a 422 before any query runs, never a database
error (PostgreSQL refuses to compare an INTEGER column with a larger number)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from hotline.db import MAX_ID
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


@pytest.mark.parametrize("value", [2**31, 2**63, 2**64, 0, -1])
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
