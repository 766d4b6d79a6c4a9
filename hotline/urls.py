"""Safe URLs: where a form may send the browser back to, and which links may be stored.

One place for both, so every ``next=``/``back=`` and every stored link is judged the same way.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator

from hotline.errors import invalid_value


def safe_redirect(target: str | None, default: str, *, under: str = "/") -> str:
    """``target`` when it is a path on this site (under ``under``), else ``default``.

    Refused: absolute URLs, scheme-relative ``//host``, ``/\\host`` (browsers read the
    backslash as a slash), control characters, and anything outside ``under``.
    """
    if not target or not target.startswith(under) or "\\" in target:
        return default
    if target.startswith("//") or any(ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def web_link(value: str) -> str:
    """An ``http(s)://`` address with a host, or empty: never ``javascript:``, ``data:`` and
    the like, which would run in the page of whoever clicks the link."""
    value = value.strip()
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise invalid_value("form.web_link")
    return value


WebLink = Annotated[str, AfterValidator(web_link)]
