"""Rollover rate per centre: how many of the calls offered to a centre it passed on.

Offered to a centre = voice calls first routed to it, plus calls rolled over into it from
another centre. Passed on = hops out to the next centre of the network (``CallRollover``),
plus calls it held last that left the network to telephony.toml's backup line
(``overflowed``). Rollover rate = passed on / offered. Drill contacts never count; a call is
counted in the period it was received.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from hotline.centres import service as centres
from hotline.contacts.models import Contact, ContactStatus
from hotline.db import id_of
from hotline.telephony.models import CallRollover


def _calls(since: datetime, until: datetime):  # the period's real calls
    return (select(Contact.id).where(col(Contact.call_sid).is_not(None))
            .where(col(Contact.is_drill).is_(False))
            .where(col(Contact.received_at) >= since).where(col(Contact.received_at) < until))


def per_centre(session: Session, *, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """One row per active centre (provincial first): offered, rolled_in, rolled_out,
    overflowed and rollover_rate (None when nothing was offered)."""
    calls = _calls(since, until).subquery()
    first_centre = func.coalesce(Contact.rolled_over_from_centre_id, Contact.centre_id)
    first = Counter(dict(session.exec(
        select(first_centre, func.count()).where(col(Contact.id).in_(select(calls.c.id)))
        .group_by(first_centre)).all()))
    overflowed = Counter(dict(session.exec(
        select(Contact.centre_id, func.count()).where(col(Contact.id).in_(select(calls.c.id)))
        .where(Contact.status == ContactStatus.overflowed).group_by(col(Contact.centre_id))).all()))
    hops = session.exec(select(CallRollover.from_centre_id, CallRollover.to_centre_id)
                        .where(col(CallRollover.contact_id).in_(select(calls.c.id)))).all()
    out = Counter(a for a, _ in hops)
    into = Counter(b for _, b in hops)
    rows = []
    for centre in centres.active(session):
        key = id_of(centre)
        offered = first[key] + into[key]
        passed_on = out[key] + overflowed[key]
        rows.append({
            "centre": centre.code, "name_zh": centre.name_zh, "name_en": centre.name_en,
            "offered": offered, "rolled_in": into[key], "rolled_out": out[key],
            "overflowed": overflowed[key],
            "rollover_rate": round(passed_on / offered, 4) if offered else None,
        })
    return rows
