"""Helpers for the staff registry tests: an admin, and row counts read outside any request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from tests.conftest import Person


@pytest.fixture
def admin(make_person: Callable[..., Person]) -> Person:
    return make_person("admin", username="admin")


@pytest.fixture
def count(engine: Engine) -> Callable[[Any], int]:
    """Rows in a table, from a fresh session (so it sees what requests committed)."""

    def _count(model: Any) -> int:
        with Session(engine) as s:
            return s.exec(select(func.count()).select_from(model)).one()

    return _count


@pytest.fixture
def audit_entries(engine: Engine) -> Callable[..., list[AuditEntry]]:
    """Audit entries with an action (and optionally a subject), oldest first."""

    def _entries(action: str, subject: str | None = None) -> list[AuditEntry]:
        with Session(engine) as s:
            query = select(AuditEntry).where(AuditEntry.action == action)
            if subject is not None:
                query = query.where(AuditEntry.subject == subject)
            return list(s.exec(query.order_by(AuditEntry.id)))

    return _entries
