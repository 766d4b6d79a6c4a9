"""Shared fixtures: a real database (SQLite file, or PostgreSQL when HOTLINE_TEST_DATABASE_URL is
set), the app, and factories for realistic data.

Tables are emptied after each test, so every test starts from a blank hotline.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hotline import keys, migrate
from hotline.app import create_app
from hotline.auth import service as auth_service
from hotline.auth.models import Account
from hotline.centres import service as centres_service
from hotline.centres.policy import NetworkPolicy
from hotline.config import PROJECT_ROOT, Settings
from hotline.db import make_engine, metadata
from hotline.keys import Keys
from hotline.staff.models import Qualification, Staff

PASSWORD = "correct-horse-battery"


@lru_cache
def _password_hash() -> str:
    return auth_service.hash_password(PASSWORD)


CRISIS_CERTIFICATE = "心理危机干预培训证书"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("HOTLINE_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'hotline-test.db'}"
    )


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    if eng.dialect.name == "postgresql":
        with eng.begin() as conn:  # start from nothing: the migrations must build it all
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "engine" not in request.fixturenames:
        return
    eng: Engine = request.getfixturevalue("engine")
    with eng.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    with Session(eng) as s:  # a blank hotline still has its one centre, as after `migrate`
        centres_service.sync(s, NetworkPolicy(), "Asia/Shanghai")
        s.commit()


@pytest.fixture(scope="session")
def test_keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    """One key file for the run, made as `hotline keys init` makes it (mode 0600)."""
    return keys.init(tmp_path_factory.mktemp("keys") / "keys.toml")


@pytest.fixture(scope="session")
def key_env(test_keys: Keys) -> dict[str, str]:
    """The same keys as HOTLINE_* variables, for servers and commands run as subprocesses."""
    return {"HOTLINE_SESSION_KEY": test_keys.session.decode(),
            "HOTLINE_CALLER_KEY_SECRET": test_keys.caller.decode(),
            "HOTLINE_SEALING_KEYS": ",".join(test_keys.sealing)}


@pytest.fixture
def settings(database_url: str, test_keys: Keys) -> Settings:
    return Settings(
        database_url=database_url,
        session_key=test_keys.session.decode(),
        caller_key_secret=test_keys.caller.decode(),
        sealing_keys=",".join(test_keys.sealing),
        schedules_dir=PROJECT_ROOT / "schedules",
        timezone="Asia/Shanghai",
        default_language="en",
        run_scheduler=False,
    )


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


@dataclass
class Person:
    """A staff member with a login, and a bearer token ready for API calls."""

    staff: Staff
    username: str
    token: str

    @property
    def id(self) -> int:
        assert self.staff.id is not None
        return self.staff.id

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def make_person(engine: Engine, settings: Settings) -> Callable[..., Person]:
    """``make_person("operator")`` or ``make_person("supervisor", "team_lead", username=...)``."""
    counter = iter(range(1, 10_000))

    def _make(*roles: str, username: str | None = None, certified: bool = True,
              **staff_fields: object) -> Person:
        n = next(counter)
        username = username or f"{(roles or ('staff',))[0]}{n}"
        with Session(engine) as s:
            staff = Staff(
                full_name=staff_fields.pop("full_name", f"Test {username}"),  # type: ignore[arg-type]
                roles=list(roles), phone=f"+8613800{n:06d}", languages=["zh", "en"],
                prior_training_hours=staff_fields.pop("prior_training_hours", 40),  # type: ignore[arg-type]
                **staff_fields,  # type: ignore[arg-type]
            )
            s.add(staff)
            s.flush()
            if certified and "crisis_responder" in roles:  # may work alone, as most do
                s.add(Qualification(staff_id=staff.id, kind=CRISIS_CERTIFICATE,
                                    issued_on=date(2025, 1, 1), expires_on=date(2030, 1, 1)))
            # One real argon2 hash for the whole run: hashing per person would dominate the suite.
            account = Account(staff_id=staff.id, username=username, password_hash=_password_hash())
            s.add(account)
            s.flush()
            token, _ = auth_service.start_session(s, settings, account=account, staff=staff,
                                                  client_addr="127.0.0.1")
            s.commit()
            s.refresh(staff)
            s.expunge(staff)
        return Person(staff=staff, username=username, token=token)

    return _make


def put_on_shift(engine: Engine, person: Person, *, position: str = "operator",
                 checked_in: bool = True) -> None:
    """A shift under way now (from an hour ago for seven more hours), checked in or not."""
    from datetime import UTC, datetime, timedelta

    from hotline.roster.models import Shift

    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Shift(staff_id=person.id, position=position, start=now - timedelta(hours=1),
                    end=now + timedelta(hours=7),
                    checked_in_at=now - timedelta(hours=1) if checked_in else None))
        s.commit()
