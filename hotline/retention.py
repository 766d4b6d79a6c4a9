"""Retention: contact records are deleted once ``records.toml`` says they are past keeping,
and callers' sealed numbers live only as long as a purpose needs them.

Runs nightly (``jobs.py``) and as ``hotline retention apply [--dry-run]``. Safe to run twice:
what is gone stays gone and the second run finds nothing. The audit log keeps that it ran
and how much it removed, never what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from hotline.access import audit
from hotline.callers.models import CallerFlag
from hotline.contacts.models import Contact, ContactRevision
from hotline.crisis.models import Escalation, EscalationState, EscalationStep, Notification
from hotline.db import utcnow
from hotline.followups.models import FollowUp, FollowUpAttempt, FollowUpStatus
from hotline.policies import Policies
from hotline.resources.models import Referral
from hotline.staffcare.models import Debrief
from hotline.telephony.models import CallbackStatus, CallbackTask, SealedNumber
from hotline.training.models import DrillRun

BATCH = 500
LIVE_ESCALATION = (EscalationState.open, EscalationState.notified,
                   EscalationState.acknowledged, EscalationState.exhausted)


@dataclass(frozen=True)
class RetentionReport:
    cutoff: datetime
    contacts: int
    sealed_numbers: int


def cutoff(now: datetime, years: int) -> datetime:
    """``years`` calendar years before ``now`` (29 February falls back to the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def delete_contacts(session: Session, ids: Sequence[int]) -> None:
    """Delete contacts with everything recorded under them: revisions (with the risk screens
    and notes they copy), escalations with their steps, alerts and debriefs, call-backs,
    follow-ups with their attempts, referrals, caller flags set in them, drill runs."""
    escalations = select(Escalation.id).where(col(Escalation.contact_id).in_(ids))
    follow_ups = select(FollowUp.id).where(col(FollowUp.contact_id).in_(ids))
    session.execute(delete(FollowUpAttempt).where(col(FollowUpAttempt.follow_up_id).in_(follow_ups)))
    # A follow-up of a newer contact may have reached the caller in one of these, or the other
    # way round: the newer record keeps its own follow-up, without the link.
    session.execute(update(FollowUpAttempt).where(col(FollowUpAttempt.contact_id).in_(ids))
                    .values(contact_id=None))
    session.execute(update(FollowUp).where(col(FollowUp.reached_contact_id).in_(ids))
                    .values(reached_contact_id=None))
    session.execute(delete(Debrief).where(col(Debrief.contact_id).in_(ids)))
    session.execute(delete(EscalationStep).where(col(EscalationStep.escalation_id).in_(escalations)))
    session.execute(delete(Notification).where(col(Notification.escalation_id).in_(escalations)))
    for table in (Escalation, ContactRevision, CallbackTask, DrillRun, FollowUp, Referral,
                  CallerFlag):
        session.execute(delete(table).where(col(table.contact_id).in_(ids)))
    # A newer contact from the same caller may point at one of these: it keeps its own record.
    session.execute(update(Contact).where(col(Contact.previous_contact_id).in_(ids))
                    .values(previous_contact_id=None))
    session.execute(delete(Contact).where(col(Contact.id).in_(ids)))


def _expired_contacts(session: Session, before: datetime) -> list[int]:
    return [i for i in session.exec(select(Contact.id).where(Contact.received_at < before)
                                    .order_by(col(Contact.id))) if i is not None]


def _needed_numbers() -> list[SelectOfScalar[Any]]:
    """Caller keys whose sealed number still serves a purpose: an open call-back (a voicemail,
    a follow-up the caller agreed to) or a live high/imminent escalation."""
    keyed = col(Contact.caller_key).is_not(None)
    callback = (select(Contact.caller_key)
                .join(CallbackTask, col(CallbackTask.contact_id) == Contact.id)
                .where(CallbackTask.status == CallbackStatus.open, keyed))
    crisis = (select(Contact.caller_key)
              .join(Escalation, col(Escalation.contact_id) == Contact.id)
              .where(col(Escalation.state).in_(LIVE_ESCALATION), keyed))
    follow_up = select(FollowUp.caller_key).where(FollowUp.status == FollowUpStatus.open)
    return [callback, crisis, follow_up]


def _expired_numbers(session: Session, before: datetime) -> list[str]:
    query = select(SealedNumber.caller_key).where(SealedNumber.updated_at < before)
    for needed in _needed_numbers():
        query = query.where(col(SealedNumber.caller_key).not_in(needed))
    return list(session.exec(query))


def apply(session: Session, policies: Policies, *, now: datetime | None = None,
          dry_run: bool = False) -> RetentionReport:
    """Delete (or with ``dry_run`` only count) what is past retention, in the caller's
    transaction, batch by batch."""
    now = now or utcnow()
    records = policies.records
    before = cutoff(now, records.retention_years)
    contact_ids = _expired_contacts(session, before)
    numbers = _expired_numbers(session, now - timedelta(days=records.sealed_number_days))
    report = RetentionReport(cutoff=before, contacts=len(contact_ids), sealed_numbers=len(numbers))
    if dry_run:
        return report
    for start in range(0, len(contact_ids), BATCH):
        delete_contacts(session, contact_ids[start:start + BATCH])
    for start in range(0, len(numbers), BATCH):
        session.execute(delete(SealedNumber).where(
            col(SealedNumber.caller_key).in_(numbers[start:start + BATCH])))
    if report.contacts or report.sealed_numbers:
        audit.record(session, None, "retention.apply", "", "", {
            "cutoff": before.isoformat(), "contacts_deleted": report.contacts,
            "sealed_numbers_deleted": report.sealed_numbers})
    session.flush()
    return report
