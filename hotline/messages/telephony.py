"""Refusals of the telephony area."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES: dict[str, Text] = {
}
