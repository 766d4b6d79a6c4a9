"""Seal and open callers' numbers (Fernet, from a key derived from the settings)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from hotline.config import Settings
from hotline.db import utcnow
from hotline.telephony.models import SealedNumber


def _fernet(settings: Settings) -> Fernet:
    digest = hashlib.sha256(b"sealed-numbers:" + settings.caller_key).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(session: Session, settings: Settings, caller_key: str, number: str) -> None:
    """Keep the newest sealed copy of the number: one upsert (every inbound call comes here)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(SealedNumber).values(
        caller_key=caller_key, sealed=_fernet(settings).encrypt(number.encode()).decode(),
        updated_at=utcnow())
    session.execute(stmt.on_conflict_do_update(
        index_elements=[SealedNumber.caller_key],
        set_={"sealed": stmt.excluded.sealed, "updated_at": stmt.excluded.updated_at}))


def open_number(session: Session, settings: Settings, caller_key: str | None) -> str | None:
    row = session.get(SealedNumber, caller_key) if caller_key else None
    return _fernet(settings).decrypt(row.sealed.encode()).decode() if row else None


def seal_text(settings: Settings, text: str) -> str:
    """Seal a short text kept on a record (a recording's address, a call's location)."""
    return _fernet(settings).encrypt(text.encode()).decode() if text else ""


def open_text(settings: Settings, sealed: str) -> str:
    return _fernet(settings).decrypt(sealed.encode()).decode() if sealed else ""
