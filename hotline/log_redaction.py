"""No token of any kind in the access log.

Calendar apps cannot send headers, so a calendar feed's secret sits in its path
(``/calendar/<token>.ics``); and an old client may still put ``?token=`` on ``/ws`` (refused,
but its request line is logged before that). The access log's paths are redacted here.
"""

from __future__ import annotations

import logging
import re

_SECRETS = [
    (re.compile(r"(/calendar/)[^/?\s]+(\.ics)"), r"\1[redacted]\2"),
    (re.compile(r"([?&](?:token|access_token|key)=)[^&\s]*", re.IGNORECASE), r"\1[redacted]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactTokens(logging.Filter):
    """For ``uvicorn.access``: its record's args are (client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        record.msg = redact(str(record.msg))
        return True


def install() -> None:
    """Once per process, however many apps are built (tests build many)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactTokens) for f in access.filters):
        access.addFilter(RedactTokens())
