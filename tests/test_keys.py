"""Keys kept out of the code: `hotline keys init|rotate`, and no start without keys."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from hotline import cli, keys
from hotline.config import Settings, get_settings
from hotline.contacts import callerkey, sealing
from hotline.contacts.models import SealedNumber

KEY_VARS = ("HOTLINE_SESSION_KEY", "HOTLINE_CALLER_KEY_SECRET", "HOTLINE_SEALING_KEYS")


@pytest.fixture
def keyfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Path:
    """HOTLINE_KEYS_FILE in a fresh folder, no key in the environment."""
    path = tmp_path / "var" / "keys.toml"
    monkeypatch.setenv("HOTLINE_KEYS_FILE", str(path))
    monkeypatch.setenv("HOTLINE_DATABASE_URL", database_url)
    for name in KEY_VARS:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_init_writes_three_separate_random_keys_mode_0600_and_never_overwrites(
    keyfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["keys", "init"]) == 0
    assert oct(keyfile.stat().st_mode & 0o777) == "0o600"
    stored = tomllib.loads(keyfile.read_text())
    assert len({stored["session_key"], stored["caller_key"], *stored["sealing_keys"]}) == 3
    before = keyfile.read_text()
    capsys.readouterr()
    assert cli.main(["keys", "init"]) == 1
    assert "never overwritten" in capsys.readouterr().err
    assert keyfile.read_text() == before


@pytest.mark.parametrize("command", [["serve"], ["migrate"], ["seed-demo"],
                                     ["retention", "apply"]])
def test_commands_refuse_to_start_without_keys_and_say_how(
    keyfile: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(command) == 1
    err = capsys.readouterr().err
    assert str(keyfile) in err and "hotline keys init" in err
    assert not keyfile.exists()


def test_a_key_file_others_can_read_or_missing_a_key_is_refused(
    keyfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys.init(keyfile)
    os.chmod(keyfile, 0o644)
    assert cli.main(["migrate"]) == 1
    assert f"chmod 600 {keyfile}" in capsys.readouterr().err
    os.chmod(keyfile, 0o600)
    text = keyfile.read_text()
    keyfile.write_text("\n".join(l for l in text.splitlines() if not l.startswith("caller_key")))
    assert cli.main(["migrate"]) == 1
    err = capsys.readouterr().err
    assert "missing caller_key" in err and str(keyfile) in err
    keyfile.write_text("session_key = [unclosed")
    assert cli.main(["migrate"]) == 1
    assert "cannot read the key file" in capsys.readouterr().err


def test_the_app_refuses_to_build_without_keys(tmp_path: Path, database_url: str) -> None:
    from hotline.app import create_app

    with pytest.raises(keys.KeysError, match="hotline keys init"):
        create_app(Settings(database_url=database_url, keys_file=tmp_path / "none.toml"))


def test_no_secret_has_a_default() -> None:
    """Nothing in the settings can stand in for a key."""
    defaults = Settings.model_fields
    assert defaults["session_key"].default == defaults["caller_key_secret"].default == ""
    assert defaults["sealing_keys"].default == ""
    assert "secret_key" not in defaults


def test_rotate_reseals_every_number_and_all_stay_readable(
    keyfile: Path, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """Numbers sealed under the first key are re-sealed under the new one; each still opens,
    the old seal text is gone, and the caller key (repeat-caller links) did not change."""
    first = keys.init(keyfile)
    settings = get_settings()
    numbers = [f"+86138{n:08d}" for n in range(1, 1201)]  # more than one batch
    with Session(engine) as s:
        for number in numbers:
            sealing.seal(s, settings, callerkey.caller_key(number, settings.caller_key), number)
        s.commit()
        before = {r.caller_key: r.sealed for r in s.exec(select(SealedNumber))}
    assert cli.main(["keys", "rotate"]) == 0
    assert "1200 sealed numbers re-sealed with a new sealing key" in capsys.readouterr().out
    assert oct(keyfile.stat().st_mode & 0o777) == "0o600"
    rotated = tomllib.loads(keyfile.read_text())
    assert rotated["sealing_keys"][1:] == list(first.sealing)
    assert rotated["caller_key"] == first.caller.decode()
    get_settings.cache_clear()
    fresh = get_settings()
    with Session(engine) as s:
        after = {r.caller_key: r.sealed for r in s.exec(select(SealedNumber))}
        assert after.keys() == before.keys()
        assert all(after[k] != before[k] for k in before)
        for number in numbers[::97]:
            key = callerkey.caller_key(number, fresh.caller_key)
            assert sealing.open_number(s, fresh, key) == number
    # Only the newest key is needed to open them now.
    only_new = keys.Keys(first.session, first.caller, (rotated["sealing_keys"][0],))
    assert only_new.fernet().decrypt(next(iter(after.values())).encode())


def test_a_running_app_opens_numbers_resealed_after_it_started(
    keyfile: Path, engine: Engine
) -> None:
    """`keys rotate` while the server runs: its cached key list misses the new key, so it
    reads the key file again instead of failing a call-back."""
    keys.init(keyfile)
    running = get_settings()
    number = "+8613900001111"
    key = callerkey.caller_key(number, running.caller_key)
    with Session(engine) as s:
        sealing.seal(s, running, key, number)
        s.commit()
    assert cli.main(["keys", "rotate"]) == 0
    with Session(engine) as s:
        assert sealing.open_number(s, running, key) == number


def test_rotate_with_keys_from_the_environment_reseals_with_the_first(
    keyfile: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Keys given as variables are rotated there (new key first); the command re-seals and
    writes no key file."""
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("HOTLINE_SESSION_KEY", "s" * 40)
    monkeypatch.setenv("HOTLINE_CALLER_KEY_SECRET", "c" * 40)
    monkeypatch.setenv("HOTLINE_SEALING_KEYS", old)
    get_settings.cache_clear()
    before = get_settings()
    with Session(engine) as s:
        sealing.seal(s, before, "k" * 64, "+8613500000001")
        s.commit()
    monkeypatch.setenv("HOTLINE_SEALING_KEYS", f"{new},{old}")
    get_settings.cache_clear()
    assert cli.main(["keys", "rotate"]) == 0
    assert "first key of HOTLINE_SEALING_KEYS" in capsys.readouterr().out
    assert not keyfile.exists()
    with Session(engine) as s:
        sealed = s.get(SealedNumber, "k" * 64).sealed
    assert Fernet(new).decrypt(sealed.encode()) == b"+8613500000001"
