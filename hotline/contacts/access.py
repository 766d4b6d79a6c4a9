"""The facts the contact permission rules look at (``access.permissions``), gathered in one
place so the API, the pages and the crisis views judge a read the same way.

Who else is involved with a contact is other domains' knowledge: crisis routing knows whom its
escalations alerted, follow-ups who owns one for the caller. Each registers a source here
(``involves``) when its package is imported, so contacts need not import them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from hotline.access.permissions import Target
from hotline.contacts.models import Contact, ContactStatus
from hotline.db import utcnow

LIVE_CALL = (ContactStatus.ringing, ContactStatus.in_progress)
# A contact left "in progress" by mistake is not a live call forever.
LIVE_CALL_LONGEST = timedelta(hours=12)


@dataclass(frozen=True)
class Involvement:
    """What one domain knows about who is involved with a contact."""

    # Staff alerted to or acknowledging an escalation of it -> when the last of those was
    # resolved (None while one is live).
    responders: Mapping[int, datetime | None] = field(default_factory=dict)
    acknowledged_by: int | None = None  # who took its latest escalation
    follow_up_owner_ids: frozenset[int] = frozenset()


Source = Callable[[Session, Contact], Involvement]
_SOURCES: list[Source] = []


def involves(source: Source) -> Source:
    """Register a source of involvement (used as a decorator by crisis and follow-ups)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def target(session: Session, contact: Contact) -> Target:
    """The contact as the permission rules see it."""
    live = (contact.status in LIVE_CALL
            and utcnow() - contact.received_at <= LIVE_CALL_LONGEST)
    handler = contact.operator_id if live else None
    found = [source(session, contact) for source in _SOURCES]
    return Target(
        owner_id=contact.operator_id, created_at=contact.created_at,
        risk_level=contact.risk_level,
        responders={k: v for f in found for k, v in f.responders.items()},
        handlers=frozenset() if handler is None else frozenset({handler}),
        follow_up_owner_ids=frozenset().union(*(f.follow_up_owner_ids for f in found)),
        acknowledged_by=next((f.acknowledged_by for f in found
                              if f.acknowledged_by is not None), None),
        centre_id=contact.centre_id,
    )
