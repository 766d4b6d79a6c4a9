"""The installation's secret keys, kept out of the code and out of the database.

Three separate random keys, so one leaking does not open the others: ``session_key`` (keys the
stored hashes of login tokens), ``caller_key`` (the HMAC that turns a number into the
pseudonymous caller key) and ``sealing_keys`` (Fernet keys that seal callers' numbers, newest
first, read through ``MultiFernet`` so a rotation never makes an old seal unreadable).

They come from ``HOTLINE_SESSION_KEY``, ``HOTLINE_CALLER_KEY_SECRET`` and
``HOTLINE_SEALING_KEYS`` (comma-separated), else from the key file ``HOTLINE_KEYS_FILE``
written by ``hotline keys init`` (mode 0600, never overwritten).
"""

from __future__ import annotations

import os
import secrets
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.fernet import Fernet, MultiFernet

FIX = "run `hotline keys init` (or set HOTLINE_SESSION_KEY, HOTLINE_CALLER_KEY_SECRET and " \
      "HOTLINE_SEALING_KEYS)"


class KeysError(Exception):
    """The keys are missing or unsafe; the message names the file and the fix."""


@dataclass(frozen=True)
class Keys:
    session: bytes
    caller: bytes
    sealing: tuple[str, ...]  # Fernet keys, newest first

    def fernet(self) -> MultiFernet:
        """Seals with the newest key, opens with any of them."""
        return MultiFernet([Fernet(k) for k in self.sealing])


def _read_file(path: Path) -> dict[str, object]:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise KeysError(f"{path}: cannot read the key file ({exc.strerror}).") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeysError(f"{path}: the key file is readable by others "
                        f"(mode {stat.S_IMODE(mode):o}); run `chmod 600 {path}`.")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KeysError(f"{path}: cannot read the key file ({exc}); restore it from your "
                        "backup, or move it away and run `hotline keys init`.") from exc


class KeySources(Protocol):
    """Where keys may come from: the environment's values, else the key file
    (``hotline.config.Settings`` is one)."""

    @property
    def keys_file(self) -> Path: ...
    @property
    def session_key(self) -> str: ...
    @property
    def caller_key_secret(self) -> str: ...
    @property
    def sealing_keys(self) -> str: ...  # comma-separated, newest first


def load(settings: KeySources) -> Keys:
    """The keys from the environment, else the key file; raises ``KeysError`` with the fix."""
    stored = _read_file(settings.keys_file)
    session = settings.session_key or stored.get("session_key")
    caller = settings.caller_key_secret or stored.get("caller_key")
    sealing: object = (
        [k.strip() for k in settings.sealing_keys.split(",") if k.strip()]
        if settings.sealing_keys else stored.get("sealing_keys")
    )
    missing = [name for name, value in (("session_key", session), ("caller_key", caller),
                                        ("sealing_keys", sealing)) if not value]
    if missing:
        where = settings.keys_file if settings.keys_file.exists() else \
            f"no key file at {settings.keys_file}"
        raise KeysError(f"{where}: missing {', '.join(missing)}; {FIX}.")
    if not isinstance(session, str) or not isinstance(caller, str) or not (
        isinstance(sealing, list) and all(isinstance(k, str) for k in sealing)
    ):
        raise KeysError(f"{settings.keys_file}: session_key and caller_key must be strings and "
                        "sealing_keys a list of strings.")
    try:
        keys = Keys(session=session.encode(), caller=caller.encode(), sealing=tuple(sealing))
        keys.fernet()
    except ValueError as exc:
        raise KeysError(f"{settings.keys_file}: a sealing key is not a Fernet key ({exc}).") \
            from exc
    return keys


def _render(session: str | None, caller: str | None, sealing: tuple[str, ...]) -> str:
    lines = ["# hotline keys. Keep this file secret (mode 0600) and back it up apart from the",
             "# database: without it sealed numbers cannot be opened and repeat callers unlink."]
    lines += [f'session_key = "{session}"'] if session else []
    lines += [f'caller_key = "{caller}"'] if caller else []
    lines += ["# Newest first: numbers are sealed with the first, opened with any.",
              "sealing_keys = [" + ", ".join(f'"{k}"' for k in sealing) + "]"]
    return "\n".join(lines) + "\n"


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` with mode 0600 from the first byte; refuse if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def init(path: Path) -> Keys:
    """Write a fresh key file. An existing file is never overwritten: losing its keys would
    lose every sealed number and unlink every repeat caller."""
    if path.exists():
        raise KeysError(f"{path} already exists and is never overwritten; "
                        "use `hotline keys rotate` to add a sealing key.")
    keys = Keys(session=secrets.token_urlsafe(32).encode(),
                caller=secrets.token_urlsafe(32).encode(),
                sealing=(Fernet.generate_key().decode(),))
    _write_new(path, _render(keys.session.decode(), keys.caller.decode(), keys.sealing))
    return keys


def add_sealing_key(path: Path) -> MultiFernet:
    """Put a new sealing key first in the key file (atomically, still 0600), leaving the
    other keys as they are; returns the new key list. The caller key is never rotated here:
    a new one would unlink every repeat caller from their history."""
    stored = _read_file(path)
    sealing = stored.get("sealing_keys")
    if not isinstance(sealing, list) or not sealing:
        raise KeysError(f"{path}: no sealing_keys to rotate; {FIX}.")
    session, caller = stored.get("session_key"), stored.get("caller_key")
    rotated = (Fernet.generate_key().decode(), *(str(k) for k in sealing))
    staging = path.with_name(path.name + ".new")
    staging.unlink(missing_ok=True)
    _write_new(staging, _render(session if isinstance(session, str) else None,
                                caller if isinstance(caller, str) else None, rotated))
    os.replace(staging, path)
    return MultiFernet([Fernet(k) for k in rotated])
