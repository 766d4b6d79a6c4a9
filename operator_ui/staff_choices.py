"""People to pick from in filters and forms."""

from __future__ import annotations

from sqlmodel import Session, col, select

from hotline.staff.models import Staff


def operators(session: Session) -> list[tuple[int, str]]:
    """Everyone who may log contacts, by name (the operator filter of the contact list)."""
    rows = session.exec(select(Staff).order_by(col(Staff.full_name)))
    return [(s.id, s.full_name) for s in rows
            if s.id is not None and {"operator", "crisis_responder", "supervisor"} & set(s.roles)]
