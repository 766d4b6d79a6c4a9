"""Demo trainings: a year of sessions (past ones with attendance and assessment, planned
ones with invitations), one operator behind on the mandate, and a drill coming up."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlmodel import Session

from hotline.config import Settings
from hotline.db import id_of
from hotline.roster.wallclock import at
from hotline.staff.models import Staff
from hotline.training.models import Attendance, Participant, SessionKind, TrainingSession

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
                   settings: Settings, rng: random.Random) -> int:
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
        made += 1
    return made
