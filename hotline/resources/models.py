"""Services of the referral directory, and the referrals made to them from contacts."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hotline.db import UTCDateTime, empty_list, foreign_key, primary_key, utcnow


class Resource(SQLModel, table=True):
    """One service a caller can be referred to (an Open Referral HSDS ``service``).

    ``search_text`` is derived on every save (name, description, category and region labels
    in both languages, address, eligibility); the engine's trigram index covers it: FTS5 on
    SQLite, ``pg_trgm`` on PostgreSQL (both made by the migration, see ``search.py``).
    ``search_bigrams`` serves two-character Chinese words on SQLite.
    """

    id: int | None = primary_key()
    # Stable id for HSDS import/export: importing the same file twice updates, never duplicates.
    hsds_id: str = Field(default_factory=lambda: str(uuid4()), max_length=64, unique=True)
    name: str = Field(max_length=200, index=True)  # the order of a listing without a query
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    categories: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    # "|crisis_line|youth|": one LIKE filters by category on both engines.
    category_tags: str = Field(default="", max_length=600)
    phone: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=300)
    region: str = Field(default="", max_length=20, index=True)
    opening_hours: str = Field(default="", max_length=300)
    eligibility: str = Field(default="", max_length=1000)
    languages: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    url: str = Field(default="", max_length=300)
    last_verified_on: date | None = None
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The character pairs of its Chinese text: two-character words, for the second index.
    search_bigrams: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: int | None = foreign_key("staff.id", default=None)


class Referral(SQLModel, table=True):
    """A caller was given this service during this contact (once per pair: retries are safe)."""

    __table_args__ = (UniqueConstraint("contact_id", "resource_id"),)

    id: int | None = primary_key()
    contact_id: int = foreign_key("contact.id", index=True)
    resource_id: int = foreign_key("resource.id", index=True)
    given_by: int | None = foreign_key("staff.id", default=None)
    given_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
