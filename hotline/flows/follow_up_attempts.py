"""A follow-up call: the attempt is recorded, and a caller who was reached gets a new contact
that is routed like any intake (a high screen on a follow-up call alerts the crisis team)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts.models import Contact
from hotline.db import utcnow
from hotline.flows import intake
from hotline.followups import service as followups
from hotline.followups.models import FollowUp, FollowUpAttempt
from hotline.followups.schemas import AttemptCreate
from hotline.policies import Policies


def record_attempt(
    session: Session, *, actor: CurrentUser, follow_up_id: int, data: AttemptCreate,
    settings: Settings, policies: Policies, client_addr: str, now: datetime | None = None,
) -> tuple[FollowUp, FollowUpAttempt]:
    """``followups.service.record_attempt``, then routing of the contact a reached caller
    opened (only when this call recorded it: a retried attempt routes nothing again)."""
    now = now or utcnow()
    task, attempt = followups.record_attempt(
        session, actor=actor, follow_up_id=follow_up_id, data=data, settings=settings,
        policies=policies, client_addr=client_addr, now=now,
    )
    contact = session.get(Contact, attempt.contact_id) if attempt.contact_id else None
    if contact is not None and attempt.at == now:
        intake.route(session, contact=contact, actor=actor, settings=settings,
                     policies=policies)
    return task, attempt
