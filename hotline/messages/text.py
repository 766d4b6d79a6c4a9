"""One message in both languages."""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    en: str
    zh: str

    def said(self, language: str) -> str:
        return self.zh if language == "zh" else self.en
