"""Drill runs: a simulated imminent-risk contact through the real crisis routing.

Flagged ``is_drill`` everywhere (consoles label it, KPIs leave it out). A drill is not passed
or failed: it measures each notified responder's time to acknowledge (from the escalation's
own log) and the rescue steps done (the console's checklist: kept on the line, location
given, emergency service called, responder conferenced in).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts import service as contacts
from hotline.contacts.models import CallType, Channel, ContactStatus
from hotline.contacts.risk import RiskScreen, assess
from hotline.crisis import engine as crisis_engine
from hotline.crisis.models import Escalation, EscalationStep
from hotline.crisis.rescue import CHECKLIST
from hotline.db import id_of, utcnow
from hotline.errors import Conflict, InvalidInput
from hotline.policies import Policies
from hotline.reports.drills import seconds_to_ack, steps_done
from hotline.staff.lookup import full_names
from hotline.training.models import DrillRun, SessionKind, SessionStatus
from hotline.training.service import load

DRILL_SCREEN = RiskScreen(wish_dead=True, suicidal_thoughts=True, intent=True, plan=True,
                          means_at_hand=True)


def start_run(session: Session, *, actor: CurrentUser, session_id: int, client_addr: str,
              settings: Settings, policies: Policies) -> DrillRun:
    """Open a drill contact at imminent risk; the crisis team is alerted as for a real one."""
    require(actor, "manage_trainings")
    drill = load(session, session_id, within=actor, change=True)
    if drill.kind != SessionKind.drill:
        raise InvalidInput("drill.not_a_drill")
    if drill.status == SessionStatus.cancelled:
        raise Conflict("drill.cancelled")
    now = utcnow()
    if not drill.start <= now < drill.end:
        raise InvalidInput("drill.outside_schedule")
    result = assess(DRILL_SCREEN)
    contact = contacts.new_contact(
        session, created_by=actor.id, client_addr=client_addr, now=now,
        centre_id=drill.centre_id, channel=Channel.other, call_type=CallType.data, status=ContactStatus.in_progress,
        received_at=now, operator_id=actor.id, risk_screen=DRILL_SCREEN.model_dump(mode="json"),
        risk_level=result.level.value, computed_risk_level=result.computed_level.value,
        screen_status="screened", issues=["suicide.plan"], notes=f"演练 DRILL: {drill.title}",
        is_drill=True,
    )
    crisis_engine.open_escalation(session, contact=contact, opened_by=actor.id,
                                  policies=policies, channels=settings.alert_channels, now=now)
    run = DrillRun(session_id=id_of(drill), contact_id=id_of(contact), started_by=actor.id,
                   started_at=now)
    session.add(run)
    session.flush()
    audit.record(session, actor.id, "drill.run", f"training:{drill.id}", client_addr,
                 {"contact_id": contact.id})
    return run


def results(session: Session, *, session_id: int) -> list[dict[str, Any]]:
    """For each run: who was notified when, who acknowledged, and how fast."""
    out = []
    for run in session.exec(select(DrillRun).where(DrillRun.session_id == session_id)
                            .order_by(col(DrillRun.id))):
        esc = session.exec(select(Escalation).where(Escalation.contact_id == run.contact_id)).first()
        steps = list(session.exec(select(EscalationStep)
                                  .where(EscalationStep.escalation_id == esc.id)
                                  .order_by(col(EscalationStep.id)))) if esc else []
        first_alert: dict[int, Any] = {}
        for step in steps:
            if step.kind == "notified" and step.staff_id is not None:
                first_alert.setdefault(step.staff_id, step.at)
        names = full_names(session, [*first_alert, esc.acknowledged_by if esc else None])
        responders = [
            {"staff_id": sid, "name": names.get(sid), "notified_at": at.isoformat(),
             "acknowledged": bool(esc and esc.acknowledged_by == sid),
             "seconds_to_acknowledge": round((esc.acknowledged_at - at).total_seconds(), 1)
             if esc and esc.acknowledged_by == sid and esc.acknowledged_at else None}
            for sid, at in first_alert.items()
        ]
        out.append({
            "run_id": run.id, "contact_id": run.contact_id, "started_at": run.started_at.isoformat(),
            "escalation_id": esc.id if esc else None, "state": esc.state if esc else None,
            "seconds_to_acknowledge": seconds_to_ack(run, esc),
            "steps_done": steps_done(esc), "steps_total": len(CHECKLIST),
            "acknowledged_by": names.get(esc.acknowledged_by) if esc and esc.acknowledged_by else None,
            "responders": responders,
        })
    return out
