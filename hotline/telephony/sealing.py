"""Seal and open callers' numbers (Fernet, from a key derived from the settings)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from sqlmodel import Session

from hotline.config import Settings
from hotline.db import utcnow
from hotline.telephony.models import SealedNumber


def _fernet(settings: Settings) -> Fernet:
    digest = hashlib.sha256(b"sealed-numbers:" + settings.caller_key).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(session: Session, settings: Settings, caller_key: str, number: str) -> None:
    row = session.get(SealedNumber, caller_key) or SealedNumber(caller_key=caller_key, sealed="")
    row.sealed = _fernet(settings).encrypt(number.encode()).decode()
    row.updated_at = utcnow()
    session.add(row)


def open_number(session: Session, settings: Settings, caller_key: str | None) -> str | None:
    row = session.get(SealedNumber, caller_key) if caller_key else None
    return _fernet(settings).decrypt(row.sealed.encode()).decode() if row else None
