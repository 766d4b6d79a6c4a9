"""Small read helpers other domains use to show people by name."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from hotline.staff.models import Staff


def full_names(session: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    """``{staff_id: full_name}`` for the given ids, in one query (keyed so that a missing
    id, e.g. a contact nobody has taken yet, looks up as ``None`` too)."""
    wanted = {i for i in ids if i is not None}
    names: dict[int | None, str] = {}
    # People this transaction already loaded (the caller, who was alerted) cost no query.
    for staff_id in list(wanted):
        loaded = session.identity_map.get(identity_key(Staff, staff_id))
        if isinstance(loaded, Staff):
            names[staff_id] = loaded.full_name
            wanted.discard(staff_id)
    if wanted:
        rows = session.exec(select(Staff.id, Staff.full_name).where(col(Staff.id).in_(wanted)))
        names.update({i: name for i, name in rows if i is not None})
    return names
