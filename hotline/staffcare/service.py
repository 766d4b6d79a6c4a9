"""Debriefs after high and imminent calls, and clinical supervision hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from hotline.access import audit, scope
from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation, EscalationState
from hotline.db import get_or_404, id_of, utcnow
from hotline.errors import Conflict, Forbidden, InvalidInput
from hotline.notices import service as notices
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff
from hotline.staffcare.models import Debrief, DebriefStatus, SupervisionSession
from hotline.staffcare.schemas import (
    DebriefAnswer,
    DebriefPublic,
    SupervisionCreate,
    SupervisionHours,
)
from hotline.training.policy import TrainingPolicy

# Escalations resolved longer ago than this are not offered a debrief when the job first runs.
LOOKBACK = timedelta(days=7)


def offer_debriefs(session: Session, now: datetime) -> int:
    """Offer a debrief to the operator and the responder of every high or imminent
    escalation resolved lately; each person once per escalation. Safe to run twice."""
    done = select(Debrief.escalation_id)
    rows = session.exec(
        select(Escalation, Contact).join(Contact, col(Contact.id) == Escalation.contact_id)
        .where(Escalation.state == EscalationState.resolved)
        .where(col(Escalation.risk_level).in_(["high", "imminent"]))
        .where(col(Escalation.is_drill).is_(False))
        .where(col(Escalation.resolved_at) >= now - LOOKBACK)
        .where(col(Escalation.id).not_in(done))).all()
    offered = 0
    for esc, contact in rows:
        people = {contact.operator_id: "operator", esc.acknowledged_by: "responder"}
        for staff_id, role in people.items():
            if staff_id is None:
                continue
            debrief = Debrief(escalation_id=id_of(esc), contact_id=id_of(contact), staff_id=staff_id,
                              role=role, offered_at=now)
            try:
                with session.begin_nested():
                    session.add(debrief)
            except IntegrityError:
                continue
            notices.raise_notice(session, audience=f"staff:{staff_id}", kind="debrief",
                                 title="A debrief is offered after a high-risk call",
                                 dedupe_key=f"debrief:{esc.id}:{staff_id}",
                                 data={"debrief_id": debrief.id})
            offered += 1
    return offered


def _public(session: Session, rows: list[Debrief], actor: CurrentUser) -> list[DebriefPublic]:
    names = full_names(session, {d.staff_id for d in rows})
    out = []
    for d in rows:
        public = DebriefPublic(**d.model_dump(exclude={"wellbeing", "what_helped",
                                                       "still_with_me"}),
                               staff_name=names.get(d.staff_id))
        if d.staff_id == actor.id or (d.wants_support and can(actor, "oversee_debriefs")):
            public.wellbeing, public.what_helped = d.wellbeing, d.what_helped
            public.still_with_me = d.still_with_me
        out.append(public)
    return out


def mine(session: Session, *, actor: CurrentUser) -> list[DebriefPublic]:
    rows = list(session.exec(select(Debrief).where(Debrief.staff_id == actor.id)
                             .order_by(col(Debrief.offered_at).desc()).limit(100)))
    return _public(session, rows, actor)


def open_count(session: Session, staff_id: int) -> int:
    return session.exec(select(func.count()).select_from(Debrief)
                        .where(Debrief.staff_id == staff_id)
                        .where(Debrief.status == DebriefStatus.offered)).one()


def outstanding(session: Session, *, actor: CurrentUser) -> list[DebriefPublic]:
    """For supervisors: debriefs not yet taken up, and people who asked for support."""
    require(actor, "oversee_debriefs")
    rows = list(session.exec(
        select(Debrief).where(or_(col(Debrief.status) == DebriefStatus.offered,
                                  col(Debrief.wants_support)))
        .order_by(col(Debrief.offered_at)).limit(200)))
    return _public(session, rows, actor)


def answer(session: Session, *, actor: CurrentUser, debrief_id: int, data: DebriefAnswer,
           client_addr: str) -> DebriefPublic:
    """The person's own check-in (or that they declined it). Once only."""
    debrief = get_or_404(session, Debrief, debrief_id, "debrief.not_found", debrief_id=debrief_id)
    if debrief.staff_id != actor.id:
        raise Forbidden("debrief.not_yours")
    if debrief.status != DebriefStatus.offered:
        raise Conflict("debrief.already_closed", status=debrief.status)
    if not data.declined and data.wellbeing is None:
        raise InvalidInput("debrief.wellbeing_or_decline", field="wellbeing")
    if data.supervisor_id is not None and session.get(Staff, data.supervisor_id) is None:
        raise InvalidInput("debrief.supervisor_unknown", supervisor_id=data.supervisor_id,
                           field="supervisor_id")
    debrief.status = DebriefStatus.declined if data.declined else DebriefStatus.done
    debrief.done_at = utcnow()
    if not data.declined:
        debrief.wellbeing, debrief.what_helped = data.wellbeing, data.what_helped
        debrief.still_with_me, debrief.wants_support = data.still_with_me, data.wants_support
        debrief.supervisor_id = data.supervisor_id
    session.add(debrief)
    audit.record(session, actor.id, "debrief.answer", f"debrief:{debrief.id}", client_addr,
                 {"status": debrief.status.value})
    return _public(session, [debrief], actor)[0]


def record_supervision(session: Session, *, actor: CurrentUser, data: SupervisionCreate,
                       today: date, client_addr: str) -> list[SupervisionSession]:
    """One supervision session (one row per person present, for a group)."""
    require(actor, "record_supervision")
    if data.held_on > today:
        raise InvalidInput("supervision.in_future", field="held_on")
    ids = set(data.staff_ids) | {data.supervisor_id}
    found = {s.id for s in session.exec(select(Staff).where(col(Staff.id).in_(ids)))}
    missing = sorted(ids - found)
    if missing:
        raise InvalidInput("supervision.staff_unknown", staff_ids=", ".join(map(str, missing)))
    if data.supervisor_id in data.staff_ids:
        raise InvalidInput("supervision.supervisor_supervised", field="supervisor_id")
    rows = [SupervisionSession(staff_id=i, supervisor_id=data.supervisor_id,
                               held_on=data.held_on, hours=data.hours, format=data.format,
                               recorded_by=actor.id) for i in dict.fromkeys(data.staff_ids)]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor.id, "supervision.record", f"supervision:{rows[0].id}",
                 client_addr, {"people": len(rows), "hours": data.hours})
    return rows


def _totals(session: Session, year: int, staff_id: int | None = None
            ) -> dict[int, tuple[float, int]]:
    """staff id -> (supervision hours, sessions) in ``year``."""
    query = (select(SupervisionSession.staff_id, func.sum(SupervisionSession.hours), func.count())
             .where(col(SupervisionSession.held_on) >= date(year, 1, 1))
             .where(col(SupervisionSession.held_on) <= date(year, 12, 31))
             .group_by(col(SupervisionSession.staff_id)))
    if staff_id is not None:
        query = query.where(SupervisionSession.staff_id == staff_id)
    return {sid: (float(h or 0), n) for sid, h, n in session.exec(query).all()}


def person_hours(session: Session, staff_id: int, year: int) -> float:
    """One person's supervision hours in ``year`` (the talent database shows them)."""
    return _totals(session, year, staff_id).get(staff_id, (0.0, 0))[0]


def hours(session: Session, *, actor: CurrentUser, year: int, policy: TrainingPolicy
          ) -> list[SupervisionHours]:
    """Each active operator's and responder's supervision hours in ``year`` against policy,
    for the people of the centres the actor reads."""
    require(actor, "view_supervision")
    totals = _totals(session, year)
    required = policy.clinical_supervision_hours_per_year
    query = scope.readable(select(Staff), Staff.centre_id, actor)
    people = [s for s in session.exec(query.where(col(Staff.active))
                                      .order_by(col(Staff.full_name)))
              if s.id is not None and {"operator", "crisis_responder"} & set(s.roles)]
    rows = []
    for s in people:
        got, sessions = totals.get(s.id or 0, (0.0, 0))
        rows.append(SupervisionHours(staff_id=s.id or 0, full_name=s.full_name, hours=got,
                                     sessions=sessions, required=required, met=got >= required))
    return rows
