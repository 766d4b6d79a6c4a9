"""The centres of the network, mirrored from ``schedules/network.toml`` at start."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from hotline.db import primary_key


class Centre(SQLModel, table=True):
    """A centre. Rows are never deleted: one dropped from network.toml becomes inactive, so
    what it owned (contacts kept for years) still names its owner."""

    id: int | None = primary_key()
    code: str = Field(max_length=20, unique=True)
    name_zh: str = Field(default="", max_length=120)
    name_en: str = Field(default="", max_length=120)
    zone: str = Field(max_length=60)
    provincial: bool = False
    active: bool = True

    def name_in(self, language: str) -> str:
        """The name in the page's language, else the one there is."""
        return (self.name_zh or self.name_en) if language == "zh" else \
            (self.name_en or self.name_zh)
