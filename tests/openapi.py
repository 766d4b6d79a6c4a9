"""The app's own OpenAPI document, built without a database or a key file (documents need
neither): the fuzz test and the id checks walk it."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet

from hotline.app import create_app
from hotline.config import Settings


@lru_cache
def document() -> dict[str, Any]:
    settings = Settings(
        database_url="sqlite:///:memory:", run_scheduler=False,
        session_key=secrets.token_urlsafe(32), caller_key_secret=secrets.token_urlsafe(32),
        sealing_keys=Fernet.generate_key().decode(),
    )
    return create_app(settings).openapi()
