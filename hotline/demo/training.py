"""Demo trainings: a year of sessions (past ones with attendance and assessment, planned
ones with invitations), one operator behind on the mandate, and a drill coming up."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlmodel import Session

from hotline.config import Settings
from hotline.contacts import service as contacts
from hotline.contacts.models import CallType, Channel, ContactStatus
from hotline.crisis.models import Escalation, EscalationState, EscalationStep
from hotline.crisis.rescue import CHECKLIST
from hotline.db import id_of
from hotline.policies import Policies
from hotline.staff.models import Staff
from hotline.training.models import (
    Attendance,
    DrillRun,
    Participant,
    SessionKind,
    TrainingSession,
)
from hotline.wallclock import at

PLAN = [  # (month, day, kind, audience, title, scenario)
    (1, 16, "training", "operators", "季度系统培训：倾听与共情技术", ""),
    (3, 12, "training", "crisis_team", "危机干预队伍系统培训：自杀风险评估 (C-SSRS)", ""),
    (4, 17, "training", "operators", "季度系统培训：自杀风险筛查与安全计划", ""),
    (5, 21, "drill", "crisis_team", "半年演练：紧急救援 (110/120 联动)", "imminent_rescue"),
    (7, 10, "training", "operators", "季度系统培训：家庭暴力与转介资源", ""),
    (9, 18, "training", "crisis_team", "危机干预队伍系统培训：群体性事件心理援助", ""),
    (10, 16, "training", "operators", "季度系统培训：物质使用与共病", ""),
    (12, 3, "drill", "crisis_team", "半年演练：电话系统故障应急", "telephony_outage"),
    (12, 11, "training", "operators", "季度系统培训：年终案例督导与考核", ""),
]


def seed_trainings(session: Session, *, people: dict[str, Staff], today: date,
                   settings: Settings, policies: Policies, rng: random.Random) -> int:
    lead = people["lead1"]
    operators = [s for s in people.values() if "operator" in s.roles]
    crisis = [s for s in people.values() if "crisis_responder" in s.roles]
    made = 0
    for month, day, kind, audience, title, scenario in PLAN:
        when = date(today.year, month, day)
        start = at(when, time(14), settings.zone)
        session_row = TrainingSession(
            kind=SessionKind(kind), title=title, audience=audience, scenario=scenario,
            topic=title.split("：")[-1], facilitator_id=lead.id, start=start,
            end=start + timedelta(hours=3), place="三楼培训室", capacity=40,
            created_by=lead.id)
        session.add(session_row)
        session.flush()
        invited = operators if audience == "operators" else crisis
        held = when < today
        for person in invited:
            attendance, passed, score = Attendance.invited, None, None
            if held:
                # operator4 missed two trainings this year: behind on the mandate.
                missed = person.id == people["operator4"].id and month in (4, 7)
                attendance = Attendance.absent if missed else (
                    Attendance.excused if rng.random() < 0.05 else Attendance.attended)
                if attendance == Attendance.attended and kind == "training":
                    score = float(rng.randrange(68, 99))
                    passed = score >= 70
            session.add(Participant(session_id=id_of(session_row), staff_id=id_of(person),
                                    attendance=attendance, passed=passed, score=score,
                                    hours=3.0 if attendance == Attendance.attended else 0.0,
                                    recorded_by=lead.id if held else None))
        if held and kind == "drill":
            _drill_run(session, session_row, responder=crisis[0], policies=policies, rng=rng)
        made += 1
    return made


def _drill_run(session: Session, drill: TrainingSession, *, responder: Staff,
               policies: Policies, rng: random.Random) -> None:
    """A held drill's live run, as the crisis team did it: acknowledged in a minute or so,
    three of the four rescue steps done (what the drill's page and the reports measure)."""
    started = drill.start + timedelta(minutes=30)
    contact = contacts.new_contact(
        session, created_by=drill.facilitator_id, client_addr="127.0.0.1", now=started,
        channel=Channel.other, call_type=CallType.data, status=ContactStatus.completed,
        received_at=started, answered_at=started, ended_at=started + timedelta(minutes=20),
        operator_id=drill.facilitator_id, risk_level="imminent",
        computed_risk_level="imminent", screen_status="screened", issues=["suicide.plan"],
        is_drill=True, notes=f"演练 DRILL: {drill.title}")
    acknowledged = started + timedelta(seconds=rng.randrange(35, 95))
    done = {step: (acknowledged + timedelta(minutes=i + 1)).isoformat()
            for i, step in enumerate(CHECKLIST[:3])}
    esc = Escalation(contact_id=id_of(contact), centre_id=contact.centre_id, risk_level="imminent",
                     state=EscalationState.resolved, opened_at=started,
                     acknowledged_at=acknowledged, acknowledged_by=responder.id,
                     acknowledged_via="console", resolved_at=started + timedelta(minutes=20),
                     resolved_by=responder.id, outcome="演练结束", is_drill=True,
                     rescue={"progress": done},
                     # the policy the run was routed under, as the engine snapshots it
                     policy={**policies.escalation.levels["imminent"].model_dump(mode="json"),
                             "channels_available": ["console"]})
    session.add(esc)
    session.flush()
    session.add_all([
        EscalationStep(escalation_id=id_of(esc), at=started, kind="notified",
                       staff_id=responder.id, detail={"channels": ["console"]}),
        EscalationStep(escalation_id=id_of(esc), at=acknowledged, kind="acknowledged",
                       staff_id=responder.id, detail={}),
    ])
    session.add(DrillRun(session_id=id_of(drill), contact_id=id_of(contact),
                         started_at=started, started_by=drill.facilitator_id))
