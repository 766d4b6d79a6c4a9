"""Small read helpers other domains use to show people by name."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from hotline.staff.models import Staff


def full_names(session: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    """``{staff_id: full_name}`` for the given ids, in one query (keyed so that a missing
    id, e.g. a contact nobody has taken yet, looks up as ``None`` too)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(Staff.id, Staff.full_name).where(col(Staff.id).in_(wanted)))
    return {i: name for i, name in rows if i is not None}
