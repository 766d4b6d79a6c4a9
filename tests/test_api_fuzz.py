"""The API under a fuzzer: schemathesis generates requests from our own OpenAPI document for
every operation (boundary values such as ids past the id columns, and random payloads) and sends them
as an admin, a supervisor and an operator in turn. No answer may be a 5xx, and every status must
be one the document declares.

The number of examples per operation is bounded so the whole run stays within a few minutes
on two cores; a failure prints the request that reproduces it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance
from sqlalchemy.engine import Engine

from hotline.app import create_app
from hotline.config import PROJECT_ROOT, Settings
from hotline.keys import Keys
from tests.conftest import Person
from tests.openapi import document

ROLES = ("admin", "supervisor", "operator")
# Ending the caller's own session would turn every later request into a 401: fuzzed elsewhere.
SKIPPED = {("POST", "/api/auth/logout")}


@pytest.fixture(scope="module")
def fuzzed_app(engine: Engine, database_url: str, test_keys: Keys) -> Iterator[FastAPI]:
    app = create_app(Settings(
        database_url=database_url, run_scheduler=False, default_language="en",
        session_key=test_keys.session.decode(), caller_key_secret=test_keys.caller.decode(),
        sealing_keys=",".join(test_keys.sealing), schedules_dir=PROJECT_ROOT / "schedules",
    ), engine=engine)
    yield app


@pytest.fixture
def callers(make_person: Callable[..., Person]) -> list[Person]:
    """Fresh people per operation: whatever one operation's fuzzing did to them (a password
    change, a deactivation) cannot blind the next operation's run."""
    return [make_person(role, "team_lead" if role == "supervisor" else role) for role in ROLES]


def _schema() -> Any:
    """Our own OpenAPI document, less what would end the callers' sessions."""
    operations = schemathesis.openapi.from_dict(document())
    # Methods a path does not have answer 405 from the framework itself: not worth the time.
    operations.config.phases.coverage.unexpected_methods = set()
    return operations.exclude(path_regex="|".join(f"^{path}$" for _, path in SKIPPED))


schema = _schema()


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_input_makes_a_server_error(
    case: Any, fuzzed_app: FastAPI, callers: list[Person]
) -> None:
    person = callers[0]
    callers.append(callers.pop(0))  # the next case goes as the next role
    response = case.call(app=fuzzed_app, headers=person.headers)
    case.validate_response(
        response, checks=[not_a_server_error, status_code_conformance],
        headers=person.headers, transport_kwargs={"app": fuzzed_app},
    )
