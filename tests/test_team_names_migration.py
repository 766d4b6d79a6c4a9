"""Upgrading a database whose team names hold both languages in one string gives each
language its own name (the demo stored "接线员团队 Operator team")."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from hotline import migrate
from hotline.db import make_engine


@pytest.mark.parametrize(("stored", "zh", "en"), [
    ("接线员团队 Operator team", "接线员团队", "Operator team"),
    ("心理危机干预队伍 Crisis-intervention team", "心理危机干预队伍", "Crisis-intervention team"),
    ("夜班组", "夜班组", ""),
    ("Night team", "", "Night team"),
    ("12356 热线组 Hotline 12356", "12356 热线组", "Hotline 12356"),
])
def test_bilingual_team_names_are_split(tmp_path: Path, stored: str, zh: str, en: str) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "5b0e3a9d7c21")  # before team names had a language
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO team (code, name, kind) VALUES ('t', :name, 'operators')"),
                     {"name": stored})
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT name_zh, name_en FROM team")).one()) == (zh, en)
    engine.dispose()
