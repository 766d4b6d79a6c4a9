"""The escalation state machine: open -> notified -> acknowledged -> resolved; exhausted when
nobody takes it; rescue_pending while an imminent caller's person has not been reached.

Every transition happens in the caller's transaction together with its outbox rows and
events. Steps driven by time or by a failed delivery use compare-and-set on ``step_token``,
so a timer firing twice, two app instances, or a restart in the middle never double a step.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import update
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from hotline.centres.models import Centre
from hotline.contacts.models import Contact
from hotline.contacts.risk import RiskLevel
from hotline.crisis import recipients
from hotline.crisis.models import (
    DeliveryStatus,
    Escalation,
    EscalationState,
    EscalationStep,
    Notification,
)
from hotline.crisis.policy import CrisisPolicies, LevelPolicy
from hotline.db import add_row, affected, id_of, insert_row, rows_written, utcnow, written_here
from hotline.realtime import events
from hotline.roster import service as roster
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff

ROUTED_LEVELS = ("high", "imminent")
LIVE = (EscalationState.open, EscalationState.notified)
# Not closed: a contact has at most one of these, and a raise of its level re-alerts it.
OPEN = (*LIVE, EscalationState.acknowledged, EscalationState.exhausted,
        EscalationState.rescue_pending)
# States an alert can be taken from (taken, closed, or a rescue under way cannot).
ACKNOWLEDGEABLE = (*LIVE, EscalationState.exhausted)
# Steps the timers drive (``due``/``advance``).
TIMED = (EscalationState.notified, EscalationState.exhausted, EscalationState.rescue_pending)
# A raise this soon after resolving reopens the escalation instead of starting another.
REOPEN_WITHIN = timedelta(hours=1)
# Who hears that nobody took an escalation: those who can still step in (the roles of the
# "hear_exhausted" permission rule).
CRISIS_TEAM = ["role:supervisor", "role:team_lead", "role:crisis_responder"]


def _token() -> str:
    return secrets.token_hex(16)


def level_policy(esc: Escalation) -> LevelPolicy:
    """The policy snapshotted onto this escalation."""
    return _level(esc)


def _level(esc: Escalation) -> LevelPolicy:
    return LevelPolicy.model_validate(
        {k: v for k, v in esc.policy.items() if k not in SNAPSHOT_EXTRAS}
    )


def log_step(session: Session, esc: Escalation, kind: str, now: datetime,
             staff_id: int | None = None, *, tier_index: int | None = None,
             **detail: Any) -> None:
    """One line of the escalation's timeline, at its current tier (or ``tier_index``)."""
    insert_row(session, EscalationStep,
               escalation_id=id_of(esc),  # written: it has an id
               at=now, kind=kind, round=esc.round, staff_id=staff_id, detail=detail,
               tier_index=esc.tier_index if tier_index is None else tier_index)


# What a snapshot carries beside the level's policy.
SNAPSHOT_EXTRAS = ("channels_available", "backup_centre_id")


def _snapshot(policies: CrisisPolicies, level: str, channels: list[str],
              backup_centre_id: int | None) -> dict[str, Any]:
    policy = policies.escalation.levels[level]  # type: ignore[index]
    return {**policy.model_dump(mode="json"), "channels_available": channels,
            "backup_centre_id": backup_centre_id}


def _backup_centre_id(session: Session, policies: CrisisPolicies,
                      centre_id: int | None) -> int | None:
    """The centre next in the rollover order of the escalation's centre, if any: its crisis
    team is the ``backup_centre`` tier."""
    if not any(c.rollover_to for c in policies.network.centres):
        return None  # a single hotline, or no rollover order: no read on the alert path
    centre = session.get(Centre, centre_id) if centre_id else None
    if centre is None or centre.code not in {c.code for c in policies.network.centres}:
        return None
    chain = policies.network.rollover_chain(centre.code)
    backup = session.exec(select(Centre).where(Centre.code == chain[1])).first() \
        if len(chain) > 1 else None
    return backup.id if backup is not None else None


def where(esc: Escalation) -> recipients.Where:
    """Whose roster the escalation's tiers read."""
    return recipients.Where(esc.centre_id, esc.policy.get("backup_centre_id"))


def current(session: Session, contact_id: int) -> Escalation | None:
    """The contact's latest escalation, whatever its state. A contact written in this
    transaction has no escalation but the ones it gave it: answered without a query (an
    intake asks twice, before routing and for the answer)."""
    contact = session.identity_map.get(identity_key(Contact, contact_id))
    if contact is not None and written_here(session, contact):
        mine = [e for e in rows_written(session, Escalation) if e.contact_id == contact_id]
        return mine[-1] if mine else None
    return session.exec(
        select(Escalation).where(Escalation.contact_id == contact_id)
        .order_by(col(Escalation.id).desc())
    ).first()


def open_escalation(session: Session, *, contact: Contact, opened_by: int | None,
                    policies: CrisisPolicies, channels: list[str],
                    now: datetime | None = None) -> Escalation | None:
    """Route a high or imminent contact at once; a contact whose escalation is still open,
    or resolved within the hour, is re-alerted at the new level if that is higher.

    The level's policy (and which channels this installation can use) is copied onto the
    escalation: later edits of escalation.toml do not change an escalation under way.
    """
    if contact.risk_level not in ROUTED_LEVELS:
        return None
    now = now or utcnow()
    latest = current(session, id_of(contact))
    if latest is not None and (latest.state in OPEN or (
            latest.state == EscalationState.resolved and latest.resolved_at is not None
            and now - latest.resolved_at <= REOPEN_WITHIN)):
        if RiskLevel(contact.risk_level).rank > RiskLevel(latest.risk_level).rank:
            upgrade(session, esc=latest, level=contact.risk_level, by=opened_by,
                    policies=policies, channels=channels, now=now)
            return latest
        return None
    esc = Escalation(contact_id=id_of(contact), centre_id=contact.centre_id,
                     risk_level=contact.risk_level,
                     policy=_snapshot(policies, contact.risk_level, channels,
                                      _backup_centre_id(session, policies, contact.centre_id)),
                     opened_at=now, opened_by=opened_by,
                     is_drill=contact.is_drill)
    plan = _plan(session, esc, now)
    if not plan.exhausted:
        _wait_for_tier(esc, plan, now)  # the row goes in as it will stand: no UPDATE after
    add_row(session, esc)
    log_step(session, esc, "opened", now, opened_by, tier_index=0,
             risk_level=contact.risk_level)
    _enter_tier(session, esc, now, event="escalation.created", plan=plan)
    return esc


def upgrade(session: Session, *, esc: Escalation, level: str, by: int | None,
            policies: CrisisPolicies, channels: list[str], now: datetime) -> None:
    """The level was raised: take the new level's policy and alert again from its first
    tier, the acknowledger and the duty supervisor first. Even a taken (or just resolved)
    case comes back: the new urgency must be heard, and acknowledged again."""
    before, taker = esc.risk_level, esc.acknowledged_by
    esc.risk_level, esc.policy = level, _snapshot(policies, level, channels,
                                                  esc.policy.get("backup_centre_id"))
    esc.generation += 1
    esc.tier_index = esc.round = 0
    esc.acknowledged_at = esc.acknowledged_by = None
    esc.acknowledged_via = ""
    esc.resolved_at = esc.resolved_by = None
    session.add(esc)
    log_step(session, esc, "upgraded", now, by, risk_level=level, previous=before)
    first = [*(s for s in [session.get(Staff, taker) if taker else None] if s is not None),
             *recipients.duty_supervisors(session, now, esc.centre_id)]
    channels_first = _level(esc).tiers[0].channels
    for person in {p.id: p for p in first}.values():
        for channel in channels_first:
            _queue(session, esc, person, channel, now, stage="upgrade")
    _enter_tier(session, esc, now, event="escalation.upgraded")


def alerted(session: Session, esc: Escalation) -> set[int]:
    """Who has been alerted since the escalation (or its last raise) began."""
    if written_here(session, esc):
        return {n.recipient_id for n in _notes_written(session, esc)
                if n.generation == esc.generation}
    return set(session.exec(
        select(Notification.recipient_id).where(Notification.escalation_id == esc.id)
        .where(Notification.generation == esc.generation)
    ))


def _notes_written(session: Session, esc: Escalation) -> list[Notification]:
    """An escalation opened in this transaction has no notifications but the ones this
    transaction wrote (oldest first): its alert is built without asking the database."""
    return [n for n in rows_written(session, Notification) if n.escalation_id == esc.id]


def _notes(session: Session, esc: Escalation) -> Sequence[Notification]:
    if written_here(session, esc):
        return _notes_written(session, esc)
    return session.exec(
        select(Notification).where(Notification.escalation_id == esc.id)
        .order_by(col(Notification.id))
    ).all()


@dataclass
class _Plan:
    """What entering a tier will do, worked out before anything is written: the tier that
    will be alerted, the timeline's lines on the way there, who is found and who is new."""

    tier_index: int
    steps: list[tuple[int, str, int | None, dict[str, Any]]]  # tier, kind, person, detail
    found: recipients.Resolved
    fresh: list[Staff]
    exhausted: bool
    token: str = field(default_factory=_token)


def _plan(session: Session, esc: Escalation, now: datetime) -> _Plan:
    """From the current tier on: a tier with nobody on call is skipped, and said so; people
    on leave are skipped, and said so; people already alerted by an earlier tier are not
    alerted again (only a repeat calls everyone again). Reads only the roster."""
    level = _level(esc)
    last = len(level.tiers) - 1
    index = esc.tier_index
    steps: list[tuple[int, str, int | None, dict[str, Any]]] = []
    while True:
        tier = level.tiers[index]
        # Who is on call is read from the roster, which nothing that opens or moves an
        # escalation writes: the alerts pending in this transaction need not be flushed.
        with session.no_autoflush:
            found = recipients.resolve_all(session, tier.targets, now, where(esc))
        for person in found.on_leave:
            steps.append((index, "skipped", person.id, {
                "target": tier.label, "reason": "on approved leave", "name": person.full_name}))
        # A new escalation (no id yet) has alerted nobody.
        done = set() if esc.round > 0 or esc.id is None else alerted(session, esc)
        fresh = [p for p in found.people if p.id not in done]
        if found.people and len(fresh) < len(found.people):
            steps.append((index, "already_alerted", None, {
                "target": tier.label,
                "names": [p.full_name for p in found.people if p.id in done],
                "also": [p.full_name for p in fresh]}))
        if fresh or (found.people and index == last):
            return _Plan(index, steps, found, fresh, exhausted=False)
        if not found.people:
            steps.append((index, "skipped", None, {
                "target": tier.label, "reason": f"nobody on call as {tier.label}"}))
        if index == last:
            return _Plan(index, steps, found, fresh, exhausted=True)
        index += 1


def _wait_for_tier(esc: Escalation, plan: _Plan, now: datetime) -> None:
    """The escalation waits on the planned tier until its timeout (the repeat interval once
    it is repeating the last tier)."""
    level = _level(esc)
    repeat = plan.tier_index == len(level.tiers) - 1 and esc.round > 0
    tier = level.tiers[plan.tier_index]
    esc.tier_index = plan.tier_index
    esc.state = EscalationState.notified
    esc.deadline = now + timedelta(seconds=level.repeat_interval_seconds if repeat
                                   else tier.timeout_seconds)
    esc.step_token = plan.token


def _enter_tier(session: Session, esc: Escalation, now: datetime, *,
                event: str = "escalation.escalated", plan: _Plan | None = None) -> None:
    """Alert the current tier, or the first after it with someone to alert (``_plan``);
    when none has, the escalation is exhausted."""
    plan = plan or _plan(session, esc, now)
    for tier_index, kind, staff_id, detail in plan.steps:
        log_step(session, esc, kind, now, staff_id, tier_index=tier_index, **detail)
    if plan.exhausted:
        esc.tier_index = plan.tier_index
        _exhaust(session, esc, now)
        return
    if esc.step_token != plan.token:  # else its row was written as it stands (nothing to flush)
        _wait_for_tier(esc, plan, now)
        session.add(esc)
    tier = _level(esc).tiers[plan.tier_index]
    for person in plan.fresh:
        for channel in tier.channels:
            _queue(session, esc, person, channel, now)
    announce(session, esc, event, extra_audience=[f"staff:{p.id}" for p in plan.found.people],
             target=tier.label, notified=[p.id for p in plan.fresh])


def _queue(session: Session, esc: Escalation, person: Staff, channel: str, now: datetime,
           stage: str = "") -> None:
    stage = stage or f"t{esc.tier_index}:r{esc.round}"
    key = f"esc:{esc.id}:g{esc.generation}:{stage}:staff:{person.id}:{channel}"
    if channel not in esc.policy.get("channels_available", ["console"]):
        return  # e.g. no Twilio account configured: the console alert still goes out
    if channel != "console" and not person.phone:
        log_step(session, esc, "no_channel", now, person.id, channel=channel,
                 reason="no phone number on the staff record")
        return
    values: dict[str, Any] = {
        "idempotency_key": key, "escalation_id": id_of(esc), "recipient_id": id_of(person),
        "channel": channel, "tier_index": esc.tier_index, "round": esc.round,
        "generation": esc.generation, "reply_code": f"{secrets.randbelow(900000) + 100000}",
        # The console alert is the realtime event itself, written in this transaction.
        "status": DeliveryStatus.sent if channel == "console" else DeliveryStatus.pending,
        "next_try_at": now, "created_at": now, "updated_at": now,
    }
    # Written at once (the outbox reads it after the commit), and found again by this
    # escalation's summary, which the event and the answer are built from.
    add_row(session, Notification(**values))
    log_step(session, esc, "notified", now, person.id, channel=channel)


def _audience(session: Session, esc: Escalation) -> list[str]:
    """The operator who logged the contact, everyone notified so far, and supervisors."""
    contact = session.get(Contact, esc.contact_id)  # in the identity map: no query
    notified = {n["recipient_id"] for n in summary(session, esc)["notifications"]}
    staff = {contact.operator_id if contact else None, *notified}
    return ["role:supervisor", *(f"staff:{i}" for i in staff if i is not None)]


_SUMMARIES = "hotline_escalation_summaries"
# What only audited reads may see; realtime events never carry these.
_DETAILS = ("risk_screen", "issues", "caller_key")


def _state(esc: Escalation) -> tuple[Any, ...]:
    """Every transition changes one of these (each step draws a new ``step_token``)."""
    return (esc.state, esc.tier_index, esc.round, esc.step_token, esc.risk_level,
            esc.acknowledged_by, esc.resolved_at)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_summaries(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost one (each flush runs a nested one)
        session.info.pop(_SUMMARIES, None)


def latest_summary(session: Session, contact_id: int | None) -> dict[str, Any] | None:
    """The contact's latest escalation as consoles show it, or None (a contact's public
    record carries it)."""
    esc = current(session, contact_id) if contact_id is not None else None
    return summary(session, esc) if esc else None


def summary(session: Session, esc: Escalation, *, details: bool = True) -> dict[str, Any]:
    """What consoles show: state, tier, who was notified how, and (``details``) the contact's
    risk facts. Only audited reads get the details; realtime events never do.

    Built once per state change within a transaction: the event, its audience and the HTTP
    answer share it (treat it as read-only)."""
    cache = session.info.setdefault(_SUMMARIES, {})
    cached = cache.get(esc.id)
    if cached is None or cached[0] != _state(esc):
        cached = cache[esc.id] = (_state(esc), _build_summary(session, esc))
    full: dict[str, Any] = cached[1]
    if details or full["contact"] is None:
        return full
    return {**full, "contact": {k: v for k, v in full["contact"].items() if k not in _DETAILS}}


def _build_summary(session: Session, esc: Escalation) -> dict[str, Any]:
    contact = session.get(Contact, esc.contact_id)
    notes = _notes(session, esc)
    names = full_names(session, {n.recipient_id for n in notes} | {
        esc.acknowledged_by, contact.operator_id if contact else None})
    level = _level(esc)
    return {
        "id": esc.id, "contact_id": esc.contact_id, "risk_level": esc.risk_level,
        "state": esc.state, "tier": esc.tier_index,
        "target": level.tiers[esc.tier_index].label if esc.tier_index < len(level.tiers) else None,
        "generation": esc.generation,
        # Without Twilio the alerts reach open consoles only: consoles say so plainly.
        "phone_channels": [c for c in esc.policy.get("channels_available", ["console"])
                           if c != "console"],
        "told": told(notes, names),
        "round": esc.round, "deadline": esc.deadline.isoformat() if esc.deadline else None,
        "opened_at": esc.opened_at.isoformat(), "is_drill": esc.is_drill,
        "acknowledged_by": esc.acknowledged_by,
        "acknowledged_by_name": names.get(esc.acknowledged_by) if esc.acknowledged_by else None,
        "acknowledged_at": esc.acknowledged_at.isoformat() if esc.acknowledged_at else None,
        "acknowledged_via": esc.acknowledged_via or None,
        "resolved_at": esc.resolved_at.isoformat() if esc.resolved_at else None,
        "rescue_progress": {k: v for k, v in (esc.rescue.get("progress") or {}).items()},
        "person_reached": esc.rescue.get("person_reached"),
        "notifications": [
            {"recipient_id": n.recipient_id, "name": names.get(n.recipient_id),
             "channel": n.channel, "tier": n.tier_index, "round": n.round, "status": n.status}
            for n in notes
        ],
        "contact": None if contact is None else {
            "channel": contact.channel, "operator_id": contact.operator_id,
            "operator_name": names.get(contact.operator_id),
            "received_at": contact.received_at.isoformat(),
            "risk_screen": contact.risk_screen, "issues": contact.issues,
            "caller_key": contact.caller_key,
        },
    }


def told(notes: Sequence[Notification], names: dict[int | None, str]) -> list[dict[str, Any]]:
    """Who was alerted, each person once: when first, and by which channels (what banners
    say instead of "everyone was notified")."""
    people: dict[int, dict[str, Any]] = {}
    for n in notes:
        entry = people.setdefault(n.recipient_id, {
            "staff_id": n.recipient_id, "name": names.get(n.recipient_id),
            "at": n.created_at.isoformat(), "channels": []})
        if n.channel not in entry["channels"]:
            entry["channels"].append(n.channel)
    return list(people.values())


def minimal(esc: Escalation) -> dict[str, Any]:
    """The least an event about an escalation can say: which, how urgent, where it stands."""
    return {"id": esc.id, "contact_id": esc.contact_id, "risk_level": esc.risk_level,
            "state": esc.state, "tier": esc.tier_index, "is_drill": esc.is_drill,
            "opened_at": esc.opened_at.isoformat()}


def announce(session: Session, esc: Escalation, kind: str, *,
             extra_audience: list[str] | None = None, **extra: Any) -> None:
    audience = list(dict.fromkeys([*_audience(session, esc), *(extra_audience or [])]))
    events.emit(session, kind, {**summary(session, esc, details=False), **extra}, audience,
                centre_id=esc.centre_id)


def _page(session: Session, esc: Escalation, people: Sequence[Staff], channels: Sequence[str],
          now: datetime, stage: str) -> None:
    for person in people:
        for channel in channels:
            _queue(session, esc, person, channel, now, stage=stage)


def _exhaust(session: Session, esc: Escalation, now: datetime) -> None:
    """Nobody took it: call every supervisor not on leave on every channel, banner on every
    console, and keep calling them by voice every ``repeat_interval_seconds`` until taken."""
    esc.state = EscalationState.exhausted
    esc.deadline = now + timedelta(seconds=_level(esc).repeat_interval_seconds)
    esc.step_token = _token()
    session.add(esc)
    log_step(session, esc, "exhausted", now)
    _page(session, esc, recipients.supervisors(session, now, esc.centre_id),
          ("console", "sms", "voice"), now,
          stage="exhausted")
    session.flush()
    # Everyone already following it (the operator still on the line must know to call
    # 110/120) and those who can still step in; the minimal payload.
    audience = list(dict.fromkeys([*_audience(session, esc), *CRISIS_TEAM]))
    events.emit(session, "escalation.exhausted", minimal(esc), audience,
                centre_id=esc.centre_id)


def _repage(session: Session, esc: Escalation, now: datetime) -> None:
    """A timed step of an exhausted or rescue-pending escalation: call supervisors again."""
    level = _level(esc)
    if esc.state == EscalationState.exhausted:
        people, wait, kind = (recipients.supervisors(session, now, esc.centre_id),
                              level.repeat_interval_seconds, "repaged")
        channels: tuple[str, ...] = ("voice",)
    else:
        people, wait, kind = (recipients.duty_supervisors(session, now, esc.centre_id),
                              level.rescue_repage_seconds, "rescue_repaged")
        channels = ("console", "sms", "voice")
    esc.deadline = now + timedelta(seconds=wait)
    session.add(esc)
    log_step(session, esc, kind, now, names=[p.full_name for p in people])
    _page(session, esc, people, channels, now, stage=f"{kind}:{esc.step_token[:8]}")
    announce(session, esc, "escalation.repaged",
             extra_audience=[f"staff:{p.id}" for p in people])


def advance(session: Session, *, escalation_id: int, token: str, now: datetime,
            reason: str) -> bool:
    """Take the timed step (next tier, repeat, exhaust; or call supervisors again) if
    ``token`` is still the current step.

    Returns False, changing nothing, when the step was already taken by someone else.
    """
    new_token = _token()
    claimed = affected(session,
        update(Escalation)
        .where(col(Escalation.id) == escalation_id)
        .where(col(Escalation.step_token) == token)
        .where(col(Escalation.state).in_(TIMED))
        .values(step_token=new_token)
    )
    if claimed != 1:
        return False
    esc = session.get(Escalation, escalation_id)
    assert esc is not None
    session.refresh(esc)
    if esc.state != EscalationState.notified:
        _repage(session, esc, now)
        return True
    log_step(session, esc, reason, now)
    level = _level(esc)
    last = len(level.tiers) - 1
    if esc.tier_index < last:
        esc.tier_index += 1
    elif esc.round < level.repeats:
        esc.round += 1
    else:
        _exhaust(session, esc, now)
        return True
    _enter_tier(session, esc, now)
    return True


def due(session: Session, now: datetime) -> list[tuple[int, str]]:
    """Escalations whose timer ran out: ``(id, token)`` pairs for ``advance``."""
    rows = session.exec(
        select(Escalation.id, Escalation.step_token)
        .where(col(Escalation.state).in_(TIMED))
        .where(col(Escalation.deadline) <= now)
        .order_by(col(Escalation.deadline))
    ).all()
    return [(i, t) for i, t in rows if i is not None]


def delivery_failed(session: Session, note: Notification, now: datetime) -> bool:
    """A no-answer, busy or failed SMS/call moves on at once, if it was for the current tier."""
    esc = session.get(Escalation, note.escalation_id) if note.escalation_id else None
    if esc is None or esc.state != EscalationState.notified:
        return False
    if (note.tier_index, note.round) != (esc.tier_index, esc.round):
        return False
    others = session.exec(
        select(Notification)
        .where(Notification.escalation_id == esc.id)
        .where(Notification.tier_index == esc.tier_index)
        .where(Notification.round == esc.round)
        .where(Notification.channel != "console")
        .where(Notification.id != note.id)
        .where(col(Notification.status).in_(
            [DeliveryStatus.pending, DeliveryStatus.sending, DeliveryStatus.sent,
             DeliveryStatus.delivered]))
    ).all()
    if others:
        return False  # someone at this tier may still answer
    return advance(session, escalation_id=id_of(esc), token=esc.step_token, now=now,
                   reason=f"delivery_{note.status}")


def _pending_to_cancelled(session: Session, esc: Escalation) -> None:
    for note in session.exec(
        select(Notification).where(Notification.escalation_id == esc.id)
        .where(Notification.status == DeliveryStatus.pending)
    ):
        note.status = DeliveryStatus.cancelled
        session.add(note)


def was_notified(session: Session, esc: Escalation, staff_id: int) -> bool:
    return session.exec(
        select(Notification.id).where(Notification.escalation_id == esc.id)
        .where(Notification.recipient_id == staff_id)
    ).first() is not None


def acknowledge(session: Session, *, esc: Escalation, staff_id: int, via: str,
                now: datetime | None = None) -> bool:
    """Take the escalation if it is still free: timers stop, unsent messages are cancelled,
    everyone is told. False, changing nothing (``esc`` read again), when someone else took
    it first.

    One UPDATE that checks the state claims it, so of two people taking it at the same
    moment, from any channel or app instance, exactly one does: on PostgreSQL the second
    waits on the row lock and then finds it taken; SQLite runs one writer at a time."""
    now = now or utcnow()
    claimed = affected(session,
        update(Escalation)
        .where(col(Escalation.id) == id_of(esc))
        .where(col(Escalation.state).in_(ACKNOWLEDGEABLE))
        .values(state=EscalationState.acknowledged, acknowledged_at=now,
                acknowledged_by=staff_id, acknowledged_via=via, deadline=None,
                step_token=_token())
        .execution_options(synchronize_session=False)
    )
    session.refresh(esc)
    if claimed != 1:
        return False
    _pending_to_cancelled(session, esc)
    roster.start_call_out(session, staff_id=staff_id, escalation_id=id_of(esc), at=now)
    log_step(session, esc, "acknowledged", now, staff_id, via=via)
    announce(session, esc, "escalation.acknowledged")
    return True


def person_not_reached(session: Session, esc: Escalation, now: datetime) -> None:
    """Active rescue without the person: the case stays open (``rescue_pending``) and the
    duty supervisor is paged now and every ``rescue_repage_seconds`` until it is closed."""
    if esc.state == EscalationState.rescue_pending:
        return
    esc.state = EscalationState.rescue_pending
    esc.step_token = _token()
    session.add(esc)
    _repage(session, esc, now)


def person_reached(session: Session, esc: Escalation, now: datetime) -> None:
    """The person was reached: the paging stops; whoever took the case closes it."""
    if esc.state != EscalationState.rescue_pending:
        return
    esc.step_token = _token()
    if esc.acknowledged_by is not None:
        esc.state, esc.deadline = EscalationState.acknowledged, None
    else:  # nobody has taken it yet: back to alerting the current tier
        esc.state = EscalationState.notified
        esc.deadline = now + timedelta(seconds=_level(esc).tiers[esc.tier_index].timeout_seconds)
    session.add(esc)


def resolve(session: Session, *, esc: Escalation, staff_id: int, outcome: str,
            rescue: dict[str, Any], now: datetime | None = None) -> Escalation:
    now = now or utcnow()
    esc.state = EscalationState.resolved
    esc.resolved_at, esc.resolved_by, esc.outcome = now, staff_id, outcome
    esc.rescue = {**esc.rescue, **{k: v for k, v in rescue.items() if v not in (None, False, "")}}
    esc.deadline = None
    esc.step_token = _token()
    session.add(esc)
    roster.end_call_out(session, escalation_id=id_of(esc), at=now)
    log_step(session, esc, "resolved", now, staff_id)
    announce(session, esc, "escalation.resolved")
    return esc

