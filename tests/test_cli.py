"""The ``hotline`` command, run in-process against a temporary SQLite database."""

from __future__ import annotations

import pytest

from hotline import cli
from hotline.config import get_settings


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_policies_check_ok(env, capsys):
    assert cli.main(["policies", "check"]) == 0
    assert "policies OK" in capsys.readouterr().out


def test_policies_check_names_file_key_and_fix(env, capsys):
    bad = env / "schedules"
    bad.mkdir()
    (bad / "coverage.toml").write_text("[default]\noperator = -2\n")
    (bad / "records.toml").write_text("retention_years = 1\n")
    assert cli.main(["policies", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "coverage.toml: default.operator" in err and "greater than or equal to 0" in err
    assert "records.toml: retention_years" in err


def test_migrate_and_create_user(env, capsys):
    assert cli.main(["migrate"]) == 0
    assert cli.main(["create-user", "--username", "chen", "--full-name", "陈静",
                     "--roles", "operator,supervisor", "--password", "a-long-password"]) == 0
    assert "created chen" in capsys.readouterr().out
    assert cli.main(["create-user", "--username", "chen", "--full-name", "x",
                     "--roles", "operator", "--password", "a-long-password"]) == 2
    assert "taken" in capsys.readouterr().err
    assert cli.main(["create-user", "--username", "x", "--full-name", "x",
                     "--roles", "wizard"]) == 2
