"""Demo contacts: a few hundred over the last 30 days, with the hour-of-day pattern of a real
line (evening peak, quiet early morning), a realistic risk mix, and handled escalations."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from hotline.auth.models import Account
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.contacts.models import Contact
from hotline.contacts.schemas import ContactCreate
from hotline.crisis.models import DeliveryStatus, Escalation, EscalationState, Notification
from hotline.db import id_of
from hotline.flows import intake
from hotline.policies import Policies
from hotline.roster import service as roster
from hotline.roster.policy import Position
from hotline.staff.models import Staff
from hotline.telephony.models import CallRollover, RolloverReason

# Relative call volume per local hour (0-23): quiet before dawn, a peak from 19:00 to 01:00.
NO = {"wish_dead": False, "suicidal_thoughts": False}  # Q1 and Q2 asked, both no
HOUR_WEIGHT = [10, 6, 3, 2, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 6, 6, 7, 10, 11, 12, 12, 11]
SCENES = [  # issues, screen, interventions, referrals, note
    (["mood.depression", "mood.sleep"], {"wish_dead": True, "suicidal_thoughts": False}, ["active_listening", "risk_assessment"],
     [], "来电者近两个月失眠、情绪低落，偶有不想活的念头，无计划。愿意明天去医院心理科。"),
    (["stress.exams"], NO, ["active_listening", "problem_solving"], [],
     "高三学生，月考失利，担心父母失望。聊完后情绪平稳，约定周末和母亲谈谈。"),
    (["relationships.romantic"], {"wish_dead": True, "suicidal_thoughts": False}, ["active_listening", "safety_planning"], [],
     "分手后哭泣，感到被抛弃。讨论了可以联系的朋友，制定了简单的安全计划。"),
    (["relationships.family_conflict", "abuse.domestic"], NO, ["active_listening", "information_given"],
     ["community_service"], "与丈夫长期争吵，近期有推搡。提供了妇联和社区求助渠道。"),
    (["stress.work", "mood.anxiety"], NO, ["active_listening", "psychoeducation"], [],
     "连续加班，胸闷心慌，担心被裁员。讲解了焦虑的身体反应和放松练习。"),
    (["suicide.ideation", "mood.depression"], {"wish_dead": True, "suicidal_thoughts": True,
                                                "method": True},
     ["risk_assessment", "safety_planning", "means_restriction"], ["psychiatric_clinic"],
     "反复想到吃药，未囤药。同意把药交给室友保管，明天到精神专科门诊就诊。"),
    (["bereavement.death"], NO, ["active_listening"], [], "父亲上月去世，夜里难以入睡，想找人说说话。"),
    (["information.services"], NO, ["information_given"], [], "咨询本市心理门诊的挂号方式和费用。"),
    (["substance.alcohol", "mood.depression"], {**NO, "behavior": "over_3_months"},
     ["risk_assessment", "psychoeducation"], ["hospital"], "饮酒增多，半年前曾割腕。建议戒酒门诊。"),
    (["psychosis.symptoms"], NO, ["active_listening", "information_given"], ["psychiatric_clinic"],
     "听到有人议论自己，已停药两周。联系家属陪同复诊。"),
]
HIGH = (["suicide.plan", "mood.depression"], {"wish_dead": True, "suicidal_thoughts": True,
                                              "intent": True, "plan": True},
        ["risk_assessment", "safety_planning", "crisis_team_alerted", "means_restriction"],
        ["psychiatric_clinic"], "已写好遗书，计划周末行动。危机干预人员接手，约定每日回访。")
IMMINENT = (["suicide.attempt"], {"wish_dead": True, "suicidal_thoughts": True, "intent": True, "plan": True,
                                  "means_at_hand": True, "attempt_in_progress": True},
            ["risk_assessment", "active_rescue", "crisis_team_alerted"], ["police_110", "ambulance_120"],
            "来电时已服下大量药物，定位后联系110与120，急救人员到达，来电者被送医。")
NON_DATA = ["silent", "hang_up", "wrong_number", "prank", "abusive"]


def _actor(session: Session, staff: Staff) -> CurrentUser:
    account = session.exec(select(Account).where(Account.staff_id == staff.id)).one()
    return CurrentUser(staff=staff, account=account, session_id=0)


def seed_contacts(session: Session, *, operators: list[Staff], now: datetime, days: int,
                  count: int, settings: Settings, policies: Policies,
                  rng: random.Random) -> int:
    actors = {s.id: _actor(session, s) for s in operators}
    hours = rng.choices(range(24), weights=HOUR_WEIGHT, k=count)  # local hour of each contact
    repeat_numbers = [f"+86139{rng.randrange(10**8):08d}" for _ in range(12)]
    made = 0
    for hour in hours:
        day = rng.randrange(days)
        local = (now.astimezone(settings.zone) - timedelta(days=day)).replace(
            hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)
        received = local.astimezone(now.tzinfo)
        if received >= now - timedelta(minutes=30):  # later today: it happened a month ago
            received -= timedelta(days=days)
        roll = rng.random()
        wait = rng.choice([3, 5, 8, 12, 15, 20, 25, 40, 70])
        talk = rng.randrange(4, 45) * 60
        body: dict = {"channel": rng.choices(["voice", "sms", "chat", "walk_in"], [80, 8, 10, 2])[0],
                      "received_at": received, "caller_number": rng.choice(repeat_numbers)
                      if rng.random() < 0.15 else f"+86138{rng.randrange(10**8):08d}"}
        if roll < 0.08:
            body.update(status="abandoned", ended_at=received + timedelta(seconds=wait + 20))
        elif roll < 0.22:
            body.update(call_type=rng.choice(NON_DATA), status="completed",
                        answered_at=received + timedelta(seconds=wait),
                        ended_at=received + timedelta(seconds=wait + 30))
        else:
            scene = rng.choices([*SCENES, HIGH, IMMINENT], [10] * len(SCENES) + [5, 1])[0]
            issues, screen, interventions, referrals, note = scene
            body.update(
                answered_at=received + timedelta(seconds=wait),
                ended_at=received + timedelta(seconds=wait + talk), status="completed",
                issues=issues, risk_screen=screen, interventions=interventions,
                referrals=referrals, notes=note,
                caller_profile={"age_band": rng.choice(["12_17", "18_24", "25_34", "35_44", "45_59"]),
                                "gender": rng.choice(["female", "female", "male", "unknown"]),
                                "region": rng.choice(["海淀区", "朝阳区", "东城区", "丰台区", "昌平区"])},
                follow_up=_follow_up(received, now, settings, at_risk=scene in (HIGH, IMMINENT),
                                     rng=rng),
            )
            if scene in (HIGH, IMMINENT):
                body["safety_plan"] = SAFETY_PLAN
        contact = intake.create_contact(
            session, actor=_on_shift(session, actors, received, rng), data=ContactCreate.model_validate(body),
            client_addr="127.0.0.1", settings=settings, policies=policies)
        _handled(session, id_of(contact), received, rng)
        made += 1
    return made


SAFETY_PLAN = {
    "reasons_for_living": "女儿还小，想看她上大学；家里的猫。",
    "warning_signs": "失眠、不想吃饭、反复想起失业的事",
    "coping_strategies": "出门散步二十分钟，听喜欢的音乐",
    "distractions": "去姐姐家吃饭；小区的篮球场",
    "who_can_help": "姐姐；老同学小王",
    "crisis_agencies": "心理援助热线 12356；当地精神卫生中心急诊",
    "safe_environment": "药交给姐姐保管",
}


def _follow_up(received: datetime, now: datetime, settings: Settings, *, at_risk: bool,
               rng: random.Random) -> dict:
    """Callers of the last few days agreed to a follow-up tomorrow (so the worklist has some);
    older ones were followed up long ago."""
    today = now.astimezone(settings.zone).date()
    due = received.astimezone(settings.zone).date() + timedelta(days=1)
    agreed = (at_risk or rng.random() < 0.1) and due >= today
    return {"consent": agreed, "due_on": due.isoformat() if agreed else None,
            "plan": "明天同一时间回访" if at_risk else ""}


def _on_shift(session: Session, actors: dict[int | None, CurrentUser], at: datetime,
              rng: random.Random) -> CurrentUser:
    """The operator who was on the seat then, so the roster and the contacts tell one story."""
    there = [actors[s.staff_id] for s in roster.on_call(session, at)[Position.operator]
             if s.staff_id in actors]
    return rng.choice(there or list(actors.values()))


def _responder(session: Session, at: datetime, fallback: int | None) -> int | None:
    primary = roster.on_call(session, at)[Position.crisis_primary]
    return primary[0].staff_id if primary else fallback


def _handled(session: Session, contact_id: int, received: datetime, rng: random.Random) -> None:
    """Past escalations were taken and closed in time, as they were that night."""
    esc = session.exec(select(Escalation).where(Escalation.contact_id == contact_id)).first()
    if esc is None:
        return
    first = session.exec(select(Notification).where(Notification.escalation_id == esc.id)).first()
    esc.opened_at = received + timedelta(minutes=rng.randrange(3, 15))
    esc.state = EscalationState.resolved
    esc.deadline = None
    esc.acknowledged_at = esc.opened_at + timedelta(seconds=rng.randrange(15, 150))
    esc.acknowledged_by = _responder(session, esc.opened_at, first.recipient_id if first else None)
    esc.acknowledged_via = "console"
    esc.resolved_at = esc.acknowledged_at + timedelta(minutes=rng.randrange(10, 60))
    esc.resolved_by = esc.acknowledged_by
    esc.outcome = "危机干预人员接手，制定安全计划并约定回访。"
    if esc.risk_level == "imminent":
        esc.rescue = {"contacted_110": True, "contacted_120": True, "person_reached": True,
                      "note": "急救人员到达现场"}
    session.add(esc)
    for note in session.exec(select(Notification).where(Notification.escalation_id == esc.id)):
        note.status = (DeliveryStatus.delivered if note.channel == "console"
                       else DeliveryStatus.cancelled)
        session.add(note)


def seed_rollovers(session: Session, *, passes_to: dict[int, int], share: float,
                   zone: ZoneInfo, rng: random.Random) -> int:
    """Calls a centre passed on to the next one (``passes_to``: centre -> its rollover
    centre): about ``share`` of each centre's contacts, taken from the next centre's calls,
    so the province's dashboard and KPIs show the rollovers a real month has. Late at night
    a small centre is closed; otherwise it was busy."""
    made = 0
    for origin, host in passes_to.items():
        own = session.exec(select(func.count()).select_from(Contact)
                           .where(Contact.centre_id == origin)).one()
        calls = list(session.exec(
            select(Contact).where(Contact.centre_id == host).where(Contact.channel == "voice")
            .where(col(Contact.rolled_over_from_centre_id).is_(None)).order_by(col(Contact.id))))
        for contact in rng.sample(calls, min(len(calls), max(1, round(share * own)))):
            night = contact.received_at.astimezone(zone).hour < 7
            contact.rolled_over_from_centre_id = origin
            session.add(contact)
            session.add(CallRollover(
                contact_id=id_of(contact), from_centre_id=origin, to_centre_id=host,
                reason=RolloverReason.closed if night else RolloverReason.busy,
                at=contact.received_at))
            made += 1
    return made
