"""The centres in the database, kept in step with the network policy."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from hotline.centres.models import Centre
from hotline.centres.policy import NetworkPolicy
from hotline.config import Settings
from hotline.db import DEFAULT_CENTRE
from hotline.errors import NotFound


def sync(session: Session, network: NetworkPolicy, zone: str) -> list[Centre]:
    """Mirror ``network`` into the centre table (at start, on every instance): add new
    centres, update names, zones and the provincial flag, and make a centre that left the
    file inactive: never deleted, its rows keep their owner. ``zone`` is the hotline's, for
    centres that name none. Safe to run twice, and on two instances at once."""
    existing = {c.code: c for c in session.exec(select(Centre)).all()}
    listed = {c.code for c in network.centres}
    for code, row in existing.items():
        if code not in listed and (row.active or row.provincial):
            row.active, row.provincial = False, False
            session.add(row)
    session.flush()  # the old provincial centre steps down before the new one steps up
    rows = []
    for policy in network.centres:
        found = existing.get(policy.code)
        if found is None:
            try:
                with session.begin_nested():  # another instance may add it at the same time
                    found = Centre(code=policy.code, zone=policy.zone or zone)
                    session.add(found)
            except IntegrityError:
                found = session.exec(select(Centre).where(Centre.code == policy.code)).one()
        row = found
        row.name_zh, row.name_en = policy.name_zh, policy.name_en
        row.zone = policy.zone or zone
        row.provincial, row.active = policy.provincial, True
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def default_centre_id(session: Session) -> int:
    """The centre for work that names none: the active provincial centre (``main`` in a
    single hotline), the same one the database gives a row inserted without a centre."""
    found = session.execute(DEFAULT_CENTRE.element).scalar_one_or_none()  # type: ignore[arg-type]
    if found is None:
        raise RuntimeError("no active provincial centre: run the app once, or `hotline migrate`")
    return int(found)


def active(session: Session) -> list[Centre]:
    """The active centres, provincial first, then by code."""
    return list(session.exec(
        select(Centre).where(col(Centre.active))
        .order_by(col(Centre.provincial).desc(), col(Centre.code))).all())


def by_code(session: Session, code: str) -> Centre:
    """The centre with ``code``, or 404."""
    row = session.exec(select(Centre).where(Centre.code == code)).first()
    if row is None:
        raise NotFound("centre.not_found", code=code)
    return row


def in_zone_of(settings: Settings, centre: Centre | None) -> Settings:
    """The settings as a centre's own reports and jobs see them: in its zone (the hotline's
    for no centre, the province as a whole, or a centre naming none)."""
    if centre is None or not centre.zone or centre.zone == settings.timezone:
        return settings
    return settings.model_copy(update={"timezone": centre.zone})
