"""Contact intake: create, read, change and list contact records.

Every read is audit-logged and every change makes a revision, in the same transaction as the
record itself, so the history can never disagree with the record.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from hotline.access import audit, scope
from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import access, callerkey, sealing
from hotline.contacts.models import (
    CallerRelationship,
    CallType,
    Contact,
    ContactRevision,
    ContactStatus,
    derive_metrics,
)
from hotline.contacts.policy import RecordsPolicies
from hotline.contacts.risk import RiskLevel, RiskScreen, assess, highest, screen_status
from hotline.contacts.schemas import (
    PLAN_STEPS,
    ContactCreate,
    ContactFilters,
    ContactPublic,
    ContactSummary,
    ContactUpdate,
    CoSign,
    RevisionPublic,
)
from hotline.db import add_row, get_or_404, id_of, insert_row, utcnow
from hotline.errors import Conflict, Forbidden, InvalidInput, NotFound
from hotline.notices import service as notices
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.roster.policy import Position
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff

# Fields whose stored form is a plain dict or list (pydantic sub-models are dumped).
_DOCUMENT_FIELDS = ("caller_profile", "risk_screen", "safety_plan", "follow_up", "person_at_risk")
_LIST_FIELDS = ("issues", "interventions", "referrals")
# Kept on every row anyway, so not repeated in revisions.
_BOOKKEEPING = ("id", "version", "created_at", "created_by", "updated_at", "received_hour",
                "wait_s", "handle_s")


def _contact_event_audience(session: Session, contact: Contact) -> list[str]:
    return ["role:supervisor", *([f"staff:{contact.operator_id}"] if contact.operator_id else [])]


def authorised(session: Session, *, actor: CurrentUser, contact_id: int, action: str,
               client_addr: str) -> Contact:
    """Load a contact for ``action`` (e.g. ``edit_contact``) on it, or raise 404/403.

    For other domains that act on a contact (referrals, flags); a read is audit-logged.
    """
    contact = _load(session, contact_id, actor)
    require(actor, action, access.target(session, contact))
    if action == "view_contact":
        _audit_read(session, actor, contact, "contact.read", client_addr)
    return contact


def _load(session: Session, contact_id: int, actor: CurrentUser) -> Contact:
    """The contact, or 404: also for one in another centre that the actor has no part in
    (not its operator, not alerted by it) and no provincial role to read, so an id there
    answers exactly as an id that does not exist."""
    contact = get_or_404(session, Contact, contact_id, "contact.not_found", contact_id=contact_id)
    if not scope.reaches(actor, contact.centre_id) \
            and not can(actor, "view_contact", access.target(session, contact)):
        raise NotFound("contact.not_found", contact_id=contact_id)
    return contact


def _audit_read(session: Session, actor: CurrentUser, contact: Contact, action: str,
                client_addr: str) -> None:
    audit.record(session, actor.id, action, f"contact:{contact.id}", client_addr)
    scope.audit_reads(session, actor, [contact.centre_id], "contacts", client_addr)


def _stored(field: str, value: Any) -> Any:
    """The value as the table keeps it: sub-models as dicts, missing lists as empty."""
    if field in _DOCUMENT_FIELDS:
        return {} if value is None else value.model_dump(mode="json")
    if field in _LIST_FIELDS:
        return [] if value is None else list(value)
    return value


def _check_operator(session: Session, operator_id: int | None) -> None:
    if operator_id is None:
        return
    staff = session.get(Staff, operator_id)
    if staff is None or not staff.active:
        raise InvalidInput("contact.operator_not_active", operator_id=operator_id,
                           field="operator_id")


def _check_record(contact: Contact, policies: RecordsPolicies, *, _closing: bool = False) -> None:
    """Rules that look at the whole record after a create or an update (``_closing``: this
    save completes the contact)."""
    # Each refusal names its field, so a form can mark it and say it next to it.
    if contact.answered_at and contact.answered_at < contact.received_at:
        raise InvalidInput("contact.answered_before_received", field="answered_at")
    start = contact.answered_at or contact.received_at
    if contact.ended_at and contact.ended_at < start:
        raise InvalidInput("contact.ended_before_start", field="ended_at")
    if contact.status == ContactStatus.completed and contact.ended_at is None:
        contact.ended_at = max(utcnow(), start)
    limit = policies.records.notes_max_chars
    if len(contact.notes) > limit:
        raise InvalidInput("contact.notes_too_long", field="notes", length=len(contact.notes),
                           limit=limit)
    if contact.person_at_risk and contact.caller_relationship == CallerRelationship.self:
        raise InvalidInput("contact.third_party_needs_relationship",
                           field="caller_relationship")
    if _closing and contact.risk_level in ("high", "imminent") and not any(
        str(contact.safety_plan.get(step, "")).strip()
        for step in (*PLAN_STEPS, "not_made_reason")
    ):
        raise InvalidInput("contact.safety_plan_required", field="safety_plan")
    if contact.call_type != CallType.data and (
        contact.risk_level != "none" or contact.issues
    ):
        raise InvalidInput("contact.quick_type_has_no_screen", field="call_type")


def _apply_risk(contact: Contact, screen: RiskScreen, actor_id: int | None) -> None:
    """Score the screen into the contact. The computed level never goes down (the highest
    the screen ever gave); a lowering of a computed high/imminent by the operator is routed
    at the computed level until a supervisor co-signs it."""
    assessment = assess(screen)
    contact.risk_screen = screen.model_dump(mode="json")
    contact.screen_status = screen_status(contact.risk_screen)
    computed = highest(contact.computed_risk_level, assessment.computed_level)
    contact.computed_risk_level = computed.value
    judged = screen.operator_level
    if judged is None or judged.rank >= computed.rank:
        contact.risk_level, contact.cosign = (judged or computed).value, {}
        return
    if not screen.operator_reason:
        raise InvalidInput("contact.lowering_needs_reason", computed=computed.value,
                           judged=judged.value, field="operator_reason")
    if computed.rank < RiskLevel.high.rank:
        contact.risk_level, contact.cosign = judged.value, {}
        return
    if contact.cosign.get("level") != judged.value:  # a new lowering: ask for a co-sign
        contact.cosign = {"state": "pending", "level": judged.value, "computed": computed.value,
                          "requested_by": actor_id, "requested_at": utcnow().isoformat()}
    cosigned = contact.cosign.get("state") == "cosigned"
    contact.risk_level = judged.value if cosigned else computed.value


def _ask_cosign(session: Session, contact: Contact, now: datetime) -> None:
    """Every supervisor on duty at the contact's centre gets a notice naming the contact (and
    a live event); with nobody on duty there, the centre's supervisors."""
    on_duty = [s.staff_id for s in
               roster.on_call(session, now, contact.centre_id)[Position.supervisor]]
    audiences = [f"staff:{i}" for i in dict.fromkeys(on_duty)] or ["role:supervisor"]
    data = {"contact_id": contact.id, "level": contact.cosign["level"],
            "computed_level": contact.computed_risk_level,
            "requested_by": contact.cosign.get("requested_by")}
    for audience in audiences:
        notices.raise_notice(
            session, audience=audience, kind="contact.cosign_requested",
            title=f"Co-sign needed: contact #{contact.id} lowered from "
                  f"{contact.computed_risk_level} to {contact.cosign['level']}",
            dedupe_key=f"cosign:{contact.id}:{contact.cosign['requested_at']}:{audience}",
            data=data, centre_id=contact.centre_id)
    events.emit(session, "contact.cosign_requested", data, audiences,
                centre_id=contact.centre_id)


def _revision(
    session: Session, contact: Contact, author_id: int | None, changes: dict[str, Any]
) -> None:
    insert_row(session, ContactRevision, contact_id=id_of(contact), version=contact.version,
               author_id=author_id, at=contact.updated_at, changes=to_jsonable_python(changes))


def new_contact(
    session: Session, *, created_by: int | None, client_addr: str, now: datetime | None = None,
    screen: RiskScreen | None = None, policies: RecordsPolicies | None = None, **fields: Any,
) -> Contact:
    """The one way a ``Contact`` row is made (the form and the API, a ringing call, a drill):
    the row, its first revision, the audit entry and ``contact.created``, all in the caller's
    transaction. ``screen`` is scored into it; with ``policies`` the whole record is checked
    before anything is written."""
    now = now or utcnow()
    contact = Contact(created_at=now, updated_at=now, created_by=created_by, **fields)
    if screen is not None:
        _apply_risk(contact, screen, created_by)
    if policies is not None:
        _check_record(contact, policies, _closing=contact.status == ContactStatus.completed)
    derive_metrics(contact)  # what the model's before_insert does: add_row skips it
    add_row(session, contact)
    snapshot = {
        f: [None, getattr(contact, f)]
        for f in Contact.model_fields
        if f not in _BOOKKEEPING and getattr(contact, f) not in (None, "", [], {})
    }
    _revision(session, contact, created_by, snapshot)
    audit.record(
        session, created_by, "contact.create", f"contact:{contact.id}", client_addr,
        {"risk_level": contact.risk_level},
    )
    # Consoles learn that a contact exists and how urgent it is, never what was said.
    data: dict[str, Any] = {"id": contact.id, "channel": contact.channel,
                            "call_type": contact.call_type, "risk_level": contact.risk_level,
                            "operator_id": contact.operator_id}
    if contact.status == ContactStatus.ringing:
        data["ringing"] = True
    if contact.is_drill:
        data["is_drill"] = True
    events.emit(session, "contact.created", data,
                ["role:supervisor",
                 *([f"staff:{contact.operator_id}"] if contact.operator_id else [])],
                centre_id=contact.centre_id)
    return contact


def create_contact(
    session: Session,
    *,
    actor: CurrentUser,
    data: ContactCreate,
    client_addr: str,
    settings: Settings,
    policies: RecordsPolicies,
    caller_key: str | None = None,
) -> Contact:
    """Log a new contact. Only ``channel`` is required; the risk level is computed here.
    Routing it (an escalation, its follow-up) is ``hotline.flows.intake``.

    ``caller_key`` links a call the hotline made (a follow-up) to its caller without a number.
    """
    require(actor, "create_contact")
    operator_id = data.operator_id if data.operator_id is not None else actor.id
    _check_operator(session, operator_id)
    key = caller_key
    if data.caller_number:
        try:
            key = callerkey.caller_key(data.caller_number, settings.caller_key)
        except ValueError as exc:
            raise InvalidInput("contact.caller_number_invalid", field="caller_number") from exc
        # Sealed apart from the record, only for call-backs the caller agreed to.
        sealing.seal(session, settings, key, callerkey.normalise(data.caller_number))
    now = utcnow()
    contact = new_contact(
        session, created_by=actor.id, client_addr=client_addr, now=now,
        screen=data.risk_screen, policies=policies,
        centre_id=actor.working_centre_id,
        channel=data.channel,
        call_type=data.call_type or CallType.data,
        status=data.status
        or (ContactStatus.completed if data.ended_at else ContactStatus.in_progress),
        received_at=data.received_at or now,
        answered_at=data.answered_at,
        ended_at=data.ended_at,
        operator_id=operator_id,
        caller_key=key,
        previous_contact_id=previous_contact(session, key),
        notes=data.notes or "",
        caller_relationship=data.caller_relationship or CallerRelationship.self,
        **{f: _stored(f, getattr(data, f)) for f in (*_DOCUMENT_FIELDS, *_LIST_FIELDS)
           if f != "risk_screen"},
    )
    if contact.cosign.get("state") == "pending":
        _ask_cosign(session, contact, now)
    return contact


def previous_contact(session: Session, caller_key: str | None) -> int | None:
    """The caller's latest contact before this one, linking a repeat caller's history."""
    if not caller_key:
        return None
    return session.exec(
        select(Contact.id)
        .where(Contact.caller_key == caller_key)
        .order_by(col(Contact.received_at).desc(), col(Contact.id).desc())
    ).first()


def update_contact(
    session: Session,
    *,
    actor: CurrentUser,
    contact_id: int,
    data: ContactUpdate,
    client_addr: str,
    settings: Settings,
    policies: RecordsPolicies,
) -> tuple[Contact, frozenset[str]]:
    """Change some fields; returns the contact and the names of the fields that changed (for
    ``hotline.flows.intake``, which routes a raised risk level). Each effective change is one
    revision; a no-op changes nothing."""
    contact = _load(session, contact_id, actor)
    require(actor, "edit_contact", access.target(session, contact))
    sent = data.model_dump(exclude_unset=True)
    if "operator_id" in sent:
        _check_operator(session, data.operator_id)
    before = {f: getattr(contact, f) for f in Contact.model_fields}
    for field in sent:
        if field == "risk_screen":
            if data.risk_screen is None:
                raise InvalidInput("contact.screen_cannot_be_emptied", field="risk_screen")
            _apply_risk(contact, data.risk_screen, actor.id)
        elif field in ("channel", "call_type", "status", "received_at") and getattr(data, field) is None:
            raise InvalidInput("contact.field_required", field=field)
        else:
            setattr(contact, field, _stored(field, getattr(data, field)))
    _check_record(contact, policies, _closing=contact.status == ContactStatus.completed
                  and before["status"] != ContactStatus.completed)
    changes = {
        f: [before[f], getattr(contact, f)]
        for f in Contact.model_fields
        if f not in _BOOKKEEPING
        and to_jsonable_python(before[f]) != to_jsonable_python(getattr(contact, f))
    }
    if not changes:
        return contact, frozenset()
    contact.version += 1
    contact.updated_at = utcnow()
    session.add(contact)
    _revision(session, contact, actor.id, changes)
    audit.record(
        session, actor.id, "contact.update", f"contact:{contact.id}", client_addr,
        {"fields": sorted(changes), "version": contact.version},
    )
    session.flush()
    if "cosign" in changes and contact.cosign.get("state") == "pending":
        _ask_cosign(session, contact, contact.updated_at)
    return contact, frozenset(changes)


UNDO_WINDOW = timedelta(seconds=10)
UNDO_GRACE = timedelta(seconds=5)  # the click may arrive a moment after the button goes


def undo_quick(session: Session, *, actor: CurrentUser, contact_id: int,
               client_addr: str) -> None:
    """Take back one's own one-click count (silent, prank...) within ``UNDO_WINDOW``: it
    held nothing but a type and a time. The audit log keeps that it was made and undone."""
    contact = _load(session, contact_id, actor)
    if contact.created_by != actor.id or contact.call_type == CallType.data \
            or contact.call_sid is not None:
        raise Forbidden("contact.undo_not_yours")
    if utcnow() - contact.created_at > UNDO_WINDOW + UNDO_GRACE:
        raise Conflict("contact.undo_too_late")
    session.execute(delete(ContactRevision).where(col(ContactRevision.contact_id) == contact.id))
    session.execute(delete(Contact).where(col(Contact.id) == contact.id))
    session.expunge(contact)
    audit.record(session, actor.id, "contact.undo_quick", f"contact:{contact_id}", client_addr,
                 {"call_type": contact.call_type})


def co_sign(session: Session, *, actor: CurrentUser, contact_id: int, data: CoSign,
            client_addr: str) -> Contact:
    """A supervisor co-signs (or refuses) an operator's lowering of a computed high/imminent
    level. Never one's own; both outcomes are audited and make a revision."""
    contact = _load(session, contact_id, actor)
    require(actor, "co_sign_lowering", access.target(session, contact))
    pending = contact.cosign
    if pending.get("state") != "pending":
        raise Conflict("contact.no_cosign_pending")
    if pending.get("requested_by") == actor.id:
        raise Forbidden("contact.cosign_own_lowering")
    now = utcnow()
    state = "cosigned" if data.decision == "cosign" else "refused"
    before = {"cosign": pending, "risk_level": contact.risk_level}
    contact.cosign = {**pending, "state": state, "decided_by": actor.id,
                      "decided_at": now.isoformat(), "note": data.note.strip()}
    if state == "cosigned":
        contact.risk_level = pending["level"]
    contact.version += 1
    contact.updated_at = now
    session.add(contact)
    _revision(session, contact, actor.id, {
        f: [before[f], getattr(contact, f)] for f in before if before[f] != getattr(contact, f)})
    audit.record(session, actor.id, f"contact.lowering_{state}", f"contact:{contact.id}",
                 client_addr, {"level": pending["level"], "computed": pending.get("computed")})
    events.emit(session, "contact.cosign_decided",
                {"contact_id": contact.id, "state": state, "level": pending["level"],
                 "risk_level": contact.risk_level, "decided_by": actor.id},
                _contact_event_audience(session, contact), centre_id=contact.centre_id)
    return contact


def get_contact(
    session: Session, *, actor: CurrentUser, contact_id: int, client_addr: str
) -> Contact:
    """Read one contact record; the read itself is audit-logged."""
    contact = _load(session, contact_id, actor)
    require(actor, "view_contact", access.target(session, contact))
    _audit_read(session, actor, contact, "contact.read", client_addr)
    return contact


def list_contacts(
    session: Session, *, actor: CurrentUser, filters: ContactFilters, client_addr: str
) -> tuple[list[Contact], int]:
    """Contacts newest first. Without ``list_all_contacts`` a person sees only their own;
    with it, those of their centres (a provincial reader: every centre's, audited)."""
    query = select(Contact)
    if filters.mine or not can(actor, "list_all_contacts"):
        query = query.where(Contact.operator_id == actor.id)
    else:
        query = scope.readable(query, Contact.centre_id, actor)
        if filters.operator_id is not None:
            query = query.where(Contact.operator_id == filters.operator_id)
    if filters.since:
        query = query.where(Contact.received_at >= filters.since)
    if filters.until:
        query = query.where(Contact.received_at < filters.until)
    for name in ("risk_level", "channel", "call_type", "status"):
        value = getattr(filters, name)
        if value is not None:
            query = query.where(getattr(Contact, name) == value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = list(
        session.exec(
            query.order_by(col(Contact.received_at).desc(), col(Contact.id).desc())
            .offset(filters.offset)
            .limit(filters.limit)
        )
    )
    audit.record_many(
        session, actor.id, "contact.list_read", [f"contact:{c.id}" for c in rows], client_addr
    )
    scope.audit_reads(session, actor, [c.centre_id for c in rows], "contacts", client_addr)
    return rows, total


def revisions(
    session: Session, *, actor: CurrentUser, contact_id: int, client_addr: str
) -> list[RevisionPublic]:
    """The change history of one contact, oldest first."""
    contact = _load(session, contact_id, actor)
    require(actor, "view_contact", access.target(session, contact))
    _audit_read(session, actor, contact, "contact.history_read", client_addr)
    rows = list(
        session.exec(
            select(ContactRevision)
            .where(ContactRevision.contact_id == contact_id)
            .order_by(col(ContactRevision.version))
        )
    )
    names = full_names(session, {r.author_id for r in rows})
    return [
        RevisionPublic(
            version=r.version, author_id=r.author_id, author_name=names.get(r.author_id),
            at=r.at, changes=r.changes,
        )
        for r in rows
    ]


def caller_contact_count(session: Session, contact: Contact) -> int:
    """How many contacts this caller has made up to and including this one."""
    if not contact.caller_key:
        return 1
    return session.exec(
        select(func.count())
        .select_from(Contact)
        .where(Contact.caller_key == contact.caller_key)
        .where(Contact.received_at <= contact.received_at)
    ).one()


def to_public(session: Session, contact: Contact, *,
              escalation: dict[str, Any] | None = None) -> ContactPublic:
    """The full record as the API returns it, with its latest escalation as crisis routing
    shows it (``crisis.engine.latest_summary``), or null."""
    screen = RiskScreen.model_validate(contact.risk_screen) if contact.risk_screen else RiskScreen()
    return ContactPublic(
        **contact.model_dump(),
        operator_name=full_names(session, {contact.operator_id}).get(contact.operator_id),
        caller_contact_count=caller_contact_count(session, contact),
        risk_reasons=list(assess(screen).reasons),
        risk_unanswered=screen.unanswered if contact.risk_screen else [],
        escalation=escalation,
    )


def to_summaries(session: Session, contacts: list[Contact]) -> list[ContactSummary]:
    """List rows, with operator names fetched in one query."""
    names = full_names(session, {c.operator_id for c in contacts})
    return [
        ContactSummary(**c.model_dump(), operator_name=names.get(c.operator_id)) for c in contacts
    ]

