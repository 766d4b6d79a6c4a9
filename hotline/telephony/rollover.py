"""Calls moving between the centres of a network: the centres by code, and each hop of a
call recorded on both sides (``CallRollover``), with a live event for the dashboards.

A contact belongs to the centre holding the call (the one that answers it, in the end);
``rolled_over_from_centre_id`` keeps the centre it was first routed to."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from hotline.centres import service as centres
from hotline.centres.models import Centre
from hotline.centres.policy import NetworkPolicy
from hotline.contacts.models import Contact
from hotline.db import id_of
from hotline.realtime import events
from hotline.telephony.models import CallRollover, RolloverReason

# Who sees calls move: the supervisors of the centres on both sides, and the province's
# supervisor and crisis lead (whose consoles hear every centre; ``role:supervisor`` reaches
# the provincial supervisor, see ``hotline.realtime.hub.PROVINCIAL_AUDIENCES``).
AUDIENCE = ["role:supervisor", "role:provincial_supervisor", "role:provincial_crisis_lead"]


def centre(session: Session, code: str) -> Centre:
    return centres.by_code(session, code)


def centre_of(session: Session, contact: Contact) -> Centre:
    found = session.get(Centre, contact.centre_id) if contact.centre_id else None
    if found is None:  # not flushed yet: the database would give it the default centre
        found = session.get(Centre, centres.default_centre_id(session))
    assert found is not None
    return found


def chain(network: NetworkPolicy, code: str) -> list[str]:
    """The centres that may take a call of ``code``'s, itself first; a centre no longer in
    network.toml hands its calls to the provincial centre."""
    try:
        return network.rollover_chain(code)
    except KeyError:
        return network.rollover_chain(network.provincial.code)


def local_time(row: Centre, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(row.zone))


def hop(session: Session, contact: Contact, *, to: Centre, reason: RolloverReason,
        now: datetime) -> None:
    """Move a waiting call to the next centre: one rollover out of its centre and into
    ``to``. The event names centres and the contact, never the caller."""
    here = centre_of(session, contact)
    session.add(CallRollover(contact_id=id_of(contact), from_centre_id=id_of(here),
                             to_centre_id=id_of(to), reason=reason, at=now))
    if contact.rolled_over_from_centre_id is None:
        contact.rolled_over_from_centre_id = here.id
    contact.centre_id = to.id
    session.add(contact)
    data = {"contact_id": contact.id, "from_centre": here.code, "to_centre": to.code,
            "reason": reason.value, "at": now.isoformat()}
    # One event on each side, so each centre's supervisors hear it and no other centre's
    # (the province, which hears every centre, gets both: its boards reload once).
    for side in (here, to):
        events.emit(session, "call.rolled_over", data, AUDIENCE, centre_id=side.id)
