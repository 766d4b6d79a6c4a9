"""Seal and open callers' numbers (Fernet keys from the key file, newest first)."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from hotline.config import Settings
from hotline.db import utcnow
from hotline.telephony.models import SealedNumber


def _upsert(insert: Any) -> Any:
    stmt = insert(SealedNumber).values(caller_key=bindparam("caller_key"),
                                       sealed=bindparam("sealed"),
                                       updated_at=bindparam("updated_at"))
    return stmt.on_conflict_do_update(
        index_elements=[SealedNumber.caller_key],
        set_={"sealed": stmt.excluded.sealed, "updated_at": stmt.excluded.updated_at})


# Built once per dialect: every inbound call comes here, and building the upsert cost more
# than running it.
_UPSERTS = {"postgresql": _upsert(pg_insert), "sqlite": _upsert(sqlite_insert)}


def seal(session: Session, settings: Settings, caller_key: str, number: str) -> None:
    """Keep the newest sealed copy of the number: one upsert (every inbound call comes here)."""
    session.execute(_UPSERTS[session.get_bind().dialect.name], {
        "caller_key": caller_key, "updated_at": utcnow(),
        "sealed": settings.keys.fernet().encrypt(number.encode()).decode()})


def open_number(session: Session, settings: Settings, caller_key: str | None) -> str | None:
    row = session.get(SealedNumber, caller_key) if caller_key else None
    return None if row is None else _open(settings, row.sealed)


def _open(settings: Settings, sealed: str) -> str:
    try:
        return settings.keys.fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        # `hotline keys rotate` ran while this process was up: read the key file again, once.
        settings.__dict__.pop("keys", None)
        return settings.keys.fernet().decrypt(sealed.encode()).decode()


def seal_text(settings: Settings, text: str) -> str:
    """Seal a short text kept on a record (a recording's address, a call's location)."""
    return settings.keys.fernet().encrypt(text.encode()).decode() if text else ""


def open_text(settings: Settings, sealed: str) -> str:
    return _open(settings, sealed) if sealed else ""


def reseal_all(session: Session, fernet: MultiFernet, batch: int = 500) -> int:
    """Re-seal every number with the newest key, a batch per transaction; returns how many.

    Safe to run again after an interruption: a number already under the newest key is
    simply sealed again.
    """
    done, after = 0, ""
    while True:
        rows = session.exec(select(SealedNumber).where(col(SealedNumber.caller_key) > after)
                            .order_by(col(SealedNumber.caller_key)).limit(batch)).all()
        if not rows:
            return done
        for row in rows:
            row.sealed = fernet.rotate(row.sealed.encode()).decode()
            session.add(row)
        after = rows[-1].caller_key
        done += len(rows)
        session.commit()
